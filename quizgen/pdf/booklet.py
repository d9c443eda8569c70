"""Booklet series: the same questions in each series' own order, and each series' answer key.

Series A prints the questions and options as generated; every other series shuffles the
question order, and the option order of `single` questions, from the seed and its letter, so the
same seed always gives the same booklets. Options of the other styles are codes whose order is
conventional on the paper ("1 only", "2 only", "Both 1 and 2", "Neither 1 nor 2"; "Only one" ..
"All three"; the four Statement-I/II verdicts), so they are never reordered. The key is computed
from the printed order, never written by hand.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from typing import Callable

from quizgen.errors import UsageError
from quizgen.model import LETTERS, Question
from quizgen.styles import style_named

SERIES_LETTERS = ("A", "B", "C", "D")


@dataclass(frozen=True)
class Series:
    """One booklet series.

    `order[n]` is the index (into the question list) of the question printed as number n+1;
    `option_orders[n][k]` is the index of the original option printed as letter k.
    """

    letter: str
    order: tuple[int, ...]
    option_orders: tuple[tuple[int, ...], ...]
    answers: tuple[int, ...]  # printed letter index of the key, per printed question
    roll: str | None = None  # a personalised booklet's student (order from seed and roll)
    name: str = ""

    @property
    def label(self) -> str:
        """How keys and footers name this booklet: 'Series B', or 'Roll 00012345'."""
        return f"Roll {self.roll}" if self.roll else f"Series {self.letter}"

    def answer_letter(self, number: int) -> str:
        """The key for printed question `number` (1-based), as 'a'..'d'."""
        return LETTERS[self.answers[number - 1]]

    def number_of(self, question_index: int) -> int:
        """The printed number (1-based) of question `question_index` in this series."""
        return self.order.index(question_index) + 1


def parse_series_letters(text: str) -> tuple[str, ...]:
    """'A,B,C,D' -> ('A', 'B', 'C', 'D'); raises UsageError for anything else."""
    letters = [part.strip().upper() for part in text.split(",") if part.strip()]
    if not letters:
        raise UsageError("--sets needs at least one series letter, e.g. --sets A,B,C,D")
    for letter in letters:
        if letter not in SERIES_LETTERS:
            raise UsageError(
                f"unknown booklet series {letter!r} in --sets; use letters from A, B, C, D "
                "(e.g. --sets A,B,C,D)"
            )
    if len(set(letters)) != len(letters):
        raise UsageError(f"--sets names a series twice: {text}")
    return tuple(letters)


Arrange = Callable[[list[int]], list[int]]


def make_series(questions: list[Question], letters: tuple[str, ...], seed: int,
                arrange: Arrange | None = None) -> list[Series]:
    """One Series per letter. `arrange`, if given, may adjust each series' question order
    (the layout uses it to fill pages); keys follow whatever order results."""
    return [_one_series(questions, letter, seed, arrange) for letter in letters]


def make_student_series(questions: list[Question], students: list[tuple[str, str]],
                        letters: tuple[str, ...], seed: int,
                        arrange: Arrange | None = None) -> list[Series]:
    """One personalised booklet per (roll, name): its own question and option order from the
    seed and the roll number. The series letters are dealt out in turn (for seating, so that
    neighbours hold different-looking booklets); each booklet still has its own key."""
    booklets = []
    for n, (roll, name) in enumerate(students):
        series = _one_series(questions, letters[n % len(letters)], seed, arrange,
                             shuffle_key=f"roll:{roll}")
        booklets.append(Series(series.letter, series.order, series.option_orders,
                               series.answers, roll, name))
    return booklets


def _one_series(questions: list[Question], letter: str, seed: int,
                arrange: Arrange | None, shuffle_key: str | None = None) -> Series:
    order = list(range(len(questions)))
    option_orders = [tuple(range(len(q.options))) for q in questions]
    if shuffle_key is not None or letter != "A":
        rng = random.Random(f"quizgen-pdf-series:{seed}:{shuffle_key or letter}")
        rng.shuffle(order)
        for index, question in enumerate(questions):
            if style_named(question.style).shuffle_options:
                permutation = list(option_orders[index])
                rng.shuffle(permutation)
                option_orders[index] = tuple(permutation)
    if arrange is not None:
        arranged = arrange(order)
        if sorted(arranged) != sorted(order):
            raise ValueError("arrange must return a permutation of the order it is given")
        order = arranged
    printed_options = tuple(option_orders[i] for i in order)
    answers = tuple(
        printed_options[n].index(questions[i].answer) for n, i in enumerate(order)
    )
    return Series(letter, tuple(order), printed_options, answers)

"""Marking schemes: what a correct, wrong and unanswered question is worth.

UPSC GS Paper I gives 2 marks a question and takes away a third of that for a wrong answer;
a blank costs nothing. Scores are computed with exact fractions and rounded only for display,
so ten wrong answers cost exactly 6.67, not 6.6666666.
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction

from quizgen.errors import UsageError


@dataclass(frozen=True)
class Marking:
    name: str
    correct: Fraction
    wrong: Fraction
    unanswered: Fraction = Fraction(0)

    def score(self, correct: int, wrong: int, unanswered: int = 0) -> Fraction:
        return correct * self.correct + wrong * self.wrong + unanswered * self.unanswered

    def max_score(self, questions: int) -> Fraction:
        return questions * self.correct

    def describe(self) -> str:
        """One line for the screen, e.g. 'UPSC marking: +2 correct, −0.67 wrong, 0 unanswered'."""
        label = "UPSC marking" if self.name == "upsc" else "plain marking"
        return (f"{label}: {signed(self.correct)} correct, {signed(self.wrong)} wrong, "
                f"{signed(self.unanswered)} unanswered")


MARKINGS: dict[str, Marking] = {
    "upsc": Marking("upsc", correct=Fraction(2), wrong=Fraction(-2, 3)),
    "plain": Marking("plain", correct=Fraction(1), wrong=Fraction(0)),
}


def get_marking(name: str) -> Marking:
    try:
        return MARKINGS[name]
    except KeyError:
        raise UsageError(
            f"unknown marking {name!r}; choose one of: {', '.join(MARKINGS)}") from None


def points(value: Fraction | float) -> float:
    """A score as a float rounded to two decimals, for JSON and tables."""
    return round(float(value), 2)


def signed(value: Fraction | float) -> str:
    """'+2', '−0.67', '0': how a mark is written on a marking scheme."""
    number = float(value)
    if number == 0:
        return "0"
    text = f"{abs(number):.2f}".rstrip("0").rstrip(".")
    return ("+" if number > 0 else "−") + text


def format_score(value: Fraction | float) -> str:
    """A score to two decimals with a real minus sign: '11.33', '−1.33'."""
    number = round(float(value), 2)
    text = f"{abs(number):.2f}"
    return f"−{text}" if number < 0 else text


def format_percent(share: float | Fraction) -> str:
    """A share (0.125) as a whole percentage rounded half up ("13%"), as a person rounds;
    Python's round-half-even and float formatting would print 1 of 8 as "12%"."""
    import math

    exact = Fraction(share).limit_denominator(1_000_000)  # 0.025 is 1/40, not a hair above
    return f"{math.floor(exact * 100 + Fraction(1, 2))}%"

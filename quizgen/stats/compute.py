"""Progress figures from attempts: trend, per topic and style, pace, and the guessing report.

Pure functions on the records of `quizgen.stats.load`; nothing here touches a file or terminal.
"""

from __future__ import annotations

from bisect import bisect_right
from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime
from typing import Iterable, Sequence

from quizgen.marking import MARKINGS, Marking, format_percent
from quizgen.stats.load import Answer, Attempt

EXAM_PACE_SECONDS = 72.0  # 100 questions in 2 hours
# UPSC GS-I: +2 for a right answer, -1/3 of that for a wrong one, 0 for a blank.
UPSC_RIGHT = float(MARKINGS["upsc"].correct)
UPSC_WRONG = float(MARKINGS["upsc"].wrong)
GUESS_BREAK_EVEN = -UPSC_WRONG / (UPSC_RIGHT - UPSC_WRONG)  # 0.25: p at which a guess earns 0
MIN_GUESSES_FOR_ADVICE = 10


def _marking(name: str) -> Marking:
    return MARKINGS.get(name, MARKINGS["upsc"])


def marks(right: int, wrong: int, marking: str) -> float:
    return float(_marking(marking).score(right, wrong))


def max_marks(questions: int, marking: str) -> float:
    return float(_marking(marking).max_score(questions))


def _ratio(part: float, whole: float) -> float | None:
    return part / whole if whole else None


@dataclass(frozen=True)
class AttemptFigures:
    number: int  # 1-based, in time order
    attempt_id: int
    started_at: str
    mode: str
    marking: str
    finished: bool
    questions: int
    correct: int
    wrong: int
    unanswered: int
    score: float
    max_score: float
    score_percent: float | None
    accuracy: float | None  # right share of answered questions
    average_seconds: float | None  # per question with a recorded time


@dataclass(frozen=True)
class GroupFigures:
    """Figures for one topic or style."""

    name: str
    questions: int
    correct: int
    wrong: int
    unanswered: int
    accuracy: float | None  # right share of answered
    average_seconds: float | None  # over questions with a recorded time


@dataclass(frozen=True)
class PaceFigures:
    exam_pace_seconds: float
    timed_questions: int
    average_seconds: float | None
    median_seconds: float | None
    over_pace: int  # questions that took longer than the exam pace
    over_pace_share: float | None
    timeouts: int


@dataclass(frozen=True)
class GuessingFigures:
    guesses: int  # answered and tagged "guess"
    guesses_right: int
    guess_accuracy: float | None
    marks_from_guesses: float  # under -1/3 marking: +2 right, -2/3 wrong
    expected_value_per_guess: float | None  # 2p - (2/3)(1 - p)
    break_even_accuracy: float
    sure: int
    sure_right: int
    sure_accuracy: float | None
    untagged: int  # answered without a confidence tag
    advice: str


@dataclass(frozen=True)
class Summary:
    attempts: int
    questions: int
    answered: int
    correct: int
    wrong: int
    unanswered: int
    accuracy: float | None
    first: str | None
    last: str | None


@dataclass(frozen=True)
class Stats:
    summary: Summary
    attempts: list[AttemptFigures]
    topics: list[GroupFigures]  # weakest first
    styles: list[GroupFigures]  # weakest first
    pace: PaceFigures
    guessing: GuessingFigures

    def to_dict(self) -> dict:
        # asdict's deep copy, for these flat records: a year of attempts takes it a while.
        return {"summary": dict(vars(self.summary)),
                "attempts": [dict(vars(a)) for a in self.attempts],
                "topics": [dict(vars(g)) for g in self.topics],
                "styles": [dict(vars(g)) for g in self.styles],
                "pace": dict(vars(self.pace)),
                "guessing": dict(vars(self.guessing))}


def milliseconds(seconds: float) -> int:
    """A recorded time in whole milliseconds (times are stored to the millisecond): sums of
    them are exact, so figures do not depend on the order answers are added up in."""
    return round(seconds * 1000)


def mean_seconds(total_milliseconds: int, count: int) -> float | None:
    return total_milliseconds / (1000 * count) if count else None


def attempt_figure(number: int, attempt_id: int, started_at: datetime, mode: str, marking: str,
                   finished: bool, questions: int, correct: int, wrong: int, timed: int,
                   total_milliseconds: int) -> AttemptFigures:
    score = marks(correct, wrong, marking)
    top = max_marks(questions, marking)
    return AttemptFigures(
        number=number,
        attempt_id=attempt_id,
        started_at=started_at.isoformat(timespec="seconds"),
        mode=mode,
        marking=marking,
        finished=finished,
        questions=questions,
        correct=correct,
        wrong=wrong,
        unanswered=questions - correct - wrong,
        score=round(score, 2),
        max_score=top,
        score_percent=_round(_ratio(100 * score, top)),
        accuracy=_round(_ratio(correct, correct + wrong), 4),
        average_seconds=_round(mean_seconds(total_milliseconds, timed), 1),
    )


def attempt_figures(attempts: Sequence[Attempt]) -> list[AttemptFigures]:
    figures = []
    for number, attempt in enumerate(attempts, start=1):
        times = [a.seconds for a in attempt.answers if a.seconds is not None]
        figures.append(attempt_figure(
            number, attempt.id, attempt.started_at, attempt.mode, attempt.marking, attempt.finished,
            len(attempt.answers), sum(a.correct for a in attempt.answers),
            sum(a.outcome == "wrong" for a in attempt.answers), len(times),
            sum(milliseconds(t) for t in times)))
    return figures


def _round(value: float | None, digits: int = 2) -> float | None:
    return None if value is None else round(value, digits)


def group_figure(name: str, questions: int, correct: int, wrong: int, timed: int,
                 total_milliseconds: int) -> GroupFigures:
    return GroupFigures(
        name=name,
        questions=questions,
        correct=correct,
        wrong=wrong,
        unanswered=questions - correct - wrong,
        accuracy=_round(_ratio(correct, correct + wrong), 4),
        average_seconds=_round(mean_seconds(total_milliseconds, timed), 1),
    )


def weakest_first(figures: list[GroupFigures]) -> list[GroupFigures]:
    # A group never answered counts as weakest; more questions break ties.
    return sorted(figures, key=lambda g: (-1 if g.accuracy is None else g.accuracy, -g.questions, g.name))


def group_figures(answers: Iterable[Answer], key: str) -> list[GroupFigures]:
    """Figures per topic or style ("topic" | "style"), weakest (lowest accuracy) first."""
    groups: dict[str, list[Answer]] = defaultdict(list)
    for answer in answers:
        groups[getattr(answer, key) or "(none)"].append(answer)
    figures = []
    for name, members in groups.items():
        times = [a.seconds for a in members if a.seconds is not None]
        figures.append(group_figure(
            name, len(members), sum(a.correct for a in members),
            sum(a.outcome == "wrong" for a in members), len(times), sum(milliseconds(t) for t in times)))
    return weakest_first(figures)


def pace_from(times: Sequence[float], timeouts: int, total_milliseconds: int | None = None) -> PaceFigures:
    """From every recorded time, in increasing order (and their sum, when known)."""
    if total_milliseconds is None:
        total_milliseconds = sum(milliseconds(t) for t in times)
    over = len(times) - bisect_right(times, EXAM_PACE_SECONDS)
    median = None
    if times:
        middle = len(times) // 2
        median = times[middle] if len(times) % 2 else (times[middle - 1] + times[middle]) / 2
    return PaceFigures(
        exam_pace_seconds=EXAM_PACE_SECONDS,
        timed_questions=len(times),
        average_seconds=_round(mean_seconds(total_milliseconds, len(times)), 1),
        median_seconds=_round(median, 1),
        over_pace=over,
        over_pace_share=_round(_ratio(over, len(times)), 4),
        timeouts=timeouts,
    )


def pace_figures(answers: Sequence[Answer]) -> PaceFigures:
    return pace_from(sorted(a.seconds for a in answers if a.seconds is not None),
                     sum(a.outcome == "timeout" for a in answers))


def expected_value_per_guess(accuracy: float) -> float:
    """Marks a guess earns on average under -1/3 marking when guesses are right this often."""
    return UPSC_RIGHT * accuracy + UPSC_WRONG * (1 - accuracy)


def guessing_figures(answers: Sequence[Answer]) -> GuessingFigures:
    answered = [a for a in answers if a.answered]
    guesses = [a for a in answered if a.confidence == "guess"]
    sure = [a for a in answered if a.confidence == "sure"]
    return guessing_from(len(guesses), sum(a.correct for a in guesses), len(sure),
                         sum(a.correct for a in sure),
                         sum(a.confidence not in ("guess", "sure") for a in answered))


def guessing_from(guesses: int, right: int, sure: int, sure_right: int, untagged: int) -> GuessingFigures:
    """From the counts of answered questions tagged guess (and right), sure (and right), neither."""
    accuracy = _ratio(right, guesses)
    value = None if accuracy is None else expected_value_per_guess(accuracy)
    return GuessingFigures(
        guesses=guesses,
        guesses_right=right,
        guess_accuracy=_round(accuracy, 4),
        marks_from_guesses=round(marks(right, guesses - right, "upsc"), 2),
        expected_value_per_guess=_round(value),
        break_even_accuracy=GUESS_BREAK_EVEN,
        sure=sure,
        sure_right=sure_right,
        sure_accuracy=_round(_ratio(sure_right, sure), 4),
        untagged=untagged,
        advice=guessing_advice(guesses, accuracy),
    )


def guessing_advice(guesses: int, accuracy: float | None) -> str:
    if not guesses or accuracy is None:
        return ("No guesses tagged yet. Take quizzes with `quizgen quiz --confidence` and mark "
                "each answer sure or guess to learn whether guessing pays for you.")
    value = expected_value_per_guess(accuracy)
    if guesses < MIN_GUESSES_FOR_ADVICE:
        return (f"Only {guesses} guesses so far: too few to judge. A guess pays when it is "
                f"right more than 1 time in 4 (break-even 25%).")
    if accuracy >= 0.4:
        return (f"Your guesses are right {format_percent(accuracy)} of the time, earning {value:+.2f} marks "
                f"each on average. Keep guessing when you can rule out an option or two.")
    if accuracy > GUESS_BREAK_EVEN:
        return (f"Your guesses are right {format_percent(accuracy)} of the time, a small gain of "
                f"{value:+.2f} marks each. Guess only after ruling out at least one option.")
    return (f"Your guesses are right only {format_percent(accuracy)} of the time, costing {value:+.2f} marks "
            f"each. Leave a question blank unless you can rule out at least two options.")


def summary(attempts: Sequence[Attempt]) -> Summary:
    answers = [a for attempt in attempts for a in attempt.answers]
    return summary_from(len(attempts), len(answers), sum(a.correct for a in answers),
                        sum(a.outcome == "wrong" for a in answers),
                        attempts[0].started_at if attempts else None,
                        attempts[-1].started_at if attempts else None)


def summary_from(attempts: int, questions: int, correct: int, wrong: int, first: datetime | None,
                 last: datetime | None) -> Summary:
    return Summary(
        attempts=attempts,
        questions=questions,
        answered=correct + wrong,
        correct=correct,
        wrong=wrong,
        unanswered=questions - correct - wrong,
        accuracy=_round(_ratio(correct, correct + wrong), 4),
        first=first.isoformat(timespec="seconds") if first else None,
        last=last.isoformat(timespec="seconds") if last else None,
    )


def since(attempts: Iterable[Attempt], start: datetime | None) -> list[Attempt]:
    return [a for a in attempts if start is None or a.started_at >= start]


def compute(attempts: Sequence[Attempt]) -> Stats:
    """All the figures `quizgen stats` shows, for these attempts (oldest first)."""
    answers = [a for attempt in attempts for a in attempt.answers]
    return Stats(
        summary=summary(attempts),
        attempts=attempt_figures(attempts),
        topics=group_figures(answers, "topic"),
        styles=group_figures(answers, "style"),
        pace=pace_figures(answers),
        guessing=guessing_figures(answers),
    )

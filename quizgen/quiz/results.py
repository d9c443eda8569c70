"""What an attempt came to: one QuestionResult per question and the AttemptResult around them.

Their own module so the end screen (screens.py), the linear quiz (session.py) and the mock
(mock.py) share them without importing one another.
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction

from quizgen.marking import Marking
from quizgen.model import Question


@dataclass(frozen=True)
class QuestionResult:
    position: int
    question: Question
    outcome: str  # correct, wrong, timeout, skipped, or unseen (never shown: no row)
    chosen: int | None = None
    seconds: float = 0.0
    confidence: str | None = None
    marked: bool = False

    @property
    def answered(self) -> bool:
        return self.outcome in ("correct", "wrong")


@dataclass
class AttemptResult:
    attempt_id: int | None
    mode: str
    marking: Marking
    results: list[QuestionResult]
    finished: bool
    interrupted: bool = False
    time_limit_seconds: float | None = None
    out_of_time: bool = False  # the paper's clock ran out before every question was settled

    @property
    def questions(self) -> int:
        return len(self.results)

    @property
    def correct(self) -> int:
        return sum(r.outcome == "correct" for r in self.results)

    @property
    def wrong(self) -> int:
        return sum(r.outcome == "wrong" for r in self.results)

    @property
    def unanswered(self) -> int:
        return self.questions - self.correct - self.wrong

    @property
    def score(self) -> Fraction:
        return self.marking.score(self.correct, self.wrong, self.unanswered)

    @property
    def max_score(self) -> Fraction:
        return self.marking.max_score(self.questions)

    @property
    def seconds_used(self) -> float:
        return sum(r.seconds for r in self.results)

    @property
    def accuracy(self) -> float | None:
        """Share of attempted questions answered correctly (None when nothing was attempted)."""
        attempted = self.correct + self.wrong
        return self.correct / attempted if attempted else None

"""One question's state in a paper, shared by the linear quiz (session.py) and the mock
(mockpaper.py): what was chosen, marked, tagged, whether it was seen, and its time.

The outcome stored in an `answers` row follows from it: never seen "unseen" (no row), clock ran
out "timeout", seen without an answer "skipped", else "correct" or "wrong".
"""

from __future__ import annotations

from dataclasses import dataclass

from quizgen.model import Question
from quizgen.quiz.results import QuestionResult

# Palette states (the mock's names for what a slot shows)
ANSWERED = "answered"
ANSWERED_MARKED = "answered-marked"
MARKED = "marked"
NOT_ANSWERED = "not-answered"
NOT_VISITED = "not-visited"
STATES = (ANSWERED, ANSWERED_MARKED, MARKED, NOT_ANSWERED, NOT_VISITED)


@dataclass
class Slot:
    question: Question
    position: int = 0
    chosen: int | None = None
    marked: bool = False  # for review; with an answer the answer counts, without one it scores 0
    visited: bool = False
    seconds: float = 0.0  # over all visits
    confidence: str | None = None  # "sure" / "guess"
    timed_out: bool = False  # the linear quiz's per-question clock ran out

    @classmethod
    def from_row(cls, position: int, question: Question, row) -> "Slot":
        """The slot as its latest `answers` row (an AnswerRecord, or None: never seen) left it."""
        if row is None:
            return cls(question, position)
        return cls(question, position, chosen=row.chosen, marked=bool(row.marked),
                   visited=True, seconds=row.seconds, confidence=row.confidence,
                   timed_out=row.outcome == "timeout")

    @property
    def outcome(self) -> str:
        if not self.visited:
            return "unseen"
        if self.chosen is None:
            return "timeout" if self.timed_out else "skipped"
        return "correct" if self.chosen == self.question.answer else "wrong"

    @property
    def state(self) -> str:
        if not self.visited:
            return NOT_VISITED
        if self.chosen is None:
            return MARKED if self.marked else NOT_ANSWERED
        return ANSWERED_MARKED if self.marked else ANSWERED

    @property
    def pending(self) -> bool:
        """In the linear quiz, comes back at the end: skipped, or marked for review."""
        return self.outcome == "skipped" or self.marked

    def result(self) -> QuestionResult:
        return QuestionResult(self.position, self.question, self.outcome, self.chosen,
                              self.seconds, self.confidence, self.marked)

"""A full-length mock paper's state, apart from any screen: the questions, what the aspirant did
with each (answer, mark for review, visited, time spent), where they are, and one clock.

Pure: time comes from a `clock` callable and every change goes to a `Recorder`, so the screen,
tests and a benchmark drive the same object. Time is charged to the question on screen: a
question's seconds are the sum of its visits, and the paper's time used is the sum over all
questions, which is what `--resume` restores.

Slots (paper.py) are shared with the linear quiz. States, as on the palette of a computer-based mock:
  answered · answered and marked for review (the answer counts) · marked (no answer: scores 0)
  · not answered (seen, no answer) · not visited.
"""

from __future__ import annotations

from typing import Callable, Protocol, Sequence

from quizgen.model import Question
from quizgen.quiz.paper import STATES, Slot

WARNING_MINUTES = (30, 10, 5)  # a warning when the paper's clock passes each of these


class Recorder(Protocol):
    def slot_changed(self, position: int, slot: Slot) -> None:
        """Save one question's state (answer, clear, mark, tag, or leaving it after a visit)."""

    def progress(self, paper: "MockPaper") -> None:
        """Save where the aspirant is and the time used (called at least every second)."""


class NullRecorder:
    def slot_changed(self, position: int, slot: Slot) -> None:
        pass

    def progress(self, paper: "MockPaper") -> None:
        pass


class MockPaper:
    def __init__(self, slots: Sequence[Slot], limit_seconds: float,
                 clock: Callable[[], float], recorder: Recorder | None = None,
                 current: int = 0):
        if not slots:
            raise ValueError("a mock paper needs at least one question")
        self.slots = list(slots)
        self.limit_seconds = limit_seconds
        self.clock = clock
        self.recorder: Recorder = recorder or NullRecorder()
        self.current = min(max(0, current), len(self.slots) - 1)
        self.slots[self.current].visited = True
        self._since = clock()
        self.submitted = False
        # warnings already passed when the paper (re)starts are not given again
        self.warned = {m for m in WARNING_MINUTES if self.time_left() <= m * 60}

    @classmethod
    def new(cls, questions: Sequence[Question], limit_seconds: float,
            clock: Callable[[], float], recorder: Recorder | None = None) -> "MockPaper":
        return cls([Slot(q, n) for n, q in enumerate(questions)], limit_seconds, clock, recorder)

    # -- time ----------------------------------------------------------------------------------

    def restart_clock(self) -> None:
        """Time from now on counts (after a start screen, which does not)."""
        self._since = self.clock()

    def _settle(self) -> None:
        """Charge the time since the last settle to the question on screen."""
        now = self.clock()
        if not self.submitted:  # never past the paper's end: the last tick may come late
            used = sum(slot.seconds for slot in self.slots)
            self.slots[self.current].seconds += min(max(0.0, now - self._since),
                                                    max(0.0, self.limit_seconds - used))
        self._since = now

    @property
    def time_used(self) -> float:
        used = sum(slot.seconds for slot in self.slots)
        pending = 0.0 if self.submitted else max(0.0, self.clock() - self._since)
        return min(used + pending, max(used, self.limit_seconds))

    def time_left(self) -> float:
        return self.limit_seconds - self.time_used

    def tick(self) -> str | None:
        """Called about every second: saves the clock; returns a warning to show, if one is due
        ("30 minutes left"), or "time-up" when the paper's time has run out."""
        self._settle()
        self.recorder.progress(self)
        left = self.time_left()
        if left <= 0:
            return "time-up"
        due = [m for m in WARNING_MINUTES if left <= m * 60 and m not in self.warned]
        if due:
            self.warned.update(due)
            minutes = min(due)
            return f"{minutes} minute{'s' if minutes != 1 else ''} left"
        return None

    # -- the question on screen ----------------------------------------------------------------

    @property
    def slot(self) -> Slot:
        return self.slots[self.current]

    def _changed(self) -> None:
        self._settle()
        self.recorder.slot_changed(self.current, self.slot)

    def answer(self, index: int) -> None:
        if self.slot.chosen != index:
            self.slot.confidence = None  # a new answer needs its own tag
        self.slot.chosen = index
        self._changed()

    def clear(self) -> None:
        self.slot.chosen = None
        self.slot.confidence = None
        self._changed()

    def toggle_mark(self) -> None:
        self.slot.marked = not self.slot.marked
        self._changed()

    def tag(self, confidence: str) -> bool:
        """Tag the current answer sure or guess; False when there is no answer to tag."""
        if self.slot.chosen is None:
            return False
        self.slot.confidence = confidence
        self._changed()
        return True

    def go(self, position: int) -> None:
        """Leave the question on screen (its visit is saved) and open `position`."""
        position = min(max(0, position), len(self.slots) - 1)
        if position == self.current:
            return
        self._changed()
        self.current = position
        self.slot.visited = True
        self.recorder.progress(self)

    def next(self) -> None:
        self.go(self.current + 1)

    def previous(self) -> None:
        self.go(self.current - 1)

    def submit(self) -> None:
        """Stop the clock; the question on screen gets its last row."""
        if self.submitted:
            return
        self._changed()
        self.recorder.progress(self)
        self.submitted = True

    def save(self) -> None:
        """Save everything now (Ctrl-C): the visit so far and the clock."""
        self._changed()
        self.recorder.progress(self)

    # -- counts --------------------------------------------------------------------------------

    def counts(self) -> dict[str, int]:
        counts = dict.fromkeys(STATES, 0)
        for slot in self.slots:
            counts[slot.state] += 1
        return counts

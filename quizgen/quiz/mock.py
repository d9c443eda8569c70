"""A full-length mock: the paper (mockpaper.py) on the screen (mockscreen.py), saved to the
attempt database as it goes, and the UPSC-style analysis after submitting.

Storage (mode `mock`, through HistoryDB only): every answer, clear, mark, tag and every jump
away from a question is one `answers` row for that question, holding its whole state (chosen,
marked, confidence, and its seconds: the sum of its visits). A question seen but not answered
is a `skipped` row; one never visited has no row. Where the aspirant is and the time used are
kept as `progress` in the attempt's settings at least every second, so a killed process loses
at most a second of clock and nothing else, and `--resume` continues exactly there.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Callable, Sequence

from quizgen.errors import HistoryError, UsageError
from quizgen.history import HistoryDB, utc_now
from quizgen.marking import format_percent, format_score, get_marking
from quizgen.model import Question
from quizgen.quiz.mockpaper import MockPaper
from quizgen.quiz.paper import Slot
from quizgen.quiz.results import AttemptResult
from quizgen.quiz.session import QuizSettings, Terminal, load_result

EXAM_PACE_SECONDS = 72.0
MODE = "mock"


class DatabaseRecorder:
    """Saves the paper's changes to the attempt database as they happen."""

    def __init__(self, db: HistoryDB, attempt_id: int, now: Callable[[], datetime]):
        self.db, self.attempt_id, self.now = db, attempt_id, now
        self._saved: tuple[int, float] | None = None

    def slot_changed(self, position: int, slot: Slot) -> None:
        self.db.record_answer(self.attempt_id, position, slot.question, chosen=slot.chosen,
                              outcome=slot.outcome, seconds=slot.seconds,
                              answered_at=self.now(), confidence=slot.confidence,
                              marked=slot.marked)

    def progress(self, paper: MockPaper) -> None:
        used = paper.time_used
        if (self._saved is not None and self._saved[0] == paper.current
                and abs(used - self._saved[1]) < 1.0):
            return  # saved less than a second of clock ago
        self.db.save_progress(self.attempt_id, {
            "position": paper.current, "used": round(used, 3),
            "current_seconds": round(paper.slot.seconds, 3)})
        self._saved = (paper.current, used)


@dataclass
class MockOutcome:
    result: AttemptResult
    how: str  # submitted, time-up, interrupted, not-started


def default_time_limit(questions: int) -> float:
    """The exam's 2 hours for 100 questions, pro rata (72 s a question)."""
    return questions * EXAM_PACE_SECONDS


def run_mock(questions: Sequence[Question], settings: QuizSettings, db: HistoryDB,
             env: Any = None, *, terminal: Terminal = Terminal(),
             clock: Callable[[], float] = time.monotonic,
             now: Callable[[], datetime] = utc_now, intro: bool = True,
             notice: str = "") -> MockOutcome:
    """A new mock attempt on these questions; the end screen and analysis go to env.stdout."""
    from quizgen.quiz.session import _start_screen

    if not questions:
        raise UsageError("no questions to ask")
    marking = get_marking(settings.marking)
    limit = settings.time_limit_seconds or default_time_limit(len(questions))
    text = intro_text(len(questions), limit, marking.describe(), settings.confidence)
    if notice:
        text += "\n\n" + notice
    if intro and not _start_screen(text, terminal, MODE):
        return MockOutcome(AttemptResult(None, MODE, marking, [], finished=False,
                                         interrupted=True), "not-started")
    attempt_id = db.create_attempt(
        questions, started_at=now(), mode=MODE, seed=settings.seed, marking=settings.marking,
        time_per_question=None, time_limit_seconds=limit,
        settings={"confidence": settings.confidence, **dict(settings.extra)})
    paper = MockPaper.new(questions, limit, clock, DatabaseRecorder(db, attempt_id, now))
    paper.recorder.progress(paper)
    return _sit(db, attempt_id, paper, settings.confidence, env, terminal, now)


def resume_mock(db: HistoryDB, attempt_id: int | None = None, env: Any = None, *,
                terminal: Terminal = Terminal(), clock: Callable[[], float] = time.monotonic,
                now: Callable[[], datetime] = utc_now, intro: bool = True) -> MockOutcome:
    """Continue an unfinished mock (the latest when attempt_id is None) where it stood."""
    from quizgen.quiz.prompt import format_clock
    from quizgen.quiz.session import _start_screen

    if attempt_id is None:
        info = db.last_unfinished_attempt(mode=MODE)
        if info is None:
            raise HistoryError("there is no unfinished mock to resume; start one with: "
                               "quizgen mock", db.path)
    else:
        info = db.attempt(attempt_id)
        if info.finished or info.mode != MODE:
            raise HistoryError(f"attempt {attempt_id} is not an unfinished mock", db.path)
    paper = restore_paper(db, info.id, clock, DatabaseRecorder(db, info.id, now))
    if intro:
        counts = paper.counts()
        answered = counts["answered"] + counts["answered-marked"]
        text = (f"Resuming mock {info.id}: {answered} of {len(paper.slots)} answered, "
                f"{format_clock(max(0.0, paper.time_left()))} left on the clock, at question "
                f"{paper.current + 1}. The clock starts again when you press Enter.")
        if not _start_screen(text, terminal, MODE):
            paper.submitted = True  # the clock did not run: nothing to save
            return MockOutcome(load_result(db, info.id), "interrupted")
        paper.restart_clock()
    return _sit(db, info.id, paper, bool(info.settings.get("confidence")), env, terminal, now)


def restore_paper(db: HistoryDB, attempt_id: int, clock: Callable[[], float],
                  recorder=None) -> MockPaper:
    """The paper as its rows and progress left it: answers, marks, visits, current question
    and the time used."""
    info = db.attempt(attempt_id)
    finals = db.final_answers(attempt_id)
    slots = [Slot.from_row(position, question, finals.get(position))
             for position, question in enumerate(db.attempt_questions(attempt_id))]
    progress = info.settings.get("progress") or {}
    current = int(progress.get("position", 0) or 0)
    if 0 <= current < len(slots):  # the visit under way when it stopped
        slots[current].seconds = max(slots[current].seconds,
                                     float(progress.get("current_seconds") or 0.0))
    limit = info.time_limit_seconds or default_time_limit(len(slots))
    return MockPaper(slots, limit, clock, recorder, current=current)


def _sit(db: HistoryDB, attempt_id: int, paper: MockPaper, confidence: bool, env: Any,
         terminal: Terminal, now: Callable[[], datetime]) -> MockOutcome:
    from quizgen.quiz.mockapp import run_mock_screen

    if paper.time_left() <= 0:
        how = "time-up"
        paper.submit()
    else:
        how = run_mock_screen(paper, confidence=confidence, input=terminal.input,
                              output=terminal.output)
    if how == "interrupted":
        result = load_result(db, attempt_id)
        result.interrupted = True
    else:
        db.finish_attempt(attempt_id, now())
        from quizgen.upkeep import attempt_ended

        attempt_ended(db)  # review and stats then start at once
        result = load_result(db, attempt_id)
        result.out_of_time = how == "time-up"
    outcome = MockOutcome(result, how)
    if env is not None:
        show_mock_result(outcome, db, env.stdout)
    return outcome


def intro_text(count: int, limit: float, marking: str, confidence: bool) -> str:
    from quizgen.quiz.prompt import format_clock

    lines = [
        f"{count} question{'s' if count != 1 else ''} · {format_clock(limit)} for the paper "
        "(one clock, as in the exam)",
        marking + "; marked for review without an answer scores 0.",
        "Move freely: answer, change or clear any answer and mark questions for review until "
        "you submit (S). The palette (Tab) shows every question's state; ? lists the keys.",
        "Every change is saved at once; Ctrl-C saves and stops (quizgen mock --resume).",
    ]
    if confidence:
        lines.append("After answering, press 1 if you are sure or 2 if it is a guess.")
    return "\n".join(lines)


def show_mock_result(outcome: MockOutcome, db: HistoryDB, stream) -> None:
    result = outcome.result
    if result.interrupted:
        if result.attempt_id is None:
            print("Stopped before the paper started; nothing was recorded.", file=stream)
        else:
            print(f"Stopped. Everything so far is saved in mock {result.attempt_id}; continue "
                  "with: quizgen mock --resume", file=stream)
        return
    from rich.text import Text

    from quizgen.quiz.screens import make_console, render_end_screen

    render_end_screen(result, stream)
    console = make_console(stream)  # wraps the analysis at the terminal's width
    console.print()
    lines = analysis_lines(result, db.answer_rows(result.attempt_id))
    console.print(Text(lines[0], style="bold"))
    for line in lines[1:]:
        console.print(line)


# -- the analysis a mock platform gives ----------------------------------------------------------


@dataclass(frozen=True)
class Changes:
    right_to_wrong: list[int]  # 1-based question numbers
    wrong_to_right: list[int]
    wrong_to_wrong: list[int]


def answer_changes(result: AttemptResult, rows) -> Changes:
    """Questions whose first answer differs from the final one, by what the change did."""
    first: dict[int, int] = {}
    for row in rows:
        if row.chosen is not None:
            first.setdefault(row.position, row.chosen)
    r2w, w2r, w2w = [], [], []
    for item in result.results:
        before = first.get(item.position)
        if before is None or item.chosen is None or before == item.chosen:
            continue
        key = item.question.answer
        number = item.position + 1
        if before == key:
            r2w.append(number)
        elif item.chosen == key:
            w2r.append(number)
        else:
            w2w.append(number)
    return Changes(r2w, w2r, w2w)


def analysis_lines(result: AttemptResult, rows) -> list[str]:
    """Score, accuracy, pace against 72 s a question, answers changed, guesses."""
    lines = [f"Mock analysis · score {format_score(result.score)} / "
             f"{format_score(result.max_score)}"]
    attempted = result.correct + result.wrong
    line = f"  Attempted {attempted} of {result.questions}"
    if result.accuracy is not None:
        line += f", {result.correct} right: accuracy {format_percent(result.accuracy)}"
    lines.append(line)
    timed = [r for r in result.results if r.seconds > 0]
    if timed:
        average = sum(r.seconds for r in timed) / len(timed)
        slow = sorted((r for r in timed if r.seconds > EXAM_PACE_SECONDS),
                      key=lambda r: -r.seconds)
        line = (f"  Pace {average:.0f} s a question seen against the exam's "
                f"{EXAM_PACE_SECONDS:.0f} s; {len(slow)} took longer than {EXAM_PACE_SECONDS:.0f} s")
        if slow:
            line += " (longest: " + ", ".join(f"Q{r.position + 1} {r.seconds:.0f} s"
                                              for r in slow[:3]) + ")"
        lines.append(line)
    changes = answer_changes(result, rows)
    parts = []
    for label, numbers in (("right to wrong", changes.right_to_wrong),
                           ("wrong to right", changes.wrong_to_right),
                           ("wrong to another wrong", changes.wrong_to_wrong)):
        text = f"{len(numbers)} {label}"
        if numbers:
            text += " (" + ", ".join(f"Q{n}" for n in numbers[:8]) + \
                    (", …" if len(numbers) > 8 else "") + ")"
        parts.append(text)
    lines.append("  Answers changed: " + "; ".join(parts))
    marked = [r for r in result.results if r.marked]
    if marked:
        counted = [r for r in marked if r.answered]
        lines.append(f"  Marked for review: {len(marked)} ({len(counted)} with an answer, "
                     f"{sum(r.outcome == 'correct' for r in counted)} of them right)")
    guesses = [r for r in result.results if r.answered and r.confidence == "guess"]
    if guesses:
        right = sum(r.outcome == "correct" for r in guesses)
        net = result.marking.score(right, len(guesses) - right)
        lines.append(f"  Guesses: {len(guesses)}, {right} right, net {format_score(net)} marks")
    return lines


"""A whole paper: ask the questions in order, bring skipped and marked ones back while time
remains, save every answer the moment it is given, and hand back the result.

Time: each visit to a question has the per-question clock (72 s by default); the paper as a whole
has `time_limit_seconds` (by default questions × per-question time, i.e. the exam's two hours for
a hundred questions). Time a fast answer saves is what skipped and marked questions get when they
come back. A question whose clock runs out is recorded as unanswered ("timeout") and does not
come back; a marked question keeps its provisional answer if its clock runs out on a revisit.

Revisits: after the first pass, skipped and marked questions come back in rounds while the paper
has time. A round in which nothing changes (everything skipped or re-marked as it was) ends the
paper, so an untimed quiz cannot loop for ever.

Resume: everything needed is in the attempt database (questions, answers, seconds used), so
`resume_attempt` continues an attempt left by Ctrl-C or a killed process: first the questions
never answered, then the skipped and marked ones, with the paper time that was left.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Callable, Mapping, Sequence

from quizgen.errors import HistoryError, UsageError
from quizgen.history import HistoryDB, utc_now
from quizgen.marking import Marking, get_marking
from quizgen.model import LETTERS, Question
from quizgen.quiz import prompt as prompt_module
from quizgen.quiz.prompt import TIMED_OUT, PromptView, Response
from quizgen.quiz.paper import Slot
from quizgen.quiz.results import AttemptResult, QuestionResult  # re-exported: callers import them from here

EXAM_PACE_SECONDS = 72.0


@dataclass(frozen=True)
class QuizSettings:
    time_per_question: float | None = EXAM_PACE_SECONDS  # None: no per-question clock
    time_limit_seconds: float | None = None  # None: questions × time_per_question
    marking: str = "upsc"
    confidence: bool = False
    mode: str = "quiz"  # "quiz" or "review"
    seed: int | None = None
    extra: Mapping[str, Any] = field(default_factory=dict)  # stored with the attempt (filters…)

    def paper_seconds(self, questions: int) -> float | None:
        if self.time_limit_seconds is not None:
            return self.time_limit_seconds
        if self.time_per_question:
            return questions * self.time_per_question
        return None


@dataclass(frozen=True)
class Terminal:
    """Where prompts read keys and draw; None means the real terminal (tests pass pipes)."""

    input: Any = None
    output: Any = None


class _Stopped(Exception):
    """Ctrl-C during a question: stop, leaving the attempt unfinished and resumable."""


def run_quiz(
    questions: Sequence[Question],
    settings: QuizSettings,
    db: HistoryDB,
    env: Any = None,
    *,
    terminal: Terminal = Terminal(),
    clock: Callable[[], float] = time.monotonic,
    now: Callable[[], datetime] = utc_now,
    intro: bool = True,
    end_screen: bool = True,
    notice: str = "",
) -> AttemptResult:
    """Run a new attempt on these questions (in this order) and return its result.

    Shows a start screen (the clock starts when the aspirant presses Enter; `notice` is an extra
    paragraph on it), then the questions, then (with `env`) the end screen on env.stdout.
    Ctrl-C returns an unfinished result with `interrupted=True`; every answer given so far is
    already in `db`. `clock` (monotonic seconds) and `now` (UTC datetimes) are passed in so
    tests can control time.
    """
    if not questions:
        raise UsageError("no questions to ask")
    marking = get_marking(settings.marking)  # an unknown marking fails before the clock starts
    paper = settings.paper_seconds(len(questions))
    text = _intro_text(len(questions), settings.time_per_question, paper, marking,
                       settings.confidence)
    if notice:
        text += "\n\n" + notice
    if intro and not _start_screen(text, terminal, settings.mode):
        return AttemptResult(None, settings.mode, marking,
                             [QuestionResult(i, q, "unseen") for i, q in enumerate(questions)],
                             finished=False, interrupted=True, time_limit_seconds=paper)
    stored = {"confidence": settings.confidence, **dict(settings.extra)}
    attempt_id = db.create_attempt(
        questions, started_at=now(), mode=settings.mode, seed=settings.seed,
        marking=settings.marking, time_per_question=settings.time_per_question,
        time_limit_seconds=paper, settings=stored)
    result = _run(db, attempt_id, terminal=terminal, clock=clock, now=now)
    if env is not None and end_screen:
        show_result(result, env)
    return result


def resume_attempt(
    db: HistoryDB,
    attempt_id: int | None = None,
    env: Any = None,
    *,
    terminal: Terminal = Terminal(),
    clock: Callable[[], float] = time.monotonic,
    now: Callable[[], datetime] = utc_now,
    intro: bool = True,
    end_screen: bool = True,
) -> AttemptResult:
    """Continue an unfinished attempt (the latest one when attempt_id is None)."""
    if attempt_id is None:
        info = db.last_unfinished_attempt()
        if info is None:
            raise HistoryError("there is no unfinished attempt to resume; "
                               "start a new one with: quizgen quiz", db.path)
    else:
        info = db.attempt(attempt_id)
        if info.finished:
            raise HistoryError(f"attempt {attempt_id} is already finished", db.path)
    marking = get_marking(info.marking)
    finals = db.final_answers(info.id)
    questions = db.attempt_questions(info.id)
    slots = [Slot.from_row(p, q, finals.get(p)) for p, q in enumerate(questions)]
    used = sum(slot.seconds for slot in slots)
    unseen = sum(slot.outcome == "unseen" for slot in slots)
    pending = sum(slot.outcome != "unseen" and slot.pending for slot in slots)
    done = len(slots) - unseen - pending
    paper_left = None if info.time_limit_seconds is None else info.time_limit_seconds - used
    if intro:
        started = datetime.fromisoformat(info.started_at).astimezone()
        to_go = " and ".join(part for part in (
            f"{unseen} not yet seen" if unseen else "",
            f"{pending} skipped or marked" if pending else "") if part) or "nothing"
        text = (f"Resuming attempt {info.id} (started {started:%Y-%m-%d %H:%M}): "
                f"{done} of {len(questions)} questions done, {to_go} to go")
        text += (f", {prompt_module.format_clock(max(0.0, paper_left))} left on the paper's clock."
                 if paper_left is not None else ".")
        text += "\n" + marking.describe() + "."
        if not _start_screen(text, terminal, info.mode):
            return _result_from_db(db, info.id, marking, interrupted=True)
    result = _run(db, info.id, terminal=terminal, clock=clock, now=now)
    if env is not None and end_screen:
        show_result(result, env)
    return result


def show_result(result: AttemptResult, env: Any) -> None:
    """The end screen, or for an interrupted attempt the line saying how to continue."""
    if result.interrupted:
        given = sum(r.outcome != "unseen" for r in result.results)
        if result.attempt_id is None:
            print("Stopped before the first question; nothing was recorded.", file=env.stdout)
        else:
            print(f"Stopped. Everything so far is saved in attempt {result.attempt_id} "
                  f"({given} of {result.questions} questions seen); continue with: "
                  "quizgen quiz --resume", file=env.stdout)
        return
    from quizgen.quiz.screens import render_end_screen

    render_end_screen(result, env.stdout)


def _intro_text(count: int, per_question: float | None, paper: float | None,
                marking: Marking, confidence: bool) -> str:
    parts = [f"{count} question{'s' if count != 1 else ''}"]
    if per_question:
        parts.append(f"{_seconds(per_question)} a question")
    if paper is not None:
        parts.append(f"{prompt_module.format_clock(paper)} for the paper")
    else:
        parts.append("no time limit")
    lines = [" · ".join(parts), marking.describe() + "."]
    lines.append("Skipped (s) and marked (m) questions come back at the end while time remains.")
    if confidence:
        lines.append("After each answer, press y if you are sure or g if it is a guess.")
    return "\n".join(lines)


def _seconds(value: float) -> str:
    return f"{value:g} s"


def _start_screen(text: str, terminal: Terminal, mode: str = "quiz") -> bool:
    """Show what the paper is and wait for Enter; False if the aspirant pressed Ctrl-C."""
    from prompt_toolkit.application import Application
    from prompt_toolkit.key_binding import KeyBindings
    from prompt_toolkit.layout import Layout, Window
    from prompt_toolkit.layout.controls import FormattedTextControl
    from prompt_toolkit.styles import Style

    keys = KeyBindings()

    @keys.add("enter")
    @keys.add(" ")
    def _start(event):
        event.app.exit(result=True)

    @keys.add("c-c")
    @keys.add("c-q")
    @keys.add("escape")
    def _leave(event):
        event.app.exit(result=False)

    def tokens():
        width = prompt_module.terminal_columns(app.output) - 1  # re-wrapped on every redraw
        title = {"review": "spaced-repetition review", "retry": "the questions you missed, again",
                 "mock": "full-length mock"}.get(mode, "practice paper")
        result = [("class:title", f" quizgen · {title}\n\n")]
        result += [("", prompt_module.wrap_line(f" {line}", width, hang=1) + "\n")
                   for line in text.splitlines()]
        result += [("", "\n"), ("class:key", " Enter"), ("", " start the clock   "),
                   ("class:key", "Ctrl-C"), ("", " leave")]
        return result

    app: Application = Application(
        layout=Layout(Window(FormattedTextControl(tokens), wrap_lines=True,
                             dont_extend_height=True)),
        key_bindings=keys,
        style=Style([("title", "fg:ansicyan bold"), ("key", "bold")]),
        erase_when_done=True,
        input=terminal.input,
        output=terminal.output,
    )
    app.output.erase_screen()
    app.output.cursor_goto(0, 0)
    app.output.flush()
    try:
        return bool(app.run())
    except KeyboardInterrupt:
        return False


def _run(db: HistoryDB, attempt_id: int, *, terminal: Terminal,
         clock: Callable[[], float], now: Callable[[], datetime]) -> AttemptResult:
    info = db.attempt(attempt_id)
    marking = get_marking(info.marking)
    questions = db.attempt_questions(attempt_id)
    finals = db.final_answers(attempt_id)
    slots = [Slot.from_row(p, q, finals.get(p)) for p, q in enumerate(questions)]
    per_question = info.time_per_question or None
    confidence = bool(info.settings.get("confidence"))
    started = clock()
    used_before = sum(s.seconds for s in slots)
    paper_deadline = (None if info.time_limit_seconds is None
                      else started + info.time_limit_seconds - used_before)

    def time_left() -> bool:
        return paper_deadline is None or paper_deadline - clock() > 0

    flash: list[str] = []  # what happened since the last screen, shown on the next one

    def progress() -> tuple[str, str]:
        """The counts right of the header, in words and (for narrow screens) abbreviated."""
        counts = {
            ("answered", "ans"): sum(s.outcome in ("correct", "wrong") and not s.marked
                                     for s in slots),
            ("marked", "mkd"): sum(s.marked for s in slots),
            ("skipped", "skp"): sum(s.outcome == "skipped" and not s.marked for s in slots),
            ("timed out", "out"): sum(s.outcome == "timeout" for s in slots),
        }
        return (" · ".join(f"{name} {n}" for (name, _), n in counts.items() if n),
                " ".join(f"{n} {short}" for (_, short), n in counts.items() if n))

    def visit(slot: Slot, revisit: bool) -> bool:
        """Ask one question; returns True if its state changed. Raises _Stopped on Ctrl-C."""
        begin = clock()
        deadlines = [d for d in (begin + per_question if per_question else None,
                                 paper_deadline) if d is not None]
        note = ""
        provisional = slot.marked and slot.chosen is not None
        if revisit:
            if provisional:
                note = (f"Back for review: you marked ({LETTERS[slot.chosen]}); it counts "
                        "unless you change it.")
            elif slot.marked:
                note = "Back for review: you marked this without an answer; it scores nothing " \
                       "unless you choose an option."
            else:
                note = "Back for review: you skipped this."
        words, short = progress()
        view = PromptView(
            number=slot.position + 1, total=len(slots),
            deadline=min(deadlines) if deadlines else None,
            question_seconds=per_question, paper_deadline=paper_deadline, note=note,
            initial=slot.chosen if provisional else None, marked=provisional,
            progress=words, progress_short=short, flash=" ".join(flash), confidence=confidence)
        flash.clear()
        response = prompt_module.ask(slot.question, view, clock=clock,
                                     input=terminal.input, output=terminal.output)
        if response is None:
            raise _Stopped
        seconds = slot.seconds + (clock() - begin)
        before = (slot.outcome, slot.chosen, slot.marked)
        if response is TIMED_OUT:
            if slot.marked and slot.chosen is not None:  # the provisional answer stands
                slot.marked = False
                flash.append(f"Time ran out on question {slot.position + 1}; your marked "
                             f"answer ({LETTERS[slot.chosen]}) stands.")
            elif slot.marked:  # marked without an answer: it stays so, and scores nothing
                flash.append(f"Time ran out on question {slot.position + 1}; marked without "
                             "an answer, it stays unanswered.")
            else:
                slot.timed_out, slot.chosen = True, None
                flash.append(f"Time ran out on question {slot.position + 1}; "
                             "it stays unanswered.")
        else:
            assert isinstance(response, Response)
            if response.action == "skip":
                if not slot.marked:
                    slot.chosen = None
            elif response.chosen is None:  # marked without an answer: nothing is scored
                slot.chosen, slot.marked = None, True
            else:
                slot.chosen = response.chosen
                slot.marked = response.action == "mark"
                slot.confidence = response.confidence
        slot.seconds, slot.visited = seconds, True
        db.record_answer(attempt_id, slot.position, slot.question, chosen=slot.chosen,
                         outcome=slot.outcome, seconds=seconds, answered_at=now(),
                         confidence=slot.confidence if slot.outcome in ("correct", "wrong")
                         else None, marked=slot.marked)
        return (slot.outcome, slot.chosen, slot.marked) != before

    interrupted = False
    try:
        for slot in slots:
            if slot.outcome == "unseen":
                if not time_left():
                    break
                visit(slot, revisit=False)
        first_round = True
        while time_left():
            round_ = [slot for slot in slots if slot.pending]
            if not round_:
                break
            if first_round:
                marked = sum(slot.marked for slot in round_)
                skipped = len(round_) - marked
                counts = " and ".join(part for part in (
                    f"{skipped} skipped" if skipped else "",
                    f"{marked} marked" if marked else "") if part)
                flash.append(f"All questions seen: back to the {counts}.")
                first_round = False
            changed = False
            for slot in round_:
                if not time_left():
                    break
                changed |= visit(slot, revisit=True)
            if not changed:
                break
    except _Stopped:
        interrupted = True
    if not interrupted:
        db.finish_attempt(attempt_id, now())
        from quizgen.upkeep import attempt_ended

        attempt_ended(db)  # review and stats then start at once
    return AttemptResult(
        attempt_id=attempt_id, mode=info.mode, marking=marking,
        results=[slot.result() for slot in slots], finished=not interrupted,
        interrupted=interrupted, time_limit_seconds=info.time_limit_seconds,
        out_of_time=not interrupted and not time_left(),
    )


def _result_from_db(db: HistoryDB, attempt_id: int, marking: Marking,
                    interrupted: bool) -> AttemptResult:
    info = db.attempt(attempt_id)
    finals = db.final_answers(attempt_id)
    slots = [Slot.from_row(p, q, finals.get(p)) for p, q in enumerate(db.attempt_questions(attempt_id))]
    return AttemptResult(attempt_id, info.mode, marking, [s.result() for s in slots],
                         finished=info.finished, interrupted=interrupted,
                         time_limit_seconds=info.time_limit_seconds)


def load_result(db: HistoryDB, attempt_id: int) -> AttemptResult:
    """A stored attempt as the end screen shows it (finished or not)."""
    info = db.attempt(attempt_id)
    return _result_from_db(db, attempt_id, get_marking(info.marking), interrupted=False)

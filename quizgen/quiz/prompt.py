"""One question on screen: a questionary select prompt with a live countdown under it.

questionary has no timeout, so the countdown runs inside the prompt's own prompt_toolkit
Application: a background task redraws the clock every second and, when time is up, exits the
application with the `TIMED_OUT` sentinel. Ctrl-C makes `ask` return None, so the two can never
be confused. Built and tested against questionary 2.1.1 (pinned in pyproject.toml).

Keys: a-d answer at once, arrows + Enter answer the highlighted option, s skips, m marks the
highlighted option for review (it counts unless changed when the question comes back). With
confidence tagging on, choosing an option asks "sure or guess?" (s / g; Esc to change).
"""

from __future__ import annotations

import asyncio
import math
import time
from dataclasses import dataclass
from typing import Any, Callable, Union

from quizgen.model import LETTERS, Question
from quizgen.quiz.stem import stem_lines


class _Sentinel:
    def __init__(self, name: str):
        self.name = name

    def __repr__(self) -> str:
        return self.name


TIMED_OUT = _Sentinel("TIMED_OUT")


@dataclass(frozen=True)
class Response:
    """What the aspirant did with the question."""

    action: str  # "answer", "mark" (provisional answer, comes back) or "skip"
    chosen: int | None = None
    confidence: str | None = None  # "sure" / "guess" when confidence tagging is on


PromptResult = Union[Response, _Sentinel, None]


@dataclass(frozen=True)
class PromptView:
    """Everything the screen shows around the question, and the clocks it counts down."""

    number: int  # 1-based, in paper order
    total: int
    deadline: float | None = None  # clock() value at which this visit times out
    question_seconds: float | None = None  # full length of this question's clock, for the bar
    paper_deadline: float | None = None  # clock() value at which the whole paper ends
    note: str = ""  # e.g. "back for review · you marked (b)"
    initial: int | None = None  # option highlighted at the start
    marked: bool = False  # a provisional answer is held: s keeps it rather than blanking it
    progress: str = ""  # e.g. "answered 4 · skipped 1 · marked 1", right of the header
    flash: str = ""  # what just happened, e.g. "Time ran out on question 5: left unanswered."
    confidence: bool = False


STYLE_RULES = [
    ("header", "fg:ansicyan bold"),
    ("note", "fg:ansiyellow bold"),
    ("flash", "fg:ansiyellow"),
    ("progress", "fg:ansibrightblack"),
    ("stem", ""),
    ("stem.header", "italic"),
    ("question", "bold"),
    ("qmark", "fg:ansicyan"),
    ("pointer", "fg:ansicyan bold"),
    ("highlighted", "fg:ansicyan bold"),
    ("clock", "fg:ansigreen"),
    ("clock.low", "fg:ansired bold"),
    ("clock.bar", "fg:ansigreen"),
    ("clock.bar.low", "fg:ansired"),
    ("clock.paper", ""),
    ("keys", "fg:ansibrightblack"),
    ("keys.key", "bold"),
    ("confidence", "fg:ansiyellow bold"),
]

BAR_CELLS = 24
LOW_SECONDS = 10


def format_clock(seconds: float) -> str:
    """Whole seconds left, rounded up, as m:ss (h:mm:ss from an hour)."""
    total = max(0, math.ceil(seconds - 1e-9))
    hours, rest = divmod(total, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"


@dataclass
class _State:
    phase: str = "choose"  # "choose", then "confidence" when tagging is on
    chosen: int | None = None


def build_question(
    question: Question,
    view: PromptView,
    *,
    clock: Callable[[], float] = time.monotonic,
    input: Any = None,
    output: Any = None,
):
    """The questionary Question for one visit, with countdown and quiz keys installed.

    Returned unstarted so tests can inspect it; `ask` runs it.
    """
    import questionary
    from prompt_toolkit.filters import Condition
    from prompt_toolkit.key_binding import KeyBindings, merge_key_bindings
    from prompt_toolkit.layout import ConditionalContainer, Dimension, HSplit, Layout, Window
    from prompt_toolkit.layout.controls import FormattedTextControl
    from prompt_toolkit.styles import Style
    from questionary.prompts.common import InquirerControl

    state = _State()
    kwargs: dict[str, Any] = {}
    if input is not None:
        kwargs["input"] = input
    if output is not None:
        kwargs["output"] = output
    width = terminal_columns(output)
    # Long options (assertion-reason) wrap at words, under their own text, not the letter.
    choices = [questionary.Choice(title=wrap_line(f"({LETTERS[i]}) {text}", width - 4, hang=7),
                                  value=i)
               for i, text in enumerate(question.options)]
    prompt = questionary.select(
        "Your answer",
        choices=choices,
        default=view.initial,
        qmark="›",
        pointer="»",
        instruction=" ",
        style=Style(STYLE_RULES),
        **kwargs,
    )
    app = prompt.application
    control = next(w.content for w in app.layout.find_all_windows()
                   if isinstance(w.content, InquirerControl))
    choice_window = next(w for w in app.layout.find_all_windows() if w.content is control)

    lines = stem_lines(question)

    def header_tokens():
        parts = [("class:header", f" Question {view.number} of {view.total} "),
                 ("", f"  {question.topic} · {question.style}")]
        if view.progress:
            used = sum(len(text) for _, text in parts)
            room = terminal_columns(app.output) - used - len(view.progress) - 1
            parts.append(("class:progress", " " * max(3, room) + view.progress))
        return parts

    def stem_tokens():
        width = terminal_columns(app.output) - 1  # re-read on every redraw, so a resize re-wraps
        tokens = []
        for line in lines:
            style = "class:stem.header" if line.kind == "header" else "class:stem"
            tokens.append((style, wrap_line(" " + line.text, width, hang=line.hang + 1) + "\n"))
        if tokens:
            tokens[-1] = (tokens[-1][0], tokens[-1][1].rstrip("\n"))
        return tokens

    def clock_tokens():
        now = clock()
        tokens = []
        if view.deadline is not None:
            left = view.deadline - now
            low = left <= LOW_SECONDS
            ends_paper = view.paper_deadline is not None and view.paper_deadline <= view.deadline
            tokens.append(("class:clock.low" if low else "class:clock",
                           f" ⏱ {format_clock(left)} left" + (" (then the paper ends)"
                                                               if ends_paper else "")))
            if view.question_seconds:
                filled = max(0, min(BAR_CELLS, math.ceil(BAR_CELLS * left / view.question_seconds)))
                bar_style = "class:clock.bar.low" if low else "class:clock.bar"
                tokens.append((bar_style, "  " + "█" * filled + "·" * (BAR_CELLS - filled)))
        if view.paper_deadline is not None and view.paper_deadline != view.deadline:
            tokens.append(("class:clock.paper",
                           f"   paper: {format_clock(view.paper_deadline - now)} left"))
        if not tokens:
            tokens.append(("class:clock.paper", " no time limit"))
        return tokens

    def key_tokens():
        if state.phase == "confidence":
            return [
                ("class:confidence", f" You chose ({LETTERS[state.chosen]}). Sure or guess? "),
                ("class:keys.key", " s"), ("class:keys", " sure  "),
                ("class:keys.key", "g"), ("class:keys", " guess  "),
                ("class:keys.key", "Esc"), ("class:keys", " change answer"),
            ]
        pointed = LETTERS[control.get_pointed_at().value]
        skip = f" keep ({LETTERS[view.initial]}) for now · " if view.marked and \
            view.initial is not None else " skip · "
        return [
            ("class:keys.key", " a–d"), ("class:keys", " or "),
            ("class:keys.key", "↑↓ Enter"), ("class:keys", " answer · "),
            ("class:keys.key", "s"), ("class:keys", skip),
            ("class:keys.key", "m"), ("class:keys", f" mark ({pointed}) for review · "),
            ("class:keys.key", "Ctrl-C"), ("class:keys", " save & stop"),
        ]

    option_rows = sum(choice.title.count("\n") + 1 for choice in choices)
    # questionary lets the option list take every free row, which pushes the clock to the
    # bottom of the terminal. Give it exactly its rows: the clock sits right under it, and
    # the options, clock and keys always get their rows. In a short terminal the spacing goes
    # first, and if the stem still does not fit, a warning says to make the window taller.
    choice_window.height = Dimension.exact(option_rows)

    def rows_needed(spacing: bool) -> int:
        stem_rows = sum(text.count("\n") for _, text in stem_tokens()) + 1
        second = second_tokens(False)
        second_rows = sum(text.count("\n") for _, text in second) + 1 if second else 0
        return 1 + second_rows + stem_rows + 1 + option_rows + 2 + (3 if spacing else 0)

    def terminal_rows() -> int:
        try:
            return app.output.get_size().rows
        except Exception:  # an output that cannot tell: assume it is tall enough
            return 1000

    roomy = Condition(lambda: terminal_rows() >= rows_needed(spacing=True))

    def second_tokens(with_warning: bool = True):
        """Lines under the header: what just happened, why this question is back, warnings."""
        lines = []
        if view.flash:
            lines.append(("class:flash", view.flash))
        if view.note:
            lines.append(("class:note", view.note))
        if with_warning and terminal_rows() < rows_needed(spacing=False):
            lines.append(("class:clock.low", "The window is too short for this question: "
                                             "make it taller to see all of it."))
        width = terminal_columns(app.output) - 1
        return [(style, wrap_line(" " + text, width, hang=1) + ("\n" if n < len(lines) else ""))
                for n, (style, text) in enumerate(lines, start=1)]

    def blank():
        return ConditionalContainer(Window(height=1), filter=roomy)

    clock_window = Window(FormattedTextControl(clock_tokens), height=1)
    app.layout = Layout(HSplit([
        Window(FormattedTextControl(header_tokens), height=1),
        ConditionalContainer(
            Window(FormattedTextControl(second_tokens), wrap_lines=True,
                   dont_extend_height=True),
            filter=Condition(lambda: bool(second_tokens()))),
        blank(),
        Window(FormattedTextControl(stem_tokens), wrap_lines=True, dont_extend_height=True),
        blank(),
        app.layout.container,
        blank(),
        clock_window,
        Window(FormattedTextControl(key_tokens), height=1, wrap_lines=True),
    ]))
    app.erase_when_done = True

    choosing = Condition(lambda: state.phase == "choose")
    confirming = Condition(lambda: state.phase == "confidence")
    keys = KeyBindings()

    def finish(event, result) -> None:
        if not event.app.is_done:
            event.app.exit(result=result)

    def choose(event, index: int) -> None:
        control.pointed_at = index
        if view.confidence:
            state.phase, state.chosen = "confidence", index
        else:
            control.is_answered = True
            finish(event, Response("answer", index))

    for index, letter in enumerate(LETTERS):
        for key in (letter, letter.upper()):
            keys.add(key, eager=True)(lambda event, index=index: choose(event, index))

    @keys.add("enter", filter=choosing, eager=True)
    def _enter(event):
        choose(event, control.get_pointed_at().value)

    @keys.add("s", filter=choosing, eager=True)
    @keys.add("S", filter=choosing, eager=True)
    def _skip(event):
        finish(event, Response("skip"))

    @keys.add("m", filter=choosing, eager=True)
    @keys.add("M", filter=choosing, eager=True)
    def _mark(event):
        finish(event, Response("mark", control.get_pointed_at().value))

    def tag(confidence: str):
        def handler(event):
            finish(event, Response("answer", state.chosen, confidence))
        return handler

    for key in ("s", "S"):
        keys.add(key, filter=confirming, eager=True)(tag("sure"))
    for key in ("g", "G"):
        keys.add(key, filter=confirming, eager=True)(tag("guess"))

    @keys.add("escape", filter=confirming, eager=True)
    @keys.add("backspace", filter=confirming, eager=True)
    def _change(event):
        state.phase, state.chosen = "choose", None

    # While asking "sure or guess?", the highlighted option stays on the chosen one.
    for key in ("up", "down", "j", "k", "c-n", "c-p", "enter", "m", "M"):
        keys.add(key, filter=confirming, eager=True)(lambda event: None)

    # Ours come last so they win over questionary's bindings for the same keys.
    app.key_bindings = merge_key_bindings([app.key_bindings, keys])

    async def countdown() -> None:
        while not app.is_done:
            left = view.deadline - clock()
            if left <= 0:
                if state.phase == "confidence":  # the option was chosen in time; keep it
                    app.exit(result=Response("answer", state.chosen))
                else:
                    app.exit(result=TIMED_OUT)
                return
            app.invalidate()
            # Wake on the next whole second of the display, so 0:58 turns into 0:57 on time.
            await asyncio.sleep(min(left, left - math.floor(left - 1e-9)) or 0.05)

    def start_clock() -> None:
        if view.deadline is not None:
            app.create_background_task(countdown())

    prompt.start_clock = start_clock  # type: ignore[attr-defined]
    prompt.state = state  # type: ignore[attr-defined]
    prompt.clock_window = clock_window  # type: ignore[attr-defined]
    return prompt


def terminal_columns(output: Any) -> int:
    try:
        if output is not None:
            return max(20, output.get_size().columns)
    except Exception:  # an output that cannot say its size (closed, or not a terminal)
        pass
    import shutil

    return max(20, shutil.get_terminal_size().columns)


def wrap_line(text: str, width: int, hang: int) -> str:
    """Word-wrap one line; continuation lines are indented by `hang` columns."""
    import textwrap

    lead = len(text) - len(text.lstrip(" "))
    if len(text) <= width or width - hang < 10:
        return text
    return "\n".join(textwrap.wrap(text.strip(" "), width=width, initial_indent=" " * lead,
                                   subsequent_indent=" " * hang, break_on_hyphens=False))


def ask(
    question: Question,
    view: PromptView,
    *,
    clock: Callable[[], float] = time.monotonic,
    input: Any = None,
    output: Any = None,
    clear_screen: bool = True,
) -> PromptResult:
    """Show one question until it is answered, skipped, marked, timed out or interrupted.

    Returns a Response, TIMED_OUT, or None for Ctrl-C.
    """
    if view.deadline is not None and view.deadline - clock() <= 0:
        return TIMED_OUT
    prompt = build_question(question, view, clock=clock, input=input, output=output)
    app = prompt.application
    if clear_screen:
        app.output.erase_screen()
        app.output.cursor_goto(0, 0)
        app.output.flush()
    try:
        return app.run(pre_run=prompt.start_clock)
    except KeyboardInterrupt:
        return None

"""One question on screen: a questionary select prompt with a live countdown under it.

questionary has no timeout, so the countdown runs inside the prompt's own prompt_toolkit
Application: a background task redraws the clock every second and, when time is up, exits the
application with the `TIMED_OUT` sentinel. Ctrl-C makes `ask` return None, so the two can never
be confused. Built and tested against questionary 2.1.1 (pinned in pyproject.toml).

Keys: a-d answer at once, arrows + Enter answer the highlighted option, s skips, m marks for
review: the option moved to (or marked before) as a provisional answer that counts unless
changed, or, on an untouched question, no answer at all. PgUp/PgDn scroll a stem taller than the
window. With confidence tagging on, choosing an option asks "sure or guess?" (y / g; Esc to
change; s still skips).

Everything is laid out again on every redraw at the terminal's current size, so a resize
re-wraps the stem, the options, the header and the key line (which shorten rather than clip).
"""

from __future__ import annotations

import asyncio
import math
import time
from dataclasses import dataclass, field
from typing import Any, Callable, Union

from quizgen.model import LETTERS, Question
from quizgen.quiz.stem import stem_rows


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
    progress_short: str = ""  # the same in fewer columns, e.g. "4 ans · 1 skp · 1 mkd"
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


def format_duration(seconds: float) -> str:
    """Time used, to the nearest second: the one figure the end screen and history share."""
    return format_clock(round(seconds))


@dataclass
class _State:
    phase: str = "choose"  # "choose", then "confidence" when tagging is on
    chosen: int | None = None
    touched: bool = False  # the aspirant moved the pointer (or a marked answer came back)
    scroll: int = 0  # first stem row on screen when the stem scrolls
    scrollable: bool = False
    stem_width: int = -1
    stem: list = field(default_factory=list)
    options_width: int = -1


@dataclass(frozen=True)
class _Layout:
    spacing: bool  # room for the blank lines between the blocks
    stem_rows: int  # stem rows on screen now
    stem_room: int  # rows the stem could get (below 1: the window is too short)


def _option_title(index: int, text: str, columns: int) -> str:
    return wrap_line(f"({LETTERS[index]}) {text}", columns - 4, hang=7)


def _width(tokens) -> int:
    from quizgen.quiz.stem import display_width

    return sum(display_width(text) for _, text in tokens)


def _fit_text(text: str, width: int) -> str:
    from quizgen.quiz.stem import display_width

    if display_width(text) <= width:
        return text
    while text and display_width(text + "…") > width:
        text = text[:-1]
    return text + "…"


def _fit(tokens, width: int):
    """Cut a row of tokens to `width` columns (with an ellipsis) instead of wrapping it."""
    if _width(tokens) <= width:
        return tokens
    result, used = [], 0
    for style, text in tokens:
        room = width - used
        if _width([(style, text)]) > room:
            result.append((style, _fit_text(text, max(1, room))))
            break
        result.append((style, text))
        used += _width([(style, text)])
    return result


def _first_fitting(width: int, variants):
    """The longest wording that fits the row; the shortest, cut, if none does."""
    for tokens in variants:
        if _width(tokens) <= width:
            return tokens
    return _fit(variants[-1], width)


def _keys(pairs) -> list[tuple[str, str]]:
    tokens = []
    for key, label in pairs:
        tokens += [("class:keys.key", key), ("class:keys", label)]
    return tokens


def header_line(view: "PromptView", topic: str, style: str, width: int):
    """The header row, shortened to fit: counts abbreviate first, then topic and style go."""
    long_q, short_q = f" Question {view.number} of {view.total} ", f" Q{view.number}/{view.total} "
    about = f"  {topic} · {style}"
    variants = []
    for title, subject, progress in (
            (long_q, about, view.progress), (long_q, about, view.progress_short),
            (short_q, about, view.progress_short), (short_q, "", view.progress_short),
            (short_q, "", "")):
        parts = [("class:header", title), ("", subject)]
        if progress:
            room = width - _width(parts) - len(progress)
            if room < 2:
                continue
            parts.append(("class:progress", " " * room + progress))
        variants.append(parts)
    return _first_fitting(width, variants)


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

    state = _State(touched=view.initial is not None)
    kwargs: dict[str, Any] = {}
    if input is not None:
        kwargs["input"] = input
    if output is not None:
        kwargs["output"] = output
    width = terminal_columns(output)
    # Long options (assertion-reason) wrap at words, under their own text, not the letter.
    choices = [questionary.Choice(title=_option_title(i, text, width), value=i)
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

    def columns() -> int:
        return terminal_columns(app.output)

    def terminal_rows() -> int:
        try:
            return app.output.get_size().rows
        except Exception:  # an output that cannot tell: assume it is tall enough
            return 1000

    def header_tokens():
        return [(style, text) for style, text in
                header_line(view, question.topic, question.style, columns() - 1)]

    def clock_tokens():
        now = clock()
        tokens = []
        if view.deadline is not None:
            left = view.deadline - now
            low = left <= LOW_SECONDS
            ends_paper = view.paper_deadline is not None and view.paper_deadline <= view.deadline
            if not view.question_seconds:  # only the paper's clock, as in the exam
                what = " on the paper"
            else:
                what = " (then the paper ends)" if ends_paper else ""
            tokens.append(("class:clock.low" if low else "class:clock",
                           f" ⏱ {format_clock(left)} left{what}"))
            if view.question_seconds:
                filled = max(0, min(BAR_CELLS, math.ceil(BAR_CELLS * left / view.question_seconds)))
                bar_style = "class:clock.bar.low" if low else "class:clock.bar"
                tokens.append((bar_style, "  " + "█" * filled + "·" * (BAR_CELLS - filled)))
        if view.paper_deadline is not None and view.paper_deadline != view.deadline:
            tokens.append(("class:clock.paper",
                           f"   paper: {format_clock(view.paper_deadline - now)} left"))
        if not tokens:
            tokens.append(("class:clock.paper", " no time limit"))
        return _fit(tokens, columns() - 1)

    def key_tokens():
        width = columns() - 1
        if state.phase == "confidence":
            chosen = LETTERS[state.chosen]
            return _first_fitting(width, [
                [("class:confidence", f" You chose ({chosen}). Sure or guess? "),
                 ("class:keys.key", " y"), ("class:keys", " sure  "),
                 ("class:keys.key", "g"), ("class:keys", " guess  "),
                 ("class:keys.key", "Esc"), ("class:keys", " change answer")],
                [("class:confidence", f" ({chosen}) sure or guess? "),
                 ("class:keys.key", "y"), ("class:keys", " sure · "),
                 ("class:keys.key", "g"), ("class:keys", " guess · "),
                 ("class:keys.key", "Esc"), ("class:keys", " change")],
                [("class:keys.key", " y"), ("class:keys", " sure · "),
                 ("class:keys.key", "g"), ("class:keys", " guess · "),
                 ("class:keys.key", "Esc"), ("class:keys", " change")],
            ])
        pointed = LETTERS[control.get_pointed_at().value]
        keeping = view.marked and view.initial is not None
        if state.touched:
            mark_long, mark_short = f" mark ({pointed}) for review", f" mark ({pointed})"
        else:
            mark_long, mark_short = " mark for review, not answered", " mark (no answer)"
        skip_long = f" keep ({LETTERS[view.initial]}) for now" if keeping else " skip"
        skip_short = " keep" if keeping else " skip"
        scroll = state.scrollable
        return _first_fitting(width, [
            _keys([(" a–d", " or "), ("↑↓ Enter", " answer · "), ("s", skip_long + " · "),
                   ("m", mark_long + " · ")] + ([("PgUp PgDn", " scroll · ")] if scroll else [])
                  + [("Ctrl-C", " save & stop")]),
            # shorter: scrolling is left to the line under the stem, which says PgUp / PgDn
            _keys([(" a–d", " answer · "), ("s", skip_short + " · "), ("m", mark_short + " · "),
                   ("^C", " stop")]),
            _keys([(" a–d", " · "), ("s", skip_short + " · "), ("m", mark_short + " · "),
                   ("^C", " stop")]),
        ])

    def option_rows() -> int:
        return sum(choice.title.count("\n") + 1 for choice in control.choices)

    def rewrap_options(_app=None) -> None:
        """On a resize, wrap the options again to the new width (and size their window)."""
        width = columns()
        if width != state.options_width:
            for index, choice in enumerate(control.choices):
                choice.title = _option_title(index, question.options[index], width)
            state.options_width = width
            # questionary lets the option list take every free row, which pushes the clock to
            # the bottom of the terminal. Give it exactly its rows: the clock sits right under
            # it, and the options, clock and keys always get their rows.
            choice_window.height = Dimension.exact(option_rows())

    state.options_width = width
    choice_window.height = Dimension.exact(option_rows())
    app.before_render += rewrap_options

    def second_lines() -> list[tuple[str, str]]:
        lines = []
        if view.flash:
            lines.append(("class:flash", view.flash))
        if view.note:
            lines.append(("class:note", view.note))
        return lines

    def second_tokens():
        """Lines under the header: what just happened, why this question is back, warnings."""
        lines = second_lines()
        if layout().stem_room < 1:
            lines.append(("class:clock.low", "The window is too short for this question: "
                                             "make it taller to see all of it."))
        width = columns() - 1
        return [(style, wrap_line(" " + text, width, hang=1) + ("\n" if n < len(lines) else ""))
                for n, (style, text) in enumerate(lines, start=1)]

    def layout() -> _Layout:
        """How many rows the stem gets now: all of them, or a scrolling window of them."""
        width = columns() - 1
        if state.stem_width != width:
            state.stem_width, state.stem = width, stem_rows(question, width)
        second = sum(wrap_line(" " + text, width, hang=1).count("\n") + 1
                     for _, text in second_lines())
        fixed = 1 + second + 1 + option_rows() + 2  # header, notes, prompt, options, clock, keys
        rows = terminal_rows()
        spacing = rows >= fixed + len(state.stem) + 3
        room = rows - fixed - (3 if spacing else 0)
        scrolling = len(state.stem) > room
        visible = max(0, room - 1) if scrolling else len(state.stem)
        state.scrollable = scrolling and visible > 0
        state.scroll = max(0, min(state.scroll, len(state.stem) - visible)) if scrolling else 0
        return _Layout(spacing, visible, room)

    def stem_tokens():
        shape = layout()
        shown = state.stem[state.scroll:state.scroll + shape.stem_rows]
        tokens = []
        for row in shown:
            style = "class:stem.header" if row.kind == "header" else "class:stem"
            tokens.append((style, row.text + "\n"))
        if state.scrollable:
            first, last = state.scroll + 1, state.scroll + len(shown)
            more = [word for word, there in (("PgUp", first > 1),
                                             ("PgDn", last < len(state.stem))) if there]
            tokens.append(("class:note", _fit_text(
                f" ⋮ lines {first}–{last} of {len(state.stem)} · {' / '.join(more)} to scroll",
                columns() - 1)))
        elif tokens:
            tokens[-1] = (tokens[-1][0], tokens[-1][1].rstrip("\n"))
        return tokens

    def stem_height():
        shape = layout()
        return Dimension.exact(shape.stem_rows + (1 if state.scrollable else 0))

    roomy = Condition(lambda: layout().spacing)

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
        Window(FormattedTextControl(stem_tokens), height=stem_height),
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
        # Marking never answers by itself: only an option the aspirant moved to (or the one
        # marked before) is kept as the provisional answer.
        notice_pointer()
        finish(event, Response("mark", control.get_pointed_at().value if state.touched else None))

    @keys.add("pagedown", eager=True)
    def _page_down(event):
        state.scroll += max(1, layout().stem_rows - 1)

    @keys.add("pageup", eager=True)
    def _page_up(event):
        state.scroll = max(0, state.scroll - max(1, layout().stem_rows - 1))

    def notice_pointer(_app=None) -> None:
        if control.pointed_at != start_pointer:
            state.touched = True

    start_pointer = control.pointed_at
    app.before_render += notice_pointer

    def tag(confidence: str):
        def handler(event):
            finish(event, Response("answer", state.chosen, confidence))
        return handler

    # s means skip everywhere, so sure is y ("yes, sure").
    for key in ("y", "Y"):
        keys.add(key, filter=confirming, eager=True)(tag("sure"))
    for key in ("g", "G"):
        keys.add(key, filter=confirming, eager=True)(tag("guess"))
    for key in ("s", "S"):
        keys.add(key, filter=confirming, eager=True)(lambda event: finish(event, Response("skip")))

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

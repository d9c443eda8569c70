"""The mock's full-screen prompt_toolkit Application: the screen (mockscreen.py) over a
MockPaper, the keys, and a clock task that redraws, saves and warns.

Every key is bound once per screen mode (paper, goto, palette, help, submit) with a filter, so
a key means one thing at a time. `run_mock_screen` returns "submitted", "time-up" or
"interrupted"; the paper records every change through its recorder as it happens.
"""

from __future__ import annotations

import asyncio
import math
from typing import Any

from quizgen.model import LETTERS
from quizgen.quiz.mockpaper import MockPaper
from quizgen.quiz.mockscreen import STYLE_RULES, MockScreen, ScreenState

TICK_SECONDS = 0.2  # how often the clock is redrawn and saved (real seconds)


def run_mock_screen(paper: MockPaper, *, confidence: bool = False, input: Any = None,
                    output: Any = None, warn=None) -> str:
    """Run the paper until it is submitted, its time is up, or Ctrl-C. See the module doc."""
    app = build_application(paper, confidence=confidence, input=input, output=output)
    app.output.erase_screen()
    app.output.cursor_goto(0, 0)
    app.output.flush()
    try:
        result = app.run(pre_run=app.start_clock)  # type: ignore[attr-defined]
    except KeyboardInterrupt:
        result = "interrupted"
    if result == "interrupted":
        paper.save()
    else:
        paper.submit()
    return result


def build_application(paper: MockPaper, *, confidence: bool = False, input: Any = None,
                      output: Any = None):
    """The Application (returned unstarted; `app.start_clock` starts its clock task)."""
    from prompt_toolkit.application import Application
    from prompt_toolkit.filters import Condition
    from prompt_toolkit.key_binding import KeyBindings
    from prompt_toolkit.layout import Layout, Window
    from prompt_toolkit.layout.controls import FormattedTextControl
    from prompt_toolkit.styles import Style

    state = ScreenState(confidence=confidence, cursor=paper.current)
    screen = MockScreen(paper, state)
    keys = KeyBindings()
    total = len(paper.slots)

    def size():
        try:
            found = app.output.get_size()
            return found.columns, found.rows
        except Exception:
            return 80, 24

    def tokens():
        width, height = size()
        result = []
        for n, row in enumerate(screen.render(width, height)):
            result += row
            if n < height - 1:
                result.append(("", "\n"))
        return result

    def finish(event_app, result: str) -> None:
        if not event_app.is_done:
            event_app.exit(result=result)

    def flash(text: str, style: str = "class:flash") -> None:
        state.flash, state.flash_style = text, style

    @keys.add("<any>")
    def _other(event):  # an unbound key does nothing; registered first so others win
        pass

    def key(*names, modes=("paper",)):
        """A binding active in the given modes; every key press clears the last message."""
        active = Condition(lambda: state.mode in modes)

        def decorator(handler):
            def run(event):
                state.flash = ""
                handler(event)
            for name in names:
                keys.add(name, filter=active, eager=True)(run)
            return handler
        return decorator

    for index, letter in enumerate(LETTERS):
        @key(letter, letter.upper())
        def _answer(event, index=index):
            paper.answer(index)

    @key("x", "X", "delete")
    def _clear(event):
        if paper.slot.chosen is not None:
            paper.clear()
            flash(f"Answer to question {paper.current + 1} cleared.")
        else:
            flash("No answer to clear on this question.")

    @key("m", "M")
    def _mark(event):
        paper.toggle_mark()

    @key("n", "N", "right", "c-n")
    def _next(event):
        if paper.current == total - 1:
            flash("This is the last question: S to submit, or Tab for the palette.")
        paper.next()

    @key("p", "P", "left", "c-p")
    def _previous(event):
        paper.previous()

    @key("up", "pageup")
    def _scroll_up(event):
        state.scroll = max(0, state.scroll - (1 if event.key_sequence[0].key == "up" else 5))

    @key("down", "pagedown")
    def _scroll_down(event):
        state.scroll += 1 if event.key_sequence[0].key == "down" else 5

    if confidence:
        @key("1")
        def _sure(event):
            if not paper.tag("sure"):
                flash("Answer first (a–d), then tag it 1 sure or 2 guess.")

        @key("2")
        def _guess(event):
            if not paper.tag("guess"):
                flash("Answer first (a–d), then tag it 1 sure or 2 guess.")

    @key("g", "G")
    def _goto(event):
        state.mode, state.goto = "goto", ""

    for digit in "0123456789":
        if not (confidence and digit in "12"):
            @key(digit)
            def _start_goto(event, digit=digit):
                state.mode, state.goto = "goto", digit.lstrip("0")

        @key(digit, modes=("goto",))
        def _type_digit(event, digit=digit):
            if len(state.goto) < len(str(total)):
                state.goto = (state.goto + digit).lstrip("0")

    @key("backspace", "c-h", modes=("goto",))
    def _backspace(event):
        state.goto = state.goto[:-1]

    @key("enter", modes=("goto",))
    def _jump(event):
        state.mode = "paper"
        if state.goto and 1 <= int(state.goto) <= total:
            paper.go(int(state.goto) - 1)
            state.scroll = 0
        else:
            flash(f"No question {state.goto or 'number'}: the paper has 1–{total}.")

    @key("escape", "g", "G", modes=("goto",))
    def _cancel_goto(event):
        state.mode = "paper"

    @key("tab")
    def _palette(event):
        state.mode, state.cursor = "palette", paper.current

    moves = {"left": -1, "right": 1, "up": -10, "down": 10, "h": -1, "l": 1, "k": -10, "j": 10}
    for name, step in moves.items():
        @key(name, modes=("palette",))
        def _move(event, step=step):
            columns = screen.palette_columns(*size())
            if abs(step) == 10:
                step = columns if step > 0 else -columns
            target = state.cursor + step
            if 0 <= target < total:
                state.cursor = target

    @key("home", modes=("palette",))
    def _first(event):
        state.cursor = 0

    @key("end", modes=("palette",))
    def _last(event):
        state.cursor = total - 1

    @key("enter", " ", modes=("palette",))
    def _open(event):
        paper.go(state.cursor)
        state.mode, state.scroll = "paper", 0

    @key("tab", "escape", "q", modes=("palette",))
    def _close_palette(event):
        state.mode = "paper"

    @key("?", modes=("paper", "palette"))
    def _help(event):
        state.mode = "help"

    @key("?", "escape", "q", "enter", modes=("help",))
    def _close_help(event):
        state.mode = "paper"

    @key("S", modes=("paper", "palette"))
    def _submit(event):
        state.mode = "submit"

    @key("y", "Y", modes=("submit",))
    def _confirm(event):
        finish(event.app, "submitted")

    @key("n", "N", "escape", "q", modes=("submit",))
    def _back(event):
        state.mode = "paper"

    @keys.add("c-c", eager=True)
    @keys.add("c-q", eager=True)
    def _stop(event):
        finish(event.app, "interrupted")

    app: Application = Application(
        layout=Layout(Window(FormattedTextControl(tokens, focusable=True, show_cursor=False))),
        key_bindings=keys,
        style=Style(STYLE_RULES),
        full_screen=True,
        input=input,
        output=output,
    )

    shown = {"second": None}

    async def clock_task():
        while not app.is_done:
            event = paper.tick()
            if event == "time-up":
                finish(app, "time-up")
                return
            if event:
                flash(f"⚠ {event} on the paper.", "class:warning")
                app.invalidate()
            second = math.ceil(paper.time_left())
            if second != shown["second"]:
                shown["second"] = second
                app.invalidate()
            await asyncio.sleep(TICK_SECONDS)

    def start_clock():
        app.create_background_task(clock_task())

    app.start_clock = start_clock  # type: ignore[attr-defined]
    app.mock_screen = screen  # type: ignore[attr-defined]
    return app


"""The one-question prompt, driven through prompt_toolkit's pipe input (keys as a terminal sends
them) with DummyOutput, or a VT100 output into a buffer where the drawing itself matters."""

from __future__ import annotations

import io
import time

import pytest
import questionary
from prompt_toolkit.data_structures import Size
from prompt_toolkit.input import create_pipe_input
from prompt_toolkit.output import DummyOutput
from prompt_toolkit.output.vt100 import Vt100_Output

from quizgen.quiz.prompt import (TIMED_OUT, PromptView, Response, ask, build_question,
                                 format_clock)
from test_quiz_samples import sample_questions

UP, DOWN, ESC, CTRL_C = "\x1b[A", "\x1b[B", "\x1b", "\x03"
QUESTION = sample_questions()[1]  # statements, answer (c)


def run_keys(keys: str, view: PromptView | None = None, **kwargs):
    with create_pipe_input() as pipe:
        pipe.send_text(keys)
        return ask(QUESTION, view or PromptView(2, 5), input=pipe, output=DummyOutput(),
                   **kwargs)


def test_built_against_the_pinned_questionary():
    assert questionary.__version__ == "2.1.1"


@pytest.mark.parametrize("key, index", [("a", 0), ("b", 1), ("c", 2), ("d", 3), ("C", 2)])
def test_a_letter_answers_at_once(key, index):
    assert run_keys(key) == Response("answer", index)


def test_arrows_and_enter_answer_the_highlighted_option():
    assert run_keys("\r") == Response("answer", 0)
    assert run_keys(DOWN + DOWN + DOWN + UP + "\r") == Response("answer", 2)
    assert run_keys(UP + "\r") == Response("answer", 3)  # wraps round to (d)


def test_skip():
    assert run_keys("s") == Response("skip")


def test_mark_for_review_keeps_the_option_moved_to():
    assert run_keys(DOWN + "m") == Response("mark", 1)


def test_mark_on_an_untouched_question_marks_without_answering():
    assert run_keys("m") == Response("mark", None)


def test_a_marked_answer_that_came_back_can_be_marked_again():
    assert run_keys("m", PromptView(2, 5, initial=2, marked=True)) == Response("mark", 2)


def test_a_marked_question_comes_back_with_its_option_highlighted():
    assert run_keys("\r", PromptView(2, 5, initial=3)) == Response("answer", 3)


def test_ctrl_c_returns_none_not_the_timeout_sentinel():
    result = run_keys(DOWN + CTRL_C)
    assert result is None
    assert TIMED_OUT is not None


def test_timeout_returns_the_sentinel_when_the_clock_runs_out():
    start = time.monotonic()
    result = run_keys("", PromptView(2, 5, deadline=start + 0.6, question_seconds=0.6))
    elapsed = time.monotonic() - start
    assert result is TIMED_OUT
    assert 0.55 <= elapsed < 2.0


def test_keys_before_the_deadline_win_over_the_clock():
    start = time.monotonic()
    result = run_keys("b", PromptView(2, 5, deadline=start + 5, question_seconds=5))
    assert result == Response("answer", 1)
    assert time.monotonic() - start < 2


def test_an_expired_deadline_times_out_without_drawing():
    assert run_keys("a", PromptView(2, 5, deadline=time.monotonic() - 1)) is TIMED_OUT


@pytest.mark.parametrize("keys, expected", [
    ("cy", Response("answer", 2, "sure")),
    ("cg", Response("answer", 2, "guess")),
    (DOWN + "\rG", Response("answer", 1, "guess")),
    ("b" + ESC + DOWN + "\ry", Response("answer", 2, "sure")),  # Esc: change the answer
    ("bdy", Response("answer", 3, "sure")),  # another letter changes it too
    ("c" + DOWN + "\rY", Response("answer", 2, "sure")),  # arrows do not move it while tagging
])
def test_confidence_tagging_after_the_answer(keys, expected):
    assert run_keys(keys, PromptView(2, 5, confidence=True)) == expected


def test_s_while_tagging_still_means_skip():
    assert run_keys("as", PromptView(2, 5, confidence=True)) == Response("skip")


def test_time_running_out_while_tagging_keeps_the_chosen_answer():
    view = PromptView(2, 5, deadline=time.monotonic() + 0.5, question_seconds=0.5,
                      confidence=True)
    assert run_keys("d", view) == Response("answer", 3, None)


def vt100_run(keys_after: list[tuple[float, str]], view: PromptView, width: int = 100):
    """Run the prompt drawing real escape codes into a buffer; send keys at given delays."""
    import threading

    buffer = io.StringIO()
    output = Vt100_Output(buffer, lambda: Size(rows=40, columns=width), term="xterm")
    with create_pipe_input() as pipe:
        def typist():
            for delay, keys in keys_after:
                time.sleep(delay)
                pipe.send_text(keys)
        thread = threading.Thread(target=typist)
        thread.start()
        result = ask(QUESTION, view, input=pipe, output=output)
        thread.join()
    return result, buffer.getvalue()


def test_the_countdown_is_redrawn_every_second_inside_the_prompt():
    start = time.monotonic()
    view = PromptView(2, 5, deadline=start + 2.5, question_seconds=2.5,
                      paper_deadline=start + 60)
    with create_pipe_input() as pipe:
        prompt = build_question(QUESTION, view, input=pipe, output=DummyOutput())
        app = prompt.application
        drawn: list[str] = []

        def after_render(_app):
            info = prompt.clock_window.render_info
            if info is not None:
                text = "".join(t for _, t, *_ in info.ui_content.get_line(0))
                if not drawn or drawn[-1] != text:
                    drawn.append(text)

        app.after_render += after_render
        result = app.run(pre_run=prompt.start_clock)
    assert result is TIMED_OUT
    clocks = [text.split(" left")[0].strip() for text in drawn]
    seconds = [int(clock.rsplit(":", 1)[1]) for clock in clocks]
    # 2.5 s rounded up shows 0:03 (0:02 when a busy machine draws the first frame late), then
    # one redraw a second without any key pressed, down to the last second.
    assert seconds[0] in (3, 2) and seconds[-1] <= 1, clocks
    assert seconds == list(range(seconds[0], seconds[0] - len(seconds), -1)), clocks
    assert drawn[0].endswith(("paper: 1:00 left", "paper: 0:59 left"))  # the paper's own clock


def test_the_question_is_drawn_as_on_the_paper():
    result, screen = vt100_run([(0.3, "c")], PromptView(2, 5))
    assert result == Response("answer", 2)
    assert "Question 2 of 5" in screen
    assert "1. It was held in New Delhi in September 2018." in screen
    assert "(c) 1 and 3 only" in screen


def test_the_screen_is_left_clean_after_each_question():
    for keys in ("b", CTRL_C):
        result, screen = vt100_run([(0.2, keys)], PromptView(2, 5))
        # The prompt erases what it drew and shows the cursor again.
        assert screen.rstrip().endswith("\x1b[?25h") or "\x1b[?25h" in screen[-40:]
        assert "\x1b[J" in screen[-60:]


def test_long_options_wrap_at_words_under_their_own_text():
    assertion = sample_questions()[4]
    buffer = io.StringIO()
    output = Vt100_Output(buffer, lambda: Size(rows=40, columns=80), term="xterm")
    with create_pipe_input() as pipe:
        pipe.send_text("a")
        ask(assertion, PromptView(5, 5), input=pipe, output=output)
    screen = buffer.getvalue()
    assert "correct explanation" in screen
    assert "Statement-II is the correct explanation" not in screen  # split over two lines
    assert "explana\n" not in screen


@pytest.mark.parametrize("seconds, text", [(72, "1:12"), (0.2, "0:01"), (0, "0:00"),
                                           (59.5, "1:00"), (3600, "1:00:00"), (-3, "0:00")])
def test_clock_format(seconds, text):
    assert format_clock(seconds) == text


PAGE_DOWN = "\x1b[6~"


def draw(question, keys: str, rows: int, columns: int = 80, view: PromptView | None = None):
    """Draw into a buffer; each key is sent after the screen had time to redraw."""
    import threading

    buffer = io.StringIO()
    output = Vt100_Output(buffer, lambda: Size(rows=rows, columns=columns), term="xterm")
    with create_pipe_input() as pipe:
        def typist():
            for key in keys:
                time.sleep(0.15)
                pipe.send_text(key)
        thread = threading.Thread(target=typist)
        thread.start()
        result = ask(question, view or PromptView(4, 5), input=pipe, output=output)
        thread.join()
    return result, buffer.getvalue()


def test_a_question_taller_than_the_terminal_scrolls_and_keeps_the_options():
    pairs = sample_questions()[3]
    result, screen = draw(pairs, "b", rows=40)
    assert result == Response("answer", 1)
    assert "to scroll" not in screen and "How many of the pairs" in screen
    result, screen = draw(pairs, "b", rows=12)
    assert result == Response("answer", 1)
    assert "⋮ lines 1–" in screen and "PgDn to scroll" in screen
    assert "correctly matched?" not in screen  # the last stem line is below the fold
    for option in ("(a) Only one pair", "(d) None of the pairs"):
        assert option in screen
    result, screen = draw(pairs, [PAGE_DOWN, PAGE_DOWN, PAGE_DOWN, "b"], rows=12)
    assert result == Response("answer", 1)
    # the renderer redraws only what changed, so look for the words, not the whole line
    assert "correctly matched?" in ANSI_RE.sub("", screen)


def test_the_key_line_and_header_shorten_instead_of_being_cut():
    question = sample_questions()[1]
    _, wide = draw(question, "b", rows=40, columns=160,
                   view=PromptView(2, 10, progress="answered 1", progress_short="1 ans"))
    assert "m mark for review, not answered" in ANSI_RE.sub("", wide)
    assert "Ctrl-C save & stop" in ANSI_RE.sub("", wide)
    _, narrow = draw(question, "b", rows=40, columns=60,
                     view=PromptView(2, 10, progress="answered 1", progress_short="1 ans"))
    text = ANSI_RE.sub("", narrow)
    assert "m mark (no answer)" in text and "^C stop" in text
    assert "Question 2 of 10" in text and "answered 1" in text
    _, tiny = draw(question, "b", rows=40, columns=36,
                   view=PromptView(2, 10, progress="answered 1", progress_short="1 ans"))
    first_row = ANSI_RE.sub("", tiny).split("\r\n")[0]
    assert "Q2/10" in first_row and "1 ans" in first_row


ANSI_RE = __import__("re").compile(r"\x1b\[[0-9;?]*[ -/]*[@-~]")


def test_a_resize_wraps_the_options_again():
    import threading

    statements = sample_questions()[4]  # assertion-reason: the longest options
    longest = max(statements.options, key=len)
    size = {"columns": 60}
    buffer = io.StringIO()
    output = Vt100_Output(buffer, lambda: Size(rows=40, columns=size["columns"]), term="xterm")
    view = PromptView(5, 5, deadline=time.monotonic() + 10, question_seconds=10)
    with create_pipe_input() as pipe:
        def widen_then_answer():
            time.sleep(0.5)
            narrow = buffer.getvalue()
            assert longest not in ANSI_RE.sub("", narrow)  # wrapped at 60 columns
            size["columns"] = 160
            time.sleep(1.6)  # the clock redraws every second: at the new width
            pipe.send_text("b")
        thread = threading.Thread(target=widen_then_answer)
        thread.start()
        assert ask(statements, view, input=pipe, output=output) == Response("answer", 1)
        thread.join()
    assert longest in ANSI_RE.sub("", buffer.getvalue())  # one line at 160 columns

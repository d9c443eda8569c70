"""The mock's full-screen Application driven with prompt_toolkit's pipe input (keys as a terminal
sends them) and DummyOutput, on a real 100-question paper recorded into a real SQLite file; and
the screen laid out at 80×24, 60×20 and 160×45."""

from __future__ import annotations

from datetime import datetime, timezone

import pytest
from prompt_toolkit.input import create_pipe_input
from prompt_toolkit.output import DummyOutput

from quizgen.history import open_history
from quizgen.quiz.mock import DatabaseRecorder, answer_changes, restore_paper
from quizgen.quiz.mockpaper import MockPaper
from quizgen.quiz.mockapp import run_mock_screen
from quizgen.quiz.mockscreen import MockScreen, ScreenState
from quizgen.quiz.session import load_result

RIGHT, LEFT, UP, DOWN, TAB, ENTER, CTRL_C = "\x1b[C", "\x1b[D", "\x1b[A", "\x1b[B", "\t", "\r", "\x03"
LETTERS = "abcd"
WHEN = datetime(2026, 11, 30, 8, 0, tzinfo=timezone.utc)


@pytest.fixture(scope="module")
def questions():
    from quizgen.generate import generate
    from quizgen.library import load_library, resolve_bank_paths

    library = load_library(resolve_bank_paths([]), None, strict=True)
    found = generate(library, count=100, seed=3).questions
    assert len(found) == 100
    return found


class Clock:
    def __init__(self):
        self.now = 1000.0

    def __call__(self):
        return self.now


@pytest.fixture
def sitting(tmp_path, questions):
    """A new mock attempt in a real database: (db, attempt id, paper, clock)."""
    db = open_history(tmp_path / "history.sqlite3")
    attempt = db.create_attempt(questions, started_at=WHEN, mode="mock",
                                time_limit_seconds=7200)
    clock = Clock()
    paper = MockPaper.new(questions, 7200, clock, DatabaseRecorder(db, attempt, lambda: WHEN))
    yield db, attempt, paper, clock
    db.close()


def drive(paper, keys: str, **kwargs) -> str:
    with create_pipe_input() as pipe:
        pipe.send_text(keys)
        return run_mock_screen(paper, input=pipe, output=DummyOutput(), **kwargs)


def wrong(question) -> str:
    return LETTERS[(question.answer + 1) % 4]


def right(question) -> str:
    return LETTERS[question.answer]


def test_answer_jump_clear_mark_change_and_submit(sitting, questions):
    db, attempt, paper, _ = sitting
    keys = (right(questions[0])           # Q1 right
            + "g37" + ENTER + wrong(questions[36])   # Q37 wrong, reached with g 37 Enter
            + "p" + "m"                     # Q36 marked, no answer
            + "5" + ENTER + "a" + "x"       # Q5 answered, then cleared
            + RIGHT + "m" + right(questions[5])  # Q6 marked, then answered: answered & marked
            + "g1" + ENTER + wrong(questions[0])  # back to Q1: right changed to wrong
            + "S" + "n"                     # the summary, then back to the paper
            + "S" + "y")
    assert drive(paper, keys) == "submitted"
    states = {n + 1: slot.state for n, slot in enumerate(paper.slots) if slot.visited}
    assert states == {1: "answered", 37: "answered", 36: "marked", 5: "not-answered",
                      6: "answered-marked"}
    finals = db.final_answers(attempt)
    assert set(finals) == {0, 36, 35, 4, 5}  # not visited: no row
    assert (finals[0].chosen, finals[0].outcome) == ("abcd".index(wrong(questions[0])), "wrong")
    assert finals[36].outcome == "wrong"
    assert (finals[35].chosen, finals[35].marked, finals[35].outcome) == (None, True, "skipped")
    assert (finals[4].chosen, finals[4].outcome) == (None, "skipped")
    assert (finals[5].outcome, finals[5].marked) == ("correct", True)
    result = load_result(db, attempt)
    assert (result.correct, result.wrong, result.unanswered) == (1, 2, 97)
    assert str(result.score) == "2/3"  # +2 − 2/3 − 2/3; marked-without-answer scores 0
    changes = answer_changes(result, db.answer_rows(attempt))
    assert changes.right_to_wrong == [1] and changes.wrong_to_right == []


def test_palette_arrows_and_enter_open_a_question(sitting):
    _, _, paper, _ = sitting
    # Tab opens the palette on question 1; down a row (10 on a wide palette, or fewer), right 2
    with create_pipe_input() as pipe:
        pipe.send_text(TAB + DOWN + RIGHT + RIGHT + ENTER + "b" + "S" + "y")
        app_output = DummyOutput()  # 80 columns, 40 rows
        assert run_mock_screen(paper, input=pipe, output=app_output) == "submitted"
    screen = MockScreen(paper, ScreenState())
    columns = screen.palette_columns(80, 40)
    assert paper.current == columns + 2
    assert paper.slots[columns + 2].chosen == 1


def test_next_and_previous_stop_at_the_ends(sitting):
    _, _, paper, _ = sitting
    assert drive(paper, LEFT + "p" + "n" * 150 + "S" + "y") == "submitted"
    assert paper.current == 99
    assert all(slot.visited for slot in paper.slots)


def test_a_number_out_of_range_does_not_move(sitting):
    _, _, paper, _ = sitting
    assert drive(paper, "g0" + ENTER + "g250" + ENTER + "S" + "y") == "submitted"
    assert paper.current == 0
    assert [n for n, slot in enumerate(paper.slots) if slot.visited] == [0]


def test_a_number_typed_without_g_jumps_too(sitting):
    _, _, paper, _ = sitting
    assert drive(paper, "100" + ENTER + "S" + "y") == "submitted"
    assert paper.current == 99


def test_ctrl_c_saves_the_visit_and_the_position(sitting, questions):
    db, attempt, paper, clock = sitting
    clock.now += 30  # 30 s on question 1 before anything is pressed
    assert drive(paper, "c" + "g12" + ENTER + CTRL_C) == "interrupted"
    restored = restore_paper(db, attempt, Clock())
    assert restored.current == 11
    assert restored.slots[0].chosen == 2 and restored.slots[0].seconds == pytest.approx(30)
    assert restored.time_left() == pytest.approx(7200 - 30)
    assert [n for n, s in enumerate(restored.slots) if s.visited] == [0, 11]


def test_time_up_submits_the_paper_as_it_stands(tmp_path, questions):
    import time

    db = open_history(tmp_path / "history.sqlite3")
    attempt = db.create_attempt(questions[:5], started_at=WHEN, mode="mock",
                                time_limit_seconds=3)
    origin = time.monotonic()
    paper = MockPaper.new(questions[:5], 3, lambda: (time.monotonic() - origin) * 10,
                          DatabaseRecorder(db, attempt, lambda: WHEN))
    with create_pipe_input() as pipe:
        pipe.send_text("b")
        assert run_mock_screen(paper, input=pipe, output=DummyOutput()) == "time-up"
    assert paper.time_left() <= 0.3
    assert db.final_answers(attempt)[0].chosen == 1
    db.close()


def test_warnings_at_30_10_and_5_minutes(questions):
    clock = Clock()
    paper = MockPaper.new(questions, 40 * 60, clock)
    said = []
    for _ in range(40 * 60 // 5):
        clock.now += 5
        said.append(paper.tick())
    assert [s for s in said if s and s != "time-up"] == ["30 minutes left", "10 minutes left",
                                                         "5 minutes left"]
    assert said[-1] == "time-up"


def test_a_short_paper_gives_only_the_warnings_below_its_length(questions):
    clock = Clock()
    paper = MockPaper.new(questions[:10], 12 * 60, clock)
    said = []
    for _ in range(12 * 60):
        clock.now += 1
        said.append(paper.tick())
    assert [s for s in said if s and s != "time-up"] == ["10 minutes left", "5 minutes left"]


def test_time_is_charged_to_the_question_on_screen(questions):
    clock = Clock()
    paper = MockPaper.new(questions, 7200, clock)
    clock.now += 40
    paper.go(3)
    clock.now += 20
    paper.go(0)
    clock.now += 5
    paper.tick()
    assert paper.slots[0].seconds == pytest.approx(45)
    assert paper.slots[3].seconds == pytest.approx(20)
    assert paper.time_left() == pytest.approx(7200 - 65)


def plain_rows(screen, width, height):
    return ["".join(text for _, text in row) for row in screen.render(width, height)]


@pytest.mark.parametrize("width, height", [(80, 24), (60, 20), (160, 45)])
@pytest.mark.parametrize("mode", ["paper", "palette", "help", "submit"])
def test_every_question_fits_the_screen(questions, width, height, mode):
    from quizgen.quiz.stem import display_width

    paper = MockPaper.new(questions, 7200, Clock())
    state = ScreenState(mode=mode)
    screen = MockScreen(paper, state)
    for position in range(len(questions)):
        paper.go(position)
        rows = plain_rows(screen, width, height)
        assert len(rows) == height
        assert all(display_width(row) < width for row in rows), (position, rows)
        text = "\n".join(rows)
        if mode == "paper":
            assert all(f"({letter})" in text for letter in LETTERS), (position, text)
            assert "left" in rows[0]  # the clock
            assert "S submit" in text or "S  submit" in text
        if mode == "submit":
            assert "Submit the paper?" in text and "not visited" in text


def test_the_palette_sits_beside_the_question_on_a_wide_screen(questions):
    paper = MockPaper.new(questions, 7200, Clock())
    paper.answer(0)
    paper.go(1)
    paper.toggle_mark()
    screen = MockScreen(paper, ScreenState())
    wide = "\n".join(plain_rows(screen, 160, 45))
    assert " 1✓" in wide and "»  2?" in wide and "100·" in wide and "98 not visited" in wide
    narrow = plain_rows(screen, 80, 24)
    assert "100·" not in "\n".join(narrow)
    assert narrow[1].startswith(" ✓1 answered  ★0 ans+marked  ?1 marked")
    assert narrow[1].rstrip().endswith("Tab palette")


def test_the_clock_turns_red_in_the_last_five_minutes(questions):
    clock = Clock()
    paper = MockPaper.new(questions[:5], 600, clock)
    screen = MockScreen(paper, ScreenState())
    assert screen.clock_tokens()[0][0] == "class:clock"
    clock.now += 300
    assert screen.clock_tokens()[0][0] == "class:clock.low"


def test_confidence_keys_tag_the_answer_and_digits_do_not_jump(sitting, questions):
    db, attempt, paper, _ = sitting
    keys = "1" + "b" + "2" + "n" + "c" + "1" + "g3" + ENTER + "S" + "y"
    assert drive(paper, keys, confidence=True) == "submitted"
    finals = db.final_answers(attempt)
    assert (finals[0].chosen, finals[0].confidence) == (1, "guess")
    assert (finals[1].chosen, finals[1].confidence) == (2, "sure")
    assert paper.current == 2  # only g 3 Enter moved there; 1 and 2 tagged


def test_a_new_answer_drops_the_old_tag(questions):
    paper = MockPaper.new(questions, 7200, Clock())
    paper.answer(0)
    paper.tag("sure")
    paper.answer(2)
    assert paper.slot.confidence is None


def test_history_and_stats_read_a_mock_like_any_attempt(sitting, questions, cli):
    db, attempt, paper, clock = sitting
    paper.answer(questions[0].answer)
    clock.now += 90
    paper.go(1)
    clock.now += 10
    paper.answer((questions[1].answer + 1) % 4)
    paper.submit()
    db.finish_attempt(attempt, WHEN)
    listed = cli("history", "--db", db.path, "--format", "json")
    assert listed.code == 0
    (row,) = listed.json()
    assert (row["mode"], row["correct"], row["wrong"], row["unanswered"]) == ("mock", 1, 1, 98)
    assert row["seconds"] == pytest.approx(100, abs=0.1)  # the sum of the visits
    stats = cli("stats", "--db", db.path, "--format", "json")
    assert stats.code == 0 and '"mock"' in stats.out


def test_a_late_last_tick_charges_no_time_past_the_paper_end(questions):
    clock = Clock()
    paper = MockPaper.new(questions[:3], 60, clock)
    clock.now += 50
    paper.go(1)
    clock.now += 25  # the tick comes 15 s after the end
    assert paper.tick() == "time-up"
    paper.submit()
    assert [slot.seconds for slot in paper.slots] == [50, 10, 0]
    assert paper.time_left() == 0

"""The real `quizgen mock` in a pseudo-terminal (pexpect) with a real SQLite file: answer out of
order, jump, clear, mark, change an answer, submit with the summary; SIGKILL mid-paper and
`--resume` with the clock; the paper submitting itself at zero; Ctrl-C; no terminal."""

from __future__ import annotations

import json
import os
import re
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pexpect

QUIZGEN = [sys.executable, "-m", "quizgen"]
ANSI = re.compile(r"\x1b\[[0-9;?]*[ -/]*[@-~]|\x1b[()][0-9A-Za-z]|\x1b[=>]")
LETTERS = "abcd"
ENTER = "\r"


def plain(text: str) -> str:
    return ANSI.sub("", text)


def spawn(args: list[str], db: Path, extra_env: dict | None = None, size=(24, 80)):
    env = {k: v for k, v in os.environ.items() if k != "QUIZGEN_DB"}
    env.update(TERM="xterm-256color", COLUMNS=str(size[1]), LINES=str(size[0]),
               QUIZGEN_DB=str(db), PROMPT_TOOLKIT_NO_CPR="1", **(extra_env or {}))
    return pexpect.spawn(QUIZGEN[0], QUIZGEN[1:] + args, env=env, dimensions=size,
                         encoding="utf-8", timeout=20, cwd=str(Path(__file__).parents[1]))


def keys_of(db: Path, attempt_id: int = 1) -> list[int]:
    with sqlite3.connect(db) as conn:
        rows = conn.execute("SELECT question FROM attempt_questions WHERE attempt_id = ?"
                            " ORDER BY position", (attempt_id,)).fetchall()
    return [json.loads(row[0])["answer"] for row in rows]


def finals(db: Path, attempt_id: int = 1) -> dict[int, tuple]:
    with sqlite3.connect(db) as conn:
        rows = conn.execute("SELECT position, chosen, outcome, marked, seconds FROM final_answers"
                            " WHERE attempt_id = ?", (attempt_id,)).fetchall()
    return {row[0]: row[1:] for row in rows}


def attempt(db: Path, attempt_id: int = 1) -> dict:
    with sqlite3.connect(db) as conn:
        conn.row_factory = sqlite3.Row
        row = conn.execute("SELECT * FROM attempts WHERE id = ?", (attempt_id,)).fetchone()
    return dict(row) if row else {}


def wait_for(predicate, timeout: float = 10.0):
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        value = predicate()
        if value:
            return value
        time.sleep(0.05)
    raise AssertionError("timed out waiting")


def progress(db: Path, attempt_id: int = 1) -> dict:
    return json.loads(attempt(db, attempt_id).get("settings") or "{}").get("progress") or {}


def start(child) -> None:
    child.expect("start the clock")
    child.send(ENTER)


def on_question(db: Path, number: int) -> None:
    """Wait until the running mock has saved that it is on question `number`. (The screen is
    redrawn by differences, so the terminal stream does not hold whole words to expect.)"""
    wait_for(lambda: progress(db).get("position") == number - 1)


def test_a_whole_mock_out_of_order_then_submit(tmp_path):
    db = tmp_path / "history.sqlite3"
    child = spawn(["mock", "--count", "40", "--seed", "5"], db)
    start(child)
    on_question(db, 1)
    key = keys_of(db)
    wrong = [(k + 1) % 4 for k in key]
    child.send(LETTERS[key[0]])                 # Q1 right ...
    child.send("g37" + ENTER)
    on_question(db, 37)
    child.send(LETTERS[wrong[36]])              # Q37 wrong
    child.send("p")
    on_question(db, 36)
    child.send("m")                             # Q36 marked, no answer
    child.send("5" + ENTER)
    on_question(db, 5)
    child.send(LETTERS[key[4]])
    wait_for(lambda: finals(db).get(4, (None,))[0] == key[4])
    child.send("x")                             # Q5 answered, then cleared
    wait_for(lambda: finals(db).get(4, (1,))[0] is None)
    child.send("g1" + ENTER)
    on_question(db, 1)
    child.send(LETTERS[wrong[0]] + "m")         # ... changed to wrong on a second visit, marked
    child.send("g2" + ENTER)
    on_question(db, 2)
    child.send("m")                             # Q2 marked, no answer: the second mark
    child.send("S")
    child.expect("Submit")                      # the summary (y does nothing elsewhere)
    child.send("y")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0
    screen = plain(child.before)
    assert "Correct 0   Wrong 2   Unanswered 38" in screen
    assert "Score −1.33 / 80.00" in screen
    assert "Answers changed: 1 right to wrong (Q1)" in screen
    assert "Mock analysis" in screen
    rows = finals(db)
    assert set(rows) == {0, 1, 4, 35, 36}
    assert rows[0][:3] == (wrong[0], "wrong", 1)
    assert rows[36][:3] == (wrong[36], "wrong", 0)
    assert rows[35][:3] == (None, "skipped", 1)
    assert rows[1][:3] == (None, "skipped", 1)
    assert rows[4][:3] == (None, "skipped", 0)
    info = attempt(db)
    assert info["mode"] == "mock" and info["finished_at"] is not None
    assert info["time_limit_seconds"] == 40 * 72


def test_sigkill_then_resume_restores_answers_marks_question_and_clock(tmp_path):
    db = tmp_path / "history.sqlite3"
    child = spawn(["mock", "--count", "20", "--seed", "3", "--time-limit", "10"], db)
    start(child)
    on_question(db, 1)
    key = keys_of(db)
    child.send(LETTERS[key[0]])
    child.send("n")
    child.send("m")
    child.send("g7" + ENTER)
    on_question(db, 7)
    wait_for(lambda: finals(db).get(1))
    time.sleep(2.5)                              # time on question 7, saved every second
    wait_for(lambda: progress(db).get("current_seconds", 0) >= 2)
    child.kill(signal.SIGKILL)
    child.close()
    saved = progress(db)
    assert saved["position"] == 6
    used_at_kill = saved["used"]
    assert 2 <= used_at_kill <= 8

    child = spawn(["mock", "--resume"], db)
    child.expect(r"Resuming mock 1: 1 of 20 answered,\s+(\d+):(\d\d)\s+left\s+on\s+the\s+clock,"
                 r"\s+at\s+question\s+7\b")
    shown_left = int(child.match.group(1)) * 60 + int(child.match.group(2))
    assert abs(shown_left - (600 - used_at_kill)) <= 1.0
    child.send(ENTER)
    time.sleep(0.5)
    child.send("S")
    child.expect("Submit")
    resumed = progress(db)                      # saved as the paper restarted
    assert resumed["position"] == 6
    assert used_at_kill <= resumed["used"] <= used_at_kill + 1.5
    child.send("y")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0
    rows = finals(db)
    assert rows[0][:3] == (key[0], "correct", 0)
    assert rows[1][:3] == (None, "skipped", 1)
    assert rows[6][3] >= 2                       # question 7's time survived the kill


def test_the_paper_submits_itself_at_zero(tmp_path):
    db = tmp_path / "history.sqlite3"
    child = spawn(["mock", "--count", "5", "--seed", "2", "--time-limit", "1"], db,
                  {"QUIZGEN_TIME_SCALE": "30"})  # one minute in two seconds
    start(child)
    on_question(db, 1)
    key = keys_of(db)
    child.send(LETTERS[key[0]])
    child.expect(pexpect.EOF, timeout=15)
    child.close()
    assert child.exitstatus == 0
    screen = plain(child.before)
    assert "The paper's time ran out" in screen
    assert "Correct 1   Wrong 0   Unanswered 4" in screen
    assert attempt(db)["finished_at"] is not None


def test_ctrl_c_saves_and_exits_130(tmp_path):
    db = tmp_path / "history.sqlite3"
    child = spawn(["mock", "--count", "5", "--seed", "2"], db)
    start(child)
    on_question(db, 1)
    child.send("c")
    child.sendcontrol("c")
    child.expect("continue with: quizgen mock --resume")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 130
    assert finals(db)[0][0] == 2
    assert attempt(db)["finished_at"] is None


def test_no_terminal_exits_2(tmp_path):
    result = subprocess.run(QUIZGEN + ["mock", "--db", str(tmp_path / "h.sqlite3")],
                            capture_output=True, text=True, stdin=subprocess.DEVNULL,
                            cwd=str(Path(__file__).parents[1]))
    assert result.returncode == 2
    assert result.stderr.startswith("Error: ") and "terminal" in result.stderr
    assert not (tmp_path / "h.sqlite3").exists()


def test_quiz_resume_continues_an_unfinished_mock_as_a_mock(tmp_path):
    db = tmp_path / "history.sqlite3"
    child = spawn(["mock", "--count", "10", "--seed", "2"], db)
    start(child)
    on_question(db, 1)
    child.send("b" + "g4" + ENTER)
    on_question(db, 4)
    child.sendcontrol("c")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 130
    child = spawn(["quiz", "--resume"], db)
    child.expect(r"Resuming mock 1: 1 of 10 answered")
    child.send(ENTER)
    time.sleep(0.5)
    child.send("S")
    child.expect("Submit")
    child.send("y")
    child.expect("Mock analysis")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0
    assert attempt(db)["finished_at"] is not None


def test_a_long_quiz_points_to_the_mock(tmp_path):
    child = spawn(["quiz", "--count", "50", "--seed", "1"], tmp_path / "history.sqlite3",
                  size=(40, 120))
    child.expect("quizgen mock --count 50")
    child.sendcontrol("c")
    child.expect(pexpect.EOF)
    child.close()

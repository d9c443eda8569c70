"""The real `quizgen quiz` command in a pseudo-terminal (pexpect): answer, time out, read the
end screen, check the SQLite file; SIGKILL mid-paper and `--resume`; Ctrl-C; no terminal."""

from __future__ import annotations

import json
import os
import re
import signal
import sqlite3
import subprocess
import sys
from pathlib import Path

import pexpect
import pytest

QUIZGEN = [sys.executable, "-m", "quizgen"]
ANSI = re.compile(r"\x1b\[[0-9;?]*[ -/]*[@-~]|\x1b[()][0-9A-Za-z]|\x1b[=>]")
LETTERS = "abcd"


def plain(text: str) -> str:
    return ANSI.sub("", text)


def spawn(args: list[str], db: Path, extra_env: dict | None = None) -> pexpect.spawn:
    env = {k: v for k, v in os.environ.items() if k != "QUIZGEN_DB"}
    env.update(TERM="xterm-256color", COLUMNS="100", LINES="40", QUIZGEN_DB=str(db),
               # pexpect does not answer prompt_toolkit's cursor-position requests the way a
               # terminal does; without this each screen waits a second for the reply.
               PROMPT_TOOLKIT_NO_CPR="1", **(extra_env or {}))
    return pexpect.spawn(QUIZGEN[0], QUIZGEN[1:] + args, env=env, dimensions=(40, 100),
                         encoding="utf-8", timeout=20, cwd=str(Path(__file__).parents[1]))


def stored_answers(db: Path, attempt_id: int = 1) -> list[int]:
    """The key for the attempt, read from the file the running quiz writes."""
    with sqlite3.connect(db) as conn:
        rows = conn.execute("SELECT question FROM attempt_questions WHERE attempt_id = ?"
                            " ORDER BY position", (attempt_id,)).fetchall()
    return [json.loads(row[0])["answer"] for row in rows]


def rows(db: Path):
    with sqlite3.connect(db) as conn:
        return conn.execute("SELECT position, chosen, outcome, correct, seconds FROM answers"
                            " ORDER BY id").fetchall()


def start(child: pexpect.spawn) -> None:
    child.expect("start the clock")
    child.send("\r")


def test_answer_right_wrong_and_time_out_then_read_the_end_screen(tmp_path):
    db = tmp_path / "history.sqlite3"
    child = spawn(["quiz", "--count", "3", "--seed", "5", "--time-per-question", "2"], db)
    start(child)
    child.expect("Question 1 of 3")
    key = stored_answers(db)
    child.send(LETTERS[key[0]])                       # right
    child.expect("Question 2 of 3")
    child.send(LETTERS[(key[1] + 1) % 4])             # wrong
    child.expect("Question 3 of 3")
    child.expect(r"⏱ 0:02 left")                      # the countdown under the question
    child.expect(pexpect.EOF)                         # ... runs out: the end screen
    child.close()
    assert child.exitstatus == 0
    screen = plain(child.before)
    assert "Result · attempt 1" in screen
    assert "Score 1.33 / 6.00" in screen
    assert "Correct 1   Wrong 1   Unanswered 1" in screen
    assert "Accuracy 50% of attempted (1 of 2)" in screen
    assert "Q2 ·" in screen and "Q3 ·" in screen and "time ran out" in screen
    assert "Q1 ·" not in screen
    assert "Why" in screen and "Source" in screen
    (q1, q2, q3) = rows(db)
    assert q1[:4] == (0, key[0], "correct", 1)
    assert q2[:4] == (1, (key[1] + 1) % 4, "wrong", 0)
    assert q3[:4] == (2, None, "timeout", 0) and 1.9 < q3[4] < 3.5
    with sqlite3.connect(db) as conn:
        assert conn.execute("SELECT finished_at IS NOT NULL FROM attempts").fetchone() == (1,)
        assert conn.execute("PRAGMA journal_mode").fetchone() == ("wal",)


def test_sigkill_loses_nothing_and_resume_continues(tmp_path):
    db = tmp_path / "history.sqlite3"
    child = spawn(["quiz", "--count", "4", "--seed", "11"], db)
    start(child)
    child.expect("Question 1 of 4")
    key = stored_answers(db)
    child.send(LETTERS[key[0]])
    child.expect("Question 2 of 4")
    child.send(LETTERS[(key[1] + 2) % 4])
    child.expect("Question 3 of 4")
    child.kill(signal.SIGKILL)
    child.close()
    assert child.signalstatus == signal.SIGKILL
    assert [r[:3] for r in rows(db)] == [(0, key[0], "correct"),
                                         (1, (key[1] + 2) % 4, "wrong")]

    child = spawn(["quiz", "--resume"], db)
    child.expect("Resuming attempt 1")
    child.expect("2 of 4 questions done, 2 not yet seen to go")
    start(child)
    child.expect("Question 3 of 4")
    child.send(LETTERS[key[2]])
    child.expect("Question 4 of 4")
    child.send(LETTERS[key[3]])
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0
    screen = plain(child.before)
    assert "Correct 3   Wrong 1   Unanswered 0" in screen
    assert "Score 5.33 / 8.00" in screen
    assert [r[0] for r in rows(db)] == [0, 1, 2, 3]

    history = subprocess.run(QUIZGEN + ["history", "--format", "json", "--db", str(db)],
                             capture_output=True, text=True, check=True)
    (attempt,) = json.loads(history.stdout)
    assert (attempt["finished"], attempt["correct"], attempt["wrong"], attempt["score"]) == \
        (True, 3, 1, 5.33)


def test_ctrl_c_saves_says_how_to_resume_and_exits_130(tmp_path):
    db = tmp_path / "history.sqlite3"
    child = spawn(["quiz", "--count", "3", "--seed", "2"], db)
    start(child)
    child.expect("Question 1 of 3")
    child.send("s")
    child.expect("Question 2 of 3")
    child.sendintr()
    child.expect(r"Stopped. Everything so far is saved in attempt 1 \(1 of 3 questions "
                 r"seen\); continue with: quizgen quiz --resume")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 130
    assert [r[2] for r in rows(db)] == ["skipped"]


@pytest.mark.parametrize("stdin", [subprocess.DEVNULL, subprocess.PIPE])
def test_without_a_terminal_the_quiz_exits_2_with_one_line(tmp_path, stdin):
    # /dev/null makes questionary raise EOFError and an idle pipe makes it hang; neither may.
    process = subprocess.run(QUIZGEN + ["quiz", "--db", str(tmp_path / "h.sqlite3")],
                             stdin=stdin, capture_output=True, text=True, timeout=20)
    assert process.returncode == 2
    assert process.stdout == ""
    lines = process.stderr.splitlines()
    assert len(lines) == 1
    assert lines[0].startswith("Error: the quiz needs a terminal")
    assert "quizgen generate" in lines[0] and "quizgen pdf" in lines[0]
    assert not (tmp_path / "h.sqlite3").exists()


def test_confidence_key_after_the_answer_is_stored(tmp_path):
    db = tmp_path / "history.sqlite3"
    child = spawn(["quiz", "--count", "2", "--seed", "4", "--confidence"], db)
    child.expect("press y if you are sure or g if it is a guess")
    child.send("\r")
    child.expect("Question 1 of 2")
    key = stored_answers(db)
    child.send(LETTERS[key[0]])
    child.expect(r"Sure or guess\?")
    child.send("y")
    child.expect("Question 2 of 2")
    child.send(LETTERS[(key[1] + 1) % 4])
    child.expect(r"Sure or guess\?")
    child.send("g")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0
    screen = plain(child.before)
    assert "Confidence: 1 sure answer: 1 right, net 2.00 · 1 guess: 0 right, net −0.67" \
        in screen
    with sqlite3.connect(db) as conn:
        assert conn.execute("SELECT outcome, confidence FROM answers ORDER BY id").fetchall() \
            == [("correct", "sure"), ("wrong", "guess")]

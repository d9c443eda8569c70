"""Control characters from banks and stored questions never reach a terminal raw: an escape
sequence in a fact value (retitle the window, clear the screen) is shown as text, and `check`
warns about it at its line."""

from __future__ import annotations

import json
import sqlite3
from datetime import datetime, timezone

import pexpect

from conftest import MINI_BANK, MINI_TEMPLATES, run_cli
from quizgen.generate import generate
from quizgen.history import open_history
from quizgen.library import load_library
from test_quiz_e2e import spawn

ESCAPES = "BECA\x1b]0;TITLE\x07\x1b[2J"
RAW = ("\x1b]0;", "\x1b[2J", "\x07")


def bank_with_escapes(tmp_path):
    text = MINI_BANK.read_text("utf-8").replace("name: BECA,", 'name: "BECA\\e]0;TITLE\\a\\e[2J",')
    path = tmp_path / "bank.yaml"
    path.write_text(text, encoding="utf-8")
    return path, text.splitlines().index(next(l for l in text.splitlines() if "TITLE" in l)) + 1


def test_check_warns_at_the_line_and_questions_show_the_characters_as_text(tmp_path):
    bank, line = bank_with_escapes(tmp_path)
    result = run_cli("check", bank, MINI_TEMPLATES)
    assert result.code == 0
    assert f"{bank}:{line}: warning: a value holds control characters" in result.out
    library = load_library([bank], [MINI_TEMPLATES])
    shown = json.dumps([q.to_dict() for q in generate(library, count=40, seed=1).questions],
                       ensure_ascii=False)
    assert not any(raw in shown for raw in RAW)
    assert "BECA\\\\x1b]0;TITLE\\\\x07\\\\x1b[2J" in shown  # JSON of the text BECA\x1b]0;...


def test_markdown_shows_the_escape_as_text(tmp_path):
    bank, _ = bank_with_escapes(tmp_path)
    result = run_cli("generate", "--bank", bank, "--templates", MINI_TEMPLATES, "--count", "40",
                     "--format", "markdown")
    assert result.code == 0
    assert "BECA\\x1b]0;TITLE\\x07\\x1b[2J" in result.out
    assert not any(raw in result.out for raw in RAW)


def test_a_stored_question_with_escapes_is_shown_as_text_by_history_show(tmp_path):
    # An older quizgen stored bank values as they were: the terminal must still get text.
    library = load_library([MINI_BANK], [MINI_TEMPLATES])
    questions = [q for q in generate(library, count=40, seed=1).questions if "BECA" in q.stem][:2]
    db_path = tmp_path / "h.sqlite3"
    when = datetime(2026, 11, 1, 9, 0, tzinfo=timezone.utc)
    with open_history(db_path) as db:
        attempt = db.create_attempt(questions, started_at=when)
        db.finish_attempt(attempt, when)
    with sqlite3.connect(db_path) as conn:
        conn.execute("UPDATE attempt_questions SET question = replace(question, 'BECA', ?)",
                     (json.dumps(ESCAPES)[1:-1],))
    result = run_cli("history", "--show", "1", "--db", db_path)
    assert result.code == 0, result.err
    assert "BECA\\x1b]0;TITLE" in result.out
    assert not any(raw in result.out for raw in RAW)


def test_the_quiz_on_a_real_terminal_gets_no_raw_escape(tmp_path):
    bank, _ = bank_with_escapes(tmp_path)
    child = spawn(["quiz", "--bank", str(bank), "--templates", str(MINI_TEMPLATES), "--count", "4",
                   "--topic", "foundational", "--style", "pairs", "--seed", "1"], tmp_path / "h.sqlite3")
    try:
        child.expect("start the clock")
        child.send("\r")
        child.expect("Question 1 of")
        child.expect(r"\(d\)")
        seen = child.before
        child.expect([pexpect.TIMEOUT], timeout=0.5)
        seen += child.before
    finally:
        child.terminate(force=True)
    assert "BECA\\x1b]0;TITLE" in seen  # a pairs question lists every agreement
    assert "\x1b]0;TITLE" not in seen and "\x1b[2J" not in seen

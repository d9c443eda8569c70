"""`quizgen review`: what it plans (--list, in-process) and, end to end in a pseudo-terminal,
a quiz with --confidence followed by a review that brings the wrongly answered fact back."""

from __future__ import annotations

import io
import json
import os
import re
import sqlite3
import sys
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pexpect
import pytest

from quizgen.cli import Env, main
from quizgen.generate import generate
from quizgen.history import open_history
from quizgen.library import load_library

BANK = """\
id: mini-agreements
title: India–US defence agreements
subjects: ["GS Paper II: International Relations"]
as_of: 2024-01-01  # wrong years up to 2024 are plausible, so every key slot can be asked
kinds:
  agreement:
    name: text
    year: year
topics:
  foundational: "the foundational defence agreements between India and the USA"
sources:
  src-1:
    title: "What is COMCASA"
    outlet: "The Hindu"
    date: 2018-09-06
decoys:
  agreement.name: ["CISMOA", "NATO SOFA", "Open Skies Treaty"]
facts:
  - {id: comcasa, kind: agreement, topics: [foundational], fields: {name: COMCASA, year: 2018},
     sources: [{source: src-1, quote: "COMCASA was signed in 2018"}]}
  - {id: lemoa, kind: agreement, topics: [foundational], fields: {name: LEMOA, year: 2016},
     sources: [{source: src-1, quote: "LEMOA was signed in 2016"}]}
  - {id: beca, kind: agreement, topics: [foundational], fields: {name: BECA, year: 2020},
     sources: [{source: src-1, quote: "BECA was signed in 2020"}]}
  - {id: gsomia, kind: agreement, topics: [foundational], fields: {name: GSOMIA, year: 2002},
     sources: [{source: src-1, quote: "GSOMIA was signed in 2002"}]}
  - {id: isa, kind: agreement, topics: [foundational],
     fields: {name: Industrial Security Annex, year: 2019},
     sources: [{source: src-1, quote: "the ISA was signed in 2019"}]}
"""

TEMPLATES = """\
templates:
  - id: agreement-year-single
    style: single
    kind: agreement
    needs: [name, year]
    answer: year
    stem: "In which year was {{ name }} signed between India and the USA?"
    distractors: [siblings, nearby]
    explanation: "{{ name }} was signed in {{ year }}."
  - id: agreement-name-single
    style: single
    kind: agreement
    needs: [name, year]
    answer: name
    stem: "Which one of the following agreements between India and the USA was signed in {{ year }}?"
    distractors: [siblings, decoys]
    explanation: "{{ name }} was signed in {{ year }}."
  - id: agreement-year-claim
    style: claim
    kind: agreement
    needs: [name, year]
    vary: year
    statement: "{{ name }} was signed in {{ year }}."
    distractors: [siblings, nearby]
  - id: agreement-statements
    style: statements
    about: topic
    intro: "With reference to {{ topic }}, consider the following statements:"
    claims: [agreement-year-claim]
    statements: [2, 3]
"""


@pytest.fixture
def library_files(tmp_path: Path) -> tuple[Path, Path]:
    bank, templates = tmp_path / "bank.yaml", tmp_path / "templates.yaml"
    bank.write_text(BANK, encoding="utf-8")
    templates.write_text(TEMPLATES, encoding="utf-8")
    return bank, templates


def run_cli(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    status = main(list(argv), Env(stdin=io.StringIO(), stdout=out, stderr=err, environ={}))
    return status, out.getvalue(), err.getvalue()


def library_args(files) -> list[str]:
    bank, templates = files
    return ["--bank", str(bank), "--templates", str(templates)]


def test_list_on_an_empty_history_asks_new_facts(tmp_path, library_files):
    status, out, err = run_cli("review", "--list", "--count", "3", "--db",
                               str(tmp_path / "h.sqlite3"), *library_args(library_files))
    assert status == 0, err
    assert out.startswith("0 facts due for review. This review asks 3 questions")
    assert out.count("[new]") == 3 and "[due" not in out
    assert not (tmp_path / "h.sqlite3").exists()  # listing does not create the history


def test_list_brings_back_a_missed_fact_in_another_template(tmp_path, library_files):
    library = load_library(list(library_files[:1]), [library_files[1]], strict=True)
    missed = next(q for q in generate(library, count=100, seed=0).questions
                  if q.template == "agreement-year-single" and q.facts == ("comcasa",))
    path = tmp_path / "h.sqlite3"
    now = datetime.now(timezone.utc)
    with open_history(path) as db:
        attempt = db.create_attempt([missed], started_at=now - timedelta(minutes=5))
        db.record_answer(attempt, 0, missed, chosen=(missed.answer + 1) % 4, outcome="wrong",
                         seconds=20, answered_at=now - timedelta(minutes=4), confidence="sure")
        db.finish_attempt(attempt, now - timedelta(minutes=4))

    status, out, err = run_cli("review", "--list", "--count", "1", "--db", str(path),
                               *library_args(library_files))
    assert status == 0, err
    assert out.startswith("1 fact due for review. This review asks 1 question covering 1 due")
    listed = out.splitlines()[1:]
    assert listed[0].startswith("  1. [due, now]")
    assert "comcasa" in listed[1]
    assert "agreement-year-single" not in listed[1]  # asked afresh, in another template


def test_review_needs_a_terminal_unless_listing(tmp_path, library_files):
    status, _, err = run_cli("review", "--db", str(tmp_path / "h.sqlite3"),
                             *library_args(library_files))
    assert status == 2
    assert "review needs a terminal" in err and "quizgen review --list" in err


def test_exam_date_must_be_ahead(tmp_path, library_files):
    status, _, err = run_cli("review", "--list", "--exam-date", "2020-01-01", "--db",
                             str(tmp_path / "h.sqlite3"), *library_args(library_files))
    assert status == 2 and "is not in the future" in err
    status, _, err = run_cli("review", "--list", "--exam-date", "soon")
    assert status == 2 and "not a date" in err


# --- End to end in a pseudo-terminal -------------------------------------------------------

QUIZGEN = [sys.executable, "-m", "quizgen"]
ANSI = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]")


def spawn(args: list[str], tmp_path: Path) -> pexpect.spawn:
    env = dict(os.environ, TERM="xterm-256color", COLUMNS="100", LINES="35")
    env.pop("QUIZGEN_DB", None)
    return pexpect.spawn(QUIZGEN[0], QUIZGEN[1:] + args, cwd=str(tmp_path), env=env,
                         dimensions=(35, 100), encoding="utf-8", timeout=20)


def answer(child: pexpect.spawn, letter: str, confidence: str) -> None:
    child.expect("Your answer")
    child.send(letter)
    child.expect("Sure or guess")
    child.send(confidence)


def test_quiz_with_confidence_then_review_brings_the_missed_fact_back(tmp_path, library_files):
    db = tmp_path / "h.sqlite3"
    common = library_args(library_files) + ["--db", str(db)]
    quiz_args = ["--style", "single", "--count", "3", "--seed", "4"]
    library = load_library([library_files[0]], [library_files[1]], strict=True)
    asked = generate(library, count=3, seed=4, styles=["single"]).questions
    missed = asked[0]

    child = spawn(["quiz", "--confidence", *quiz_args, *common], tmp_path)
    child.expect("Enter")
    child.send("\r")
    answer(child, "abcd"[(missed.answer + 1) % 4], "y")  # wrong, and sure of it
    for question in asked[1:]:
        answer(child, "abcd"[question.answer], "y")
    child.expect("Result")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0

    # Single-fact questions only, so an unseen fact's question cannot bring it back by chance.
    child = spawn(["review", "--count", "1", "--style", "single", "--confidence", *common],
                  tmp_path)
    child.expect("Enter")
    child.send("\r")
    child.expect("Your answer")
    screen = child.before
    child.send("a")
    child.expect("Sure or guess")
    child.send("g")
    child.expect("Result")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0

    conn = sqlite3.connect(db)
    rows = conn.execute(
        "SELECT t.mode, q.question FROM attempts t JOIN attempt_questions q ON q.attempt_id = t.id "
        "ORDER BY t.id, q.position").fetchall()
    assert [mode for mode, _ in rows] == ["quiz"] * 3 + ["review"]
    reviewed = json.loads(rows[-1][1])
    assert reviewed["facts"] == list(missed.facts)  # the missed fact came back
    assert reviewed["template"] != missed.template  # asked another way
    # ...and it is the question the aspirant saw.
    shown = reviewed["items"][0]["cells"][0] if reviewed["items"] else reviewed["lead"][:40]
    assert shown in ANSI.sub("", screen)
    confidences = [c for (c,) in conn.execute("SELECT confidence FROM answers ORDER BY id")]
    assert confidences == ["sure", "sure", "sure", "guess"]

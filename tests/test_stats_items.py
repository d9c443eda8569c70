"""`quizgen stats --items`: option pick counts merged over two class databases, weak distractor
flags, CSV and JSON."""

from __future__ import annotations

import csv
import io
import json
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest

from quizgen.cli import Env, main
from quizgen.history import open_history
from quizgen.model import Question, SourceRef

START = datetime(2026, 11, 10, 9, 0, tzinfo=timezone.utc)


def year_question(options: tuple[str, ...], answer: int, qid: str = "q-comcasa-year") -> Question:
    """The same question id asked with other distractors / order (another seed)."""
    return Question(
        id=qid, style="single",
        lead="In which year was COMCASA signed between India and the USA?", items=(), ask="",
        options=options, answer=answer, explanation="COMCASA was signed in 2018.",
        sources=(SourceRef("art-000", "India, US seal defence pact", "COMCASA"),),
        topic="comcasa", template="agreement-year-single", facts=("comcasa",), bank="india-us",
    )


QX1 = year_question(("2018", "2016", "2019", "2002"), 0)
QX2 = year_question(("2019", "2018", "2002", "2020"), 1)  # 2016 gone, 2020 new
QY = year_question(("LEMOA", "BECA", "GSOMIA", "COMCASA"), 3, qid="q-name")


def answer(db, attempt: int, position: int, q: Question, chosen: int | None, n: int) -> None:
    outcome = "timeout" if chosen is None else ("correct" if chosen == q.answer else "wrong")
    db.record_answer(attempt, position, q, chosen=chosen, outcome=outcome, seconds=40,
                     answered_at=START + timedelta(minutes=n))


def class_a(path: Path) -> None:
    """12 students on the first version: 2018 x9, 2016 x2, 2019 x1, 2002 x0; 5 answer QY."""
    picks = [0] * 9 + [1] * 2 + [2]
    with open_history(path) as db:
        for n, pick in enumerate(picks):
            attempt = db.create_attempt([QX1, QY], started_at=START + timedelta(minutes=n))
            answer(db, attempt, 0, QX1, pick, n)
            if n < 5:
                answer(db, attempt, 1, QY, 3 if n < 4 else 0, n)
            db.finish_attempt(attempt, START + timedelta(minutes=n, seconds=50))


def class_b(path: Path) -> None:
    """10 students on the second version: 2018 x7, 2020 x3, 2019 x0, 2002 x0; one timed out."""
    picks = [1] * 7 + [3] * 3 + [None]
    with open_history(path) as db:
        for n, pick in enumerate(picks):
            attempt = db.create_attempt([QX2], started_at=START + timedelta(hours=1, minutes=n))
            answer(db, attempt, 0, QX2, pick, 60 + n)
            db.finish_attempt(attempt, START + timedelta(hours=1, minutes=n, seconds=50))


@pytest.fixture
def class_dbs(tmp_path: Path) -> tuple[Path, Path]:
    a, b = tmp_path / "a.sqlite3", tmp_path / "b.sqlite3"
    class_a(a)
    class_b(b)
    return a, b


def run_cli(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    status = main(list(argv), Env(stdin=io.StringIO(), stdout=out, stderr=err, environ={}))
    return status, out.getvalue(), err.getvalue()


def test_merge_counts_by_option_text(class_dbs):
    a, b = class_dbs
    status, out, err = run_cli("stats", "--items", "--db", str(a), "--db", str(b),
                               "--format", "json")
    assert status == 0, err
    questions = {q["question_id"]: q for q in json.loads(out)}
    year = questions["q-comcasa-year"]
    assert (year["answers"], year["correct"], year["unanswered"]) == (22, 16, 1)
    options = {o["text"]: (o["shown"], o["chosen"], o["is_key"], o["weak_distractor"])
               for o in year["options"]}
    assert options == {
        "2018": (22, 16, True, False),
        "2016": (12, 2, False, False),   # 17 %
        "2019": (22, 1, False, True),    # 4.5 %: under 5 %
        "2002": (22, 0, False, True),
        "2020": (10, 3, False, False),
    }
    # Under 20 answers nothing is flagged, however lopsided.
    name = questions["q-name"]
    assert name["answers"] == 5 and name["unanswered"] == 7
    assert not any(o["weak_distractor"] for o in name["options"])


def test_one_database_alone_is_below_the_threshold(class_dbs):
    a, _ = class_dbs
    _, out, _ = run_cli("stats", "--items", "--db", str(a), "--format", "json")
    year = next(q for q in json.loads(out) if q["question_id"] == "q-comcasa-year")
    assert year["answers"] == 12
    assert not any(o["weak_distractor"] for o in year["options"])


def test_same_database_twice_counts_once(class_dbs):
    a, b = class_dbs
    _, out, _ = run_cli("stats", "--items", "--db", str(a), "--db", str(b), "--db", str(a),
                        "--format", "json")
    year = next(q for q in json.loads(out) if q["question_id"] == "q-comcasa-year")
    assert year["answers"] == 22


def test_csv_for_a_spreadsheet(class_dbs):
    a, b = class_dbs
    status, out, _ = run_cli("stats", "--items", "--db", str(a), "--db", str(b), "--format", "csv")
    assert status == 0
    rows = list(csv.DictReader(io.StringIO(out)))
    year = [r for r in rows if r["question_id"] == "q-comcasa-year"]
    assert [r["option"] for r in year] == ["2018", "2016", "2019", "2002", "2020"]
    weak = {r["option"]: r["weak_distractor"] for r in year}
    assert weak == {"2018": "0", "2016": "0", "2019": "1", "2002": "1", "2020": "0"}
    assert next(r for r in year if r["option"] == "2019")["share"] == "0.0455"
    assert year[0]["stem"].startswith("In which year was COMCASA signed")


def test_table_flags_weak_distractors(class_dbs):
    a, b = class_dbs
    status, out, _ = run_cli("stats", "--items", "--db", str(a), "--db", str(b))
    assert status == 0
    assert "2 questions (2 versions); 1 with distractors chosen by under 5%" in out
    line_2002 = next(line for line in out.splitlines() if "2002" in line)
    assert "weak distractor" in line_2002
    line_2016 = next(line for line in out.splitlines() if "2016" in line)
    assert "weak distractor" not in line_2016


def test_versions_with_other_statements_are_kept_apart(tmp_path):
    """A statements question regenerated with other statements has another key: its option
    codes ("1 only", ...) must not be pooled with the first version's."""
    from dataclasses import replace

    from quizgen.model import Item

    codes = ("1 only", "2 only", "Both 1 and 2", "Neither 1 nor 2")
    first = replace(QX1, style="statements", lead="Consider the following statements:",
                    items=(Item("1", ("COMCASA was signed in 2018.",)),
                           Item("2", ("LEMOA was signed in 2019.",))),
                    ask="Which of the statements given above is/are correct?",
                    options=codes, answer=0, id="q-stmts")
    second = replace(first, items=(Item("1", ("COMCASA was signed in 2018.",)),
                                   Item("2", ("LEMOA was signed in 2016.",))), answer=2)
    path = tmp_path / "h.sqlite3"
    with open_history(path) as db:
        for n, (q, pick) in enumerate([(first, 0), (first, 2), (second, 2), (second, 0)]):
            attempt = db.create_attempt([q], started_at=START + timedelta(minutes=n))
            answer(db, attempt, 0, q, pick, n)
    _, out, _ = run_cli("stats", "--items", "--db", str(path), "--format", "json")
    versions = [q for q in json.loads(out) if q["question_id"] == "q-stmts"]
    assert [v["variant"] for v in versions] == [1, 2]
    keys = {v["stem"].splitlines()[2]: [o["text"] for o in v["options"] if o["is_key"]]
            for v in versions}
    assert keys == {"2. LEMOA was signed in 2019.": ["1 only"],
                    "2. LEMOA was signed in 2016.": ["Both 1 and 2"]}
    assert all(v["answers"] == 2 and v["correct"] == 1 for v in versions)

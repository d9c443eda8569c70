"""`quizgen stats`: figures computed by hand for a small attempt database, JSON/table output,
--since, the PDF report read back with pypdf."""

from __future__ import annotations

import io
import json
from datetime import datetime, timezone
from pathlib import Path

import pytest
from pypdf import PdfReader

from quizgen.cli import Env, main
from quizgen.history import open_history
from quizgen.model import Item, Question, SourceRef
from quizgen.stats.compute import compute, expected_value_per_guess, guessing_advice
from quizgen.stats.load import load_databases


def utc(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=timezone.utc)


def question(qid: str, style: str, topic: str, facts: tuple[str, ...], template: str,
             options=("1 only", "2 only", "Both 1 and 2", "Neither 1 nor 2"), answer=2) -> Question:
    items: tuple[Item, ...] = ()
    lead, ask = f"Which one of the following is true of {topic}?", ""
    header: tuple[str, ...] = ()
    if style in ("statements", "how-many"):
        lead = f"With reference to {topic}, consider the following statements:"
        items = (Item("1", ("COMCASA was signed in 2018.",)),
                 Item("2", ("BECA was signed in 2020.",)))
        ask = "Which of the statements given above is/are correct?"
    elif style == "pairs":
        lead, header = "Consider the following pairs:", ("Agreement", "Year")
        items = (Item("1", ("LEMOA", "2016")), Item("2", ("COMCASA", "2018")),
                 Item("3", ("BECA", "2020")))
        ask = "How many of the pairs given above are correctly matched?"
    elif style == "assertion-reason":
        lead = "Consider the following statements:"
        items = (Item("Statement-I", ("India signed BECA in 2020.",)),
                 Item("Statement-II", ("BECA allows sharing of geospatial data.",)))
        ask = "Which one of the following is correct in respect of the above statements?"
    return Question(
        id=qid, style=style, lead=lead, items=items, ask=ask, options=tuple(options),
        answer=answer, explanation="Because the source says so.",
        sources=(SourceRef("art-000", "India, US seal defence pact", "the pact"),),
        topic=topic, template=template, facts=facts, bank="india-us", item_header=header,
    )


Q1 = question("q1", "single", "alpha", ("f1",), "t-single")
Q2 = question("q2", "statements", "alpha", ("f1", "f2"), "t-statements")
Q3 = question("q3", "pairs", "beta", ("f3", "f4", "f5"), "t-pairs")
Q4 = question("q4", "single", "beta", ("f4",), "t-single")
Q5 = question("q5", "how-many", "gamma", ("f6",), "t-howmany")
Q6 = question("q6", "assertion-reason", "gamma", ("f6", "f7"), "t-ar")


def seed_fixture(path: Path) -> None:
    """Two finished attempts; the figures in the tests below are worked out from these by hand."""
    with open_history(path) as db:
        one = db.create_attempt([Q1, Q2, Q3, Q4], started_at=utc("2026-11-01T10:00:00"),
                                seed=1, marking="upsc", time_per_question=72)
        db.record_answer(one, 0, Q1, chosen=2, outcome="correct", seconds=30,
                         answered_at=utc("2026-11-01T10:00:30"), confidence="sure")
        db.record_answer(one, 1, Q2, chosen=0, outcome="wrong", seconds=80,
                         answered_at=utc("2026-11-01T10:01:50"), confidence="guess")
        db.record_answer(one, 2, Q3, chosen=2, outcome="correct", seconds=60,
                         answered_at=utc("2026-11-01T10:02:50"), confidence="guess")
        db.record_answer(one, 3, Q4, chosen=None, outcome="timeout", seconds=72,
                         answered_at=utc("2026-11-01T10:04:02"))
        db.finish_attempt(one, utc("2026-11-01T10:04:02"))

        two = db.create_attempt([Q1, Q5, Q6], started_at=utc("2026-11-05T10:00:00"),
                                seed=2, marking="upsc", time_per_question=72)
        db.record_answer(two, 0, Q1, chosen=2, outcome="correct", seconds=20,
                         answered_at=utc("2026-11-05T10:00:20"), confidence="sure")
        # Skipped first, answered (wrongly) when it came back: the last row counts.
        db.record_answer(two, 1, Q5, chosen=None, outcome="skipped", seconds=10,
                         answered_at=utc("2026-11-05T10:00:30"))
        db.record_answer(two, 1, Q5, chosen=3, outcome="wrong", seconds=90,
                         answered_at=utc("2026-11-05T10:02:00"), confidence="guess")
        # Q6 was never reached: no row at all.
        db.finish_attempt(two, utc("2026-11-05T10:02:00"))


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    path = tmp_path / "history.sqlite3"
    seed_fixture(path)
    return path


def run_cli(*argv: str, environ=None) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    status = main(list(argv), Env(stdin=io.StringIO(), stdout=out, stderr=err,
                                  environ=environ or {}))
    return status, out.getvalue(), err.getvalue()


def test_attempt_scores_and_accuracy(db_path):
    stats = compute(load_databases([db_path]))
    first, second = stats.attempts
    # 2 right, 1 wrong, 1 timed out: 2*2 - 2/3 = 3.33 of 8
    assert (first.correct, first.wrong, first.unanswered) == (2, 1, 1)
    assert first.score == 3.33 and first.max_score == 8
    assert first.score_percent == 41.67
    assert first.accuracy == 0.6667
    # 1 right, 1 wrong (after a skip), 1 never reached: 2 - 2/3 = 1.33 of 6
    assert (second.correct, second.wrong, second.unanswered) == (1, 1, 1)
    assert second.score == 1.33 and second.max_score == 6
    assert second.accuracy == 0.5
    s = stats.summary
    assert (s.attempts, s.questions, s.correct, s.wrong, s.unanswered) == (2, 7, 3, 2, 2)
    assert s.accuracy == 0.6


def test_topics_and_styles_weakest_first(db_path):
    stats = compute(load_databases([db_path]))
    topics = [(g.name, g.questions, g.correct, g.wrong, g.unanswered, g.accuracy, g.average_seconds)
              for g in stats.topics]
    assert topics == [
        ("gamma", 2, 0, 1, 1, 0.0, 90.0),  # Q6 unreached has no time
        ("alpha", 3, 2, 1, 0, 0.6667, 43.3),  # (30 + 80 + 20) / 3
        ("beta", 2, 1, 0, 1, 1.0, 66.0),  # (60 + 72) / 2
    ]
    styles = [(g.name, g.accuracy) for g in stats.styles]
    assert styles == [("assertion-reason", None), ("how-many", 0.0), ("statements", 0.0),
                      ("single", 1.0), ("pairs", 1.0)]


def test_pace_against_exam_pace(db_path):
    pace = compute(load_databases([db_path])).pace
    # times 20 30 60 72 80 90
    assert pace.timed_questions == 6
    assert pace.average_seconds == 58.7
    assert pace.median_seconds == 66.0
    assert pace.over_pace == 2 and pace.over_pace_share == 0.3333
    assert pace.timeouts == 1


def test_guessing_report(db_path):
    g = compute(load_databases([db_path])).guessing
    # guesses: Q2 wrong, Q3 right, Q5 wrong (its final row)
    assert (g.guesses, g.guesses_right) == (3, 1)
    assert g.guess_accuracy == 0.3333
    assert g.marks_from_guesses == 0.67  # 2 - 2 * 2/3
    assert g.expected_value_per_guess == 0.22  # 2/3 - (2/3)(2/3) = 2/9
    assert (g.sure, g.sure_right, g.sure_accuracy) == (2, 2, 1.0)
    assert g.break_even_accuracy == 0.25
    assert "too few" in g.advice


def test_expected_value_and_advice():
    assert expected_value_per_guess(0.25) == pytest.approx(0.0)
    assert expected_value_per_guess(1.0) == pytest.approx(2.0)
    assert expected_value_per_guess(0.0) == pytest.approx(-2 / 3)
    assert "blank" in guessing_advice(20, 0.15)
    assert "-0.27" in guessing_advice(20, 0.15)
    assert "Keep guessing" in guessing_advice(20, 0.5)
    assert "ruling out at least one" in guessing_advice(20, 0.3)
    assert "--confidence" in guessing_advice(0, None)


def test_json_output_and_since(db_path):
    status, out, err = run_cli("stats", "--db", str(db_path), "--format", "json")
    assert status == 0, err
    data = json.loads(out)
    assert [a["score"] for a in data["attempts"]] == [3.33, 1.33]
    assert data["topics"][0]["name"] == "gamma"
    assert data["guessing"]["expected_value_per_guess"] == 0.22
    # Every fact seen was answered at least once in November 2026: all due by now.
    assert data["review"]["facts_due_now"] == 7

    status, out, _ = run_cli("stats", "--db", str(db_path), "--format", "json",
                             "--since", "2026-11-03")
    data = json.loads(out)
    assert [a["attempt_id"] for a in data["attempts"]] == [2]
    assert data["summary"]["questions"] == 3


def test_table_output(db_path):
    status, out, err = run_cli("stats", "--db", str(db_path))
    assert status == 0, err
    assert "Topics, weakest first" in out
    assert out.index("gamma") < out.index("alpha") < out.index("beta")
    assert "3.33 / 8" in out
    assert "exam pace of 72 s" in out
    assert "Only 3 guesses so far" in out
    assert "\x1b[" not in out  # no colour codes when stdout is not a terminal


def test_database_path_from_environment(db_path):
    status, out, _ = run_cli("stats", "--format", "json", environ={"QUIZGEN_DB": str(db_path)})
    assert status == 0
    assert json.loads(out)["summary"]["attempts"] == 2


@pytest.mark.parametrize("argv, message", [
    (("--db", "{missing}"), "no attempt database here"),
    (("--db", "{notdb}"), "not a quizgen attempt history"),
    (("--db", "{db}", "--since", "yesterday"), "not a date"),
    (("--db", "{db}", "--format", "csv"), "--format csv is for --items"),
    (("--db", "{db}", "--items", "--pdf", "x.pdf"), "leave it out with --items"),
    (("--db", "{db}", "--pdf", "{tmp}/no/such/dir/r.pdf"), "does not exist; create it first"),
    (("--db", "{db}", "--pdf", "{tmp}"), "is a folder"),
])
def test_bad_input_is_one_line(tmp_path, db_path, argv, message):
    notdb = tmp_path / "notes.txt"
    notdb.write_text("hello\n" * 100)
    names = {"missing": tmp_path / "nope.sqlite3", "notdb": notdb, "db": db_path, "tmp": tmp_path}
    status, out, err = run_cli("stats", *(a.format(**names) for a in argv))
    assert status == 2
    assert message in err
    assert err.count("\n") == 1 and "Traceback" not in err


def test_pdf_report_has_its_charts(tmp_path, db_path):
    pdf = tmp_path / "report.pdf"
    status, _, err = run_cli("stats", "--db", str(db_path), "--pdf", str(pdf))
    assert status == 0, err
    reader = PdfReader(pdf)
    assert 1 <= len(reader.pages) <= 2
    first = reader.pages[0].extract_text()
    assert "Score trend" in first
    assert "Accuracy by topic, weakest first (questions)" in first
    for topic in ("alpha (3)", "beta (2)", "gamma (2)"):  # bar labels: topic (questions)
        assert topic in first
    assert "score, % of max" in first and "accuracy" in first  # the trend legend
    second = reader.pages[1].extract_text()
    assert "Accuracy by question style" in second and "Time per question" in second and "exam pace, 72 s" in second
    assert "expected marks per guess" in second and "+0.22" in second
    # Charts are vector drawings: the first page strokes lines and fills bars.
    content = reader.pages[0].get_contents().get_data()
    assert content.count(b" l\n") + content.count(b" l ") > 10  # line segments
    assert content.count(b" re") >= 3  # bar rectangles

    again = tmp_path / "again.pdf"
    run_cli("stats", "--db", str(db_path), "--pdf", str(again))
    assert pdf.read_bytes() == again.read_bytes()  # deterministic


def test_empty_database(tmp_path):
    path = tmp_path / "empty.sqlite3"
    open_history(path).close()
    status, out, _ = run_cli("stats", "--db", str(path))
    assert status == 0
    assert "No attempts yet" in out
    pdf = tmp_path / "empty.pdf"
    status, _, err = run_cli("stats", "--db", str(path), "--pdf", str(pdf))
    assert status == 0, err
    assert "Score trend" in PdfReader(pdf).pages[0].extract_text()


def test_pdf_report_shows_every_topic_and_a_negative_score_below_zero(tmp_path):
    path = tmp_path / "wide.sqlite3"
    questions = [question(f"w{n}", "single", f"topic-{n:02d}", (f"g{n}",), "t-single")
                 for n in range(16)]
    with open_history(path) as db:
        attempt = db.create_attempt(questions, started_at=utc("2026-11-01T10:00:00"), seed=1)
        for position, q in enumerate(questions):  # all wrong: the score is below zero
            db.record_answer(attempt, position, q, chosen=0, outcome="wrong", seconds=30,
                             answered_at=utc("2026-11-01T10:10:00"))
        db.finish_attempt(attempt, utc("2026-11-01T10:10:00"))
    pdf = tmp_path / "wide.pdf"
    status, _, err = run_cli("stats", "--db", str(path), "--pdf", str(pdf))
    assert status == 0, err
    text = "\n".join(page.extract_text() for page in PdfReader(pdf).pages)
    for n in range(16):
        assert f"topic-{n:02d} (1)" in text
    assert "the weakest" not in text  # nothing left out, so nothing to say
    assert "-25%" in text and "-50%" in text  # the axis reaches below the −33 % score

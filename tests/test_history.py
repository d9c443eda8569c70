"""The attempt database on a real SQLite file: schema, durability, final-row rule, upgrades,
path resolution, and `quizgen history`."""

from __future__ import annotations

import io
import json
import sqlite3
from dataclasses import replace
from datetime import datetime, timedelta, timezone

import pytest

from quizgen.cli import Env, main
from quizgen.errors import HistoryError
from quizgen.model import content_id
from quizgen.history import (MIGRATIONS, SCHEMA_VERSION, default_db_path, open_history,
                             resolve_db_path)
from test_quiz_samples import sample_questions

T0 = datetime(2026, 11, 23, 9, 30, tzinfo=timezone.utc)


def at(seconds: float) -> datetime:
    return T0 + timedelta(seconds=seconds)


@pytest.fixture
def db(tmp_path):
    with open_history(tmp_path / "history.sqlite3") as handle:
        yield handle


def test_new_file_is_wal_with_the_current_schema_version(tmp_path):
    path = tmp_path / "deep" / "folder" / "h.sqlite3"
    open_history(path).close()
    raw = sqlite3.connect(path)
    assert raw.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert raw.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    tables = {r[0] for r in raw.execute("SELECT name FROM sqlite_master")}
    assert {"attempts", "attempt_questions", "answers", "final_answers"} <= tables


def test_each_answer_is_on_disk_the_moment_it_is_recorded(db):
    questions = sample_questions()
    attempt = db.create_attempt(questions, started_at=T0, seed=7, marking="upsc",
                                time_per_question=72, time_limit_seconds=360,
                                settings={"topic": ["comcasa"]})
    db.record_answer(attempt, 0, questions[0], chosen=1, outcome="correct", seconds=12.5,
                     answered_at=at(13), confidence="sure")
    # A second, independent connection (another process would see the same) reads it at once.
    other = sqlite3.connect(db.path)
    row = other.execute("SELECT attempt_id, position, question_id, chosen, outcome, correct,"
                        " seconds, confidence, topic, style, template, facts, answered_at"
                        " FROM answers").fetchone()
    assert row == (attempt, 0, "q-single", 1, "correct", 1, 12.5, "sure", "comcasa",
                   "single", "t-single", '["fact-q-single"]', "2026-11-23T09:30:13+00:00")
    stored = other.execute("SELECT question FROM attempt_questions WHERE position = 3"
                           ).fetchone()[0]
    assert json.loads(stored) == questions[3].to_dict()
    info = other.execute("SELECT started_at, finished_at, mode, seed, marking, settings"
                         " FROM attempts").fetchone()
    assert info == ("2026-11-23T09:30:00+00:00", None, "quiz", 7, "upsc",
                    '{"topic": ["comcasa"]}')


def test_the_latest_row_for_a_question_is_the_final_one(db):
    questions = sample_questions()
    attempt = db.create_attempt(questions, started_at=T0)
    db.record_answer(attempt, 1, questions[1], chosen=None, outcome="skipped", seconds=5,
                     answered_at=at(5))
    db.record_answer(attempt, 2, questions[2], chosen=0, outcome="wrong", seconds=9,
                     answered_at=at(14), marked=True)
    db.record_answer(attempt, 1, questions[1], chosen=2, outcome="correct", seconds=20,
                     answered_at=at(40))
    final = db.final_answers(attempt)
    assert set(final) == {1, 2}
    assert (final[1].outcome, final[1].chosen, final[1].seconds) == ("correct", 2, 20)
    assert final[2].marked and final[2].outcome == "wrong"
    assert len(db.answer_rows(attempt)) == 3


def test_summaries_count_final_rows_and_unseen_questions_as_unanswered(db):
    questions = sample_questions()
    first = db.create_attempt(questions, started_at=T0)
    db.record_answer(first, 0, questions[0], chosen=1, outcome="correct", seconds=10,
                     answered_at=at(10))
    db.record_answer(first, 1, questions[1], chosen=0, outcome="wrong", seconds=10,
                     answered_at=at(20))
    db.record_answer(first, 2, questions[2], chosen=None, outcome="skipped", seconds=3,
                     answered_at=at(23))
    db.record_answer(first, 2, questions[2], chosen=1, outcome="correct", seconds=30,
                     answered_at=at(50))
    db.record_answer(first, 3, questions[3], chosen=None, outcome="timeout", seconds=72,
                     answered_at=at(122))
    db.finish_attempt(first, at(130))
    second = db.create_attempt(questions[:2], started_at=at(3600), marking="plain")
    (one, two) = db.summaries()
    assert (one.attempt_id, one.finished, one.questions, one.correct, one.wrong,
            one.unanswered) == (first, True, 5, 2, 1, 2)
    assert (one.score, one.max_score, one.seconds) == (3.33, 10.0, 122.0)
    assert (two.attempt_id, two.finished, two.questions, two.unanswered, two.score,
            two.max_score) == (second, False, 2, 2, 0.0, 2.0)
    assert db.last_unfinished_attempt().id == second


def test_an_older_file_is_upgraded_and_keeps_its_answers(tmp_path):
    path = tmp_path / "v1.sqlite3"
    raw = sqlite3.connect(path)
    raw.executescript(MIGRATIONS[0] + "PRAGMA user_version = 1;")
    raw.execute("INSERT INTO attempts (id, started_at, marking) VALUES (1, ?, 'upsc')",
                ("2025-01-01T10:00:00+00:00",))
    raw.execute("INSERT INTO attempt_questions VALUES (1, 0, 'q-single', ?)",
                (json.dumps(sample_questions()[0].to_dict()),))
    raw.execute("INSERT INTO answers (attempt_id, position, question_id, chosen, outcome,"
                " correct, seconds, answered_at) VALUES (1, 0, 'q-single', 1, 'correct', 1,"
                " 30, '2025-01-01T10:00:30+00:00')")
    raw.commit()
    raw.close()
    with open_history(path) as db:
        assert db.conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
        final = db.final_answers(1)
        assert final[0].outcome == "correct" and final[0].marked is False
        # Schema 3: the stored id becomes the family, the id is the hash of what was shown.
        single = sample_questions()[0]
        shown_id = content_id(single.lead, single.items, single.ask, single.options, single.answer)
        assert db.attempt_questions(1) == [replace(single, id=shown_id, family="q-single")]
        assert final[0].question_id == shown_id


def test_a_file_from_a_newer_quizgen_is_refused(tmp_path):
    path = tmp_path / "future.sqlite3"
    raw = sqlite3.connect(path)
    raw.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    raw.close()
    with pytest.raises(HistoryError, match="newer quizgen"):
        open_history(path)


@pytest.mark.parametrize("content", [b"this is a text file, not a database\n" * 40, None])
def test_a_file_that_is_not_an_attempt_history_is_refused(tmp_path, content):
    path = tmp_path / "other.db"
    if content:
        path.write_bytes(content)
    else:
        raw = sqlite3.connect(path)
        raw.execute("CREATE TABLE contacts (name TEXT)")
        raw.close()
    with pytest.raises(HistoryError) as error:
        open_history(path)
    assert str(path) in str(error.value)
    assert "not a quizgen attempt history" in str(error.value)


def test_db_path_comes_from_the_option_then_the_environment_then_the_data_folder(tmp_path):
    environ = {"QUIZGEN_DB": str(tmp_path / "env.sqlite3")}
    assert resolve_db_path(str(tmp_path / "cli.sqlite3"), environ) == tmp_path / "cli.sqlite3"
    assert resolve_db_path(None, environ) == tmp_path / "env.sqlite3"
    default = resolve_db_path(None, {})
    assert default == default_db_path({})
    assert default.name == "history.sqlite3" and default.parent.name == "quizgen"


def run_cli(argv, environ=None):
    out, err = io.StringIO(), io.StringIO()
    status = main(argv, Env(stdin=io.StringIO(), stdout=out, stderr=err,
                            environ=environ or {}))
    return status, out.getvalue(), err.getvalue()


def test_history_json_lists_attempts(tmp_path):
    path = tmp_path / "h.sqlite3"
    with open_history(path) as db:
        questions = sample_questions()
        attempt = db.create_attempt(questions, started_at=T0)
        db.record_answer(attempt, 0, questions[0], chosen=1, outcome="correct", seconds=8,
                         answered_at=at(8))
        db.record_answer(attempt, 1, questions[1], chosen=0, outcome="wrong", seconds=8,
                         answered_at=at(16))
        db.finish_attempt(attempt, at(20))
    status, out, err = run_cli(["history", "--format", "json"], {"QUIZGEN_DB": str(path)})
    assert (status, err) == (0, "")
    (entry,) = json.loads(out)
    assert {k: entry[k] for k in ("attempt_id", "started_at", "finished", "questions",
                                  "correct", "wrong", "unanswered", "score", "max_score")} == {
        "attempt_id": attempt, "started_at": "2026-11-23T09:30:00+00:00", "finished": True,
        "questions": 5, "correct": 1, "wrong": 1, "unanswered": 3, "score": 1.33,
        "max_score": 10.0}


def test_history_table_names_the_unfinished_attempt_to_resume(tmp_path):
    path = tmp_path / "h.sqlite3"
    with open_history(path) as db:
        db.create_attempt(sample_questions(), started_at=T0)
    status, out, _ = run_cli(["history", "--db", str(path)])
    assert status == 0
    assert "0.00/10.00" in out and "unfinished" in out
    assert out.rstrip().endswith("Attempt 1 is unfinished; continue it with: quizgen quiz --resume")


def test_history_without_a_database_says_so_and_creates_nothing(tmp_path):
    path = tmp_path / "none.sqlite3"
    status, out, _ = run_cli(["history", "--db", str(path)])
    assert status == 0 and "No attempts yet" in out
    assert not path.exists()
    assert run_cli(["history", "--db", str(path), "--format", "json"])[1] == "[]\n"


def test_history_on_a_broken_file_is_one_line_and_exit_2(tmp_path):
    path = tmp_path / "broken.sqlite3"
    path.write_bytes(b"garbage" * 300)
    status, out, err = run_cli(["history", "--db", str(path)])
    assert status == 2
    assert err.count("\n") == 1 and err.startswith(f"Error: {path}: not a quizgen")
    assert "Traceback" not in err

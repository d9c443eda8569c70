"""An attempt database written by an older quizgen opens with this one and still adds up.

The fixtures are SQL dumps of databases made by really running quizgen at commit e72afd7 (ids
already content hashes, `family` in the stored JSON) and at its parent 2a707a8 (ids were recipe
ids, no `family`), with tests/data/make_history_v2.py. Expected figures are counted here from
the raw rows before the new code touches the file.
"""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest

from conftest import run_cli
from quizgen.history import SCHEMA_VERSION, open_history
from quizgen.model import Item, content_id

DATA = Path(__file__).parent / "data"
FIXTURES = ("history_v2_e72afd7.sql", "history_v2_2a707a8.sql")


def load_fixture(name: str, path: Path) -> None:
    conn = sqlite3.connect(path)
    conn.executescript((DATA / name).read_text(encoding="utf-8"))
    conn.close()


def raw_figures(path: Path) -> dict:
    """Per attempt, counted from the old rows: questions, final outcomes, seconds."""
    conn = sqlite3.connect(path)
    figures = {}
    for (attempt_id,) in conn.execute("SELECT id FROM attempts ORDER BY id"):
        questions = conn.execute("SELECT COUNT(*) FROM attempt_questions WHERE attempt_id = ?",
                                 (attempt_id,)).fetchone()[0]
        finals = {}
        for position, outcome, seconds in conn.execute(
                "SELECT position, outcome, seconds FROM answers WHERE attempt_id = ? ORDER BY id",
                (attempt_id,)):
            finals[position] = (outcome, seconds)
        correct = sum(1 for o, _ in finals.values() if o == "correct")
        wrong = sum(1 for o, _ in finals.values() if o == "wrong")
        figures[attempt_id] = {"questions": questions, "correct": correct, "wrong": wrong,
                               "unanswered": questions - correct - wrong,
                               "score": round(2 * correct - 2 / 3 * wrong, 2),
                               "seconds": sum(s for _, s in finals.values())}
    stored = {(a, p): (qid, json.loads(q)) for a, p, qid, q in conn.execute(
        "SELECT attempt_id, position, question_id, question FROM attempt_questions")}
    conn.close()
    return {"attempts": figures, "stored": stored}


@pytest.fixture(params=FIXTURES)
def old_db(request, tmp_path):
    path = tmp_path / "history.sqlite3"
    load_fixture(request.param, path)
    return request.param, path, raw_figures(path)


def test_the_fixtures_are_what_the_older_versions_wrote(old_db):
    name, path, before = old_db
    conn = sqlite3.connect(path)
    assert conn.execute("PRAGMA user_version").fetchone()[0] == 2
    conn.close()
    families = {bool(q.get("family")) for _, q in before["stored"].values()}
    assert families == ({True} if "e72afd7" in name else {False})
    assert len(before["stored"]) == 18 and len(before["attempts"]) == 3


def test_ids_become_content_hashes_and_the_old_recipe_ids_become_families(old_db):
    name, path, before = old_db
    with open_history(path) as db:
        assert db.conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
        rows = db.conn.execute("SELECT attempt_id, position, question_id, question FROM attempt_questions")
        after = {(a, p): (qid, json.loads(q)) for a, p, qid, q in rows}
        answer_ids = db.conn.execute("SELECT attempt_id, position, question_id FROM answers").fetchall()
        questions = {a: db.attempt_questions(a) for a in before["attempts"]}
    assert after.keys() == before["stored"].keys()
    for key, (old_id, old) in before["stored"].items():
        new_id, new = after[key]
        shown = content_id(old["lead"], tuple(Item(i["label"], tuple(i["cells"])) for i in old["items"]),
                           old["ask"], old["options"], old["answer"])
        assert new_id == new["id"] == shown
        assert new["family"] == (old["family"] if "e72afd7" in name else old_id)
        assert {k: v for k, v in new.items() if k not in ("id", "family")} == \
               {k: v for k, v in old.items() if k not in ("id", "family")}
        assert questions[key[0]][key[1]].id == shown
    for attempt_id, position, question_id in answer_ids:
        assert question_id == after[(attempt_id, position)][0]


def test_history_and_stats_still_add_up(old_db):
    _, path, before = old_db
    history = run_cli("history", "--format", "json", "--db", path)
    assert history.code == 0, history.err
    for row in history.json():
        expected = before["attempts"][row["attempt_id"]]
        assert {k: row[k] for k in ("questions", "correct", "wrong", "unanswered", "score")} == \
               {k: expected[k] for k in ("questions", "correct", "wrong", "unanswered", "score")}
        assert row["seconds"] == pytest.approx(expected["seconds"])

    stats = run_cli("stats", "--format", "json", "--db", path)
    assert stats.code == 0, stats.err
    summary = stats.json()["summary"]
    totals = {k: sum(a[k] for a in before["attempts"].values()) for k in ("questions", "correct", "wrong")}
    assert (summary["attempts"], summary["questions"], summary["correct"], summary["wrong"]) == \
           (3, totals["questions"], totals["correct"], totals["wrong"])

    items = run_cli("stats", "--items", "--format", "json", "--db", path)
    assert items.code == 0, items.err
    figures = items.json()
    assert sum(q["answers"] + q["unanswered"] for q in figures) == totals["questions"]
    assert sum(q["correct"] for q in figures) == totals["correct"]
    stored_keys = {(q["id"], q["options"][q["answer"]]) for _, (_, q) in raw_figures(path)["stored"].items()}
    assert {q["question_id"] for q in figures} == {qid for qid, _ in stored_keys}
    for q in figures:
        assert q["variant"] == 1  # one id, one question
        if q["options"]:  # an unanswered question lists none
            key = next(o["text"] for o in q["options"] if o["is_key"])
            assert (q["question_id"], key) in stored_keys


def test_opening_again_changes_nothing(old_db):
    _, path, _ = old_db
    with open_history(path):
        pass
    first = raw_figures(path)["stored"]
    with open_history(path):
        pass
    assert raw_figures(path)["stored"] == first


# Schema 4 -> 5: the statistics' tallies. The fixture was written by quizgen at af7839e with
# tests/data/make_history_v4.py: three papers (the last still open), a graded sheet dated
# before them, and the FSRS cards that version kept.
V4_FIXTURE = "history_v4_af7839e.sql"


def test_a_schema_4_history_keeps_its_cards_and_gets_tallies(tmp_path):
    from quizgen import srs

    path = tmp_path / "history.sqlite3"
    load_fixture(V4_FIXTURE, path)
    before = raw_figures(path)["attempts"]
    conn = sqlite3.connect(path)
    assert conn.execute("PRAGMA user_version").fetchone()[0] == 4
    cards_before = dict(conn.execute("SELECT key, card FROM srs_cards"))
    conn.close()
    assert len(before) == 4 and cards_before

    stats = run_cli("stats", "--format", "json", "--db", path)
    assert stats.code == 0, stats.err
    conn = sqlite3.connect(path)
    assert conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION == 5
    tallied = {row[0] for row in conn.execute("SELECT attempt_id FROM stats_tallies")}
    finished = {row[0] for row in conn.execute("SELECT id FROM attempts WHERE finished_at IS NOT NULL")}
    assert dict(conn.execute("SELECT key, card FROM srs_cards")) == cards_before  # nothing to replay
    conn.close()
    assert tallied == finished and len(finished) == 3
    figures = {a["attempt_id"]: a for a in stats.json()["attempts"]}
    for attempt_id, expected in before.items():
        assert {k: figures[attempt_id][k] for k in ("questions", "correct", "wrong", "unanswered")} == \
               {k: expected[k] for k in ("questions", "correct", "wrong", "unanswered")}
    again = run_cli("stats", "--format", "json", "--db", path)
    rebuilt = run_cli("stats", "--format", "json", "--db", path, "--rebuild")
    assert stats.json() == again.json() == rebuilt.json()
    with open_history(path) as db:
        kept = {k: s.card.to_dict() for k, s in srs.load_cards(db).items()}
        assert kept == {k: s.card.to_dict() for k, s in srs.load_cards(db, rebuild=True).items()}

"""`quizgen stats` from kept per-attempt tallies gives the figures a full recount gives.

Real SQLite files with a realistic history (answers changed before the paper ends, marked,
skipped, timed out or never shown; guesses; times to the millisecond; a graded sheet dated
in the past; a paper still open), compared with `compute` over every answer read afresh.
"""

from __future__ import annotations

import json
import random
import sqlite3
from datetime import datetime, timedelta, timezone

import pytest

from quizgen.generate import generate
from quizgen.history import open_history
from quizgen.library import load_library
from quizgen.stats.compute import compute, since
from quizgen.stats.load import load_databases

T0 = datetime(2026, 3, 1, 8, 0, tzinfo=timezone.utc)


@pytest.fixture(scope="module")
def questions():
    return generate(load_library(), count=400, seed=3).questions


def reference(paths, start=None) -> dict:
    """The figures from every answer, read and counted afresh (no tallies involved)."""
    return json.loads(json.dumps(compute(since(load_databases(paths, questions=False), start)).to_dict()))


def fast(cli, paths, *extra) -> dict:
    result = cli("stats", "--format", "json", *[a for p in paths for a in ("--db", p)], *extra)
    assert result.code == 0, result.err
    data = result.json()
    data.pop("review")
    return data


def kept_tallies(path) -> dict[int, dict]:
    conn = sqlite3.connect(path)
    try:
        return {a: json.loads(t) for a, t in conn.execute("SELECT attempt_id, tally FROM stats_tallies")}
    finally:
        conn.close()


def paper(db, rng, questions, at, finished=True) -> int:
    """One day's paper, answered the ways a candidate answers."""
    asked = rng.sample(questions, rng.randrange(6, 12))
    attempt = db.create_attempt(asked, started_at=at)
    moment = at
    for position, q in enumerate(asked):
        moment += timedelta(seconds=rng.randrange(20, 200))
        seconds = round(rng.uniform(2, 160), 3)
        kind = rng.randrange(7)
        right, wrong = q.answer, (q.answer + 1) % 4
        confidence = rng.choice(("sure", "guess", None))
        if kind == 6:
            continue  # never shown
        if kind == 5:
            db.record_answer(attempt, position, q, chosen=None, outcome="timeout", seconds=seconds,
                             answered_at=moment)
            continue
        if kind in (3, 4):  # skipped or marked first, then answered on a later visit
            db.record_answer(attempt, position, q, chosen=None if kind == 3 else wrong,
                             outcome="skipped" if kind == 3 else "wrong", seconds=seconds / 3,
                             answered_at=moment, marked=kind == 4)
        chosen = right if kind in (0, 3) or rng.random() < 0.3 else wrong
        db.record_answer(attempt, position, q, chosen=chosen, outcome="correct" if chosen == right else "wrong",
                         seconds=seconds, answered_at=moment + timedelta(seconds=1), confidence=confidence)
    if finished:
        db.finish_attempt(attempt, moment + timedelta(minutes=1))
    return attempt


def graded_sheet(db, rng, questions, at, replaces=None) -> int:
    sheet = rng.sample(questions, 10)
    answers = [(q.answer, "correct") if rng.random() < 0.6 else (None, "skipped") if rng.random() < 0.3
               else ((q.answer + 1) % 4, "wrong") for q in sheet]
    return db.record_graded_attempt(sheet, answers, at=at, mode="omr", replaces=replaces)


def history(path, questions, days=30, seed=1, open_paper=True) -> dict[str, int]:
    rng = random.Random(seed)
    ids = {}
    with open_history(path) as db:
        for day in range(days):
            ids[f"day{day}"] = paper(db, rng, questions, T0 + timedelta(days=day))
        ids["sheet"] = graded_sheet(db, rng, questions, T0 + timedelta(days=2, hours=5))
        if open_paper:
            ids["open"] = paper(db, rng, questions, T0 + timedelta(days=days), finished=False)
    return ids


def test_kept_tallies_give_the_figures_of_a_full_recount(tmp_path, cli, questions):
    path = tmp_path / "h.sqlite3"
    ids = history(path, questions)
    expected = reference([path])
    assert expected["summary"]["attempts"] == 32 and expected["pace"]["timeouts"] > 0
    assert expected["guessing"]["guesses"] > 0 and expected["summary"]["unanswered"] > 0

    assert fast(cli, [path]) == expected  # tallies every attempt and keeps the finished ones
    kept = kept_tallies(path)
    assert set(kept) == set(ids.values()) - {ids["open"]}  # the open paper may still change
    assert fast(cli, [path]) == expected  # from the kept tallies
    assert fast(cli, [path], "--rebuild") == expected
    start = (T0 + timedelta(days=11)).date().isoformat()
    assert fast(cli, [path], "--since", start) == reference(
        [path], datetime.fromisoformat(start).replace(tzinfo=timezone.utc))


def test_the_kept_tallies_are_what_is_read_and_rebuild_recounts(tmp_path, cli, questions):
    path = tmp_path / "h.sqlite3"
    ids = history(path, questions, days=5, open_paper=False)
    expected = reference([path])
    fast(cli, [path])
    # Damage one kept tally without touching the answers: the figures come from the tally...
    tally = kept_tallies(path)[ids["day1"]]
    tally["timeouts"] += 7
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("UPDATE stats_tallies SET tally = ? WHERE attempt_id = ?", (json.dumps(tally), ids["day1"]))
    conn.close()
    assert fast(cli, [path])["pace"]["timeouts"] == expected["pace"]["timeouts"] + 7
    # ...and --rebuild counts every answer again, and keeps that.
    assert fast(cli, [path], "--rebuild") == expected
    assert fast(cli, [path]) == expected


def test_answers_added_after_the_tallies_are_counted_once(tmp_path, cli, questions):
    path = tmp_path / "h.sqlite3"
    rng = random.Random(5)
    ids = history(path, questions, days=6)
    fast(cli, [path])
    with open_history(path) as db:
        # A late row for a question of a finished paper: it replaces that question's answer.
        asked = db.attempt_questions(ids["day3"])
        db.record_answer(ids["day3"], 0, asked[0], chosen=asked[0].answer, outcome="correct",
                         seconds=12.345, answered_at=T0 + timedelta(days=3, hours=2))
        # The open paper: an answer changed, then the paper ends.
        asked = db.attempt_questions(ids["open"])
        db.record_answer(ids["open"], 1, asked[1], chosen=(asked[1].answer + 2) % 4, outcome="wrong",
                         seconds=99.5, answered_at=T0 + timedelta(days=6, hours=1), confidence="guess")
        db.finish_attempt(ids["open"], T0 + timedelta(days=6, hours=2))
        # A graded sheet of an old paper, dated before everything tallied.
        graded_sheet(db, rng, questions, T0 - timedelta(days=10))
    assert fast(cli, [path]) == reference([path])
    assert fast(cli, [path]) == reference([path])
    assert fast(cli, [path], "--rebuild") == reference([path])


def test_a_sheet_graded_again_replaces_its_figures(tmp_path, cli, questions):
    path = tmp_path / "h.sqlite3"
    ids = history(path, questions, days=4)
    fast(cli, [path])
    with open_history(path) as db:
        again = graded_sheet(db, random.Random(9), questions, T0 + timedelta(days=2, hours=5),
                             replaces=ids["sheet"])
    assert fast(cli, [path]) == reference([path])
    assert ids["sheet"] not in kept_tallies(path) and again in kept_tallies(path)


def test_a_read_only_history_is_counted_without_writing(tmp_path, cli, questions):
    folder = tmp_path / "share"
    folder.mkdir()
    path = folder / "h.sqlite3"
    history(path, questions, days=4)
    path.chmod(0o444)
    folder.chmod(0o555)
    try:
        assert fast(cli, [path]) == reference([path])
        assert kept_tallies(path) == {}
    finally:
        folder.chmod(0o755)
        path.chmod(0o644)


def test_several_databases_add_up_as_a_recount(tmp_path, cli, questions):
    first, second = tmp_path / "a.sqlite3", tmp_path / "b.sqlite3"
    history(first, questions, days=5, seed=2)
    history(second, questions, days=4, seed=3)
    fast(cli, [first])  # one has kept tallies, the other not yet
    paths = [first, second, first]  # the same file twice counts once
    assert fast(cli, paths) == reference(paths)
    assert fast(cli, paths) == reference(paths)


@pytest.mark.parametrize("damage", ["not json", '{"topics": {}}', '[1, 2]',
                                    '{"topics": {"x": [1]}, "styles": {}, "times": [], "timeouts": 0, '
                                    '"guessing": [0, 0, 0, 0, 0]}'])
def test_a_damaged_tally_is_made_again(tmp_path, cli, questions, damage):
    path = tmp_path / "h.sqlite3"
    ids = history(path, questions, days=3, open_paper=False)
    fast(cli, [path])
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("UPDATE stats_tallies SET tally = ? WHERE attempt_id = ?", (damage, ids["day0"]))
    conn.close()
    assert fast(cli, [path]) == reference([path])
    assert kept_tallies(path)[ids["day0"]]["timeouts"] >= 0  # stored right again

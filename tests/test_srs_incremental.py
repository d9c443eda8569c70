"""The FSRS cards kept incrementally in the history equal a full replay (`--rebuild`)."""

from __future__ import annotations

import random
import sqlite3
from datetime import timedelta

import pytest

from quizgen import srs
from quizgen.history import open_history, open_history_readonly
from test_srs import T0, make_question, seed_attempt

FACTS = [f"f{i}" for i in range(12)]


def snapshot(cards):
    return {key: (state.card.to_dict(), state.reviews, state.lapses, state.last_rating,
                  state.last_question_id, state.last_template, state.last_style)
            for key, state in cards.items()}


def both(path):
    """(incremental, full replay), each from its own connection."""
    with open_history(path) as db:
        incremental = snapshot(srs.load_cards(db))
    with open_history(path) as db:
        full = snapshot(srs.load_cards(db, rebuild=True))
    return incremental, full


def random_day(db, rng, day, finished=True, unreached=0):
    questions = [make_question(f"q{day}-{i}", tuple(rng.sample(FACTS, rng.choice((1, 1, 2)))),
                               template=f"t{rng.randrange(3)}") for i in range(5 + unreached)]
    answers = [(q, rng.choice(("correct", "wrong", "timeout")), rng.choice(("sure", "guess", None)))
               for q in questions[:5]]
    return seed_attempt(db, T0 + timedelta(days=day), answers, finished=finished,
                        unreached=questions[5:])


def folded_attempts(path):
    return {row[0] for row in sqlite3.connect(path).execute("SELECT attempt_id FROM srs_attempts")}


def test_day_by_day_the_kept_cards_equal_a_full_replay(tmp_path):
    path, rng = tmp_path / "h.sqlite3", random.Random(7)
    for day in range(12):
        with open_history(path) as db:
            random_day(db, rng, day, unreached=day % 3)
        incremental, full = both(path)
        assert incremental == full and incremental
    assert len(folded_attempts(path)) == 12


def test_only_new_attempts_are_replayed(tmp_path):
    path, rng = tmp_path / "h.sqlite3", random.Random(1)
    with open_history(path) as db:
        first = random_day(db, rng, 0)
        srs.load_cards(db)
        second = random_day(db, rng, 1)
        srs.load_cards(db)
    assert folded_attempts(path) == {first, second}
    # Damage a stored card without touching the answers: an incremental load trusts it (it
    # replays nothing already folded), a rebuild recomputes it.
    sqlite3.connect(path, isolation_level=None).execute("UPDATE srs_cards SET lapses = 99")
    with open_history(path) as db:
        assert {s.lapses for s in srs.load_cards(db).values()} == {99}
        assert 99 not in {s.lapses for s in srs.load_cards(db, rebuild=True).values()}
        assert 99 not in {s.lapses for s in srs.load_cards(db).values()}  # the rebuild was kept


def test_an_answer_changed_before_the_attempt_ends_is_rated_once(tmp_path):
    path = tmp_path / "h.sqlite3"
    question = make_question("q1", ("f1",))
    with open_history(path) as db:
        attempt = db.create_attempt([question], started_at=T0)
        db.record_answer(attempt, 0, question, chosen=0, outcome="wrong", seconds=5,
                         answered_at=T0 + timedelta(minutes=1), marked=True)
        open_cards = srs.load_cards(db)  # the attempt is open: the answer is provisional
        assert open_cards["fact:f1"].lapses == 1 and not folded_attempts(path)
        db.record_answer(attempt, 0, question, chosen=1, outcome="correct", seconds=9,
                         answered_at=T0 + timedelta(minutes=2))
        db.finish_attempt(attempt, T0 + timedelta(minutes=3))
        cards = srs.load_cards(db)
    assert cards["fact:f1"].reviews == 1 and cards["fact:f1"].lapses == 0
    assert both(path)[0] == both(path)[1]


def test_an_answer_dated_before_the_mark_triggers_a_full_replay(tmp_path):
    path, rng = tmp_path / "h.sqlite3", random.Random(3)
    with open_history(path) as db:
        for day in (10, 11, 12):
            random_day(db, rng, day)
        srs.load_cards(db)
        random_day(db, rng, 2)  # a graded scan of an old paper, finished now
        cards = snapshot(srs.load_cards(db))
        assert cards == snapshot(srs.load_cards(db, rebuild=True))


def test_an_answer_added_to_a_folded_attempt_is_not_missed(tmp_path):
    path, rng = tmp_path / "h.sqlite3", random.Random(4)
    with open_history(path) as db:
        attempt = random_day(db, rng, 0, unreached=1)
        srs.load_cards(db)
        late = make_question("late", ("f11",))
        db.record_answer(attempt, 5, late, chosen=0, outcome="correct", seconds=4,
                         answered_at=T0 + timedelta(hours=2))
    incremental, full = both(path)
    assert incremental == full


def test_a_read_only_history_gives_the_same_cards_without_writing(tmp_path):
    path, rng = tmp_path / "h.sqlite3", random.Random(5)
    with open_history(path) as db:
        for day in range(4):
            random_day(db, rng, day)
        random_day(db, rng, 5, finished=False)
    with open_history_readonly(path) as db:
        read_only = snapshot(srs.load_cards(db))
    assert not folded_attempts(path)
    incremental, full = both(path)
    assert read_only == incremental == full


@pytest.mark.parametrize("open_attempt", [False, True])
def test_stats_and_review_agree_with_rebuild(tmp_path, cli, open_attempt):
    path, rng = tmp_path / "h.sqlite3", random.Random(6)
    with open_history(path) as db:
        for day in range(3):
            random_day(db, rng, day)
        if open_attempt:
            random_day(db, rng, 4, finished=False)
    plain = cli("stats", "--format", "json", "--db", path)
    rebuilt = cli("stats", "--format", "json", "--db", path, "--rebuild")
    assert plain.code == rebuilt.code == 0, plain.err
    assert plain.json()["review"] == rebuilt.json()["review"]


def test_more_attempts_than_sql_parameters_in_one_fold(tmp_path):
    path = tmp_path / "h.sqlite3"
    with open_history(path) as db:
        db.conn.execute("PRAGMA synchronous = OFF")
        for n in range(520):
            question = make_question(f"q{n}", (FACTS[n % len(FACTS)],))
            seed_attempt(db, T0 + timedelta(hours=n), [(question, ("correct", "wrong")[n % 2], None)],
                         unreached=[make_question(f"u{n}", ("f0",))] if n % 7 == 0 else [])
    incremental, full = both(path)
    assert incremental == full
    assert len(folded_attempts(path)) == 520
    assert full["fact:f0"][1] > 520 // 12  # the unreached questions were rated too


def tallied(path):
    return {row[0] for row in sqlite3.connect(path).execute("SELECT attempt_id FROM stats_tallies")}


def test_an_attempt_that_ends_is_folded_into_the_cards_and_tallies_at_once(tmp_path):
    from quizgen.stats.compute import compute
    from quizgen.stats.load import load_databases
    from quizgen.stats.tally import compute_tallied, load_tallied
    from quizgen.upkeep import attempt_ended

    path, rng = tmp_path / "h.sqlite3", random.Random(8)
    for day in range(8):
        with open_history(path) as db:
            attempt = random_day(db, rng, day, unreached=day % 2)
            attempt_ended(db)
        assert attempt in folded_attempts(path) and attempt in tallied(path)
        incremental, full = both(path)
        assert incremental == full
    # Read-only from here: what was kept must already be right.
    with open_history_readonly(path) as db:
        assert snapshot(srs.load_cards(db)) == both(path)[1]
    assert compute_tallied(load_tallied([path])) == compute(load_databases([path], questions=False))


def test_a_sheet_dated_before_the_mark_is_left_to_the_next_load(tmp_path):
    from quizgen.upkeep import attempt_ended

    path, rng = tmp_path / "h.sqlite3", random.Random(9)
    with open_history(path) as db:
        for day in (10, 11):
            random_day(db, rng, day)
            attempt_ended(db)
        old = random_day(db, rng, 1)  # a graded scan of an old paper
        attempt_ended(db)  # no full replay as a paper ends
        assert old not in folded_attempts(path) and old in tallied(path)
    incremental, full = both(path)
    assert incremental == full and old in folded_attempts(path)


def test_a_quiz_that_ends_keeps_its_cards(tmp_path):
    from prompt_toolkit.input import create_pipe_input
    from prompt_toolkit.output import DummyOutput

    from quizgen.quiz.session import QuizSettings, Terminal, run_quiz
    from test_quiz_samples import sample_questions

    path = tmp_path / "h.sqlite3"
    with open_history(path) as db, create_pipe_input() as pipe:
        pipe.send_text("\r" "b" "a" "b" "b" "b" "\r")
        result = run_quiz(sample_questions(), QuizSettings(), db, terminal=Terminal(pipe, DummyOutput()))
    assert result.finished
    assert folded_attempts(path) == tallied(path) == {result.attempt_id}
    incremental, full = both(path)
    assert incremental == full and incremental

"""`quizgen review` after months of daily papers: the kept cards list what a full replay
lists, only the questions picked are built, and they follow the review's rules."""

from __future__ import annotations

import random
import sqlite3
from datetime import datetime, timedelta, timezone

import pytest

from conftest import run_cli
from quizgen import srs
from quizgen.generate import generate
from quizgen.history import open_history
from quizgen.library import load_library
from quizgen.reviewpool import ReviewPool


@pytest.fixture(scope="module")
def library():
    return load_library()


def months_of_papers(path, library, days=60, per_day=15, seed=1):
    """Daily papers of the bundled banks ending about a week ago, answered right 60% of the
    time, as quizgen's history records them."""
    questions = generate(library, count=1_000_000, seed=seed).questions
    rng = random.Random(seed)
    start = datetime.now(timezone.utc).replace(microsecond=0) - timedelta(days=days + 7)
    with open_history(path) as db:
        db.conn.execute("PRAGMA synchronous = OFF")
        for day in range(days):
            at = start + timedelta(days=day)
            asked = rng.sample(questions, per_day)
            attempt = db.create_attempt(asked, started_at=at)
            for position, q in enumerate(asked):
                chosen = q.answer if rng.random() < 0.6 else (q.answer + 1) % 4
                db.record_answer(attempt, position, q, chosen=chosen,
                                 outcome="correct" if chosen == q.answer else "wrong", seconds=30.0,
                                 answered_at=at + timedelta(seconds=30 * position),
                                 confidence=rng.choice(("sure", "guess")))
            db.finish_attempt(attempt, at + timedelta(hours=1))


def folded(path) -> int:
    conn = sqlite3.connect(path)
    try:
        return conn.execute("SELECT COUNT(*) FROM srs_attempts").fetchone()[0]
    finally:
        conn.close()


def test_list_from_kept_cards_equals_the_list_from_a_full_replay(tmp_path):
    path = tmp_path / "h.sqlite3"
    months_of_papers(path, load_library())
    listing = ["review", "--list", "--count", "12", "--db", str(path)]
    first = run_cli(*listing)  # replays every answer once, and keeps the cards (a writable file)
    assert first.code == 0, first.err
    assert folded(path) == 60
    kept = run_cli(*listing)
    rebuilt = run_cli(*listing, "--rebuild")
    assert kept.code == rebuilt.code == 0
    assert first.out == kept.out == rebuilt.out
    assert kept.out.count("[due,") == 12  # two months in, plenty is due


def test_only_the_questions_picked_are_built_and_they_follow_the_rules(tmp_path, library):
    path = tmp_path / "h.sqlite3"
    months_of_papers(path, library)
    with open_history(path) as db:
        cards = srs.load_cards(db)
    now = datetime.now(timezone.utc)
    due = srs.due_facts(cards, now)
    seen = {key[len(srs.FACT):] for key in cards if key.startswith(srs.FACT)}
    wanted = {d.fact_id for d in due} | {f.id for f in library.facts if f.id not in seen}
    pool = ReviewPool(library, seed=4, facts=wanted)
    plan = srs.plan_review(cards, pool, now, count=10, seed=4)

    assert len(plan.questions) == 10
    assert pool.built < 20 < len(pool.candidates)  # a few skipped recipes at most, not the pool
    # Every question is one generate's pool for these facts holds (same recipe), and new.
    families = {q.family for q in generate(library, count=1_000_000, seed=4, facts=wanted,
                                            paper=False).questions}
    assert {q.family for q in plan.questions} <= families
    assert len({q.id for q in plan.questions}) == 10
    # The most overdue due facts come first, each asked where possible in a template other
    # than the one it was last asked in.
    order = {d.fact_id: n for n, d in enumerate(due)}
    firsts = [min(order[f] for f in q.facts if f in order) for q in plan.questions]
    assert firsts == sorted(firsts) and firsts[0] == 0
    by_fact = {}
    for candidate in pool.candidates:
        for fact in candidate.facts:
            by_fact.setdefault(fact, set()).add(candidate.template)
    for q, first in zip(plan.questions, firsts):
        card = due[first].card
        if by_fact[due[first].fact_id] - {card.last_template}:
            assert q.template != card.last_template
    # The same history and seed give the same review.
    again = srs.plan_review(cards, ReviewPool(library, seed=4, facts=wanted), now, count=10, seed=4)
    assert [q.to_dict() for q in again.questions] == [q.to_dict() for q in plan.questions]

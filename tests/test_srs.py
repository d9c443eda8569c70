"""FSRS cards replayed from a real attempt database: ratings, due order, exam-date pull-forward,
and which questions a review asks."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest
from fsrs import Rating

from quizgen import srs
from quizgen.history import open_history
from quizgen.model import Item, Question, SourceRef

T0 = datetime(2026, 10, 1, 9, 0, tzinfo=timezone.utc)


def make_question(qid: str, facts: tuple[str, ...], template: str = "t-single",
                  style: str = "single", topic: str = "defence") -> Question:
    items: tuple[Item, ...] = ()
    ask = ""
    if style != "single":
        items = tuple(Item(str(i + 1), (f"Statement about {f}.",)) for i, f in enumerate(facts))
        ask = "Which of the statements given above is/are correct?"
    return Question(
        id=qid, style=style, lead=f"Question {qid} on {', '.join(facts)}", items=items, ask=ask,
        options=("2016", "2018", "2019", "2020"), answer=1, explanation="Signed in 2018.",
        sources=(SourceRef("art-000", "India, US seal defence pact", "signed"),), topic=topic,
        template=template, facts=facts, bank="india-us",
    )


def seed_attempt(db, at: datetime, answers: list[tuple], finished: bool = True,
                 unreached: list[Question] = ()) -> int:
    """answers: (question, outcome, confidence) in order, one minute apart from `at`."""
    questions = [a[0] for a in answers] + list(unreached)
    attempt = db.create_attempt(questions, started_at=at)
    for position, (question, outcome, confidence) in enumerate(answers):
        chosen = {"correct": question.answer, "wrong": 0}.get(outcome)
        db.record_answer(attempt, position, question, chosen=chosen, outcome=outcome, seconds=30,
                         answered_at=at + timedelta(minutes=position), confidence=confidence)
    if finished:
        db.finish_attempt(attempt, at + timedelta(minutes=len(questions)))
    return attempt


def cards_of(path: Path) -> dict[str, srs.CardState]:
    with open_history(path) as db:
        return srs.load_cards(db)


@pytest.mark.parametrize("outcome, confidence, rating", [
    ("correct", "sure", Rating.Good),
    ("correct", "guess", Rating.Hard),
    ("correct", None, Rating.Good),
    ("wrong", "sure", Rating.Again),
    ("wrong", "guess", Rating.Again),
    ("timeout", None, Rating.Again),
    ("skipped", None, Rating.Again),
])
def test_rating_for(outcome, confidence, rating):
    assert srs.rating_for(outcome, confidence) == rating


def test_ratings_from_a_real_database(tmp_path):
    path = tmp_path / "h.sqlite3"
    qs = {name: make_question(f"q-{name}", (f"f-{name}",), template=f"t-{name}")
          for name in ("sure", "guess", "plain", "wrong", "timeout", "skipped", "unreached",
                       "later")}
    with open_history(path) as db:
        seed_attempt(db, T0, [
            (qs["sure"], "correct", "sure"),
            (qs["guess"], "correct", "guess"),
            (qs["plain"], "correct", None),
            (qs["wrong"], "wrong", "sure"),
            (qs["timeout"], "timeout", None),
            (qs["skipped"], "skipped", None),
            (qs["later"], "skipped", None),
        ], unreached=[qs["unreached"]], finished=False)
        # "later" was skipped, then answered correctly when it came back: the last row counts.
        db.record_answer(1, 6, qs["later"], chosen=1, outcome="correct", seconds=50,
                         answered_at=T0 + timedelta(minutes=9), confidence="sure")
        db.finish_attempt(1, T0 + timedelta(minutes=10))
    cards = cards_of(path)

    def fact(name: str) -> srs.CardState:
        return cards[f"fact:f-{name}"]

    assert fact("sure").last_rating == Rating.Good
    assert fact("sure").due - fact("sure").last_review == timedelta(days=2)
    assert fact("guess").last_rating == Rating.Hard
    assert fact("guess").due - fact("guess").last_review == timedelta(minutes=15)
    assert fact("plain").last_rating == Rating.Good
    for name in ("wrong", "timeout", "skipped"):
        assert fact(name).last_rating == Rating.Again
        assert fact(name).due - fact(name).last_review == timedelta(minutes=10)
        assert fact(name).lapses == 1
    # Never reached in a finished attempt: Again, at the attempt's end.
    assert fact("unreached").last_rating == Rating.Again
    assert fact("unreached").last_review == T0 + timedelta(minutes=10)
    assert fact("later").last_rating == Rating.Good and fact("later").reviews == 1
    # A card per template too.
    assert cards["template:t-wrong"].last_rating == Rating.Again
    assert cards["template:t-sure"].last_rating == Rating.Good


def test_unfinished_attempt_does_not_count_unreached_questions(tmp_path):
    path = tmp_path / "h.sqlite3"
    a, b = make_question("qa", ("fa",)), make_question("qb", ("fb",))
    with open_history(path) as db:
        seed_attempt(db, T0, [(a, "correct", "sure")], finished=False, unreached=[b])
    cards = cards_of(path)
    assert "fact:fa" in cards and "fact:fb" not in cards


def test_due_order_most_overdue_first(tmp_path):
    path = tmp_path / "h.sqlite3"
    q = {n: make_question(f"q{n}", (f"f{n}",)) for n in range(5)}
    with open_history(path) as db:
        seed_attempt(db, T0, [(q[0], "correct", "sure"),  # due T0 + 2 d
                              (q[1], "wrong", None)])  # due T0 + 10 min
        seed_attempt(db, T0 + timedelta(days=1), [(q[2], "correct", "sure")])  # due T0 + 3 d
        # Reviewed twice: Good then Good two days later, so its interval has grown.
        seed_attempt(db, T0 + timedelta(hours=1), [(q[3], "correct", None)])
        seed_attempt(db, T0 + timedelta(days=2, hours=1), [(q[3], "correct", None)])
        seed_attempt(db, T0 + timedelta(days=4, hours=23), [(q[4], "correct", "sure")])
    cards = cards_of(path)
    assert cards["fact:f3"].due - cards["fact:f3"].last_review > timedelta(days=5)

    now = T0 + timedelta(days=5)
    due = srs.due_facts(cards, now)
    assert [d.fact_id for d in due] == ["f1", "f0", "f2"]
    assert due[0].overdue > due[1].overdue > due[2].overdue
    # Within the learn-ahead window (20 min) a fact missed minutes ago is due already.
    just_after = srs.due_facts(cards, T0 + timedelta(minutes=2))
    assert [d.fact_id for d in just_after] == ["f1"]


def test_exam_date_brings_forward_facts_due_after_it(tmp_path):
    path = tmp_path / "h.sqlite3"
    q = {n: make_question(f"q{n}", (f"f{n}",)) for n in range(3)}
    with open_history(path) as db:
        # f0: three Good reviews spread out, so its next due is weeks away.
        for day in (0, 2, 10):
            seed_attempt(db, T0 + timedelta(days=day), [(q[0], "correct", "sure")])
        seed_attempt(db, T0 + timedelta(days=10), [(q[1], "correct", "sure")])  # due in 2 d
    cards = cards_of(path)
    f0 = cards["fact:f0"]
    last = f0.last_review
    assert f0.due - last > timedelta(days=20)

    now = last + timedelta(days=6)
    assert [d.fact_id for d in srs.due_facts(cards, now)] == ["f1"]
    # Exam in 5 days: f0 would next be due after it, so it is brought forward to halfway
    # between its last review and the exam (day 5.5 after it), which has passed.
    exam = (last + timedelta(days=11)).date()
    due = srs.due_facts(cards, now, exam_date=exam)
    assert [d.fact_id for d in due] == ["f1", "f0"]
    halfway = last + (srs.exam_deadline(exam) - last) / 2
    assert due[1].due == halfway
    # An exam after the fact's due date changes nothing.
    later_exam = (f0.due + timedelta(days=3)).date()
    assert srs.effective_due(f0, later_exam) == f0.due
    # Never sooner than a day after the last review, even with the exam tomorrow.
    assert srs.effective_due(f0, (last + timedelta(days=1)).date()) == last + timedelta(days=1)


def test_plan_prefers_another_template_and_style(tmp_path):
    path = tmp_path / "h.sqlite3"
    first = make_question("q-year", ("comcasa",), template="agreement-year-single")
    with open_history(path) as db:
        seed_attempt(db, T0, [(first, "wrong", "sure")])
    cards = cards_of(path)
    pool = [
        make_question("q-year", ("comcasa",), template="agreement-year-single"),
        make_question("q-name", ("comcasa",), template="agreement-name-single"),
        make_question("q-stmts", ("comcasa", "beca"), template="agreement-statements",
                      style="statements"),
        make_question("q-other", ("lemoa",), template="agreement-year-single"),
    ]
    plan = srs.plan_review(cards, pool, T0 + timedelta(hours=1), count=1, seed=1)
    assert [q.id for q in plan.questions] == ["q-stmts"]  # other template and other style
    assert (plan.due_covered, plan.unseen_covered) == (1, 1)  # comcasa; beca never seen

    # Top-up with unseen facts (beca is covered already, lemoa is not); then, the paper still
    # short, the due fact again in the templates left, the one it was last asked in last.
    plan = srs.plan_review(cards, pool, T0 + timedelta(hours=1), count=5, seed=1)
    assert [q.id for q in plan.questions] == ["q-stmts", "q-other", "q-name", "q-year"]
    assert (plan.due_covered, plan.unseen_covered) == (1, 2)


def test_plan_orders_due_before_unseen_and_reports_unaskable(tmp_path):
    path = tmp_path / "h.sqlite3"
    q = {n: make_question(f"q{n}", (f"f{n}",), template=f"t{n}") for n in range(3)}
    with open_history(path) as db:
        seed_attempt(db, T0, [(q[0], "correct", "sure"), (q[1], "wrong", None),
                              (q[2], "wrong", None)])
    cards = cards_of(path)
    pool = [make_question("q0b", ("f0",), template="t0b"),
            make_question("q1b", ("f1",), template="t1b"),
            make_question("q-new", ("f-new",), template="t-new")]
    now = T0 + timedelta(days=3)
    plan = srs.plan_review(cards, pool, now, count=10)
    # f1 and f2 (Again) are more overdue than f0 (Good); f2 has no question in the pool.
    assert [q.id for q in plan.questions] == ["q1b", "q0b", "q-new"]
    assert plan.no_question == ["f2"]
    assert [d.fact_id for d in plan.due] == ["f1", "f2", "f0"]


def test_plan_is_deterministic_for_a_seed():
    pool = [make_question(f"q{n}", (f"f{n}",), template=f"t{n % 3}") for n in range(30)]
    a = srs.plan_review({}, pool, T0, count=8, seed=5)
    b = srs.plan_review({}, pool, T0, count=8, seed=5)
    c = srs.plan_review({}, pool, T0, count=8, seed=6)
    assert [q.id for q in a.questions] == [q.id for q in b.questions]
    assert [q.id for q in a.questions] != [q.id for q in c.questions]
    assert a.unseen_covered == 8 and a.due_covered == 0

"""Spaced repetition: FSRS cards per fact and per template, and what a review session asks.

The cards are derived from the attempt history: the answers are the record, a card is a view
of them. Replaying a year of answers (36,500) takes seconds, so the cards are kept in the
database incrementally (HistoryDB's srs_* tables): when an attempt ends its answers are final
(until then an answer can still be changed or un-marked, and must not be rated twice), and
they are folded into the stored cards then (`keep_cards`, through quizgen.upkeep, when that is
cheap) or by the next `load_cards`. A high-water mark remembers the newest
answer folded; a newly finished attempt with an answer dated at or before it (a graded scan,
an import, an old attempt resumed) means a full replay, as does a change to the answers of an
attempt already folded or to these rules (SCHEME). Answers of attempts not yet finished are
applied on top, in memory, after the final ones. `load_cards(db, rebuild=True)` replays
everything from scratch (`quizgen review --rebuild`); both give the same cards.

A review plans on recipes (quizgen.reviewpool) and builds only the questions it picks.

Ratings: correct and sure -> Good, correct but guessed -> Hard, correct without a confidence
tag -> Good, wrong, timed out or left unanswered -> Again.

This module never prints; `quizgen review` and `quizgen stats` do the talking.
"""

from __future__ import annotations

import json
import random
from dataclasses import dataclass, field, replace
from datetime import date, datetime, time, timedelta, timezone
from typing import TYPE_CHECKING, Iterable, Mapping, Sequence

from fsrs import Card, Rating, Scheduler, State

from quizgen.errors import HistoryError
if TYPE_CHECKING:
    from quizgen.history import HistoryDB
    from quizgen.model import Question
    from quizgen.reviewpool import ReviewPool

FACT = "fact:"
TEMPLATE = "template:"

# One short step: a fact answered wrongly comes back after ten minutes, then in days.
LEARNING_STEPS = (timedelta(minutes=10),)
RELEARNING_STEPS = (timedelta(minutes=10),)
# Like Anki's learn-ahead limit: a card due within this window counts as due now, so a fact
# missed in the quiz just finished can be reviewed straight away.
LEARN_AHEAD = timedelta(minutes=20)
# What the stored cards were computed under: a change here means a full replay.
SCHEME = f"1|{LEARNING_STEPS}|{RELEARNING_STEPS}"


def make_scheduler() -> Scheduler:
    # No fuzzing: the same history must always give the same due dates.
    return Scheduler(
        learning_steps=LEARNING_STEPS,
        relearning_steps=RELEARNING_STEPS,
        enable_fuzzing=False,
    )


def rating_for(outcome: str, confidence: str | None) -> Rating:
    """The FSRS rating an answer earns."""
    if outcome == "correct":
        return Rating.Hard if confidence == "guess" else Rating.Good
    return Rating.Again  # wrong, timeout, skipped


@dataclass(frozen=True)
class Review:
    """One question answered (or left unanswered), as the scheduler sees it."""

    at: datetime  # timezone-aware UTC
    rating: Rating
    question_id: str
    facts: tuple[str, ...]
    template: str
    style: str


@dataclass
class CardState:
    """A card and what review needs to know about the last time it was asked."""

    key: str  # "fact:<id>" or "template:<id>"
    card: Card
    reviews: int = 0
    lapses: int = 0  # answers rated Again
    last_rating: Rating | None = None
    last_question_id: str = ""
    last_template: str = ""
    last_style: str = ""

    @property
    def due(self) -> datetime:
        return self.card.due

    @property
    def last_review(self) -> datetime | None:
        return self.card.last_review

    @property
    def state(self) -> str:
        return State(self.card.state).name.lower()


def replay(reviews: Iterable[Review], scheduler: Scheduler | None = None,
           cards: dict[str, CardState] | None = None) -> dict[str, CardState]:
    """Run the reviews, oldest first, through FSRS; one card per fact and per template.
    With `cards`, continue from them (they are updated in place)."""
    scheduler = scheduler or make_scheduler()
    cards = {} if cards is None else cards
    for review in sorted(reviews, key=lambda r: r.at):
        keys = [FACT + f for f in dict.fromkeys(review.facts)]
        if review.template:
            keys.append(TEMPLATE + review.template)
        for key in keys:
            state = cards.get(key)
            if state is None:
                # card_id given: fsrs otherwise sleeps 1 ms per new card to make ids unique.
                state = cards[key] = CardState(key, Card(card_id=len(cards) + 1, due=review.at))
            state.card, _ = scheduler.review_card(state.card, review.rating, review.at)
            state.reviews += 1
            state.lapses += review.rating == Rating.Again
            state.last_rating = review.rating
            state.last_question_id = review.question_id
            state.last_template = review.template
            state.last_style = review.style
    return cards


def parse_time(text: str) -> datetime:
    """An ISO timestamp from the database as an aware UTC datetime (naive means UTC)."""
    moment = datetime.fromisoformat(text.replace("Z", "+00:00"))
    if moment.tzinfo is None:
        return moment.replace(tzinfo=timezone.utc)
    return moment.astimezone(timezone.utc)


def read_reviews(db: "HistoryDB", attempt_ids: Iterable[int] | None = None) -> list[Review]:
    """The final answer to each question (of these attempts) as a Review, plus the questions
    of finished attempts that were never answered (rated Again at the attempt's end)."""
    wanted = None if attempt_ids is None else set(attempt_ids)
    reviews = [
        Review(at=parse_time(record.answered_at), rating=rating_for(record.outcome, record.confidence),
               question_id=record.question_id, facts=record.facts, template=record.template,
               style=record.style)
        for record in db.final_answer_records(wanted)
    ]
    for record, finished_at in db.unshown_questions(attempt_ids=wanted):
        question = record.question()
        reviews.append(Review(
            at=parse_time(finished_at), rating=Rating.Again, question_id=record.question_id,
            facts=tuple(question.get("facts", ())), template=question.get("template", ""),
            style=question.get("style", ""),
        ))
    return reviews


def load_cards(db: "HistoryDB", rebuild: bool = False) -> dict[str, CardState]:
    """The cards as the attempt history leaves them: the stored cards brought up to date (and
    stored again when the database is writable), or with `rebuild` a replay of everything."""
    try:
        return _load_cards(db, rebuild)
    except (ValueError, KeyError, TypeError) as error:
        raise HistoryError(f"cannot read the answers in the attempt history: {error}", db.path) from None


# An attempt just ended is folded into the kept cards at once when that is cheap: the cards
# are current, or so few attempts are finished that replaying them all is cheap too.
CHEAP_REPLAY_ATTEMPTS = 5


def keep_cards(db: "HistoryDB") -> None:
    """Fold the attempts just ended into the kept cards, when that needs no full replay (a
    full replay, e.g. for a graded sheet dated in the past, is left to the next
    `load_cards`). Called as an attempt ends, so `review` and `stats` find the cards current."""
    if db.readonly:
        return
    try:
        _load_cards(db, rebuild=False, cheap=True)
    except (ValueError, KeyError, TypeError, HistoryError):
        pass  # the next load_cards reports what is wrong


def _load_cards(db: "HistoryDB", rebuild: bool, cheap: bool = False) -> dict[str, CardState]:
    finished = db.finished_attempt_ids()
    stored = None if rebuild else db.card_state()
    cards: dict[str, CardState] = {}
    folded: set[int] = set()
    mark: datetime | None = None
    if stored is not None:
        state, folded, records = stored
        if state.get("scheme") == SCHEME and state.get("answers") == db.folded_answers_fingerprint():
            cards = {r.key: _card_state(r) for r in records}
            mark = parse_time(state["mark"]) if state.get("mark") else None
        else:
            folded = set()
    fresh = [a for a in finished if a not in folded]
    full = not folded
    if cheap and (not fresh or (full and len(fresh) > CHEAP_REPLAY_ATTEMPTS)):
        return cards
    reviews = read_reviews(db, fresh) if fresh else []
    if mark is not None and any(r.at <= mark for r in reviews):  # dated before the mark
        if cheap:
            return cards
        cards, folded, fresh, full = {}, set(), finished, True
        reviews = read_reviews(db, finished)
    before = {key: (state.reviews, state.card.due) for key, state in cards.items()}
    replay(reviews, cards=cards)
    if reviews:
        mark = max([r.at for r in reviews] + ([mark] if mark else []))
    if fresh and not db.readonly:
        positions = {key: n for n, key in enumerate(cards)}
        changed = [s for k, s in cards.items() if full or before.get(k) != (s.reviews, s.card.due)]
        try:
            db.save_card_state({"scheme": SCHEME, "mark": mark.isoformat() if mark else ""}, fresh,
                               [_card_record(s, positions[s.key]) for s in changed], replace_all=full)
        except HistoryError:
            pass  # a read-only file: the cards are right, only not kept for next time
    if cheap:
        return cards
    # Answers of attempts still open may yet change: applied on top, in memory only.
    pending = read_reviews(db, db.unfinished_attempt_ids())
    if pending:
        cards = replay(pending, cards={key: replace(state) for key, state in cards.items()})
    return cards


def _card_state(record) -> CardState:
    return CardState(record.key, Card.from_dict(json.loads(record.card)), record.reviews, record.lapses,
                     Rating(record.last_rating) if record.last_rating is not None else None,
                     record.last_question_id, record.last_template, record.last_style)


def _card_record(state: CardState, position: int):
    from quizgen.history import CardRecord

    return CardRecord(state.key, position, json.dumps(state.card.to_dict()), state.reviews, state.lapses,
                      int(state.last_rating) if state.last_rating is not None else None,
                      state.last_question_id, state.last_template, state.last_style)


# --- What a review session asks ---------------------------------------------------------


def exam_deadline(exam_date: date) -> datetime:
    """The start of the exam day, UTC: a review must fall before it to help."""
    return datetime.combine(exam_date, time(0, 0), tzinfo=timezone.utc)


def effective_due(card: CardState, exam_date: date | None = None) -> datetime:
    """When the card should next be asked.

    With an exam date, a card that would next fall due on or after the exam is brought forward
    to halfway between its last review and the exam (but not sooner than a day after that
    review), so each fact is seen again before the exam, reviews closing in as it nears.
    """
    due = card.due
    if exam_date is None or card.last_review is None:
        return due
    deadline = exam_deadline(exam_date)
    if due < deadline:
        return due
    halfway = card.last_review + (deadline - card.last_review) / 2
    return min(due, max(halfway, card.last_review + timedelta(days=1)))


@dataclass(frozen=True)
class DueFact:
    fact_id: str
    due: datetime  # effective due (after any exam-date pull-forward)
    overdue: timedelta  # now - due; negative within the learn-ahead window
    card: CardState


def due_facts(
    cards: Mapping[str, CardState], now: datetime, exam_date: date | None = None
) -> list[DueFact]:
    """The facts due now (within the learn-ahead window), most overdue first."""
    due: list[DueFact] = []
    for key, card in cards.items():
        if not key.startswith(FACT):
            continue
        when = effective_due(card, exam_date)
        if when <= now + LEARN_AHEAD:
            due.append(DueFact(key[len(FACT):], when, now - when, card))
    due.sort(key=lambda d: (d.due, d.fact_id))
    return due


@dataclass(frozen=True)
class ReviewPlan:
    questions: list[Question]
    due: list[DueFact]  # every fact due now (may be more than the questions cover)
    due_covered: int  # due facts the questions ask about
    unseen_covered: int  # facts never seen before that the questions ask about
    no_question: list[str] = field(default_factory=list)  # due facts the banks no longer ask


def plan_review(
    cards: Mapping[str, CardState],
    pool: "Sequence[Question] | ReviewPool",
    now: datetime,
    count: int,
    seed: int | str = 0,
    exam_date: date | None = None,
) -> ReviewPlan:
    """Choose up to `count` questions: due facts most overdue first, then unseen facts, then
    (if the paper is still short) further questions on the due facts.

    `pool` is every question the loaded banks can ask, freshly generated (new distractors and
    option order), or a `quizgen.reviewpool.ReviewPool` of their recipes, of which only the
    ones chosen are built. For each fact the question preferred is one that asks no fact the
    paper already reviews, then one of another template and style than the fact was last
    asked in, then one whose template is itself due or unseen.
    A question that covers several facts reviews them all.
    """
    rng = random.Random(f"review:{seed}")
    build = getattr(pool, "build", None)  # a lazy pool: candidates are recipes, built when chosen
    by_fact: dict[str, list] = {}
    for question in (pool.candidates if build else pool):
        for fact in question.facts:
            by_fact.setdefault(fact, []).append(question)
    never = datetime.min.replace(tzinfo=timezone.utc)

    chosen: list[Question] = []
    covered: set[str] = set()
    used_ids: set[str] = set()  # candidates taken (or, lazily, that could not be built)
    built_ids: set[str] = set()  # questions taken (two recipes may make the same one)
    used_templates: dict[str, set[str]] = {}  # fact -> templates already chosen for it

    def pick(fact: str, last: CardState | None) -> Question | None:
        while True:
            candidates = [q for q in by_fact.get(fact, ()) if q.id not in used_ids]
            if not candidates:
                return None
            order = {id(q): rng.random() for q in candidates}
            again = used_templates.get(fact, set())

            def score(q) -> tuple:
                template = cards.get(TEMPLATE + q.template)
                return (
                    any(f in covered for f in q.facts if f != fact),  # a fact this paper reviews already
                    q.template in again,
                    last is not None and q.template == last.last_template,
                    last is not None and q.style == last.last_style,
                    template.due if template else never,
                    order[id(q)],
                )

            best = min(candidates, key=score)
            if build is None:
                return best
            used_ids.add(best.id)
            question = build(best)
            if question is not None and question.id not in built_ids:
                return question

    def take(question: Question) -> None:
        chosen.append(question)
        used_ids.add(question.family if build else question.id)
        built_ids.add(question.id)
        covered.update(question.facts)
        for fact in question.facts:
            used_templates.setdefault(fact, set()).add(question.template)

    due = due_facts(cards, now, exam_date)
    no_question = [d.fact_id for d in due if not by_fact.get(d.fact_id)]
    askable = [d for d in due if by_fact.get(d.fact_id)]
    for item in askable:
        if len(chosen) >= count:
            break
        if item.fact_id not in covered:
            question = pick(item.fact_id, item.card)
            if question is not None:
                take(question)

    seen = {key[len(FACT):] for key in cards if key.startswith(FACT)}
    unseen = sorted(f for f in by_fact if f not in seen)
    rng.shuffle(unseen)
    for fact in unseen:
        if len(chosen) >= count:
            break
        if fact not in covered:
            question = pick(fact, None)
            if question is not None:
                take(question)

    # Still short: ask the due facts again, in other templates where there are any.
    while len(chosen) < count:
        added = False
        for item in askable:
            if len(chosen) >= count:
                break
            question = pick(item.fact_id, item.card)
            if question is not None:
                take(question)
                added = True
        if not added:
            break

    due_ids = {d.fact_id for d in due}
    unseen_set = set(unseen)
    return ReviewPlan(chosen, due, len(covered & due_ids), len(covered & unseen_set),
                      no_question)

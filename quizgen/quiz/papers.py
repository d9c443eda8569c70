"""Which questions go into a paper besides a fresh selection: what recent papers asked (to
avoid repeating it), a past paper again, and the questions missed in a past attempt asked
afresh."""

from __future__ import annotations

import secrets
from typing import Sequence

from quizgen.history import HistoryDB
from quizgen.model import Question

RECENT_PAPERS = 3  # papers whose question families a new random paper avoids
SEED_RANGE = 1_000_000  # random seeds are short enough to read off the screen and type


def random_seed() -> int:
    return secrets.randbelow(SEED_RANGE)


def recent_families(db: HistoryDB, papers: int = RECENT_PAPERS) -> list[str]:
    """The question families (recipe ids) of the last few practice papers, newest first."""
    attempts = [a for a in db.attempts() if a.mode in ("quiz", "retry")][-papers:]
    families: dict[str, None] = {}
    for attempt in reversed(attempts):
        for question in db.attempt_questions(attempt.id):
            if question.family:
                families.setdefault(question.family)
    return list(families)


def families_avoided_with_seed(db: HistoryDB, seed: int) -> list[str]:
    """What the last paper with this seed avoided, so `--seed N` gives that same paper again."""
    for attempt in reversed(db.attempts()):
        if attempt.mode == "quiz" and attempt.seed == seed:
            return list(attempt.settings.get("avoided") or ())
    return []


def missed_questions(db: HistoryDB, attempt_id: int) -> list[Question]:
    """The questions of an attempt not answered right (wrong, blank, timed out, not reached)."""
    finals = db.final_answers(attempt_id)
    return [question for position, question in enumerate(db.attempt_questions(attempt_id))
            if not (position in finals and finals[position].outcome == "correct")]


def fresh_variants(library, questions: Sequence[Question], seed: int) -> list[Question]:
    """Each question again as a new variant of the same family (same template and facts: new
    distractors and option order) where the library still makes it, else as it was."""
    from quizgen.generate import generate

    wanted: set[str] = {fact for question in questions for fact in question.facts}
    pool = generate(library, count=1_000_000, seed=seed, facts=wanted).questions
    by_family: dict[str, Question] = {}
    for question in pool:
        by_family.setdefault(question.family, question)
    return [by_family.get(question.family, question) for question in questions]


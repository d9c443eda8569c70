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
    attempts = [a for a in db.attempts() if a.mode in ("quiz", "retry", "mock")][-papers:]
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


def fresh_variants(library, questions: Sequence[Question], seed: int,
                   tries: int = 8) -> list[Question]:
    """Each question again as a new variant of the same family (same template and facts: other
    distractors or option order) where the library makes one, else as it was."""
    from quizgen.generate import generate

    wanted: set[str] = {fact for question in questions for fact in question.facts}
    families = {question.family: question.id for question in questions}
    found: dict[str, Question] = {}
    for attempt in range(tries):  # a few seeds: some families vary only with some of them
        pool = generate(library, count=1_000_000, seed=seed * tries + attempt,
                        facts=wanted).questions
        for question in pool:
            if question.family in families and question.id != families[question.family]:
                found.setdefault(question.family, question)
        if len(found) == len(families):
            break
    return [found.get(question.family, question) for question in questions]

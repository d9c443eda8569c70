"""The questions a review may ask, built only when the plan picks them.

A review paper of 20 questions needs 20 questions built, not every question the library can
ask about the facts due or unseen (hundreds, most of the time of `review --list`). The pool
lists the recipes first (cheap), with what `srs.plan_review` weighs (template, style, facts);
a recipe is built into a Question when the plan chooses it. The recipes are those
`generate(..., facts=..., paper=False)` would build, filtered the same way; the questions
come from their own seeded generator, so the same history, banks and seed give the same
review.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from typing import Iterable

from quizgen.build import Builder, Recipe, Skip
from quizgen.distractors import Pools
from quizgen.generate import StyleSlots, enumerate_recipes, matches
from quizgen.library import Library
from quizgen.model import Question
from quizgen.styles import build_question


@dataclass(frozen=True)
class Candidate:
    """A question the pool can build: its recipe and what the plan compares before building."""

    id: str  # the recipe's id: a built question's `family`
    facts: tuple[str, ...]
    template: str
    style: str
    recipe: Recipe


class ReviewPool:
    """Every recipe on the wanted facts that passes the filters; `build` makes one question."""

    def __init__(self, library: Library, *, seed: int, facts: Iterable[str], topics: Iterable[str] = (),
                 styles: Iterable[str] = (), difficulty: str = "hard") -> None:
        wanted, styles = set(facts), set(styles)
        topics = library.resolve_topics(topics)
        unique: dict[str, Recipe] = {}
        for recipe in enumerate_recipes(library, seed):
            # The filters of quizgen.generate.generate, as a pool of paper=False applies them.
            if wanted and matches(library, recipe, styles, topics, wanted):
                unique.setdefault(recipe.id, recipe)
        self.candidates = [Candidate(r.id, tuple(dict.fromkeys(f.id for f in r.facts)), r.template.id,
                                     r.template.style, r) for r in unique.values()]
        self._builder = Builder(library, Pools(library), hard=difficulty == "hard")
        self._rng = random.Random(f"review-pool|{seed}")
        self._slots = StyleSlots(self._rng)
        self.built = 0  # questions built so far (tests and benchmarks look)

    def build(self, candidate: Candidate) -> Question | None:
        """The candidate's question, keys spread over (a)-(d) per style; None if it cannot be
        built (the recipe is skipped, as generate skips it)."""
        style = candidate.style
        self.built += 1
        try:
            question = build_question(self._builder, candidate.recipe, self._slots.next(style), self._rng)
        except Skip:
            return None
        self._slots.used(style)
        return question

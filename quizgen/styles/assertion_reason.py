"""`assertion-reason`: Statement-I and Statement-II, and the four standard verdicts."""

from __future__ import annotations

import random
from typing import TYPE_CHECKING, Iterator

from quizgen.build import Builder, Recipe, Skip, topic_of
from quizgen.distractors import normalise
from quizgen.model import Item
from quizgen.styles.base import Style

if TYPE_CHECKING:
    from quizgen.library import Library, Template
    from quizgen.model import Question

AR_LEAD = "Consider the following statements:"
AR_ASK = "Which one of the following is correct in respect of the above statements?"
AR_OPTIONS = (
    "Both Statement-I and Statement-II are correct and Statement-II is the correct explanation for Statement-I",
    "Both Statement-I and Statement-II are correct and Statement-II is not the correct explanation for Statement-I",
    "Statement-I is correct but Statement-II is incorrect",
    "Statement-I is incorrect but Statement-II is correct",
)


class AssertionReason(Style):
    name = "assertion-reason"
    keys = frozenset({"assertion", "reason"})
    required = frozenset({"kind", "assertion", "reason"})
    item_kinds = ("assertion", "reason")

    def recipes(self, library: "Library", template: "Template", seed: int) -> Iterator[Recipe]:
        for bank in library.banks:
            if not template.in_scope(bank.id):
                continue
            facts = [f for f in bank.facts if template.applies_to(f)]
            for i, fact in enumerate(facts):
                others = facts[i + 1:] + facts[:i]
                yield Recipe(template, (fact, *others[:1]), bank.id, topic_of(library, (fact,)))

    def build(self, builder: Builder, recipe: Recipe, slot: int, rng: random.Random) -> "Question":
        template = recipe.template
        fact = recipe.facts[0]
        assertion = builder.library.template(template.spec["assertion"])
        reason = builder.library.template(template.spec["reason"])
        if assertion is None or reason is None or not assertion.applies_to(fact) or not reason.applies_to(fact):
            raise Skip(f"assertion/reason claims do not apply to fact {fact.id!r}")
        first, first_why, _ = builder.claim(assertion, fact, slot != 3, rng)
        if slot == 1:
            other = recipe.facts[1] if len(recipe.facts) > 1 else None
            if other is None or not reason.applies_to(other):
                raise Skip("no other fact of the kind for an unrelated true Statement-II")
            second, second_why, _ = builder.claim(reason, other, True, rng)
        else:
            second, second_why, _ = builder.claim(reason, fact, slot != 2, rng)
        if normalise(first) == normalise(second):
            raise Skip("Statement-I and Statement-II read the same")
        verdicts = {
            0: f"Both statements are correct, and Statement-II explains Statement-I: {second_why}",
            1: f"Both statements are correct, but Statement-II ({second_why.rstrip('.')}) "
               "does not explain Statement-I.",
            2: f"Statement-I is correct. Statement-II is incorrect: {second_why}",
            3: f"Statement-I is incorrect: {first_why} Statement-II is correct.",
        }
        items = (Item("Statement-I", (first,), "assertion"), Item("Statement-II", (second,), "reason"))
        shown = recipe.facts[:2] if slot == 1 else recipe.facts[:1]
        return builder.question(recipe, lead=AR_LEAD, items=items, ask=AR_ASK, options=list(AR_OPTIONS),
                                answer=slot, explanation=builder.explanation(verdicts[slot], shown, None),
                                facts=shown)


STYLE = AssertionReason()

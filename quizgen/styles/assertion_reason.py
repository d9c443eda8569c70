"""`assertion-reason`: Statement-I and Statement-II, and the four standard verdicts."""

from __future__ import annotations

import random
from typing import TYPE_CHECKING, Iterator

from quizgen.build import Builder, NotAsked, Recipe, Skip, topic_of
from quizgen.distractors import normalise
from quizgen.lang import PHRASES, phrase, rstrip_stop
from quizgen.model import Item
from quizgen.styles.base import Style

if TYPE_CHECKING:
    from quizgen.library import Library, Template
    from quizgen.model import Fact
    from quizgen.model import Question

AR_LEAD = PHRASES["consider_statements"][0]
AR_ASK = PHRASES["ar_ask"][0]
AR_OPTIONS = tuple(PHRASES[f"ar_{letter}"][0] for letter in "abcd")


class AssertionReason(Style):
    name = "assertion-reason"
    keys = frozenset({"assertion", "reason"})
    required = frozenset({"kind", "assertion", "reason"})
    item_kinds = ("assertion", "reason")

    def recipes(self, library: "Library", template: "Template", seed: int) -> Iterator[Recipe]:
        """Each fact with, as second fact, one that shares a topic with it (chosen by the seed):
        its cause is relevant to the outcome but does not explain it (the (b) key)."""
        for bank in library.banks:
            if not template.in_scope(bank.id):
                continue
            facts = [f for f in bank.facts if template.applies_to(f)]
            for fact in facts:
                partners = [f for f in facts if f is not fact and set(f.topics) & set(fact.topics)]
                if partners:
                    rng = random.Random(f"{seed}|{template.id}|{fact.id}")
                    yield Recipe(template, (fact, partners[rng.randrange(len(partners))]), bank.id,
                                 topic_of(library, (fact,)))
                else:
                    yield Recipe(template, (fact,), bank.id, topic_of(library, (fact,)))

    def build(self, builder: Builder, recipe: Recipe, slot: int, rng: random.Random) -> "Question":
        """(a) I true, II its own true cause; (b) I true, II a related fact's true cause;
        (c) I true, II a false cause; (d) I false (the outcome with one detail changed), II true.
        For (c) and (d), II is the related fact's cause half the time, so whether II is about
        the same thing as I never tells (a) from (b) on its own."""
        template = recipe.template
        fact = recipe.facts[0]
        partner = recipe.facts[1] if len(recipe.facts) > 1 else None
        assertion = builder.library.template(template.spec["assertion"])
        reason = builder.library.template(template.spec["reason"])
        if assertion is None or reason is None or not assertion.applies_to(fact) or not reason.applies_to(fact):
            raise Skip(f"assertion/reason claims do not apply to fact {fact.id!r}")
        if partner is not None and not reason.applies_to(partner):
            partner = None
        if partner is None:
            # Not asked rather than asked without (b): its keys would never spread over (a)-(d).
            raise NotAsked(f"no fact shares a topic with {fact.id!r}: no relevant, non-explaining "
                           "Statement-II, so the key could never be (b)")
        self._can_be_false(builder, assertion, fact, "Statement-I", "(d)")
        self._can_be_false(builder, reason, fact, "Statement-II", "(c)")
        self._can_be_false(builder, reason, partner, "Statement-II", "(c)")
        use_partner = slot == 1 or (slot in (2, 3) and partner is not None and rng.random() < 0.5)
        second_fact = partner if use_partner else fact
        first, first_why, _ = builder.claim(assertion, fact, slot != 3, rng)
        second, second_why, _ = builder.claim(reason, second_fact, slot != 2, rng)
        if normalise(first) == normalise(second):
            raise Skip("Statement-I and Statement-II read the same")
        verdicts = {
            0: lambda: phrase("ar_verdict_a", why=second_why),
            1: lambda: phrase("ar_verdict_b", why=rstrip_stop(second_why)),
            2: lambda: phrase("ar_verdict_c", why=second_why),
            3: lambda: phrase("ar_verdict_d", why=first_why),
        }
        items = (Item("Statement-I", (first,), "assertion"), Item("Statement-II", (second,), "reason"))
        shown = (fact, second_fact) if second_fact is not fact else (fact,)
        tested = {fact.id: {assertion.spec["vary"]}}
        tested.setdefault(second_fact.id, set()).add(reason.spec["vary"])
        return builder.question(recipe, lead=phrase("consider_statements"), items=items, ask=phrase("ar_ask"),
                                options=[phrase(f"ar_{letter}") for letter in "abcd"],
                                answer=slot, explanation=builder.explanation(verdicts[slot](), shown, tested),
                                facts=shown)

    @staticmethod
    def _can_be_false(builder: Builder, claim: "Template", fact: "Fact", which: str, verdict: str) -> None:
        """Skip a recipe whose statement could never be false: from question to question its
        verdict would then never be `verdict`, and the keys would not spread over (a)-(d) (a
        student who has seen the fact's Statement-I true before knows it is true again)."""
        try:
            builder.claim(claim, fact, False, random.Random(fact.id))
        except Skip as skip:
            # Not asked rather than asked with a Statement that is always true.
            raise NotAsked(f"{which} about {fact.id!r} can never be false, so the key could never be "
                           f"{verdict} (add decoys for its {claim.spec['vary']!r}): {skip}") from None
        finally:
            builder.begin()  # the probe's notes are not this question's


STYLE = AssertionReason()

"""`statements`: two to four statements; the options are codes naming the true ones."""

from __future__ import annotations

import random
from itertools import combinations
from typing import TYPE_CHECKING, Any, Iterator

from quizgen.build import Builder, Recipe, grouped_recipes, topic_of
from quizgen.lang import PHRASES, phrase
from quizgen.styles.base import Style

if TYPE_CHECKING:
    from quizgen.library import Library, Template
    from quizgen.model import Fact, Question

STATEMENT_ASK = PHRASES["statement_ask"][0]
# For three statements, by code in canonical order: 1 only, 2 only, 3 only, 1 and 2 only,
# 1 and 3 only, 2 and 3 only, 1, 2 and 3 (see Statements.build).
KEY_CODE_WEIGHTS = (5.0, 1.6, 0.9, 0.7, 0.9, 1.6, 5.0)


def statement_code(true_set: tuple[int, ...], n: int) -> str:
    numbers = [str(i + 1) for i in true_set]
    if n == 2 and not true_set:
        return phrase("neither", a=1, b=2)
    if n == 2 and len(numbers) == 2:
        return phrase("both", a=1, b=2)
    if len(numbers) == 1:
        return phrase("only", n=numbers[0])
    rest = ", ".join(numbers[:-1])
    return phrase("list_and" if len(numbers) == n else "list_and_only", rest=rest, last=numbers[-1])


class ClaimStatements(Style):
    """Shared by `statements` and `how-many`: statements are claim templates about one fact
    (about: fact) or one claim each about several facts of a topic (about: topic)."""

    keys = frozenset({"about", "intro", "claims", "statements"})
    required = frozenset({"intro", "claims"})
    abouts = ("fact", "topic")
    item_kinds = ("statement",)
    default_counts: list[int] = []

    def recipes(self, library: "Library", template: "Template", seed: int) -> Iterator[Recipe]:
        if template.about == "fact":
            for fact in library.facts_of_kind(template.kind):
                if template.applies_to(fact):
                    yield Recipe(template, (fact,), fact.bank, topic_of(library, (fact,)))
            return
        counts: Any = template.spec.get("statements", self.default_counts)
        counts = counts if isinstance(counts, list) else [counts]
        claims = [library.template(c) for c in template.spec.get("claims", [])]

        def usable(fact: "Fact") -> bool:
            return any(c is not None and c.applies_to(fact) for c in claims)

        yield from grouped_recipes(library, template, seed, counts, usable)


class Statements(ClaimStatements):
    name = "statements"
    counts = {"statements": (2, 3)}
    default_counts = [2, 3]

    def build(self, builder: Builder, recipe: Recipe, slot: int, rng: random.Random) -> "Question":
        n = builder.count(recipe, rng, "statements", [2, 3])
        if n == 2:
            patterns = [(0,), (1,), (0, 1), ()]
            true_set = patterns[slot]
            codes = [statement_code(p, 2) for p in patterns]
        else:
            subsets = [s for k in (1, 2, 3) for s in combinations(range(n), k)]  # canonical order
            feasible = [i for i in range(len(subsets)) if i >= slot and len(subsets) - 1 - i >= 3 - slot]
            # "1 and 2 only" (the middle code) fits every key position and the end codes only
            # one: drawn uniformly, the middle one would be the key 25% of the time and a
            # fact-blind reader who picks it would beat chance. These weights make every code
            # about equally likely to be the key whenever it is shown.
            weights = [KEY_CODE_WEIGHTS[i] for i in feasible]
            index = rng.choices(feasible, weights=weights)[0]
            below = sorted(rng.sample(range(index), slot))
            above = sorted(rng.sample(range(index + 1, len(subsets)), 3 - slot))
            picked = below + [index] + above
            true_set = subsets[index]
            codes = [statement_code(subsets[i], n) for i in picked]
        truths = [i in true_set for i in range(n)]
        lead, items, notes, tested = builder.statement_items(recipe, truths, rng, builder.topic_phrase(recipe))
        key = codes.index(statement_code(true_set, n))
        main = phrase("so_answer", notes=notes, code=codes[key])
        return builder.question(recipe, lead=lead, items=items, ask=phrase("statement_ask"), options=codes, answer=key,
                                explanation=builder.explanation(main, recipe.facts, tested))


STYLE = Statements()

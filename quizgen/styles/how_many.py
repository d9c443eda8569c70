"""`how-many`: three or four statements; "How many of the statements given above are correct?"."""

from __future__ import annotations

import random
from typing import TYPE_CHECKING

from quizgen.build import Builder, Recipe, how_many_options, number_word
from quizgen.lang import PHRASES, phrase
from quizgen.styles.statements import ClaimStatements

if TYPE_CHECKING:
    from quizgen.model import Question

HOW_MANY_ASK = PHRASES["how_many_ask"][0]


class HowMany(ClaimStatements):
    name = "how-many"
    counts = {"statements": (3, 4)}
    default_counts = [3, 4]

    def build(self, builder: Builder, recipe: Recipe, slot: int, rng: random.Random) -> "Question":
        n = builder.count(recipe, rng, "statements", [3, 4])
        options, true_count = how_many_options(n)
        k = true_count[slot]
        true_set = set(rng.sample(range(n), k))
        truths = [i in true_set for i in range(n)]
        lead, items, notes, tested = builder.statement_items(recipe, truths, rng, builder.topic_phrase(recipe))
        if k == n:
            main = phrase("all_correct", notes=notes, n=number_word(n))
        elif k == 0:
            main = phrase("none_correct", notes=notes)
        else:
            main = phrase("only_k_is" if k == 1 else "only_k_are", notes=notes, k=number_word(k))
        return builder.question(recipe, lead=lead, items=items, ask=phrase("how_many_ask"), options=options, answer=slot,
                                explanation=builder.explanation(main, recipe.facts, tested))


STYLE = HowMany()

"""`how-many`: three or four statements; "How many of the statements given above are correct?"."""

from __future__ import annotations

import random
from typing import TYPE_CHECKING

from quizgen.build import NUMBER_WORDS, Builder, Recipe, how_many_options
from quizgen.styles.statements import ClaimStatements

if TYPE_CHECKING:
    from quizgen.model import Question

HOW_MANY_ASK = "How many of the statements given above are correct?"


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
            main = f"{notes} So all {NUMBER_WORDS[n]} statements are correct."
        elif k == 0:
            main = f"{notes} So none of the statements is correct."
        else:
            main = f"{notes} So only {NUMBER_WORDS[k]} of the statements {'is' if k == 1 else 'are'} correct."
        return builder.question(recipe, lead=lead, items=items, ask=HOW_MANY_ASK, options=options, answer=slot,
                                explanation=builder.explanation(main, recipe.facts, tested))


STYLE = HowMany()

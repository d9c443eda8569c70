"""`single`: one question about one fact, four values to choose from."""

from __future__ import annotations

import math
import random
from typing import TYPE_CHECKING, Any, Iterator

from quizgen.blindsolver import odd_length
from quizgen.build import NEED, Builder, NotAsked, Recipe, Skip, SlotSkip, topic_of
from quizgen.distractors import _order_key, is_numeric, true_values
from quizgen.lang import phrase
from quizgen.styles.base import Style

if TYPE_CHECKING:
    from quizgen.library import Library, Template
    from quizgen.model import Question

MAX_LIST_ANSWERS = 3  # a list field gives one recipe per element, up to this many


class Single(Style):
    name = "single"
    keys = frozenset({"stem", "answer", "given", "option", "distractors", "similar", "same"})
    required = frozenset({"kind", "stem", "answer"})
    field_keys = ("answer",)
    shuffle_options = True  # the options are values: any order reads the same

    def recipes(self, library: "Library", template: "Template", seed: int) -> Iterator[Recipe]:
        name = template.spec["answer"]
        for fact in library.facts_of_kind(template.kind):
            if template.applies_to(fact):
                answers = len(true_values(fact, name))
                if answers == 1:
                    yield Recipe(template, (fact,), fact.bank, topic_of(library, (fact,)))
                else:
                    for i in range(min(answers, MAX_LIST_ANSWERS)):
                        yield Recipe(template, (fact,), fact.bank, topic_of(library, (fact,)), str(i))

    def build(self, builder: Builder, recipe: Recipe, slot: int, rng: random.Random) -> "Question":
        template, fact = recipe.template, recipe.facts[0]
        name = template.spec["answer"]
        truths = true_values(fact, name)
        answer = truths[int(recipe.variant)] if recipe.variant else truths[0]
        given = tuple(template.spec.get("given") or [n for n in template.needs if n != name])
        builder.note(fact, tests=(name,), reveals=given)
        ctx = builder.context(fact, value=answer)
        stem = template.texts["stem"].render(ctx)
        numeric = is_numeric(answer)
        # Text options: a few more candidates than needed, to keep those most like the key in form.
        wrong = builder.wrong_values(template, fact, name, answer, rng, NEED if numeric else NEED + 5, given,
                                     slot, text=stem)
        if len(wrong) < NEED and is_numeric(answer) and "nearby" in template.strategies:
            # `nearby` offers plenty: too few means the plausible range (as_of, terms of
            # office, domain) is too narrow to hide the key among four options.
            raise NotAsked(f"only {len(wrong)} plausible value(s) besides {answer!r} for {name!r}; "
                           "ask about another field")
        if len(wrong) < NEED:
            raise Skip(f"only {len(wrong)} valid distractor(s) for {name!r}; "
                       f"add siblings or decoys ({fact.kind}.{name})")
        answer_text = builder.option_text(template).render({"value": answer})
        if is_numeric(answer) and all(is_numeric(v) for v, _ in wrong):
            lower = [w for w in wrong if _order_key(w[0]) < _order_key(answer)]
            higher = [w for w in wrong if _order_key(w[0]) > _order_key(answer)]
            if builder.hard:  # nearest first on each side
                lower.sort(key=lambda w: -_order_key(w[0]))
                higher.sort(key=lambda w: _order_key(w[0]))
            if not lower or not higher:
                # The key is the earliest or latest plausible value (an event in the as_of
                # year): printed in order it would always be the extreme option.
                raise NotAsked(f"{answer_text!r} is the {'earliest' if not lower else 'latest'} plausible "
                           f"value of {name!r}; ask about another field")
            if len(lower) < slot or len(higher) < NEED - slot:
                # Values are printed in order: a key that cannot sit at `slot` because the
                # plausible values run out on one side (the latest possible year) would be the
                # extreme option more often than chance, so this question is not asked here.
                raise SlotSkip(f"too few plausible values on each side of {answer_text!r} for slot {slot}")
            picked = lower[:slot] + higher[:NEED - slot]
            ordered = sorted(picked + [(answer, answer_text)], key=lambda w: _order_key(w[0]))
            options = [t for _, t in ordered]
            key = options.index(answer_text)
        else:
            options = [t for _, t in alike_in_form(answer_text, wrong)[:NEED]]
            options.insert(slot, answer_text)
            key = slot
        main = template.texts["explanation"].render(ctx) if "explanation" in template.texts else \
            phrase("answer_is", answer=answer_text)
        refs = builder.sources(recipe.facts)
        return builder.question(recipe, lead=stem, options=options, answer=key, refs=refs,
                                explanation=builder.explanation(main, recipe.facts, (name,), refs))


SHORT_OPTION_WORDS = 6  # longer options are sentences: their digits or brackets are incidental


def form(text: str) -> tuple[bool, str, int]:
    """What a reader sees before reading: digits or not, letter case, number of words."""
    letters = [c for c in text if c.isalpha()]
    case = "lower" if letters and letters[0].islower() else \
        "caps" if letters and all(c.isupper() for c in letters) else "mixed"
    return any(c.isdigit() for c in text), case, min(len(text.split()), 4)


def alike_in_form(key: str, wrong: list[tuple[Any, str]]) -> list[tuple[Any, str]]:
    """Wrong options ordered so the closest in form and length to the key come first (best-first
    order kept among equals): a key that alone has digits, a lower-case start, or one word among
    long phrases ("P-8I" among "C-17 Globemaster III" ...), or that is by far the shortest or
    longest option, is found without the fact."""
    target = form(key)
    # For a sentence only its length shows before reading; for a value its shape does too.
    sentence = len(key.split()) > SHORT_OPTION_WORDS

    def distance(item: tuple[int, tuple[Any, str]]) -> tuple[int, float, int]:
        rank, (_, text) = item
        mine = form(text)
        differing = 0 if sentence else sum(a != b for a, b in zip(mine, target))
        length = abs(math.log(max(len(text), 1) / max(len(key), 1)))
        return differing, (length if sentence else round(length * 2) / 2), rank

    ordered = [w for _, w in sorted(enumerate(wrong), key=distance)]
    chosen, rest = ordered[:NEED], ordered[NEED:]
    # Then make sure every feature of the key's form is shared by some wrong option, when
    # one can: otherwise the key alone would have it ("STA-1" the only name with a digit).
    for feature in range(0 if sentence else len(target)):
        if any(form(t)[feature] == target[feature] for _, t in chosen):
            continue
        match = next((w for w in rest if form(w[1])[feature] == target[feature]), None)
        if match is not None and len(chosen) == NEED:
            for index in range(NEED - 1, -1, -1):  # replace the least alike that no other feature needs
                keep = [w for i, w in enumerate(chosen) if i != index] + [match]
                if all(any(form(t)[f] == target[f] for _, t in keep) or
                       not any(form(t)[f] == target[f] for _, t in chosen) for f in range(feature)):
                    rest.remove(match)
                    rest.insert(0, chosen[index])
                    chosen = keep
                    break
    chosen = _not_odd_in_length(key, chosen, rest)
    return chosen + [w for w in ordered if w not in chosen]


def _not_odd_in_length(key: str, chosen: list[tuple[Any, str]],
                       rest: list[tuple[Any, str]]) -> list[tuple[Any, str]]:
    """`chosen` with its option farthest from the key's length traded for the nearest left over,
    until the key is no longer by far the shortest or longest option (when the candidates allow)."""
    chosen = list(chosen)
    rest = sorted(rest, key=lambda w: abs(len(w[1]) - len(key)))
    while rest and odd_length([key] + [t for _, t in chosen], 0):
        farthest = max(range(len(chosen)), key=lambda i: abs(len(chosen[i][1]) - len(key)))
        nearest = rest.pop(0)
        if abs(len(nearest[1]) - len(key)) >= abs(len(chosen[farthest][1]) - len(key)):
            break
        chosen[farthest] = nearest
    return chosen


STYLE = Single()

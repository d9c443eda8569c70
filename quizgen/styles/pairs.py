"""`pairs`: three or four left–right pairs; "How many of the pairs given above are correctly matched?"."""

from __future__ import annotations

import random
from collections.abc import Hashable
from typing import TYPE_CHECKING, Any, Callable, Iterator

from quizgen.build import NEED, Builder, Recipe, Skip, SlotSkip, grouped_recipes, how_many_options, option_text
from quizgen.distractors import _order_key, is_numeric, normalise, true_values
from quizgen.lang import PHRASES, join, lower_en, phrase
from quizgen.model import Item
from quizgen.styles.base import Report, Style

if TYPE_CHECKING:
    from quizgen.library import Library, Template
    from quizgen.model import Fact, Question

PAIRS_ASK = PHRASES["pairs_ask"][0]


class Pairs(Style):
    name = "pairs"
    keys = frozenset({"about", "columns", "left", "right", "option", "distractors", "similar", "same", "pairs", "intro"})
    required = frozenset({"kind", "columns", "left", "right"})
    abouts = ("kind", "topic")
    counts = {"pairs": (3, 4)}
    item_kinds = ("pair",)
    field_keys = ("right",)

    def validate(self, spec: Any, what: str, report: Report) -> bool:
        ok = super().validate(spec, what, report)
        columns = spec.get("columns")
        if not isinstance(columns, list) or len(columns) != 2 or not all(isinstance(c, str) and c.strip()
                                                                        for c in columns):
            report(spec.line_of("columns"), f"{what}: columns must be two headings")
            ok = False
        return ok

    def recipes(self, library: "Library", template: "Template", seed: int) -> Iterator[Recipe]:
        counts: Any = template.spec.get("pairs", [3, 4])
        counts = counts if isinstance(counts, list) else [counts]
        name = template.spec["right"]

        def usable(fact: "Fact") -> bool:
            return template.applies_to(fact) if template.kind else False

        def distinct(group: tuple["Fact", ...]) -> bool:
            # Two rows with one right side: if both are shown true, "the same value twice" is
            # read as a trap; a false row never repeats a true one, so the pair would give
            # itself away either way.
            rights = [normalise(v) for fact in group for v in true_values(fact, name)]
            return len(rights) == len(set(rights))

        yield from grouped_recipes(library, template, seed, counts, usable, distinct)

    def build(self, builder: Builder, recipe: Recipe, slot: int, rng: random.Random) -> "Question":
        """A false row shows a plausible wrong value that is the right side of no row on show
        (no swaps, no derangements: one known row never reveals another) and of no other false
        row, and is never true of anything its left side could mean."""
        template = recipe.template
        n = len(recipe.facts)
        options, true_count = how_many_options(n, "pair")
        k = true_count[slot]
        name = template.spec["right"]
        option = builder.option_text(template)
        given = tuple(x for x in template.needs if x != name)
        lefts = [template.texts["left"].render(builder.context(f)) for f in recipe.facts]
        true_texts = []
        for fact in recipe.facts:
            truths = true_values(fact, name)
            true_texts.append(option.render({"value": truths[rng.randrange(len(truths))]}))
        # Every row's true right side, as value and as printed: no false row may show one.
        on_show = {normalise(t) for t in true_texts}
        on_show |= {normalise(v) for fact in recipe.facts for v in true_values(fact, name)}
        # The wrong values each row could show; rows with none are left true.
        fresh: list[list[str]] = []
        ranked = builder.library.field_type(template.kind, name) in ("year", "date")
        for i, (fact, left) in enumerate(zip(recipe.facts, lefts)):
            taken = self._true_rights(builder, template).get(normalise(left), set())
            wrong = builder.wrong_values(template, fact, name, true_values(fact, name)[0], rng,
                                         NEED + 2 * n, given, text=left)
            keeps_rank = _keeps_rank(recipe.facts, i, name) if ranked else (lambda value: True)
            fresh.append([text for value, text in wrong
                          if not ({normalise(text), normalise(value)} & (taken | on_show)) and keeps_rank(value)])
        # A wrong right side that is some other thing's true one (a sibling not on show) comes
        # before a decoy true of nothing: with decoys alone, a student who has only learnt which
        # values are ever right ("Secretary of the Treasury" never is) counts the true rows.
        ever_true = self._ever_true(builder, template)
        fresh = [[t for t in texts if normalise(t) in ever_true] + [t for t in texts if normalise(t) not in ever_true]
                 for texts in fresh]
        can_be_false = [i for i in range(n) if fresh[i]]
        if len(can_be_false) < n - k:
            raise SlotSkip(f"only {len(can_be_false)} row(s) can be made false without a giveaway")
        with_sibling = [i for i in can_be_false if normalise(fresh[i][0]) in ever_true]
        rng.shuffle(with_sibling)
        false_set = set(with_sibling[:n - k])
        false_set |= set(rng.sample([i for i in can_be_false if i not in false_set], n - k - len(false_set)))
        # The false rows take their wrong values fewest choices first, so a row with one
        # possible value (a date between two others) is not left without it.
        wrong_right: dict[int, str] = {}
        for i in sorted(false_set, key=lambda row: (len(fresh[row]), row)):
            choices = [t for t in fresh[i] if normalise(t) not in on_show]
            if not choices:  # the other false rows took its wrong values: fewer false rows may work
                raise SlotSkip(f"no wrong value for {name!r} of fact {recipe.facts[i].id!r} "
                               "that no row on show holds")
            siblings = [t for t in choices if normalise(t) in ever_true] or choices
            wrong_right[i] = siblings[0] if builder.hard else siblings[rng.randrange(min(len(siblings), 3))]
            on_show.add(normalise(wrong_right[i]))
        rows, notes = [], []
        for i, fact in enumerate(recipe.facts):
            builder.note(fact, tests=(name,), reveals=(n for n in template.needs if n != name))
            left, true_text = lefts[i], true_texts[i]
            if i not in false_set:
                right = true_text
                notes.append(phrase("pair_right", i=i + 1))
            else:
                right = wrong_right[i]
                notes.append(phrase("pair_wrong", i=i + 1, left=left, right=true_text))
            rows.append(Item(str(i + 1), (left, right), "pair"))
        if len({normalise(r.cells[0]) for r in rows}) != n:
            raise Skip("two pairs have the same left side")
        if len({normalise(r.cells[1]) for r in rows}) != n:
            raise Skip("two pairs have the same right side")
        lead = template.texts["intro"].render({"topic": builder.topic_phrase(recipe)}) \
            if "intro" in template.texts else phrase("consider_pairs")
        counted = lower_en(options[slot], lambda t: t.lower().replace('only ', ''))
        main = phrase("pairs_k_is" if k == 1 else "pairs_k_are", notes=join(" ", notes), k=counted)
        if k == 0:
            main = phrase("pairs_none", notes=join(" ", notes))
        return builder.question(recipe, lead=lead, items=tuple(rows), ask=phrase("pairs_ask"), options=options,
                                answer=slot, explanation=builder.explanation(main, recipe.facts, (name,)),
                                header=tuple(template.spec["columns"]))

    @classmethod
    def _ever_true(cls, builder: Builder, template: "Template") -> set[str]:
        """Every right text (and value) true of some fact the template applies to."""
        return set().union(*cls._true_rights(builder, template).values())

    def prepare(self, library: "Library", template: "Template") -> None:
        self._true_rights_in(library, template)

    @classmethod
    def _true_rights(cls, builder: Builder, template: "Template") -> dict[str, set[str]]:
        return cls._true_rights_in(builder.library, template)

    @staticmethod
    def _true_rights_in(library: "Library", template: "Template") -> dict[str, set[str]]:
        """Each left text -> every right text (and value) true of it, over the whole library
        (built once per library, and stored in the compiled cache with it)."""
        def build() -> dict[str, set[str]]:
            table: dict[str, set[str]] = {}
            option, left_text, right = option_text(template), template.texts["left"], template.spec["right"]
            texts: dict[Any, tuple[str, str]] = {}  # a value's two forms, worked out once (years repeat)
            for fact in library.facts_of_kind(template.kind):
                if template.applies_to(fact):
                    rights = table.setdefault(normalise(left_text.render(Builder.context(fact))), set())
                    for value in true_values(fact, right):
                        key = (type(value), value) if isinstance(value, Hashable) else (None, id(value))
                        forms = texts.get(key)
                        if forms is None:
                            forms = texts[key] = (normalise(value), normalise(option.render({"value": value})))
                        rights.update(forms)
            return table

        return library.indexes.built(("pairs.true_rights", template.id), build)


def _keeps_rank(facts: tuple["Fact", ...], row: int, name: str) -> Callable[[Any], bool]:
    """Whether a wrong date for one row keeps that row's place in time among the other rows'
    true dates: a row that jumps past another ("Fifth — 2018" beside "Second — 2019") is told
    false by the order of the left sides alone, without knowing any date."""
    truth = true_values(facts[row], name)[0]
    if not is_numeric(truth):
        return lambda value: True
    mine = _order_key(truth)
    others = [_order_key(v) for j, fact in enumerate(facts) if j != row for v in true_values(fact, name)
              if is_numeric(v)]
    below = max((k for k in others if k < mine), default=float("-inf"))
    above = min((k for k in others if k > mine), default=float("inf"))
    return lambda value: is_numeric(value) and below < _order_key(value) < above


STYLE = Pairs()

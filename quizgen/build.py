"""Turn one recipe (a template and the facts it is filled from) into a Question.

The key is always computed here from the facts: which option holds the fact's value, or which
statements and pairs were left true. `slot` asks for the key at a given option position so the
generator can spread keys evenly; conventional option orders (statement codes, how-many,
Statement-I/II) are never shuffled, the true/false pattern is chosen to fit instead.
"""

from __future__ import annotations

import hashlib
import random
from dataclasses import dataclass
from functools import cached_property
from itertools import combinations
from typing import Any, Callable

from quizgen.distractors import (
    Pools, _order_key, candidate_values, is_numeric, normalise, too_close, true_values,
)
from quizgen.library import Library, Template
from quizgen.model import Fact, Item, Question, SourceRef, content_id
from quizgen.render import CompiledText, display

NEED = 3  # distractors per question


class Skip(Exception):
    """This recipe cannot make a valid question (e.g. fewer than three valid distractors)."""


@dataclass(frozen=True)
class Recipe:
    template: Template
    facts: tuple[Fact, ...]
    bank: str
    topic: str
    variant: str = ""

    @cached_property
    def id(self) -> str:
        key = "|".join([self.bank, self.template.id, *(f.id for f in self.facts), self.variant])
        return "q-" + hashlib.sha1(key.encode("utf-8")).hexdigest()[:12]


class _PlainOption:
    """The default option format, `{{ value }}`, without a Jinja2 round trip (speed)."""

    @staticmethod
    def render(context: dict[str, Any]) -> str:
        return " ".join(display(context["value"]).split())


_PLAIN_OPTION = _PlainOption()

STATEMENT_ASK = "Which of the statements given above is/are correct?"
HOW_MANY_ASK = "How many of the statements given above are correct?"
PAIRS_ASK = "How many of the pairs given above are correctly matched?"
AR_LEAD = "Consider the following statements:"
AR_ASK = "Which one of the following is correct in respect of the above statements?"
AR_OPTIONS = (
    "Both Statement-I and Statement-II are correct and Statement-II is the correct explanation for Statement-I",
    "Both Statement-I and Statement-II are correct and Statement-II is not the correct explanation for Statement-I",
    "Statement-I is correct but Statement-II is incorrect",
    "Statement-I is incorrect but Statement-II is correct",
)
_NUMBER_WORDS = {1: "one", 2: "two", 3: "three", 4: "four"}


def how_many_options(n: int, noun: str = "") -> tuple[list[str], dict[int, int]]:
    """The UPSC option set for "how many ... are correct" and, per option, how many are true."""
    suffix = f" {noun}s" if noun else ""
    one = f" {noun}" if noun else ""
    if n == 3:
        none = f"None of the {noun}s" if noun else "None"
        return [f"Only one{one}", f"Only two{suffix}", f"All three{suffix}", none], {0: 1, 1: 2, 2: 3, 3: 0}
    return ([f"Only one{one}", f"Only two{suffix}", f"Only three{suffix}", f"All four{suffix}"],
            {0: 1, 1: 2, 2: 3, 3: 4})


def statement_code(true_set: tuple[int, ...], n: int) -> str:
    numbers = [str(i + 1) for i in true_set]
    if n == 2:
        return {(0,): "1 only", (1,): "2 only", (0, 1): "Both 1 and 2", (): "Neither 1 nor 2"}[true_set]
    if len(numbers) == 1:
        return f"{numbers[0]} only"
    if len(numbers) == n:
        return ", ".join(numbers[:-1]) + " and " + numbers[-1]
    return ", ".join(numbers[:-1]) + " and " + numbers[-1] + " only"


class Builder:
    def __init__(self, library: Library, pools: Pools, hard: bool):
        self.library = library
        self.pools = pools
        self.hard = hard
        self._pair_truths: dict[str, dict[str, set[str]]] = {}
        self._sources_by_fact: dict[str, tuple[SourceRef, ...]] = {}

    # ------------------------------------------------------------ shared pieces

    def _option_text(self, template: Template) -> "CompiledText | _PlainOption":
        return template.texts.get("option") or _PLAIN_OPTION

    def wrong_values(self, template: Template, fact: Fact, name: str, answer: Any,
                     rng: random.Random, need: int, given: tuple[str, ...],
                     slot: int | None = None) -> list[tuple[Any, str]]:
        """Up to `need`... (or all, need=0) valid wrong values with their option texts, best first."""
        ftype = self.library.field_type(fact.kind, name) or "text"
        option = self._option_text(template)
        plain = option is _PLAIN_OPTION
        truths = true_values(fact, name)
        taken = {normalise(option.render({"value": v})) for v in truths}
        taken |= {normalise(v) for v in truths}
        similar = tuple(template.spec.get("similar") or ())
        chosen: list[tuple[Any, str]] = []
        below: list[Any] = []
        above: list[Any] = []
        numeric = is_numeric(answer)
        answer_key = _order_key(answer) if numeric else 0.0
        examined = 0
        for value in candidate_values(self.pools, fact, name, ftype, template.strategies, given=given,
                                      similar=similar, hard=self.hard, rng=rng, answer=answer):
            examined += 1
            if examined > 400:  # a pool of near-duplicates should not stall generation
                break
            norm = normalise(value)
            if norm in taken:
                continue
            if plain:  # the option is the value as printed: its normal form is the value's
                text = " ".join(display(value).split())
            else:
                text = option.render({"value": value})
                norm = normalise(text)
            if not norm or norm in taken:
                continue
            if ftype == "number" and (any(too_close(value, t, ftype) for t in truths)
                                      or any(too_close(value, v, ftype) for v, _ in chosen)):
                continue
            taken.add(norm)
            chosen.append((value, text))
            if numeric:
                # Numeric options are printed in order: the key can sit in any slot only
                # with enough wrong values on each side of it.
                side = below if _order_key(value) < answer_key else above
                side.append(value)
                wanted_below = need if slot is None else slot
                if len(below) >= wanted_below and len(above) >= need - wanted_below:
                    break
            elif len(chosen) >= need:
                break
        return chosen

    def sources(self, facts: tuple[Fact, ...]) -> tuple[SourceRef, ...]:
        """The facts' citations, each once, in order."""
        if len(facts) == 1:
            return self._fact_sources(facts[0])
        return tuple(dict.fromkeys(ref for fact in facts for ref in self._fact_sources(fact)))

    def _fact_sources(self, fact: Fact) -> tuple[SourceRef, ...]:
        refs = self._sources_by_fact.get(fact.id)
        if refs is None:
            bank = self.library.bank_of(fact)
            found = []
            for cite in fact.evidence:
                src = bank.sources.get(cite.source)
                found.append(SourceRef(cite.source, src.title if src else cite.source, cite.quote,
                                       src.outlet if src else "", src.date if src else "",
                                       src.url if src else None, cite.paraphrase))
            refs = self._sources_by_fact[fact.id] = tuple(dict.fromkeys(found))
        return refs

    def explanation(self, main: str, facts: tuple[Fact, ...], fields: tuple[str, ...] | None,
                    refs: tuple[SourceRef, ...] = ()) -> tuple[str, str]:
        """The reason for the key with any corrections of conflicting sources; and the same
        followed by the sources' titles (the full explanation)."""
        refs = refs or self.sources(facts)
        parts = [main.strip()]
        for fact in facts:
            bank = self.library.bank_of(fact)
            for conflict in fact.conflicts:
                if fields is not None and conflict.field not in fields:
                    continue
                said = "; ".join(
                    f"{display(v)} ({bank.sources[s].title if s in bank.sources else s})"
                    for s, v, _ in conflict.claims
                )
                ref = bank.sources.get(conflict.reference or "")
                note = f"Note: some sources give {said}; the correct value is {display(conflict.resolved_value)}"
                note += f" ({ref.title})." if ref else "."
                if conflict.note:
                    note += f" {conflict.note}"
                parts.append(note)
        titles = []
        for ref in refs:
            if ref.title not in titles:
                titles.append(ref.title)
        reason = " ".join(p for p in parts if p)
        return reason, f"{reason} Source: {'; '.join(titles)}."

    @staticmethod
    def context(fact: Fact, **extra: Any) -> dict[str, Any]:
        ctx = dict(fact.fields)
        ctx.update(extra)
        return ctx

    def question(self, recipe: Recipe, *, lead: str, items: tuple[Item, ...] = (), ask: str = "",
                 options: list[str], answer: int, explanation: tuple[str, str], header: tuple[str, ...] = (),
                 facts: tuple[Fact, ...] | None = None, refs: tuple[SourceRef, ...] = ()) -> Question:
        """Assemble the question; `facts` are the facts it shows (default: the recipe's)."""
        if len(options) != 4 or len({normalise(o) for o in options}) != 4:
            raise Skip(f"options are not four distinct texts: {options}")
        facts = facts or recipe.facts
        refs = refs or self.sources(facts)
        difficulties = [f.difficulty for f in facts if f.difficulty]
        return Question(
            id=content_id(lead, items, ask, options, answer), family=recipe.id, style=recipe.template.style, lead=lead, items=items, ask=ask,
            options=tuple(options), answer=answer, explanation=explanation[1], reason=explanation[0],
            sources=refs, topic=recipe.topic, template=recipe.template.id,
            facts=tuple(f.id for f in facts), bank=recipe.bank,
            difficulty=max(difficulties, key=("easy", "medium", "hard").index) if difficulties else "medium",
            item_header=header,
        )

    # ------------------------------------------------------------ styles

    def build(self, recipe: Recipe, slot: int, rng: random.Random) -> Question:
        style = recipe.template.style
        builder: Callable[[Recipe, int, random.Random], Question] = {
            "single": self.single,
            "statements": self.statements,
            "how-many": self.how_many,
            "pairs": self.pairs,
            "assertion-reason": self.assertion_reason,
        }[style]
        return builder(recipe, slot, rng)

    def single(self, recipe: Recipe, slot: int, rng: random.Random) -> Question:
        template, fact = recipe.template, recipe.facts[0]
        name = template.spec["answer"]
        truths = true_values(fact, name)
        answer = truths[int(recipe.variant)] if recipe.variant else truths[0]
        given = tuple(template.spec.get("given") or [n for n in template.needs if n != name])
        wrong = self.wrong_values(template, fact, name, answer, rng, NEED, given, slot)
        if len(wrong) < NEED:
            raise Skip(f"only {len(wrong)} valid distractor(s) for {name!r}; "
                       f"add siblings or decoys ({fact.kind}.{name})")
        answer_text = self._option_text(template).render({"value": answer})
        if is_numeric(answer) and all(is_numeric(v) for v, _ in wrong):
            lower = [w for w in wrong if _order_key(w[0]) < _order_key(answer)]
            higher = [w for w in wrong if _order_key(w[0]) > _order_key(answer)]
            if self.hard:  # nearest first on each side
                lower.sort(key=lambda w: -_order_key(w[0]))
                higher.sort(key=lambda w: _order_key(w[0]))
            below = min(slot, len(lower))
            above = NEED - below
            if above > len(higher):
                above = len(higher)
                below = NEED - above
            picked = lower[:below] + higher[:above]
            ordered = sorted(picked + [(answer, answer_text)], key=lambda w: _order_key(w[0]))
            options = [t for _, t in ordered]
            key = options.index(answer_text)
        else:
            options = [t for _, t in wrong[:NEED]]
            options.insert(slot, answer_text)
            key = slot
        ctx = self.context(fact, value=answer)
        stem = template.texts["stem"].render(ctx)
        main = template.texts["explanation"].render(ctx) if "explanation" in template.texts else \
            f"The answer is {answer_text}."
        refs = self.sources(recipe.facts)
        return self.question(recipe, lead=stem, options=options, answer=key, refs=refs,
                             explanation=self.explanation(main, recipe.facts, template.needs, refs))

    def claim(self, claim: Template, fact: Fact, truth: bool, rng: random.Random,
              avoid: frozenset[str] = frozenset()) -> tuple[str, str, Any]:
        """A statement about the fact, true or made false by swapping the vary field.

        `avoid`: normalised values already on show in the question; a false statement reusing
        one would give itself away. Returns (statement as shown, the explanation for the key, the
        value shown); the explanation renders with the true values and, for a false statement
        only, `shown` holds the wrong value displayed."""
        name = claim.spec["vary"]
        truths = true_values(fact, name)
        true_value = truths[rng.randrange(len(truths))]
        # `shown` (the wrong value displayed) exists only for a false statement's explanation,
        # so "not {{ shown }}" cannot render on a true one ("PSLV-C11, not PSLV-C11").
        true_ctx = self.context(fact, value=true_value, **{name: true_value})
        true_text = claim.texts["statement"].render(true_ctx)
        if truth:
            why = claim.texts["explanation"].render(true_ctx) if "explanation" in claim.texts else true_text
            return true_text, why, true_value
        given = tuple(n for n in claim.needs if n != name)
        wrong = self.wrong_values(claim, fact, name, true_value, rng, 2 + len(avoid), given)
        if not self.hard and wrong:
            rng.shuffle(wrong)
        wrong.sort(key=lambda w: normalise(w[0]) in avoid)  # stable: keeps best-first otherwise
        for value, _ in wrong:
            false_text = claim.texts["statement"].render(self.context(fact, value=value, **{name: value}))
            if normalise(false_text) != normalise(true_text):
                why_ctx = dict(true_ctx, shown=value)
                why = claim.texts["explanation"].render(why_ctx) if "explanation" in claim.texts else true_text
                return false_text, why, value
        raise Skip(f"claim {claim.id!r} cannot be made false for fact {fact.id!r}: "
                   f"no valid wrong value for {name!r}, or the statement does not show it")

    def _claims_for(self, recipe: Recipe, rng: random.Random, n: int) -> list[tuple[Template, Fact]]:
        template = recipe.template
        claim_ids = template.spec["claims"]
        claims = [self.library.template(c) for c in claim_ids]
        if template.about == "fact":
            fact = recipe.facts[0]
            usable = [c for c in claims if c is not None and c.applies_to(fact)]
            if len(usable) < n:
                raise Skip(f"only {len(usable)} claim(s) apply to fact {fact.id!r}; {n} needed")
            picked = sorted(rng.sample(range(len(usable)), n))
            return [(usable[i], fact) for i in picked]
        pairs = []
        for fact in recipe.facts:
            usable = [c for c in claims if c is not None and c.applies_to(fact)]
            if not usable:
                raise Skip(f"no claim applies to fact {fact.id!r}")
            pairs.append((usable[rng.randrange(len(usable))], fact))
        return pairs

    def _intro(self, recipe: Recipe, topic_phrase: str) -> str:
        template = recipe.template
        ctx = self.context(recipe.facts[0]) if template.about == "fact" else {}
        ctx["topic"] = topic_phrase
        return template.texts["intro"].render(ctx)

    def _statement_items(self, recipe: Recipe, truths: list[bool], rng: random.Random,
                         topic_phrase: str) -> tuple[str, tuple[Item, ...], str]:
        chosen = self._claims_for(recipe, rng, len(truths))
        on_show = [frozenset(normalise(v) for v in true_values(fact, claim.spec["vary"])) for claim, fact in chosen]
        items, notes = [], []
        wrong_shown: set[str] = set()  # two false statements with one wrong value unmask each other
        for i, ((claim, fact), truth) in enumerate(zip(chosen, truths), start=1):
            avoid = frozenset().union(wrong_shown, *(values for j, values in enumerate(on_show) if j != i - 1))
            text, why, shown = self.claim(claim, fact, truth, rng, avoid)
            if not truth:
                wrong_shown.add(normalise(shown))
            items.append(Item(str(i), (text,)))
            notes.append(f"Statement {i} is correct: {why}" if truth else f"Statement {i} is incorrect: {why}")
        if len({normalise(i.cells[0]) for i in items}) != len(items):
            raise Skip("two statements read the same")
        return self._intro(recipe, topic_phrase), tuple(items), " ".join(notes)

    def _count(self, recipe: Recipe, rng: random.Random, key: str, default: list[int]) -> int:
        counts = recipe.template.spec.get(key, default)
        counts = counts if isinstance(counts, list) else [counts]
        if recipe.template.about != "fact":
            counts = [c for c in counts if c <= len(recipe.facts)] or counts
            return len(recipe.facts) if len(recipe.facts) in counts else counts[0]
        fact = recipe.facts[0]
        usable = sum(1 for c in recipe.template.spec["claims"]
                     if (claim := self.library.template(c)) is not None and claim.applies_to(fact))
        counts = [c for c in counts if c <= usable] or counts  # too few: _claims_for says so
        return counts[rng.randrange(len(counts))]

    def statements(self, recipe: Recipe, slot: int, rng: random.Random) -> Question:
        n = self._count(recipe, rng, "statements", [2, 3])
        if n == 2:
            patterns = [(0,), (1,), (0, 1), ()]
            true_set = patterns[slot]
            codes = [statement_code(p, 2) for p in patterns]
        else:
            subsets = [s for k in (1, 2, 3) for s in combinations(range(n), k)]  # canonical order
            feasible = [i for i in range(len(subsets)) if i >= slot and len(subsets) - 1 - i >= 3 - slot]
            index = feasible[rng.randrange(len(feasible))]
            below = sorted(rng.sample(range(index), slot))
            above = sorted(rng.sample(range(index + 1, len(subsets)), 3 - slot))
            picked = below + [index] + above
            true_set = subsets[index]
            codes = [statement_code(subsets[i], n) for i in picked]
        truths = [i in true_set for i in range(n)]
        lead, items, notes = self._statement_items(recipe, truths, rng, self._topic_phrase(recipe))
        key = codes.index(statement_code(true_set, n))
        main = f"{notes} So the answer is {codes[key]}."
        return self.question(recipe, lead=lead, items=items, ask=STATEMENT_ASK, options=codes, answer=key,
                             explanation=self.explanation(main, recipe.facts, None))

    def how_many(self, recipe: Recipe, slot: int, rng: random.Random) -> Question:
        n = self._count(recipe, rng, "statements", [3, 4])
        options, true_count = how_many_options(n)
        k = true_count[slot]
        true_set = set(rng.sample(range(n), k))
        truths = [i in true_set for i in range(n)]
        lead, items, notes = self._statement_items(recipe, truths, rng, self._topic_phrase(recipe))
        if k == n:
            main = f"{notes} So all {_NUMBER_WORDS[n]} statements are correct."
        elif k == 0:
            main = f"{notes} So none of the statements is correct."
        else:
            main = f"{notes} So only {_NUMBER_WORDS[k]} of the statements {'is' if k == 1 else 'are'} correct."
        return self.question(recipe, lead=lead, items=items, ask=HOW_MANY_ASK, options=options, answer=slot,
                             explanation=self.explanation(main, recipe.facts, None))

    def pairs(self, recipe: Recipe, slot: int, rng: random.Random) -> Question:
        template = recipe.template
        n = len(recipe.facts)
        options, true_count = how_many_options(n, "pair")
        k = true_count[slot]
        true_set = set(rng.sample(range(n), k))
        name = template.spec["right"]
        option = self._option_text(template)
        lefts = [template.texts["left"].render(self.context(f)) for f in recipe.facts]
        true_texts = []
        for fact in recipe.facts:
            truths = true_values(fact, name)
            true_texts.append(option.render({"value": truths[rng.randrange(len(truths))]}))
        # Right sides already on show: a false row that repeats one gives the mismatch away.
        shown = {normalise(true_texts[i]) for i in true_set}
        rows, notes = [], []
        for i, fact in enumerate(recipe.facts):
            left, true_text = lefts[i], true_texts[i]
            if i in true_set:
                right = true_text
                notes.append(f"Pair {i + 1} is correctly matched.")
            else:
                # Prefer a value from another row, as a mismatch in the list reads most naturally;
                # never one that is true of any fact the left side could mean.
                taken = self._true_rights(template).get(normalise(left), set())
                swaps = [option.render({"value": v}) for other in recipe.facts if other is not fact
                         for v in true_values(other, name)]
                if not self.hard:
                    rng.shuffle(swaps)
                swaps = [t for t in swaps if normalise(t) not in taken]
                swaps.sort(key=lambda t: normalise(t) in shown)
                if not swaps or normalise(swaps[0]) in shown:
                    fresh = [text for _, text in self.wrong_values(
                        template, fact, name, true_values(fact, name)[0], rng, 5,
                        tuple(x for x in template.needs if x != name))
                        if normalise(text) not in taken and normalise(text) not in shown]
                    swaps = fresh + swaps
                if not swaps:
                    raise Skip(f"no wrong value for {name!r} of fact {fact.id!r}")
                right = swaps[0]
                shown.add(normalise(right))
                notes.append(f"Pair {i + 1} is incorrectly matched: {left} — {true_text}.")
            rows.append(Item(str(i + 1), (left, right)))
        if len({normalise(r.cells[0]) for r in rows}) != n:
            raise Skip("two pairs have the same left side")
        lead = template.texts["intro"].render({"topic": self._topic_phrase(recipe)}) \
            if "intro" in template.texts else "Consider the following pairs:"
        main = " ".join(notes) + f" So {options[slot].lower().replace('only ', '')} " \
                                 f"{'is' if k == 1 else 'are'} correctly matched."
        if k == 0:
            main = " ".join(notes) + " So none of the pairs is correctly matched."
        return self.question(recipe, lead=lead, items=tuple(rows), ask=PAIRS_ASK, options=options,
                             answer=slot, explanation=self.explanation(main, recipe.facts, (name,)),
                             header=tuple(template.spec["columns"]))

    def _true_rights(self, template: Template) -> dict[str, set[str]]:
        """For a pairs template: each left text -> every right text (and value) true of it."""
        table = self._pair_truths.get(template.id)
        if table is None:
            table = self._pair_truths[template.id] = {}
            option = self._option_text(template)
            for fact in self.library.facts:
                if template.applies_to(fact):
                    left = normalise(template.texts["left"].render(self.context(fact)))
                    for value in true_values(fact, template.spec["right"]):
                        table.setdefault(left, set()).update(
                            {normalise(value), normalise(option.render({"value": value}))})
        return table

    def assertion_reason(self, recipe: Recipe, slot: int, rng: random.Random) -> Question:
        template = recipe.template
        fact = recipe.facts[0]
        assertion = self.library.template(template.spec["assertion"])
        reason = self.library.template(template.spec["reason"])
        if assertion is None or reason is None or not assertion.applies_to(fact) or not reason.applies_to(fact):
            raise Skip(f"assertion/reason claims do not apply to fact {fact.id!r}")
        first, first_why, _ = self.claim(assertion, fact, slot != 3, rng)
        if slot == 1:
            other = recipe.facts[1] if len(recipe.facts) > 1 else None
            if other is None or not reason.applies_to(other):
                raise Skip("no other fact of the kind for an unrelated true Statement-II")
            second, second_why, _ = self.claim(reason, other, True, rng)
        else:
            second, second_why, _ = self.claim(reason, fact, slot != 2, rng)
        if normalise(first) == normalise(second):
            raise Skip("Statement-I and Statement-II read the same")
        verdicts = {
            0: f"Both statements are correct, and Statement-II explains Statement-I: {second_why}",
            1: f"Both statements are correct, but Statement-II ({second_why.rstrip('.')}) "
               "does not explain Statement-I.",
            2: f"Statement-I is correct. Statement-II is incorrect: {second_why}",
            3: f"Statement-I is incorrect: {first_why} Statement-II is correct.",
        }
        items = (Item("Statement-I", (first,)), Item("Statement-II", (second,)))
        shown = recipe.facts[:2] if slot == 1 else recipe.facts[:1]
        return self.question(recipe, lead=AR_LEAD, items=items, ask=AR_ASK, options=list(AR_OPTIONS), answer=slot,
                             explanation=self.explanation(verdicts[slot], shown, None), facts=shown)

    def _topic_phrase(self, recipe: Recipe) -> str:
        """The phrase of the recipe's topic in the recipe's own bank (topic ids belong to a bank)."""
        return self.library.topic_phrase(recipe.bank, recipe.topic)

"""The shared core of building questions: recipes, wrong values, claims, explanations, sources
and question assembly. Each style (quizgen/styles/) turns a recipe into a Question with these.

The key is always computed from the facts: which option holds the fact's value, or which
statements and pairs were left true. `slot` asks for the key at a given option position so the
generator can spread keys evenly; conventional option orders (statement codes, how-many,
Statement-I/II) are never shuffled, the true/false pattern is chosen to fit instead.
"""

from __future__ import annotations

import hashlib
import random
import re
from dataclasses import dataclass
from functools import cached_property
from typing import TYPE_CHECKING, Any, Callable, Iterable, Iterator

from quizgen.distractors import _order_key, candidate_values, is_numeric, normalise, too_close, true_values
from quizgen.lang import HINDI_NUMBER_WORDS, Text, is_bilingual, join, phrase, rendering, strip
from quizgen.model import Fact, Item, Question, SourceRef, content_id
from quizgen.plausibility import window_for
from quizgen.render import display

if TYPE_CHECKING:
    from quizgen.distractors import Pools
    from quizgen.library import Library, Template
    from quizgen.render import CompiledText

NEED = 3  # distractors per question
# How many different fact groupings a topic- or kind-wide template offers per seed.
GROUP_VARIANTS = 6


class Skip(Exception):
    """This recipe cannot make a valid question (e.g. fewer than three valid distractors)."""


class NotAsked(Skip):
    """This recipe would single out its key by form (e.g. the key is the latest plausible
    year), so it is deliberately never asked; `check` does not warn about it."""


class SlotSkip(Skip):
    """This recipe cannot put its key at the slot asked for, though it can at others (a key
    at the edge of what is plausible is never shown elsewhere than at that edge's end)."""


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


def _displayed(value: Any) -> str:
    """A value as prose shows it, with its Hindi inside bilingual()."""
    text = display(value)
    if not is_bilingual():
        return text
    with rendering("hi"):
        return Text(text, display(value))


class _PlainOption:
    """The default option format, `{{ value }}`, without a Jinja2 round trip (speed)."""

    @staticmethod
    def render(context: dict[str, Any]) -> str:
        text = " ".join(display(context["value"]).split())
        if not is_bilingual():
            return text
        with rendering("hi"):
            return Text(text, " ".join(display(context["value"]).split()))


_PLAIN_OPTION = _PlainOption()

NUMBER_WORDS = {1: "one", 2: "two", 3: "three", 4: "four"}


def option_text(template: "Template") -> "CompiledText | _PlainOption":
    """How a template prints a value as an option (its `option:` text, else the value)."""
    return template.texts.get("option") or _PLAIN_OPTION


def number_word(n: int) -> str:
    """"two", with its Hindi inside bilingual()."""
    return Text(NUMBER_WORDS[n], HINDI_NUMBER_WORDS[n]) if is_bilingual() else NUMBER_WORDS[n]


def topic_of(library: "Library", facts: "tuple[Fact, ...] | list[Fact]") -> str:
    """The topic a question is filed under: one all its facts share, else the first fact's
    first topic; "" for a fact without topics. Never a kind: topics are what `--topic` takes."""
    first = facts[0]
    shared = [t for t in first.topics if all(t in f.topics for f in facts[1:])]
    topic = (shared or list(first.topics) or [""])[0]
    return library.topic_key(first.bank, topic) if topic else ""


def grouped_recipes(library: "Library", template: "Template", seed: int, counts: list[int],
                    usable: Callable[[Fact], bool],
                    compatible: Callable[[tuple[Fact, ...]], bool] | None = None) -> Iterator[Recipe]:
    """Recipes of several facts: per bank, per topic (about: topic) or all the template's facts
    (about: kind), up to GROUP_VARIANTS different groupings of the largest count that fits.
    `compatible` rejects a grouping that could not make a fair question (pairs sharing a right
    side); more groupings are then tried."""
    counts = sorted(counts)
    for bank in library.banks:
        if not template.in_scope(bank.id):
            continue
        groups: list[tuple[str | None, list[Fact]]] = []
        if template.about == "topic":
            for topic in bank.topics:
                members = [f for f in bank.facts if topic in f.topics and usable(f)]
                groups.append((library.topic_key(bank.id, topic), members))
        else:  # kind-wide: the topic follows the facts picked
            members = [f for f in bank.facts if template.applies_to(f)]
            groups.append((None, members))
        for topic, members in groups:
            if len(members) < counts[0]:
                continue
            rng = random.Random(f"{seed}|{template.id}|{bank.id}|{topic or template.kind}")
            seen = set()
            yielded = 0
            for _ in range(GROUP_VARIANTS * (3 if compatible is None else 12)):
                n = max(c for c in counts if c <= len(members))
                picked = tuple(sorted(rng.sample(range(len(members)), n)))
                if picked in seen:
                    continue
                seen.add(picked)
                group = tuple(members[i] for i in picked)
                if compatible is not None and not compatible(group):
                    continue
                yield Recipe(template, group, bank.id, topic if topic is not None else topic_of(library, group))
                yielded += 1
                if yielded >= GROUP_VARIANTS:
                    break


def how_many_options(n: int, noun: str = "") -> tuple[list[str], dict[int, int]]:
    """The UPSC option set for "how many ... are correct" and, per option, how many are true."""
    if noun not in ("", "pair"):  # the phrasebook has the words of statements and pairs
        suffix = f" {noun}s"
        if n == 3:
            return ([f"Only one {noun}", f"Only two{suffix}", f"All three{suffix}", f"None of the {noun}s"],
                    {0: 1, 1: 2, 2: 3, 3: 0})
        return ([f"Only one {noun}", f"Only two{suffix}", f"Only three{suffix}", f"All four{suffix}"],
                {0: 1, 1: 2, 2: 3, 3: 4})
    tail = "_pair" if noun else ""
    tails = "_pairs" if noun else ""
    if n == 3:
        return ([phrase(f"only_one{tail}"), phrase(f"only_two{tails}"), phrase(f"all_three{tails}"),
                 phrase(f"none{tails}")], {0: 1, 1: 2, 2: 3, 3: 0})
    return ([phrase(f"only_one{tail}"), phrase(f"only_two{tails}"), phrase(f"only_three{tails}"),
             phrase(f"all_four{tails}")], {0: 1, 1: 2, 2: 3, 3: 4})


class Builder:
    def __init__(self, library: Library, pools: Pools, hard: bool):
        self.library = library
        self.pools = pools
        self.hard = hard
        self._sources_by_fact: dict[str, tuple[SourceRef, ...]] = {}
        self._tests: set[tuple[str, str]] = set()
        self._reveals: set[tuple[str, str]] = set()
        self._named_by_phrase: dict[str, tuple[set[str], set[str]]] = {}

    def begin(self) -> None:
        """Start a new question: forget what the last one tested and revealed."""
        self._tests.clear()
        self._reveals.clear()

    def note(self, fact: Fact, tests: Iterable[str] = (), reveals: Iterable[str] = ()) -> None:
        """Record fields of `fact` the question asks about (tests) or shows as true (reveals)."""
        self._tests.update((fact.id, name) for name in tests)
        self._reveals.update((fact.id, name) for name in reveals)

    # ------------------------------------------------------------ shared pieces

    def option_text(self, template: Template) -> "CompiledText | _PlainOption":
        return option_text(template)

    def wrong_values(self, template: Template, fact: Fact, name: str, answer: Any,
                     rng: random.Random, need: int, given: tuple[str, ...],
                     slot: int | None = None, text: str = "") -> list[tuple[Any, str]]:
        """Up to `need`... (or all, need=0) valid wrong values with their option texts, best first.

        Every one is plausible (quizgen/plausibility.py): `text` is what the question shows
        around the value (stem, statement, left side); a year or date stays within the time of
        everyone it names and not after the bank's `as_of`."""
        ftype = self.library.field_type(fact.kind, name) or "text"
        window = window_for(text, self.library.as_of(fact), self.library.periods, own=fact.id) \
            if ftype in ("year", "date") else None
        same = tuple(template.spec.get("same") or ())
        option = self.option_text(template)
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
            if not self.pools.plausible(fact, name, value, answer=answer, window=window, same=same):
                continue
            if plain:  # the option is the value as printed: its normal form is the value's
                text = _PLAIN_OPTION.render({"value": value}) if is_bilingual() \
                    else " ".join(display(value).split())
            else:
                text = option.render({"value": value})
                norm = normalise(text)
            if not norm or norm in taken:
                continue
            if ftype in ("number", "percent", "count") and (any(too_close(value, t, ftype) for t in truths)
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
                # ... and at least one on each side, which tells whether the key is the
                # earliest or latest plausible value (then it is not asked at all).
                if len(below) >= max(wanted_below, 1) and len(above) >= max(need - wanted_below, 1):
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

    def explanation(self, main: str, facts: tuple[Fact, ...],
                    fields: "tuple[str, ...] | dict[str, set[str]] | None",
                    refs: tuple[SourceRef, ...] = ()) -> tuple[str, str]:
        """The reason for the key with the corrections of conflicting sources on the fields the
        question tests (`fields`: for every fact, or per fact id), each once; and the same
        followed by the sources' titles (the full explanation)."""
        refs = refs or self.sources(facts)
        parts = [strip(main)]
        for fact in {f.id: f for f in facts}.values():
            bank = self.library.bank_of(fact)
            tested = fields.get(fact.id, ()) if isinstance(fields, dict) else fields
            for conflict in fact.conflicts:
                if tested is not None and conflict.field not in tested:
                    continue
                said = join("; ", (
                    join(" ", (_displayed(v), f"({bank.sources[s].title if s in bank.sources else s})"))
                    for s, v, _ in conflict.claims
                ))
                ref = bank.sources.get(conflict.reference or "")
                note = phrase("conflict_note", said=said, value=_displayed(conflict.resolved_value))
                note = join("", (note, f" ({ref.title})." if ref else "."))
                if conflict.note:
                    note = join(" ", (note, conflict.note))
                if note not in parts:
                    parts.append(note)
        titles = []
        for ref in refs:
            if ref.title not in titles:
                titles.append(ref.title)
        reason = join(" ", (p for p in parts if p))
        return reason, phrase("source", reason=reason, titles="; ".join(titles))

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
            item_header=header, tests=frozenset(self._tests), reveals=frozenset(self._reveals),
            bilingual=is_bilingual(),
        )

    def claim(self, claim: Template, fact: Fact, truth: bool, rng: random.Random,
              avoid: frozenset[str] = frozenset(), forbid: frozenset[str] = frozenset()) -> tuple[str, str, Any]:
        """A statement about the fact, true or made false by swapping the vary field.

        `avoid`: normalised values already on show in the question, used last; `forbid`: values
        that name one other thing on show (its description, its purpose): a false statement
        using one would contradict the statement about that thing, so it is never used. Returns
        (statement as shown, the explanation for the key, the value shown); the explanation
        renders with the true values and, for a false statement only, `shown` holds the wrong
        value displayed."""
        name = claim.spec["vary"]
        self.note(fact, tests=(name,), reveals=(n for n in claim.needs if n != name))
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
        wrong = self.wrong_values(claim, fact, name, true_value, rng, 2 + len(avoid) + len(forbid), given,
                                  text=true_text)
        if not self.hard and wrong:
            rng.shuffle(wrong)
        wrong = [w for w in wrong if normalise(w[0]) not in forbid and normalise(w[1]) not in forbid]
        wrong.sort(key=lambda w: normalise(w[0]) in avoid)  # stable: keeps best-first otherwise
        for value, _ in wrong:
            false_text = claim.texts["statement"].render(self.context(fact, value=value, **{name: value}))
            if normalise(false_text) != normalise(true_text):
                why_ctx = dict(true_ctx, shown=value)
                why = claim.texts["explanation"].render(why_ctx) if "explanation" in claim.texts else true_text
                return false_text, why, value
        raise Skip(f"claim {claim.id!r} cannot be made false for fact {fact.id!r}: "
                   f"no valid wrong value for {name!r}, or the statement does not show it")

    def claims_for(self, recipe: Recipe, rng: random.Random, n: int,
                   topic_phrase: str = "") -> list[tuple[Template, Fact]]:
        template = recipe.template
        claim_ids = template.spec["claims"]
        claims = [self.library.template(c) for c in claim_ids]
        claims = [c for c in claims if c is not None]
        fits = self._fits_intro(recipe, topic_phrase) if template.about == "topic" and topic_phrase else None
        if template.about == "fact":
            fact = recipe.facts[0]
            usable = [c for c in claims if c.applies_to(fact)]
            if len(usable) < n:
                raise Skip(f"only {len(usable)} claim(s) apply to fact {fact.id!r}; {n} needed")
            picked = sorted(rng.sample(range(len(usable)), n))
            return [(usable[i], fact) for i in picked]
        pairs = []
        for fact in recipe.facts:
            usable = [c for c in claims if c.applies_to(fact) and (fits is None or fits(c, fact))]
            if not usable:
                raise Skip(f"no claim applies to fact {fact.id!r}")
            pairs.append((usable[rng.randrange(len(usable))], fact))
        return pairs

    def _fits_intro(self, recipe: Recipe, topic_phrase: str) -> Callable[[Template, Fact], bool]:
        """Whether a claim about a fact reads fairly under "With reference to <topic phrase>".

        Not if its varied detail is a word of the phrase ("At the <first> ... Dialogue, ..."
        made false would be about another dialogue than the question's), nor if the phrase names
        another fact ("the first ... Dialogue" is dialogue-2018's name) one of whose
        values the detail equals ("In 2018, ..." under the first 2+2, held in 2018)."""
        phrase = f" {normalise(topic_phrase)} "
        given_away, named_ids = self._named_in(phrase)

        def fits(claim: Template, fact: Fact) -> bool:
            values = [normalise(v) for v in true_values(fact, claim.spec["vary"])]
            if any(f" {v} " in phrase for v in values):
                return False
            return fact.id in named_ids or not any(v in given_away for v in values)

        return fits

    def _named_in(self, phrase: str) -> tuple[set[str], set[str]]:
        """The values of the facts a topic phrase names, and their ids; once per phrase (a scan
        of every fact, which a large archive would otherwise pay per question)."""
        cache = self._named_by_phrase
        if phrase not in cache:
            named = self.pools.named_in(phrase.strip())
            cache[phrase] = ({normalise(v) for f in named for key in f.fields for v in true_values(f, key)},
                             {f.id for f in named})
        return cache[phrase]

    def intro(self, recipe: Recipe, topic_phrase: str) -> str:
        template = recipe.template
        ctx = self.context(recipe.facts[0]) if template.about == "fact" else {}
        ctx["topic"] = topic_phrase
        return template.texts["intro"].render(ctx)

    def statement_items(self, recipe: Recipe, truths: list[bool], rng: random.Random,
                        topic_phrase: str) -> tuple[str, tuple[Item, ...], str, dict[str, set[str]]]:
        """The intro, the numbered statements, the notes on each, and per fact id the fields the
        statements test (for the explanation's conflict notes)."""
        chosen = self.claims_for(recipe, rng, len(truths), topic_phrase)
        items, notes = [], []
        tested: dict[str, set[str]] = {}
        wrong_shown: set[str] = set()  # two false statements with one wrong value unmask each other
        for i, ((claim, fact), truth) in enumerate(zip(chosen, truths), start=1):
            # What the other statements are about: giving this fact the value that names another
            # fact on show ("P-8I is <what Sea Guardian is>") lets one statement refute the other;
            # a value many facts share (a year, "before the first 2+2") is only avoided.
            name = claim.spec["vary"]
            on_show = {(other.kind, field, normalise(v))
                       for j, (other_claim, other) in enumerate(chosen) if j != i - 1
                       for field in {name, other_claim.spec["vary"]} if field in other.fields
                       for v in true_values(other, field)}
            forbid = frozenset(v for kind, field, v in on_show if self._names_one(kind, field, v))
            avoid = frozenset(wrong_shown | {v for _, _, v in on_show})
            text, why, shown = self.claim(claim, fact, truth, rng, avoid, forbid)
            tested.setdefault(fact.id, set()).add(name)
            if not truth:
                wrong_shown.add(normalise(shown))
            items.append(Item(str(i), (text,), "statement"))
            notes.append(phrase("statement_correct" if truth else "statement_incorrect", i=i, why=why))
        if len({normalise(i.cells[0]) for i in items}) != len(items):
            raise Skip("two statements read the same")
        self._no_statement_dates_another(chosen, items)
        return self.intro(recipe, topic_phrase), tuple(items), join(" ", notes), tested

    def _no_statement_dates_another(self, chosen: list[tuple[Template, Fact]], items: list[Item]) -> None:
        """A statement whose tested detail is a year or date must not find that year in the
        wording of another statement ("In June 2017, the USA cleared 22 drones" beside "In 2015,
        the USA cleared the drones" refutes it): the other's wording is checked without its own
        tested detail, so "In 2018, X" beside "In 2018, Y" is fine."""
        marker = "\u2063"  # invisible separator: never in a bank's text
        for i, (claim, fact) in enumerate(chosen):
            name = claim.spec["vary"]
            if self.library.field_type(fact.kind, name) not in ("year", "date"):
                continue
            years = {str(getattr(v, "year", v)) for v in true_values(fact, name)}
            for j, (other_claim, other) in enumerate(chosen):
                if j == i:
                    continue
                other_name = other_claim.spec["vary"]
                ctx = self.context(other, value=marker, **{other_name: marker})
                try:
                    wording = other_claim.texts["statement"].render(ctx)
                except Exception:  # a filter that needs a real value: judge the shown text
                    wording = items[j].cells[0]
                if any(re.search(rf"\b{y}\b", wording) for y in years):
                    raise Skip(f"statement {j + 1} gives the year that statement {i + 1} tests")

    def _names_one(self, kind: str, field: str, norm: str) -> bool:
        """Whether a text value belongs to exactly one fact: then it names that fact."""
        if self.library.field_type(kind, field) not in ("text", "list", None):
            return False
        return len(self.pools.field_index(kind, field).holders.get(norm, ())) == 1

    def count(self, recipe: Recipe, rng: random.Random, key: str, default: list[int]) -> int:
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

    def topic_phrase(self, recipe: Recipe) -> str:
        """The phrase of the recipe's topic in the recipe's own bank (topic ids belong to a bank)."""
        return self.library.topic_phrase(recipe.bank, recipe.topic)

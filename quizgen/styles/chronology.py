"""`chronology`: three or four dated events; which code gives their order, earliest first?

The options are orders of the printed event numbers ("2-4-1-3"), listed in ascending order
and never shuffled between booklet series. Nothing but the dates may reveal the key:
- the four options are drawn uniformly from the sets of four orders in which no option is
  closest to the other three (by total Kendall distance, the count of event pairs two orders
  disagree on), and the key is the one at the slot the generator asks for. Every order is then
  shown equally often and, when shown, is the key a quarter of the time: neither "1-2-3-4", nor
  the order closest to the others, nor an order remembered from earlier papers gives it away;
- no two events fall in the same year unless both have full dates and the dates differ.
"""

from __future__ import annotations

import datetime as dt
import functools
import random
from itertools import combinations, permutations
from typing import TYPE_CHECKING, Any, Iterator

from quizgen.build import Builder, Recipe, Skip, _displayed, topic_of
from quizgen.distractors import normalise
from quizgen.lang import PHRASES, join, lower_en, phrase, squash
from quizgen.model import Item
from quizgen.styles.base import Report, Style

if TYPE_CHECKING:
    from quizgen.library import Library, Template
    from quizgen.model import Fact, Question

LEAD = PHRASES["chronology_lead"][0]
ASK = PHRASES["chronology_ask"][0]
GROUPINGS = 24  # different event sets a template offers per seed and group


def order_code(order: tuple[int, ...]) -> str:
    """(2, 4, 1, 3) -> "2-4-1-3"."""
    return "-".join(str(n) for n in order)


def kendall(a: tuple[int, ...], b: tuple[int, ...]) -> int:
    """How many pairs of events the two orders put the other way round."""
    where = {item: i for i, item in enumerate(b)}
    return sum(1 for i, j in combinations(range(len(a)), 2) if where[a[i]] > where[a[j]])


def key_is_most_central(options: list[tuple[int, ...]], key: int) -> bool:
    """True if the key alone has the least total Kendall distance to the other options."""
    totals = [sum(kendall(o, p) for p in options if p is not o) for o in options]
    return all(totals[key] < t for i, t in enumerate(totals) if i != key)


def _when(fact: "Fact", year_field: str, date_field: str | None) -> tuple[int, dt.date | None]:
    year = int(fact.fields[year_field])
    date = fact.fields.get(date_field) if date_field else None
    return year, date if isinstance(date, dt.date) else None


def distinct_times(whens: list[tuple[int, dt.date | None]]) -> bool:
    """No two events in one year unless both have full dates and they differ."""
    for (y1, d1), (y2, d2) in combinations(whens, 2):
        if y1 == y2 and (d1 is None or d2 is None or d1 == d2):
            return False
    return True


@functools.lru_cache(maxsize=None)
def option_sets(events: int) -> tuple[tuple[tuple[int, ...], ...], ...]:
    """Every set of four orders of `events` events, ascending, with no single order closest to
    the other three: 15 sets for three events, 7,962 for four. Kendall distance is unchanged by
    renumbering the events, so every order lies in the same number of these sets."""
    orders = list(permutations(range(1, events + 1)))  # lexicographic, as the options are printed
    # Distances between every two orders once (24 x 24 for four events), then only lookups:
    # the sets are enumerated on the first chronology question of a process.
    distance = [[kendall(a, b) for b in orders] for a in orders]
    sets = []
    for a, b, c, d in combinations(range(len(orders)), 4):  # 10,626 sets for four events: inlined
        da, db, dc = distance[a], distance[b], distance[c]
        ab, ac, ad, bc, bd, cd = da[b], da[c], da[d], db[c], db[d], dc[d]
        totals = (ab + ac + ad, ab + bc + bd, ac + bc + cd, ad + bd + cd)
        if totals.count(min(totals)) > 1:
            sets.append((orders[a], orders[b], orders[c], orders[d]))
    return tuple(sets)


class Chronology(Style):
    name = "chronology"
    keys = frozenset({"about", "event", "year", "date", "events", "intro"})
    required = frozenset({"kind", "event", "year"})
    abouts = ("kind", "topic")
    counts = {"events": (3, 4)}
    field_keys = ("year",)
    text_keys = ("event",)
    item_kinds = ("event",)

    def validate(self, spec: Any, what: str, report: Report) -> bool:
        ok = super().validate(spec, what, report)
        if "kind" not in spec:  # also for about: topic, which is "events of this kind on a topic"
            report(spec.line, f"{what}: missing required field 'kind'")
            ok = False
        date = spec.get("date")
        if date is not None and not (isinstance(date, str) and date.strip()):
            report(spec.line_of("date"), f"{what}: date must be a field name")
            ok = False
        return ok

    def recipes(self, library: "Library", template: "Template", seed: int) -> Iterator[Recipe]:
        counts: Any = template.spec.get("events", [3, 4])
        counts = sorted(counts if isinstance(counts, list) else [counts])
        year_field, date_field = template.spec["year"], template.spec.get("date")
        facts = [f for f in library.facts_of_kind(template.kind) if template.applies_to(f)]
        groups: list[tuple[str | None, list[Fact]]] = []
        done: set[frozenset[str]] = set()
        # Events are ordered within a bank and the banks related to it (sharing scoped
        # templates): another topic's events would be off-topic in the list.
        for bank in library.banks:
            related = library.related_banks(bank.id)
            if related in done or not template.in_scope(bank.id):
                continue
            done.add(related)
            mine = [f for f in facts if f.bank in related]
            if template.about == "topic":
                topics = dict.fromkeys(library.topic_key(f.bank, t) for f in mine for t in f.topics)
                groups += [(t, [f for f in mine if any(library.topic_key(f.bank, ft) == t for ft in f.topics)])
                           for t in topics]
            else:
                groups.append((None, mine))
        for topic, members in groups:
            if len(members) < counts[0]:
                continue
            whens = [_when(f, year_field, date_field) for f in members]
            rng = random.Random(f"{seed}|{template.id}|{topic or members[0].bank}")
            seen: set[tuple[int, ...]] = set()
            for _ in range(GROUPINGS * 20):
                n = rng.choice([c for c in counts if c <= len(members)])
                picked = tuple(sorted(rng.sample(range(len(members)), n)))
                if picked in seen or not distinct_times([whens[i] for i in picked]):
                    continue
                seen.add(picked)
                chosen = tuple(members[i] for i in picked)
                yield Recipe(template, chosen, chosen[0].bank,
                             topic if topic is not None else topic_of(library, chosen))
                if len(seen) >= GROUPINGS:
                    break

    def build(self, builder: Builder, recipe: Recipe, slot: int, rng: random.Random) -> "Question":
        template = recipe.template
        year_field, date_field = template.spec["year"], template.spec.get("date")
        whens = [_when(f, year_field, date_field) for f in recipe.facts]
        if not distinct_times(whens):
            raise Skip("two events fall in one year without distinct full dates")
        timing = {year_field, date_field} - {None}
        for fact in recipe.facts:
            builder.note(fact, tests=(n for n in timing if n in fact.fields),
                         reveals=(n for n in template.needs if n not in timing))
        # Earliest first: a full date orders two events within one year, a year alone never has to.
        chrono = sorted(range(len(recipe.facts)), key=lambda i: (whens[i][0], whens[i][1] or dt.date.min))
        texts = [squash(template.texts["event"].render(builder.context(f))) for f in recipe.facts]
        if len({normalise(t) for t in texts}) != len(texts):
            raise Skip("two events read the same")
        n = len(chrono)
        options = list(rng.choice(option_sets(n)))
        key_order = options[slot]
        # key_order[j] is the printed number of the j-th earliest event.
        printed = [0] * n
        for j, number in enumerate(key_order):
            printed[number - 1] = chrono[j]
        items = tuple(Item(str(k + 1), (texts[i],), "event") for k, i in enumerate(printed))
        lines = [join(" ", (self._in_sentence(texts[i]), self._date_text(whens[i]))) for i in chrono]
        main = phrase("in_order", lines=join("; ", lines), code=order_code(key_order))
        fields = (year_field, date_field) if date_field else (year_field,)
        return builder.question(recipe, lead=template.texts["intro"].render({}) if "intro" in template.texts
                                else phrase("chronology_lead"), items=items, ask=phrase("chronology_ask"),
                                options=[order_code(o) for o in options], answer=slot,
                                explanation=builder.explanation(main, recipe.facts, fields))

    @staticmethod
    def _in_sentence(event: str) -> str:
        """An event as it reads after a colon or semicolon: a leading "The" lower-cased."""
        return lower_en(event, lambda t: "the" + t[3:] if t.startswith("The ") else t)

    @staticmethod
    def _date_text(when: tuple[int, dt.date | None]) -> str:
        year, date = when
        if date is None:
            return f"({year})"
        return join("", ("(", _displayed(date), ")"))


STYLE = Chronology()

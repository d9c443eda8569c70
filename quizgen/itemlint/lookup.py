"""What the item linter knows about a library: which pairs are true, which facts own a value,
each bank's `as_of` date, who lived when. Built lazily and cached, once per lint run."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from typing import Any, Iterable, Sequence

from quizgen.distractors import normalise, true_values
from quizgen.errors import TemplateError
from quizgen.library import Bank, Library, Template
from quizgen.model import Fact
from quizgen.render import display

CATEGORY_FIELD = "category"
PERCENT_UNITS = {"per cent", "percent", "%", "percentage"}
COUNT_UNITS = {"count", "number"}


def as_date(value: Any) -> dt.date | None:
    """A date from a date, a year (its last day) or an ISO text; None otherwise."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, int) and not isinstance(value, bool):
        return dt.date(value, 12, 31)
    if isinstance(value, str) and value.strip():
        try:
            return dt.date.fromisoformat(value.strip()[:10])
        except ValueError:
            return None
    return None


def bank_as_of(bank: Bank) -> dt.date | None:
    """The bank's `as_of` date if it has one, else its newest source date."""
    declared = as_date(getattr(bank, "as_of", None))
    if declared:
        return declared
    dates = [d for d in (as_date(s.date) for s in bank.sources.values()) if d]
    return max(dates) if dates else None


def padded(text: str) -> str:
    """Normalised text with a space at each end, for whole-word containment tests."""
    return f" {normalise(text)} "


def contains(padded_text: str, norm_value: str) -> bool:
    return bool(norm_value) and f" {norm_value} " in padded_text


class LibraryLookup:
    """Lookups over one library for the checks, each built on first use."""

    def __init__(self, library: Library):
        self.library = library
        self.facts = {fact.id: fact for fact in library.facts}
        self._pair_tables: dict[str, tuple[dict[str, set[str]], dict[str, list[Fact]], dict[str, str]]] = {}
        self._answer_owners: dict[str, dict[str, list[Fact]]] = {}
        self._kind_values: dict[str, list[tuple[str, str, tuple[Fact, ...]]]] = {}
        self._own_values: dict[str, dict[str, set[str]]] = {}
        self._identifying_fields: dict[tuple[str, str], bool] = {}
        self.as_of: dict[str, dt.date | None] = {b.id: bank_as_of(b) for b in library.banks}
        # (normalised name, from, to, fact): when people and bodies that statements name existed
        self.lifetimes = self._lifetimes()

    def _lifetimes(self) -> list[tuple[str, dt.date | None, dt.date | None, Fact]]:
        periods = getattr(self.library, "periods", None)  # the library's own list, when it keeps one
        if periods is not None:
            return [(normalise(name), period.start, period.end, self.facts[period.fact])
                    for period in periods if period.fact in self.facts for name in period.names]
        found = []
        for fact in self.library.facts:
            if "from" in fact.fields or "to" in fact.fields:
                names = [fact.fields.get("name"), *(fact.fields.get("also") or [])]
                start, end = as_date(fact.fields.get("from")), as_date(fact.fields.get("to"))
                found += [(normalise(n), start, end, fact) for n in names if isinstance(n, str) and n.strip()]
        return found

    def number_rules(self, fact: Fact) -> set[str]:
        """Which of 'percent' and 'count' a fact's numbers obey: from its `unit` field, or the
        domains the library declares for its fields."""
        rules = set()
        unit = normalise(fact.fields.get("unit", ""))
        if unit in PERCENT_UNITS:
            rules.add("percent")
        if unit in COUNT_UNITS:
            rules.add("count")
        domain_of = getattr(self.library, "domain", None)
        if callable(domain_of):
            for name in fact.fields:
                domain = domain_of(fact, name)
                if getattr(domain, "name", None) in ("percent", "count"):
                    rules.add(domain.name)
        return rules

    def answer_domain(self, template: Template | None, fact: Fact | None) -> Any:
        """The declared domain of the field a single-answer template asks for, if the library has domains."""
        domain_of = getattr(self.library, "domain", None)
        name = template.spec.get("answer") if template else None
        return domain_of(fact, name) if callable(domain_of) and fact and name else None

    @staticmethod
    def answer_value(template: Template | None, fact: Fact | None) -> Any:
        name = template.spec.get("answer") if template else None
        value = fact.fields.get(name) if fact and name else None
        return value if isinstance(value, (int, float)) and not isinstance(value, bool) else None

    @staticmethod
    def render_option(template: Template, value: Any) -> str:
        option = template.texts.get("option")
        if option is None:
            return " ".join(display(value).split())
        return option.render({"value": value})

    def pair_table(self, template: Template):
        """left -> true rights; right -> facts it is true of; fact id -> its left (all normalised)."""
        table = self._pair_tables.get(template.id)
        if table is None:
            rights: dict[str, set[str]] = defaultdict(set)
            owners: dict[str, list[Fact]] = defaultdict(list)
            lefts: dict[str, str] = {}
            name = template.spec.get("right")
            for fact in self.library.facts:
                if not template.applies_to(fact) or "left" not in template.texts:
                    continue
                try:
                    left = normalise(template.texts["left"].render(dict(fact.fields)))
                    texts = {t for v in true_values(fact, name)
                             for t in (normalise(v), normalise(self.render_option(template, v)))}
                except TemplateError:
                    continue
                lefts[fact.id] = left
                rights[left] |= texts
                for text in texts:
                    owners[text].append(fact)
            table = self._pair_tables[template.id] = (dict(rights), dict(owners), lefts)
        return table

    def answer_owners(self, template: Template) -> dict[str, list[Fact]]:
        """For a single-answer template: option text -> the facts whose answer it is."""
        owners = self._answer_owners.get(template.id)
        if owners is None:
            owners = self._answer_owners[template.id] = defaultdict(list)
            name = template.spec.get("answer")
            for fact in self.library.facts:
                if template.applies_to(fact) and name:
                    for value in true_values(fact, name):
                        try:
                            owners[normalise(self.render_option(template, value))].append(fact)
                        except TemplateError:
                            continue
        return owners

    def values_of_kind(self, kind: str) -> list[tuple[str, str, tuple[Fact, ...]]]:
        """Every text value of the kind's text fields: (field, normalised value, facts having it)."""
        values = self._kind_values.get(kind)
        if values is None:
            owners: dict[tuple[str, str], list[Fact]] = defaultdict(list)
            for fact in self.library.facts_of_kind(kind):
                for name in fact.fields:
                    if name == CATEGORY_FIELD or self.library.field_type(kind, name) not in ("text", "list"):
                        continue
                    for value in true_values(fact, name):
                        norm = normalise(value)
                        if len(norm) >= 4:
                            owners[(name, norm)].append(fact)
            values = self._kind_values[kind] = [(n, v, tuple(fs)) for (n, v), fs in owners.items()]
        return values

    def identifying(self, kind: str, name: str) -> bool:
        """A field no two facts of the kind share a value of (a name, a description), unlike a
        year or a place: shown with another fact on show, the value names that fact."""
        key = (kind, name)
        if key not in self._identifying_fields:
            owners = [fs for field_name, _, fs in self.values_of_kind(kind) if field_name == name]
            self._identifying_fields[key] = bool(owners) and all(len({f.id for f in fs}) == 1 for fs in owners)
        return self._identifying_fields[key]

    def own(self, fact: Fact) -> dict[str, set[str]]:
        own = self._own_values.get(fact.id)
        if own is None:
            own = self._own_values[fact.id] = {
                name: {normalise(v) for v in true_values(fact, name)} for name in fact.fields}
        return own

    def subject(self, text: str, facts: list[Fact], position: int, items: int = 0) -> Fact | None:
        """The fact a statement is about: the only one; the one in its place when each statement
        has its own fact (builders list them in order) and the statement shows any of its values;
        else the one whose values it shows most of."""
        if not facts:
            return None
        if len(facts) == 1:
            return facts[0]
        haystack = padded(text)
        scores = [sum(len(v) for values in self.own(f).values() for v in values if len(v) >= 4 and contains(haystack, v))
                  for f in facts]
        in_place = facts[position] if len(facts) == items and position < len(facts) else None
        best = max(scores)
        if in_place is not None and (scores[position] > 0 or best == 0):
            return in_place
        if best == 0:
            return facts[min(position, len(facts) - 1)]
        return facts[scores.index(best)]

    @staticmethod
    def category_clash(subject: Fact, owners: Sequence[Fact], fields: Iterable[str]) -> tuple[str, str, str] | None:
        """(field, subject's value, owners' value) when every owner differs from subject in a category field."""
        for name in fields:
            mine = subject.fields.get(name)
            if mine is None or not owners or any(o.fields.get(name) is None for o in owners):
                continue
            if normalise(mine) not in {normalise(o.fields[name]) for o in owners}:
                return name, display(mine), display(owners[0].fields[name])
        return None


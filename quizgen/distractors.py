"""Where wrong options come from: siblings, nearby values and curated decoys.

Candidates are produced lazily, best first, so a question takes the three it needs without
scanning a large bank. Callers decide which candidates are valid (distinct, not true).
"""

from __future__ import annotations

import bisect
import datetime as dt
import random
import re
import unicodedata
from collections import defaultdict
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING, Any, Container, Iterable, Iterator, Mapping

from quizgen.factstore import fact_position
from quizgen.model import Fact
from quizgen.plausibility import Window
from quizgen.render import display

if TYPE_CHECKING:
    from quizgen.library import Library

_PUNCT = re.compile(r"[^\w\s]", re.UNICODE)

# Amount scalings tried for `nearby` numbers, closest first; options never come closer than
# MIN_RELATIVE_GAP to each other, so no two look near-identical.
_LADDER_STEP = (1.25, 1.55)  # the ratio between neighbouring amounts on show, drawn per question
_LADDER_JITTER = 0.06  # each wrong amount off its rung by up to this much
_LADDER_RUNGS = (-1, 1, -2, 2, -3, 3, 1.5, -1.5, 4, -4, 5, -5)
MIN_RELATIVE_GAP = 0.15
_YEAR_OFFSETS = (1, -1, 2, -2, 3, -3, 4, -4, 5, -5, 6, -6)


def normalise(value: Any) -> str:
    """Fold case, punctuation and whitespace so near-identical options compare equal."""
    try:
        return _normalise_value(value)
    except TypeError:  # unhashable (a list): not cached
        return _normalise_text(display(value))


@lru_cache(maxsize=1 << 16)
def _normalise_value(value: Any) -> str:
    return _normalise_text(display(value))


@lru_cache(maxsize=1 << 16)
def _normalise_text(text: str) -> str:
    text = unicodedata.normalize("NFKC", text).casefold()
    text = text.replace("–", " ").replace("—", " ")
    return " ".join(_PUNCT.sub(" ", text).split())


def true_values(fact: Fact, name: str) -> list[Any]:
    value = fact.fields.get(name)
    return list(value) if isinstance(value, list) else [value]


def is_numeric(value: Any) -> bool:
    return isinstance(value, (int, float, dt.date)) and not isinstance(value, bool)


def _order_key(value: Any) -> float:
    if isinstance(value, dt.date):
        return float(value.toordinal())
    return float(value)


class _Holders:
    """Normalised value -> positions of the facts holding it, over several banks' indexes."""

    __slots__ = ("_parts",)

    def __init__(self, parts: list[dict[str, list[int]]]) -> None:
        self._parts = parts

    def get(self, norm: str, default: Any = ()) -> Any:
        found = [ref for part in self._parts for ref in part.get(norm, ())]
        return found or default

    def refs(self, norm: str) -> Iterator[int]:
        """The positions one by one, in library order, without a merged list."""
        for part in self._parts:
            yield from part.get(norm, ())

    def __contains__(self, norm: str) -> bool:
        return any(norm in part for part in self._parts)


def _refs(index: "_FieldIndex | _AllBanks", norm: str) -> Iterable[int]:
    holders = index.holders
    return holders.refs(norm) if isinstance(holders, _Holders) else holders.get(norm, ())


class _AllBanks:
    """A field over every loaded bank, for who holds a value (truth is judged over all banks)."""

    __slots__ = ("holders",)

    def __init__(self, indexes: list["_FieldIndex"]) -> None:
        self.holders = _Holders([index.holders for index in indexes])


@dataclass
class _FieldIndex:
    values: list[Any]  # distinct values, in first-seen order
    # normalised value -> the facts having it, by position in the library (Library.fact_at):
    # an index of Fact objects would decode every fact of a cached archive to be read
    holders: dict[str, list[int]]
    sorted_numeric: list[tuple[float, Any]]  # for nearest-first lookups
    sorted_keys: list[float]


class Pools:
    """Indexes over a library, built once, for fast distractor lookups."""

    def __init__(self, library: Library):
        self.library = library
        # Field indexes and similar groups depend on the library alone: kept on it, so each is
        # built once per library (review builds several papers; the compiled bank cache stores them).
        self._indexes = library.indexes
        self._decoys: dict[tuple, list[Any]] = {}
        self._decoy_tags: dict[str, dict[str, dict[str, Any]]] = defaultdict(dict)
        self._alike: dict[tuple, frozenset[str]] = {}
        self._all_banks: dict[tuple, _AllBanks] = {}
        self._per_bank: dict[int, dict[tuple, dict[str, tuple[Any, list[int]]]]] = {}
        self._peers: dict[str, frozenset[str]] = {}
        self._of_kind: dict[tuple, list[tuple[int, Fact]]] = {}  # each index scans one kind's facts
        for bank in library.banks:
            for key, values in bank.decoys.items():
                tags = bank.decoy_tags.get(key) or [{}] * len(values)
                for value, tagged in zip(values, tags):
                    self._decoy_tags[key].setdefault(normalise(value), tagged)

    def peers(self, fact: Fact) -> frozenset[str]:
        """The banks whose siblings and decoys may stand beside this fact (Library.related_banks).
        Which values are *true* is still judged over every loaded bank (alike_values)."""
        peers = self._peers.get(fact.bank)
        if peers is None:
            peers = self._peers[fact.bank] = self.library.related_banks(fact.bank)
        return peers

    def facts_of_kind(self, kind: str, banks: frozenset[str] | None = None) -> list[tuple[int, Fact]]:
        """The facts of a kind (in these banks) with their positions, in library order."""
        key = (kind, banks)
        facts = self._of_kind.get(key)
        if facts is None:
            facts = self._of_kind[key] = [
                (fact_position(b, i), f) for b, bank in enumerate(self.library.banks) if banks is None or bank.id in banks
                for i, f in enumerate(bank.facts) if f.kind == kind]
        return facts

    def named_in(self, phrase: str) -> list[Fact]:
        """The facts whose normalised `name` is a run of words of the normalised `phrase`."""
        names, longest = self._names()
        found = {position for run in word_runs(phrase, longest) for position in names.get(run, ())}
        return [self.library.fact_at(position) for position in sorted(found)]  # in library order

    def _names(self) -> tuple[dict[str, list[int]], int]:
        def build() -> tuple[dict[str, list[int]], int]:
            names: dict[str, list[int]] = defaultdict(list)
            for b, bank in enumerate(self.library.banks):
                for i, fact in enumerate(bank.facts):
                    name = fact.fields.get("name")
                    if isinstance(name, str) and (norm := normalise(name)):
                        names[norm].append(fact_position(b, i))
            return dict(names), max((norm.count(" ") + 1 for norm in names), default=0)

        return self._indexes.built("names", build)

    def holders(self, index: "_FieldIndex | _AllBanks", norm: str) -> Iterator[Fact]:
        """The facts of an index having the normalised value `norm`, read one by one (a test
        that stops at the first match reads few of a common value's thousands)."""
        return (self.library.fact_at(ref) for ref in _refs(index, norm))

    def field_index(self, kind: str, name: str, banks: frozenset[str] | None = None) -> "_FieldIndex | _AllBanks":
        """The values of a field over these banks; over all banks (None) only who holds a value
        is ever asked, which each bank's own index answers without a merged copy."""
        if banks is None:
            key = (kind, name)
            found = self._all_banks.get(key)
            if found is None:
                found = self._all_banks[key] = _AllBanks(
                    [self._bank_index(b, kind, name) for b in range(len(self.library.banks))])
            return found
        members = [b for b, bank in enumerate(self.library.banks) if bank.id in banks]
        if len(members) == 1:
            return self._bank_index(members[0], kind, name)
        return self._indexes.built(("field", kind, name, banks), lambda: self._merged(members, kind, name))

    def _bank_index(self, b: int, kind: str, name: str) -> _FieldIndex:
        def build() -> _FieldIndex:
            table = self._bank_values(b, kind, name)
            values = [value for value, _ in table.values()]
            numeric = sorted((_order_key(v), v) for v in values if is_numeric(v))
            return _FieldIndex(values, {norm: refs for norm, (_, refs) in table.items()}, numeric,
                               [k for k, _ in numeric])

        return self._indexes.built(("bank field", b, kind, name), build)

    def _merged(self, members: list[int], kind: str, name: str) -> _FieldIndex:
        """Several banks' indexes merged in bank order: the same values in the same first-seen
        order as one pass over their facts."""
        values: list[Any] = []
        holders: dict[str, list[int]] = {}
        for b in members:
            index = self._bank_index(b, kind, name)
            for norm, value in zip(index.holders, index.values):
                held = holders.get(norm)
                if held is None:
                    values.append(value)
                    holders[norm] = list(index.holders[norm])
                else:
                    held.extend(index.holders[norm])
        numeric = sorted((_order_key(v), v) for v in values if is_numeric(v))
        return _FieldIndex(values, holders, numeric, [k for k, _ in numeric])

    def _bank_values(self, b: int, kind: str, name: str) -> dict[str, tuple[Any, list[int]]]:
        """One bank's values of a field: normalised value -> (first value, positions); every
        declared field of the bank is tabled in one pass over its facts."""
        tables = self._per_bank.get(b)
        if tables is None:
            tables = self._per_bank[b] = self._tabled(b, self.library.kinds)
        if name not in self.library.kinds.get(kind, ()) and (kind, name) not in tables:  # undeclared: on its own
            tables.update(self._tabled(b, {kind: {name}}) or {(kind, name): {}})
        return tables.get((kind, name), {})

    def _tabled(self, b: int, wanted: Mapping[str, Container[str]]) -> dict[tuple, dict[str, tuple[Any, list[int]]]]:
        """Bank b's values of the `wanted` fields of each kind, in one pass over its facts."""
        tables: dict[tuple, dict[str, tuple[Any, list[int]]]] = {}
        base = fact_position(b, 0)
        nothing: frozenset[str] = frozenset()
        for i, fact in enumerate(self.library.banks[b].facts):
            fields = wanted.get(fact.kind, nothing)
            for field, value in fact.fields.items():
                if field not in fields:
                    continue
                found = tables.get((fact.kind, field))
                if found is None:
                    found = tables[(fact.kind, field)] = {}
                for item in value if isinstance(value, list) else (value,):
                    norm = normalise(item)
                    entry = found.get(norm)
                    if entry is None:
                        found[norm] = (item, [base | i])
                    else:
                        entry[1].append(base | i)
        return tables

    def build_indexes(self) -> None:
        """Every field index and similar group generation may ask for: of each kind and field,
        over all banks and over each bank's peers (for the compiled bank cache)."""
        peer_sets = {self.library.related_banks(bank.id) for bank in self.library.banks}
        for kind, fields in self.library.kinds.items():
            for name in fields:
                self.field_index(kind, name)  # every bank's own index
                for banks in peer_sets:
                    self.field_index(kind, name, banks)
        self._names()
        for template in self.library.templates:
            similar = tuple(template.spec.get("similar", ()) or ())
            name = template.tested
            if similar and template.kind and name:
                for banks in peer_sets:
                    self._similar_groups(template.kind, name, similar, banks)

    def alike_values(self, fact: Fact, name: str, given: tuple[str, ...]) -> frozenset[str]:
        """The normalised values of `name` of every fact, in any loaded bank, that the stem's
        `given` fields describe as they describe `fact`: each would also answer its question.
        Found through the given fields' indexes, so only those few facts are read."""
        mine = _signature(fact, given)
        if None in mine:  # a stem stating a field the fact lacks: no other fact matches it
            return frozenset()
        key = (fact.kind, name, given, mine)
        found = self._alike.get(key)
        if found is None:
            found = self._alike[key] = frozenset(
                normalise(v) for other in self._alike_facts(fact, given, mine) if name in other.fields
                for v in true_values(other, name))
        return found

    def _alike_facts(self, fact: Fact, given: tuple[str, ...], mine: tuple) -> Iterator[Fact]:
        if not given:
            candidates: Iterable[Fact] = (f for _, f in self.facts_of_kind(fact.kind))
        else:
            # One given field's index narrows every fact down to those sharing its value (a
            # list field's index holds each item: the whole signature is compared below).
            field = next((n for n in given if not isinstance(fact.fields[n], list)), None)
            if field is None:
                candidates = (f for _, f in self.facts_of_kind(fact.kind))
            else:
                candidates = self.holders(self.field_index(fact.kind, field), mine[given.index(field)])
        return (other for other in candidates if _signature(other, given) == mine)

    def similar_group(self, kind: str, name: str, similar: tuple[str, ...], fact: Fact) -> list[Any]:
        """Values of `name` among facts (of the fact's peer banks) sharing all `similar` field values with `fact`."""
        groups = self._similar_groups(kind, name, similar, self.peers(fact))
        return groups.get(tuple(normalise(fact.fields.get(s, "")) for s in similar), [])

    def _similar_groups(self, kind: str, name: str, similar: tuple[str, ...],
                        banks: frozenset[str]) -> dict[tuple, list[Any]]:
        def build() -> dict[tuple, list[Any]]:
            groups: dict[tuple, list[Any]] = defaultdict(list)
            for _, other in self.facts_of_kind(kind, banks):
                if name in other.fields:
                    signature = tuple(normalise(other.fields.get(s, "")) for s in similar)
                    groups[signature].extend(true_values(other, name))
            return dict(groups)

        return self._indexes.built(("similar", kind, name, similar, banks), build)

    def decoys(self, kind: str, name: str, banks: frozenset[str] | None = None) -> list[Any]:
        key = (kind, name, banks)
        found = self._decoys.get(key)
        if found is None:
            found = self._decoys[key] = []
            seen: set[str] = set()
            for bank in self.library.banks:
                if banks is not None and bank.id not in banks:
                    continue
                for value in bank.decoys.get(f"{kind}.{name}", []):
                    if normalise(value) not in seen:
                        found.append(value)
                        seen.add(normalise(value))
        return found

    def decoy_tags(self, kind: str, name: str, value: Any) -> dict[str, Any] | None:
        """The fields a bank decoy is tagged with; None if `value` is not a bank decoy."""
        return self._decoy_tags.get(f"{kind}.{name}", {}).get(normalise(value))

    def _same_candidates(self, kind: str, index: "_FieldIndex | _AllBanks", norm: str, same: tuple[str, ...],
                         mine: tuple[str, ...]) -> Iterator[Fact]:
        """The facts holding `norm` that may share the `same` fields' values `mine`: narrowed
        through those fields' indexes (a common value has thousands of holders), never past a
        fact that does share them (list fields, indexed item by item, are not used to narrow)."""
        refs: Iterable[int] = _refs(index, norm)
        for name, value in zip(same, mine):
            if value and self.library.field_type(kind, name) != "list":
                refs = set(refs).intersection(self.field_index(kind, name).holders.get(value, ()))
        return (self.library.fact_at(ref) for ref in sorted(refs))

    def plausible(self, fact: Fact, name: str, value: Any, *, answer: Any, window: Window | None,
                  same: tuple[str, ...]) -> bool:
        """Whether an examiner could offer `value` as a wrong `name` of `fact` without it being
        absurd: inside the field's domain and the time window, not listed implausible, and (with
        `same`) of the fact's own category. The fact's own curated decoys are always fine."""
        norm = normalise(value)
        implausible = fact.implausible.get(name)
        if implausible and any(normalise(v) == norm for v in implausible):
            return False
        if window is not None and not window.allows(value):
            return False
        domain = self.library.domain(fact, name)
        if domain is not None and not domain.allows(value, answer):
            return False
        decoys = fact.decoys.get(name)
        own = bool(decoys) and any(normalise(v) == norm for v in decoys)
        measured = self.library.field_type(fact.kind, name) in ("number", "percent", "count")
        if own or not (measured or same):
            return True
        index = self.field_index(fact.kind, name)
        held = norm in index.holders
        if measured and held and not any(self.library.domain(h, name) == domain
                                         for h in self.holders(index, norm)):
            return False  # a sibling measured in other units ("62 per cent" among US$ billions)
        if same:
            mine = tuple(normalise(fact.fields.get(f, "")) for f in same)
            if held:
                if not any(tuple(normalise(h.fields.get(f, "")) for f in same) == mine
                           for h in self._same_candidates(fact.kind, index, norm, same, mine)):
                    return False
            else:
                tags = self.decoy_tags(fact.kind, name, value)
                if tags is None or tuple(normalise(tags.get(f, "")) for f in same) != mine:
                    return False  # an untagged decoy may be of any category
        return True


def _signature(fact: Fact, given: tuple[str, ...]) -> tuple:
    """The stem's facts about `fact`; another fact with the same signature would also answer it."""
    return tuple(normalise(fact.fields[n]) if n in fact.fields else None for n in given)


def word_runs(text: str, longest: int) -> Iterable[str]:
    """Every run of up to `longest` consecutive words of a normalised text (single spaces)."""
    words = text.split(" ")
    for start in range(len(words)):
        for end in range(start + 1, min(len(words), start + longest) + 1):
            yield " ".join(words[start:end])


def sibling_values(pools: Pools, fact: Fact, name: str, given: tuple[str, ...], similar: tuple[str, ...],
                   hard: bool, rng: random.Random, answer: Any, part: str = "similar") -> Iterator[Any]:
    """The same field of other facts of the same kind; hard: most similar (or nearest) first."""
    index = pools.field_index(fact.kind, name, pools.peers(fact))
    alike = pools.alike_values(fact, name, given)

    def usable(value: Any) -> bool:
        return normalise(value) not in alike

    if hard and is_numeric(answer) and index.sorted_numeric:
        target = _order_key(answer)
        keys = index.sorted_keys
        right = bisect.bisect_left(keys, target)
        left = right - 1
        while left >= 0 or right < len(keys):
            pick_left = right >= len(keys) or (left >= 0 and target - keys[left] <= keys[right] - target)
            if pick_left:
                value = index.sorted_numeric[left][1]
                left -= 1
            else:
                value = index.sorted_numeric[right][1]
                right += 1
            if usable(value):
                yield value
        return
    if hard and similar:
        # Values of facts that agree on every `similar` field (a minister of the same country);
        # part="rest" gives the others, which candidate_values offers after the decoys.
        group = pools.similar_group(fact.kind, name, similar, fact)
        if part == "similar":
            for value in group:
                if usable(value):
                    yield value
            return
        alike = set(map(normalise, group))
        for value in index.values:
            if normalise(value) not in alike and usable(value):
                yield value
        return
    count = len(index.values)
    if count == 0:
        return
    # A random starting point and stride visits every value once without shuffling the pool.
    start = rng.randrange(count)
    for step in range(count):
        value = index.values[(start + step) % count]
        if usable(value):
            yield value


def _nice_round(value: float, like: Any) -> Any:
    if isinstance(like, int):
        return int(round(value))
    decimals = max(0, len(repr(float(like)).split(".")[1].rstrip("0")))
    return round(value, decimals)


def nearby_values(answer: Any, ftype: str, hard: bool, rng: random.Random) -> Iterator[Any]:
    """Plausible values of the same type near the answer (years, dates, amounts)."""
    if ftype not in ("year", "date", "number", "percent", "count") or isinstance(answer, bool) \
            or not is_numeric(answer):
        return
    if isinstance(answer, dt.date):
        # Each wrong date moves the month and takes a day of its own: dates that only shift
        # the key's month or year ("6 October 2018", "6 September 2019") leave the key as the
        # option sharing most parts with the others, which a fact-blind reader picks.
        shifts = [1, -1, 2, -2, 3, -3, 4, -4, 5, -5, 6, -6]
        if not hard:
            rng.shuffle(shifts)
        days = rng.sample([d for d in range(1, 29) if d != answer.day], len(shifts))
        for months, day in zip(shifts, days):
            month_index = answer.month - 1 + months
            year = answer.year + month_index // 12
            month = month_index % 12 + 1
            yield dt.date(year, month, day)
        return
    if ftype == "year":
        offsets = list(_YEAR_OFFSETS)
        if not hard:
            rng.shuffle(offsets)
        for offset in offsets:
            yield answer + offset
        return
    # A ladder of values one (jittered) step apart, the key one rung of it: wrong values that
    # were each a fixed simple multiple of the key (x0.5, x0.75, x2) left the key as the one
    # option the others are halves and doubles of.
    step = rng.uniform(*_LADDER_STEP)
    rungs = list(_LADDER_RUNGS)
    if not hard:
        rng.shuffle(rungs)
    for rung in rungs:
        value = _nice_round(answer * step ** rung * rng.uniform(1 - _LADDER_JITTER, 1 + _LADDER_JITTER), answer)
        if value > 0:
            yield value


def decoy_values(pools: Pools, fact: Fact, name: str, hard: bool, rng: random.Random) -> Iterator[Any]:
    """The fact's own curated wrong values first, then the decoys of the banks that may stand
    beside it for the field."""
    own = list(fact.decoys.get(name, ()))
    values = list(pools.decoys(fact.kind, name, pools.peers(fact)))
    if not hard:
        rng.shuffle(own)
        rng.shuffle(values)
    yield from own
    yield from values


def candidate_values(pools: Pools, fact: Fact, name: str, ftype: str, strategies: tuple[str, ...], *,
                     given: tuple[str, ...], similar: tuple[str, ...], hard: bool,
                     rng: random.Random, answer: Any) -> Iterator[Any]:
    """Wrong-value candidates for `fact.name`, best first, not yet checked for validity.

    Hard, with `similar` fields: alike siblings, then curated decoys, then the other siblings,
    so a wrong minister is a minister of the same country before anyone else."""
    split = hard and bool(similar) and "siblings" in strategies
    for strategy in strategies:
        if strategy == "siblings":
            yield from sibling_values(pools, fact, name, given, similar, hard, rng, answer)
            if split and "decoys" in strategies:
                yield from decoy_values(pools, fact, name, hard, rng)
            if split:
                yield from sibling_values(pools, fact, name, given, similar, hard, rng, answer, part="rest")
        elif strategy == "nearby":
            yield from nearby_values(answer, ftype, hard, rng)
        elif not (split and "decoys" in strategies):
            yield from decoy_values(pools, fact, name, hard, rng)


def too_close(a: Any, b: Any, ftype: str) -> bool:
    """Amounts closer than MIN_RELATIVE_GAP look like the same option."""
    if ftype in ("number", "percent", "count") and isinstance(a, (int, float)) and isinstance(b, (int, float)):
        biggest = max(abs(a), abs(b))
        return biggest > 0 and abs(a - b) / biggest < MIN_RELATIVE_GAP
    return False

"""Where wrong options come from: siblings, nearby values and curated decoys.

Candidates are produced lazily, best first, so a question takes the three it needs without
scanning a large bank. Callers decide which candidates are valid (distinct, not true).
"""

from __future__ import annotations

import bisect
import datetime as dt
import math
import random
import re
import unicodedata
from collections import defaultdict
from dataclasses import dataclass
from itertools import islice
from typing import Any, Iterator

from quizgen.library import Library
from quizgen.model import Fact
from quizgen.render import display

_PUNCT = re.compile(r"[^\w\s]", re.UNICODE)

# Amount scalings tried for `nearby` numbers, closest first; options never come closer than
# MIN_RELATIVE_GAP to each other, so no two look near-identical.
_SCALES = (0.75, 1.3, 0.6, 1.6, 0.5, 2.0, 0.4, 2.5, 0.3, 3.0, 4.0)
MIN_RELATIVE_GAP = 0.15
_YEAR_OFFSETS = (1, -1, 2, -2, 3, -3, 4, -4, 5, -5, 6, -6)


def normalise(value: Any) -> str:
    """Fold case, punctuation and whitespace so near-identical options compare equal."""
    text = unicodedata.normalize("NFKC", display(value)).casefold()
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


@dataclass
class _FieldIndex:
    values: list[Any]  # distinct values, in first-seen order
    facts_by_value: dict[str, list[Fact]]  # normalised value -> facts having it
    sorted_numeric: list[tuple[float, Any]]  # for nearest-first lookups


class Pools:
    """Indexes over a library, built once, for fast distractor lookups."""

    def __init__(self, library: Library):
        self.library = library
        self._fields: dict[tuple[str, str], _FieldIndex] = {}
        self._decoys: dict[str, list[Any]] = defaultdict(list)
        for bank in library.banks:
            for key, values in bank.decoys.items():
                seen = {normalise(v) for v in self._decoys[key]}
                for value in values:
                    if normalise(value) not in seen:
                        self._decoys[key].append(value)
                        seen.add(normalise(value))

    def field_index(self, kind: str, name: str) -> _FieldIndex:
        key = (kind, name)
        index = self._fields.get(key)
        if index is None:
            values: list[Any] = []
            by_value: dict[str, list[Fact]] = defaultdict(list)
            for fact in self.library.facts:
                if fact.kind != kind or name not in fact.fields:
                    continue
                for value in true_values(fact, name):
                    norm = normalise(value)
                    if norm not in by_value:
                        values.append(value)
                    by_value[norm].append(fact)
            numeric = sorted((_order_key(v), v) for v in values if is_numeric(v))
            index = self._fields[key] = _FieldIndex(values, dict(by_value), numeric)
        return index

    def decoys(self, kind: str, name: str) -> list[Any]:
        return self._decoys.get(f"{kind}.{name}", [])


def _same_given(fact: Fact, other: Fact, given: tuple[str, ...]) -> bool:
    """True when `other` agrees with `fact` on every field the stem states: then its value would
    also answer the stem, so it cannot be a distractor."""
    return all(
        name in other.fields and normalise(other.fields[name]) == normalise(fact.fields[name])
        for name in given if name in fact.fields
    )


def _similarity(fact: Fact, other: Fact, similar: tuple[str, ...]) -> int:
    return sum(
        1 for name in similar
        if name in fact.fields and name in other.fields
        and normalise(fact.fields[name]) == normalise(other.fields[name])
    )


def sibling_values(pools: Pools, fact: Fact, name: str, given: tuple[str, ...], similar: tuple[str, ...],
                   hard: bool, rng: random.Random, answer: Any) -> Iterator[Any]:
    """The same field of other facts of the same kind; hard: most similar (or nearest) first."""
    index = pools.field_index(fact.kind, name)

    def usable(value: Any) -> bool:
        facts = index.facts_by_value.get(normalise(value), ())
        return not any(f is fact or _same_given(fact, f, given) for f in facts)

    if hard and is_numeric(answer) and index.sorted_numeric:
        target = _order_key(answer)
        keys = [k for k, _ in index.sorted_numeric]
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
        ranked = sorted(
            range(len(index.values)),
            key=lambda i: -max(_similarity(fact, f, similar)
                               for f in index.facts_by_value[normalise(index.values[i])]),
        )
        for i in ranked:
            if usable(index.values[i]):
                yield index.values[i]
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
    if ftype not in ("year", "date", "number") or isinstance(answer, bool) or not is_numeric(answer):
        return
    if isinstance(answer, dt.date):
        shifts = [(0, 1), (0, -1), (1, 0), (-1, 0), (0, 2), (0, -2), (0, 3), (0, -3), (1, 1), (-1, -1)]
        if not hard:
            rng.shuffle(shifts)
        for years, months in shifts:
            month_index = answer.month - 1 + months
            year = answer.year + years + month_index // 12
            month = month_index % 12 + 1
            day = min(answer.day, 28) if answer.day > 28 else answer.day
            yield dt.date(year, month, day)
        return
    if ftype == "year":
        offsets = list(_YEAR_OFFSETS)
        if not hard:
            rng.shuffle(offsets)
        for offset in offsets:
            yield answer + offset
        return
    scales = list(_SCALES)
    if not hard:
        rng.shuffle(scales)
    for scale in scales:
        value = _nice_round(answer * scale, answer)
        if value > 0:
            yield value


def decoy_values(pools: Pools, fact: Fact, name: str, hard: bool, rng: random.Random) -> Iterator[Any]:
    values = list(pools.decoys(fact.kind, name))
    if not hard:
        rng.shuffle(values)
    yield from values


def candidate_values(pools: Pools, fact: Fact, name: str, ftype: str, strategies: tuple[str, ...], *,
                     given: tuple[str, ...], similar: tuple[str, ...], hard: bool,
                     rng: random.Random, answer: Any, limit: int = 60) -> list[Any]:
    """Wrong-value candidates for `fact.name`, best first, not yet checked for validity."""
    found: list[Any] = []
    for strategy in strategies:
        if strategy == "siblings":
            source = sibling_values(pools, fact, name, given, similar, hard, rng, answer)
        elif strategy == "nearby":
            source = nearby_values(answer, ftype, hard, rng)
        else:
            source = decoy_values(pools, fact, name, hard, rng)
        found.extend(islice(source, limit))
    return found


def too_close(a: Any, b: Any, ftype: str) -> bool:
    """Amounts closer than MIN_RELATIVE_GAP look like the same option."""
    if ftype == "number" and isinstance(a, (int, float)) and isinstance(b, (int, float)):
        biggest = max(abs(a), abs(b))
        return biggest > 0 and abs(a - b) / biggest < MIN_RELATIVE_GAP
    return False


def finite(value: Any) -> bool:
    return not (isinstance(value, float) and (math.isnan(value) or math.isinf(value)))

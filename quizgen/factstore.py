"""Facts and indexes as the compiled bank cache stores them: decoded only when asked for.

A 50,000-fact archive unpickled whole takes a quarter of a second and a hundred megabytes
before a 100-question paper, which reads a few thousand of those facts, can start. So a
bank's facts are pickled one by one into a single buffer (`LazyFacts`), and the library's
indexes one by one (`LazyIndexes`); each is unpickled the first time it is used, and then
kept, so one position always gives the same object.

Pickling is packing: `Bank` and `Library` pickle their facts and indexes through these
classes, so only the cache (quizgen/cache.py) ever sees the packed form.
"""

from __future__ import annotations

import pickle
from array import array
from dataclasses import fields
from operator import attrgetter
from typing import Any, Callable, Iterator, Sequence, TypeVar, overload

from quizgen.model import Evidence, Fact, Location

T = TypeVar("T")
_PROTOCOL = pickle.HIGHEST_PROTOCOL
POSITION_BITS = 32  # a fact's position: its bank's index in the library, then its index in the bank
POSITION_MASK = (1 << POSITION_BITS) - 1


def fact_position(bank_index: int, fact_index: int) -> int:
    return bank_index << POSITION_BITS | fact_index


class LazyFacts(Sequence[Fact]):
    """A bank's facts, each unpickled from `blob` on first use. The ids are kept unpacked:
    looking a fact up by id needs no fact decoded."""

    __slots__ = ("_blob", "_ends", "ids", "_made", "_bank", "_path")

    def __init__(self, blob: bytes, ends: array, ids: tuple[str, ...], bank: str = "", path: str = "") -> None:
        self._blob = blob
        self._ends = ends
        self.ids = ids
        self._bank = bank  # what most facts' `bank` and `location.path` are: stored once
        self._path = path
        self._made: list[Fact | None] = [None] * len(ids)

    @classmethod
    def of(cls, facts: Sequence[Fact], bank: str = "", path: str = "") -> "LazyFacts":
        if isinstance(facts, LazyFacts):
            return facts
        dumps = pickle.dumps
        parts = [dumps(_row(fact, bank, path), _PROTOCOL) for fact in facts]
        ends = array("Q")
        end = 0
        for part in parts:
            end += len(part)
            ends.append(end)
        packed = cls(b"".join(parts), ends, tuple(fact.id for fact in facts), bank, path)
        packed._made = list(facts)
        return packed

    def __len__(self) -> int:
        return len(self.ids)

    @overload
    def __getitem__(self, index: int) -> Fact: ...
    @overload
    def __getitem__(self, index: slice) -> list[Fact]: ...

    def __getitem__(self, index):
        if isinstance(index, slice):
            return [self[i] for i in range(*index.indices(len(self)))]
        fact = self._made[index]
        if fact is None:
            if index < 0:
                index += len(self)
            start = self._ends[index - 1] if index else 0
            row = pickle.loads(memoryview(self._blob)[start:self._ends[index]])  # noqa: S301 - see cache.py
            fact = self._made[index] = _fact(row, self._bank, self._path)
        return fact

    def __iter__(self) -> Iterator[Fact]:
        for index in range(len(self)):
            yield self[index]

    def __eq__(self, other: object) -> bool:
        if isinstance(other, (LazyFacts, list, tuple)):
            return list(self) == list(other)
        return NotImplemented

    def __repr__(self) -> str:
        return f"LazyFacts({len(self)} facts)"

    def __reduce__(self):
        return (LazyFacts, (self._blob, self._ends, self.ids, self._bank, self._path))


# A fact is stored as a row of its constructor's arguments, its citations as rows too, and its
# bank and file left out when they are the bank's: a third of the size, and no Python code
# runs per object while pickling (an archive's cache is written on its first load).
_FACT_FIELDS = tuple(f.name for f in fields(Fact))
_EVIDENCE = _FACT_FIELDS.index("evidence")
_BANK = _FACT_FIELDS.index("bank")
_LOCATION = _FACT_FIELDS.index("location")
_EVIDENCE_FIELDS = tuple(f.name for f in fields(Evidence))
_LOCATION_FIELDS = tuple(f.name for f in fields(Location))
_fact_values = attrgetter(*_FACT_FIELDS)
_evidence_values = attrgetter(*_EVIDENCE_FIELDS)


def _row(fact: Fact, bank: str, path: str) -> tuple:
    row = list(_fact_values(fact))
    row[_EVIDENCE] = tuple(map(_evidence_values, fact.evidence))
    if fact.bank == bank:
        row[_BANK] = None
    location = fact.location
    row[_LOCATION] = location.line if location.path == path else (location.path, location.line)
    return tuple(row)


def _fact(row: tuple, bank: str, path: str) -> Fact:
    # Made as unpickling makes objects (attributes set directly, no __init__): the values were
    # validated when the cache was written, and this runs for every fact a command reads.
    values = dict(zip(_FACT_FIELDS, row))
    values["evidence"] = tuple(_made(Evidence, _EVIDENCE_FIELDS, cited) for cited in row[_EVIDENCE])
    if values["bank"] is None:
        values["bank"] = bank
    where = row[_LOCATION]
    values["location"] = _made(Location, _LOCATION_FIELDS, where if isinstance(where, tuple) else (path, where))
    fact = _new(Fact)
    fact.__dict__.update(values)
    return fact


def _made(cls: type, names: tuple[str, ...], values: tuple) -> Any:
    made = _new(cls)
    made.__dict__.update(zip(names, values))
    return made


_new = object.__new__


class _Packed:
    """A value pickled on its own inside a LazyIndexes."""

    __slots__ = ("blob",)

    def __init__(self, blob: bytes) -> None:
        self.blob = blob

    def __reduce__(self):
        return (_Packed, (self.blob,))


class LazyIndexes(dict):
    """Indexes built once over a library (kept on it, stored in the cache with it), each
    pickled on its own and unpickled the first time it is used."""

    def get(self, key: Any, default: Any = None) -> Any:
        value = dict.get(self, key, _MISSING)
        if value is _MISSING:
            return default
        if type(value) is _Packed:
            value = pickle.loads(value.blob)  # noqa: S301 - ours: see quizgen/cache.py
            dict.__setitem__(self, key, value)
        return value

    def __getitem__(self, key: Any) -> Any:
        value = self.get(key, _MISSING)
        if value is _MISSING:
            raise KeyError(key)
        return value

    def values(self):  # pragma: no cover - not used on indexes; kept correct
        return [self[key] for key in self]

    def items(self):  # pragma: no cover
        return [(key, self[key]) for key in self]

    def built(self, key: Any, build: Callable[[], T]) -> T:
        """The index under `key`, built by `build()` the first time."""
        value = self.get(key, _MISSING)
        if value is _MISSING:
            value = build()
            dict.__setitem__(self, key, value)
        return value

    def __reduce__(self):
        packed = {key: value if type(value) is _Packed else _Packed(pickle.dumps(value, _PROTOCOL))
                  for key, value in dict.items(self)}
        return (_restore_indexes, (packed,))


def _restore_indexes(packed: dict) -> LazyIndexes:
    indexes = LazyIndexes()
    dict.update(indexes, packed)
    return indexes


_MISSING = object()

"""When and where a wrong value is possible: an examiner never offers an absurd one.

A wrong value that cannot be true for reasons outside the fact (a year after the bank was
written, a meeting in a year one of the people named was not yet in office, "124 per cent")
is solved by common sense, not by knowing the fact. The rules are data:

- a bank's `as_of` date (default: its newest source date): no year or date after it;
- periods: a fact with `from`/`to` fields (a person's time in office, an organisation's
  founding) bounds the years of any statement that names it (its `name` or one of `also`);
- domains: `percent` stays within 0-100, `count` is a whole number, `amount` keeps its scale
  (never below a quarter or above four times the true value), `[low, high]` bounds a number.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass
from typing import Any

DOMAIN_NAMES = ("percent", "count", "amount")
# An amount's wrong values stay within this factor of the true value: "US$ 15 billion" is
# never offered beside "US$ 150 billion".
AMOUNT_SCALE = 4.0


@dataclass(frozen=True)
class Domain:
    name: str  # percent | count | amount | range
    low: float | None = None
    high: float | None = None
    whole: bool = False

    def allows(self, value: Any, answer: Any = None) -> bool:
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            return True  # not a number: the domain says nothing
        if self.whole and float(value) != int(value):
            return False
        if self.low is not None and value < self.low:
            return False
        if self.high is not None and value > self.high:
            return False
        if self.name == "amount" and isinstance(answer, (int, float)) and answer > 0:
            return answer / AMOUNT_SCALE <= value <= answer * AMOUNT_SCALE
        return True


PERCENT = Domain("percent", 0, 100)
COUNT = Domain("count", 0, None, whole=True)
AMOUNT = Domain("amount", 0, None)
_NAMED = {"percent": PERCENT, "count": COUNT, "amount": AMOUNT}


def parse_domain(raw: Any) -> Domain | str:
    """A Domain from YAML (`percent`, `count`, `amount` or `[low, high]`), or what is wrong."""
    if isinstance(raw, str) and raw in _NAMED:
        return _NAMED[raw]
    if (isinstance(raw, list) and len(raw) == 2
            and all(isinstance(v, (int, float)) and not isinstance(v, bool) for v in raw) and raw[0] <= raw[1]):
        whole = all(isinstance(v, int) for v in raw)
        return Domain("range", raw[0], raw[1], whole=whole)
    return f"domain must be one of {', '.join(DOMAIN_NAMES)} or [low, high], got {raw!r}"


def type_domain(ftype: str | None) -> Domain | None:
    """The domain a field type implies (the `percent` and `count` types)."""
    return _NAMED.get(ftype or "") if ftype in ("percent", "count") else None


@dataclass(frozen=True)
class Period:
    """When something named in statements existed or held office."""

    fact: str  # the fact that declares it
    names: tuple[str, ...]  # folded name and aliases, matched as whole words
    start: dt.date | None
    end: dt.date | None


def as_date(value: Any, end: bool = False) -> dt.date | None:
    """A year or a date as a date (a year: its first day, or its last with end=True)."""
    if isinstance(value, dt.date):
        return value
    if isinstance(value, int) and not isinstance(value, bool):
        return dt.date(value, 12, 31) if end else dt.date(value, 1, 1)
    return None


_WORDS = re.compile(r"[^\w]+", re.UNICODE)


def fold(text: str) -> str:
    """Case-, accent- and punctuation-folded words with spaces around, for whole-word search."""
    text = unicodedata.normalize("NFKC", text).casefold().replace("–", " ").replace("—", " ")
    return " " + " ".join(_WORDS.sub(" ", text).split()) + " "


def folded_name(name: str) -> str:
    return fold(name).strip()


@dataclass(frozen=True)
class Window:
    """The span of time a year or date value may fall in (either end open)."""

    start: dt.date | None = None
    end: dt.date | None = None

    def allows(self, value: Any) -> bool:
        if isinstance(value, bool):
            return True
        if isinstance(value, dt.date):
            first = last = value
        elif isinstance(value, int):
            first, last = dt.date(value, 1, 1), dt.date(value, 12, 31)
        else:
            return True
        if self.end is not None and first > self.end:
            return False
        if self.start is not None and last < self.start:
            return False
        return True

    def narrowed(self, start: dt.date | None, end: dt.date | None) -> "Window":
        new_start = max((d for d in (self.start, start) if d is not None), default=None)
        new_end = min((d for d in (self.end, end) if d is not None), default=None)
        return Window(new_start, new_end)


def window_for(text: str, as_of: dt.date | None, periods: list[Period], own: str = "") -> Window:
    """When an event told in `text` could have happened: not after `as_of`, and within the
    period of everyone and everything the text names (except the fact `own` itself)."""
    window = Window(None, as_of)
    if not periods or not text:
        return window
    folded = fold(text)
    for period in periods:
        if period.fact != own and any(f" {name} " in folded for name in period.names):
            window = window.narrowed(period.start, period.end)
    return window

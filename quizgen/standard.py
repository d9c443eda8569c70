"""The standard library of current-affairs kinds (quizgen/standard_kinds.yaml).

A bank may use a standard kind (event, person, mission, ...) without declaring it: its facts
then follow the standard schema, plus any fields the bank adds under `extend:`, and the
templates scoped `banks: standard` (templates/standard/) ask about them. A bank that declares a
kind of the same name under `kinds:` owns it (the bundled India–US banks own `person`,
`agreement`, `term` and `figure`): the standard templates never apply to its facts of that kind.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any, Callable

if TYPE_CHECKING:
    from quizgen.library import Bank, Library

# `banks: standard` in a template file: the banks that take the template's kind from the
# standard library (a topic template: the banks that take any kind from it).
STANDARD_SCOPE = "standard"


@lru_cache(maxsize=1)
def standard_kinds() -> dict[str, dict[str, str]]:
    """kind -> field -> type, in the order the standard file declares them."""
    import yaml

    path = Path(__file__).with_name("standard_kinds.yaml")
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    return {str(kind): {str(k): str(v) for k, v in fields.items()} for kind, fields in data.items()}


def adopt_standard_kinds(library: "Library", bank: "Bank", extend: Any, line: int | None,
                         report: Callable[[int | None, str], None]) -> None:
    """Record which standard kinds `bank` uses (its facts' kinds it does not declare, and the
    kinds it extends) and add their fields to the library's schema."""
    from quizgen.library import FIELD_TYPES

    standard = standard_kinds()
    used = {f.kind for f in bank.facts if f.kind in standard and f.kind not in bank.own_kinds}
    extra: dict[str, dict[str, str]] = {}
    if extend is not None:
        if not isinstance(extend, dict):
            report(line, "bank: extend must map a standard kind to the fields the bank adds to it")
        else:
            for kind, fields in extend.items():
                kline = extend.line_of(kind) if hasattr(extend, "line_of") else line
                if kind not in standard:
                    report(kline, f"extend: {kind!r} is not a standard kind ({', '.join(standard)}); "
                                  "declare a kind of your own under `kinds:`")
                    continue
                if kind in bank.own_kinds:
                    report(kline, f"extend: the bank declares its own kind {kind!r} under `kinds:`; "
                                  "extend a standard kind or declare your own, not both")
                    continue
                if not isinstance(fields, dict) or not fields:
                    report(kline, f"extend {kind!r}: expected a mapping of field name to type")
                    continue
                for name, ftype in fields.items():
                    if ftype not in FIELD_TYPES:
                        report(kline, f"extend {kind!r}, field {name!r}: unknown type {ftype!r} "
                                      f"(use {', '.join(FIELD_TYPES)})")
                    elif name in standard[kind] and standard[kind][name] != ftype:
                        report(kline, f"extend {kind!r}, field {name!r}: the standard kind has it as "
                                      f"{standard[kind][name]!r}")
                    else:
                        extra.setdefault(str(kind), {})[str(name)] = ftype
                used.add(str(kind))
    bank.standard_kinds = frozenset(used)
    for kind in sorted(used):
        known = library.kinds.setdefault(kind, {})
        for name, ftype in {**standard[kind], **extra.get(kind, {})}.items():
            if name in known and known[name] != ftype:
                report(line, f"standard kind {kind!r}, field {name!r} is {ftype!r} here but {known[name]!r} "
                             "in another bank's own kind of that name")
                continue
            known[name] = ftype


def standard_scope(library: "Library", kind: str | None) -> tuple[str, ...]:
    """The loaded banks a `banks: standard` template of `kind` applies to."""
    return tuple(bank.id for bank in library.banks
                 if (kind in bank.standard_kinds if kind else bank.standard_kinds))


def merge_periods(library: "Library") -> None:
    """One person in several offices is several facts, each with its own `from`/`to`: the years
    statements may put them in span all of them, not each office alone."""
    from quizgen.plausibility import Period

    merged: dict[tuple[str, ...], Period] = {}
    for period in library.periods:
        other = merged.get(period.names)
        if other is None:
            merged[period.names] = period
            continue
        start = None if other.start is None or period.start is None else min(other.start, period.start)
        end = None if other.end is None or period.end is None else max(other.end, period.end)
        merged[period.names] = Period(other.fact, other.names, start, end)
    library.periods = list(merged.values())


def set_aside_drafts(library: "Library") -> None:
    """Draft facts (`draft: true`) are checked like the others, then kept out of every question,
    distractor and period until a tutor has reviewed them and removed the mark."""
    drafted = set()
    for bank in library.banks:
        if bank.draft_ids:
            bank.drafts = [f for f in bank.facts if f.id in bank.draft_ids]
            bank.facts = [f for f in bank.facts if f.id not in bank.draft_ids]
            drafted |= bank.draft_ids
    if drafted:
        library.periods = [p for p in library.periods if p.fact not in drafted]

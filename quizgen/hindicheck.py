"""`quizgen check --lang hi`: which facts and templates would print English in a Hindi paper.

A text needs Hindi when it reads as English: it has a word in lower-case Latin letters
(lang.needs_hindi). Acronyms, codes, numbers and dates do not (COMCASA, P-8I, 2018: the
Hindi paper prints them as they are; dates and numbers are put in Hindi by the engine). A text
whose Hindi is the same as its English is written `{en: ..., hi: ...}` with both the same.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from typing import Any

from quizgen.lang import has_hindi, needs_hindi
from quizgen.library import Library, Problem


@dataclass
class BankHindi:
    """One bank's (or template file's) count of texts with and without Hindi."""

    name: str
    texts: int = 0
    missing: int = 0
    owners_missing: set[str] = field(default_factory=set)  # fact or template ids
    owners: set[str] = field(default_factory=set)


@dataclass
class HindiReport:
    problems: list[Problem] = field(default_factory=list)
    banks: dict[str, BankHindi] = field(default_factory=dict)

    def summary(self) -> list[str]:
        lines = []
        for entry in self.banks.values():
            what = "templates" if entry.name.startswith("templates ") else "facts, topics and decoy sets"
            lines.append(f"Hindi: {entry.name}: {len(entry.owners) - len(entry.owners_missing)} of "
                         f"{len(entry.owners)} {what} complete; {entry.missing} of {entry.texts} texts "
                         "without Hindi")
        return lines


def _texts(value: Any) -> list[Any]:
    """The texts a field value shows (a list shows each element)."""
    if isinstance(value, (list, tuple)):
        return [v for v in value if isinstance(v, str)]
    return [value] if isinstance(value, str) else []


_PRINTED = re.compile(r"{{(.*?)}}", re.S)
_NAME = re.compile(r"(?<![.'\"\w])([A-Za-z_]\w*)(?![\w'\"])")


def printed_fields(template) -> set[str]:
    """The fields a template prints: named inside a `{{ ... }}`, or the field whose values are
    the options or the varied detail. A field only compared (`{% if unit == ... %}`) or used to
    group wrong values (`same`, `similar`) is never printed and needs no Hindi."""
    names: set[str] = set()
    for compiled in template.texts.values():
        for expression in _PRINTED.findall(str(compiled.source)):
            names.update(_NAME.findall(expression))
    for key in ("answer", "right", "vary"):
        if isinstance(template.spec.get(key), str):
            names.add(template.spec[key])
    return names


def shown_fields(library: Library) -> dict[str, set[str]]:
    """Per fact id, the fields of it that some template in scope prints."""
    printing = [(template, printed_fields(template)) for template in library.templates
                if template.kind is not None]
    return {fact.id: {name for template, names in printing
                      if template.in_scope(fact.bank) and template.applies_to(fact) for name in names}
            for fact in library.facts}


def check_hindi(library: Library) -> HindiReport:
    report = HindiReport()
    shown = shown_fields(library)

    def note(entry: BankHindi, owner: str, text: Any, path: str, line: int | None, what: str) -> None:
        if isinstance(text, dt.date) or not isinstance(text, str):
            return
        if not has_hindi(text) and not needs_hindi(str(text)):
            return
        entry.texts += 1
        entry.owners.add(owner)
        if has_hindi(text):
            return
        entry.missing += 1
        entry.owners_missing.add(owner)
        shown = str(text) if len(str(text)) <= 60 else str(text)[:57] + "..."
        report.problems.append(Problem(path, getattr(text, "line", 0) or line,
                                       f"no Hindi for {what}: {shown!r} (write it as {{en: ..., hi: ...}})"))

    for bank in library.banks:
        entry = report.banks.setdefault(bank.id, BankHindi(f"bank {bank.id}"))
        for topic, phrase in bank.topics.items():
            note(entry, f"topic {topic}", phrase, bank.path, bank.topic_lines.get(topic), f"topic {topic!r}")
        printed_in_bank: set[str] = set()
        for fact in bank.facts:
            printed = shown.get(fact.id, set())
            printed_in_bank |= {f"{fact.kind}.{name}" for name in printed}
            for name, value in fact.fields.items():
                if name not in printed:
                    continue
                for text in _texts(value):
                    note(entry, fact.id, text, fact.location.path, fact.field_lines.get(name, fact.location.line),
                         f"fact {fact.id!r}, field {name!r}")
            for conflict in fact.conflicts:  # its note is printed in the explanation
                note(entry, fact.id, conflict.note, fact.location.path, fact.location.line,
                     f"fact {fact.id!r}, note on the conflict over {conflict.field!r}")
            for name, values in fact.decoys.items():
                if name not in printed:
                    continue
                for text in values:
                    note(entry, fact.id, text, fact.location.path, fact.location.line,
                         f"fact {fact.id!r}, decoy for {name!r}")
        for key, values in bank.decoys.items():
            if key not in printed_in_bank:
                continue
            for text in values:
                note(entry, f"decoys {key}", text, bank.path, None, f"bank decoy for {key!r}")
    for template in library.templates:
        entry = report.banks.setdefault(f"templates:{template.location.path}",
                                        BankHindi(f"templates {template.location.path}"))
        for key, compiled in template.texts.items():
            if compiled.hi is compiled:
                continue  # "{{ name }}": nothing of its own to translate
            entry.texts += 1
            entry.owners.add(template.id)
            if compiled.hi is None:
                entry.missing += 1
                entry.owners_missing.add(template.id)
                report.problems.append(Problem(
                    compiled.location.path, compiled.location.line,
                    f"no Hindi for template {template.id!r}, {key} (write it as {{en: ..., hi: ...}})"))
        for heading in template.spec.get("columns") or []:
            note(entry, template.id, heading, template.location.path, template.line_of("columns"),
                 f"template {template.id!r}, column heading")
    return report

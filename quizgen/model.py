"""The data every stage passes along: facts and templates in, questions out."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field, fields, replace
from typing import Any

from quizgen.lang import PHRASES, Text, has_hindi, hindi, needs_hindi
from quizgen.vocabulary import LETTERS, STYLES  # noqa: F401 - re-exported


@dataclass(frozen=True)
class Location:
    """Where something was written, for `file:line:` messages."""

    path: str
    line: int | None = None

    def __str__(self) -> str:
        return f"{self.path}:{self.line}" if self.line else self.path


@dataclass(frozen=True)
class Source:
    id: str
    title: str
    outlet: str
    date: str
    url: str | None = None
    file: str | None = None  # a local copy of the article (resolved path): quotes are checked in it
    file_line: int | None = field(default=None, compare=False)  # where the bank names the file


@dataclass(frozen=True)
class Evidence:
    """A fact's citation: which source says it, in the source's own words."""

    source: str
    quote: str
    paraphrase: bool = False  # the source's sense in the bank's words: never shown as a quote
    line: int | None = field(default=None, compare=False)  # where the bank cites it


@dataclass(frozen=True)
class Conflict:
    """Sources disagree on one field; the bank records who said what and what is right."""

    field: str
    claims: tuple[tuple[str, Any, str], ...]  # (source id, value it gives, quote)
    resolved_value: Any
    reference: str | None  # source id of the authority for the resolved value
    note: str = ""


@dataclass
class Fact:
    id: str
    kind: str
    fields: dict[str, Any]
    topics: tuple[str, ...]
    evidence: tuple[Evidence, ...]
    bank: str
    location: Location
    difficulty: str | None = None
    conflicts: tuple[Conflict, ...] = ()
    field_lines: dict[str, int] = field(default_factory=dict)
    # Plausibility (see quizgen/plausibility.py): a numeric field's domain by field name, the
    # wrong values that would read as absurd rather than false, the fields no question may
    # test (e.g. a timing the sources dispute in wording only), and this fact's own curated
    # wrong values, drawn before the bank's decoys.
    domains: dict[str, Any] = field(default_factory=dict)
    implausible: dict[str, tuple[Any, ...]] = field(default_factory=dict)
    untested: tuple[str, ...] = ()
    decoys: dict[str, tuple[Any, ...]] = field(default_factory=dict)


def _reduce_by_position(self):
    """Pickle as the constructor's arguments in order: without a name per attribute, a fact
    takes half the room in the compiled bank cache, which holds an archive's tens of thousands
    of facts one by one (quizgen/factstore.py)."""
    cls = type(self)
    names = _INIT_NAMES.get(cls)
    if names is None:
        names = _INIT_NAMES[cls] = tuple(f.name for f in fields(cls) if f.init)
    return (cls, tuple(getattr(self, name) for name in names))


_INIT_NAMES: dict[type, tuple[str, ...]] = {}
for _cls in (Location, Evidence, Conflict, Fact):
    _cls.__reduce__ = _reduce_by_position


@dataclass(frozen=True)
class SourceRef:
    """A source as cited by a question: its id, title and the evidence quote."""

    id: str
    title: str
    quote: str
    outlet: str = ""
    date: str = ""
    url: str | None = None
    paraphrase: bool = False  # `quote` is a paraphrase: shown without quotation marks


# What an item is, and how it is laid out: numbered lines ("1. ..."), a table of pairs, or
# labelled statements ("Statement-I: ...").
ITEM_KINDS = ("statement", "pair", "assertion", "reason", "event")
ITEM_LAYOUTS = {"statement": "numbered", "event": "numbered", "pair": "table",
                "assertion": "labelled", "reason": "labelled"}


@dataclass(frozen=True)
class Item:
    """One numbered line of a multi-line stem: a statement, a pair, Statement-I/II or an event.

    `cells` has one entry for a statement, two (left, right) for a pair. `kind` is one of
    ITEM_KINDS; left empty (older JSON, hand-made items) it is inferred from label and cells.
    """

    label: str
    cells: tuple[str, ...]
    kind: str = ""

    def __post_init__(self) -> None:
        if not self.kind:
            object.__setattr__(self, "kind", _inferred_kind(self.label, self.cells))

    @property
    def layout(self) -> str:
        return ITEM_LAYOUTS.get(self.kind, "numbered")

    @property
    def separator(self) -> str:
        """What follows the label: "Statement-I: ..." but "1. ..."."""
        return ":" if self.layout == "labelled" else "."


def _inferred_kind(label: str, cells: tuple[str, ...]) -> str:
    """The kind of an item stored before items carried one (the only place labels are read)."""
    if label == "Statement-I":
        return "assertion"
    if label == "Statement-II":
        return "reason"
    return "pair" if len(cells) == 2 else "statement"


@dataclass(frozen=True)
class Question:
    id: str
    style: str
    lead: str  # the line(s) before the numbered items; the whole question for `single`
    items: tuple[Item, ...]
    ask: str  # the closing question after the items ("" for `single`)
    options: tuple[str, str, str, str]
    answer: int  # 0-based index into options
    explanation: str
    sources: tuple[SourceRef, ...]
    topic: str
    template: str
    facts: tuple[str, ...]
    bank: str
    difficulty: str = "medium"
    item_header: tuple[str, ...] = ()  # column headings for pairs, e.g. ("Agreement", "Year")
    # The explanation without its closing list of source titles, for screens and keys that
    # print the sources (with their quotes) themselves.
    reason: str = ""
    # The recipe this question is a variant of: bank, template, facts and variant. Questions of
    # one family test the same thing; `id` names exactly one question (see content_id).
    family: str = ""
    # What the question asks about and what it shows as true, as (fact id, field) pairs, so a
    # paper can keep one question from answering another. Known only to freshly built
    # questions: neither serialised nor compared.
    tests: frozenset[tuple[str, str]] = field(default=frozenset(), compare=False, repr=False)
    reveals: frozenset[tuple[str, str]] = field(default=frozenset(), compare=False, repr=False)
    # Built inside lang.bilingual(): its texts are lang.Text values carrying their Hindi, and
    # to_dict() adds the Hindi (`stem_hi`, `options_hi`, ...).
    bilingual: bool = field(default=False, compare=False, repr=False)

    def in_language(self, lang: str) -> "Question":
        """The question as printed in `lang` ("en" or "hi"): the same key, the same order."""
        if lang == "en":
            return self
        return replace(
            self, lead=hindi(self.lead), ask=hindi(self.ask),
            items=tuple(Item(_hindi_label(i.label), tuple(hindi(c) for c in i.cells), i.kind)
                        for i in self.items),
            options=tuple(hindi(o) for o in self.options), explanation=hindi(self.explanation),
            reason=hindi(self.reason), item_header=tuple(hindi(h) for h in self.item_header),
            bilingual=False)

    def missing_hindi(self) -> list[str]:
        """The shown texts that have no Hindi (printed in English in a Hindi paper)."""
        shown = [("lead", self.lead), ("ask", self.ask),
                 *((f"item {i.label}", c) for i in self.items for c in i.cells),
                 *((f"option {LETTERS[n]}", o) for n, o in enumerate(self.options)),
                 *(("column heading", h) for h in self.item_header)]
        return [where for where, text in shown
                if text and not has_hindi(text) and needs_hindi(str(text))]

    def _hindi_dict(self) -> dict[str, Any]:
        hi = self.in_language("hi")
        return {"stem_hi": hi.stem, "lead_hi": hi.lead,
                "items_hi": [{"label": i.label, "cells": list(i.cells)} for i in hi.items],
                "item_header_hi": list(hi.item_header), "ask_hi": hi.ask, "options_hi": list(hi.options),
                "explanation_hi": hi.explanation, "reason_hi": hi.reason}

    @property
    def stem(self) -> str:
        """The stem as plain text, laid out as on the printed paper."""
        lines = [self.lead] if self.lead else []
        for item in self.items:
            text = " — ".join(item.cells)
            lines.append(f"{item.label}{item.separator} {text}")
        if self.ask:
            lines.append(self.ask)
        return "\n".join(lines)

    @property
    def layout(self) -> str:
        """How the items are laid out: "numbered", "table" (pairs), "labelled" (Statement-I/II),
        or "" for a question without items."""
        layouts = {item.layout for item in self.items}
        for layout in ("table", "labelled", "numbered"):
            if layout in layouts:
                return layout
        return ""

    @property
    def answer_letter(self) -> str:
        return LETTERS[self.answer]

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "style": self.style,
            "stem": self.stem,
            "lead": self.lead,
            "items": [{"label": i.label, "cells": list(i.cells), "kind": i.kind} for i in self.items],
            "item_header": list(self.item_header),
            "ask": self.ask,
            "options": list(self.options),
            "answer": self.answer,
            "explanation": self.explanation,
            "reason": self.reason,
            "sources": [
                {"id": s.id, "title": s.title, "quote": s.quote, "outlet": s.outlet,
                 "date": s.date, "url": s.url, **({"paraphrase": True} if s.paraphrase else {})}
                for s in self.sources
            ],
            "topic": self.topic,
            "template": self.template,
            "facts": list(self.facts),
            "bank": self.bank,
            "difficulty": self.difficulty,
            "family": self.family,
            **(self._hindi_dict() if self.bilingual else {}),
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> "Question":
        question = cls._from_dict(data)
        return _with_hindi(question, data) if "options_hi" in data else question

    @classmethod
    def _from_dict(cls, data: dict[str, Any]) -> "Question":
        return cls(
            id=data["id"],
            style=data["style"],
            lead=data["lead"],
            items=tuple(Item(i["label"], tuple(i["cells"]), i.get("kind", "")) for i in data["items"]),
            ask=data["ask"],
            options=tuple(data["options"]),
            answer=data["answer"],
            explanation=data["explanation"],
            sources=tuple(
                SourceRef(s["id"], s["title"], s["quote"], s.get("outlet", ""),
                          s.get("date", ""), s.get("url"))
                for s in data["sources"]
            ),
            topic=data["topic"],
            template=data["template"],
            facts=tuple(data["facts"]),
            bank=data["bank"],
            difficulty=data.get("difficulty", "medium"),
            item_header=tuple(data.get("item_header", ())),
            reason=data.get("reason", ""),
            family=data.get("family", ""),
        )


def _hindi_label(label: str) -> str:
    """"Statement-I" -> "कथन-I"; numbers stay."""
    return PHRASES[label][1] if label in ("Statement-I", "Statement-II") else label


def _with_hindi(question: Question, data: dict[str, Any]) -> Question:
    """A question read back from JSON with its Hindi (`*_hi`) attached again."""
    def bi(en: str, hi: Any) -> str:
        return Text(en, hi) if isinstance(hi, str) and hi != en else en

    items_hi = data.get("items_hi") or []
    items = tuple(
        Item(item.label, tuple(bi(c, h) for c, h in zip(item.cells, hi_item.get("cells", ()))), item.kind)
        if isinstance(hi_item, dict) and len(hi_item.get("cells", ())) == len(item.cells) else item
        for item, hi_item in zip(question.items, [*items_hi, *[None] * len(question.items)]))
    options_hi = data.get("options_hi") or []
    header_hi = data.get("item_header_hi") or []
    return replace(
        question, lead=bi(question.lead, data.get("lead_hi")), ask=bi(question.ask, data.get("ask_hi")),
        items=items,
        options=tuple(bi(o, h) for o, h in zip(question.options, [*options_hi, *[None] * 4])),
        explanation=bi(question.explanation, data.get("explanation_hi")),
        reason=bi(question.reason, data.get("reason_hi")),
        item_header=tuple(bi(c, h) for c, h in zip(question.item_header, [*header_hi, *[None] * 2])),
        bilingual=True)


def content_id(lead: str, items: tuple[Item, ...], ask: str, options: tuple[str, ...] | list[str],
               answer: int) -> str:
    """A question's id: a hash of what it shows, independent of print order.

    The stem, the numbered items, the option texts as a set and the key's text: one id is one
    question, the same in every booklet series (which reorders options) and every paper."""
    content = {
        "lead": lead,
        "items": [[item.label, *item.cells] for item in items],
        "ask": ask,
        "options": sorted(options),
        "key": options[answer],
    }
    digest = hashlib.sha1(json.dumps(content, ensure_ascii=False, sort_keys=True).encode("utf-8"))
    return "q-" + digest.hexdigest()[:12]

"""Exports: a list of questions -> the bytes of one file in another tool's format.

Each format is one module here with `NAME`, `SUFFIX`, `DESCRIPTION` and
`write(questions, options) -> bytes`; heavy libraries (genanki) are imported inside `write`, so
listing the formats stays cheap. Adding a format is one module and one line in `_MODULES`.
Writers never touch the file system: the command hands their bytes to quizgen.outputfile.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass
from types import ModuleType
from typing import TYPE_CHECKING, Sequence

from quizgen.errors import UsageError

if TYPE_CHECKING:
    from quizgen.library import Library
    from quizgen.model import Question

# Module names in the order `--format` lists them.
_MODULES = ("jsonfile", "markdown", "csvfile", "anki", "ankifacts", "moodle", "gift", "forms")


@dataclass(frozen=True)
class ExportOptions:
    """What a writer may need besides the questions."""

    title: str = "quizgen"
    # Seconds since the epoch stamped on Anki notes and cards (genanki's `timestamp`): the
    # caller chooses it, so the same questions and timestamp give a byte-identical file.
    timestamp: float = 0.0
    # The library the questions came from: anki-facts reads the facts and claim templates.
    library: "Library | None" = None
    # en, hi or both. A writer with WRITES_LANGUAGES (csv: extra *_hi columns) is given the
    # English questions and this; the others are given the questions in_languages() made.
    lang: str = "en"


@dataclass(frozen=True)
class Exporter:
    name: str
    suffix: str
    description: str
    module: ModuleType

    def write(self, questions: Sequence["Question"], options: ExportOptions) -> bytes:
        if not getattr(self.module, "WRITES_LANGUAGES", False):
            questions = in_languages(questions, options.lang)
        return self.module.write(questions, options)


def in_languages(questions: Sequence["Question"], lang: str) -> list["Question"]:
    """The questions as an export shows them in `lang`: en as they are; hi their Hindi twins;
    both each English question followed, in its own texts, by its Hindi twin's stem, options
    and explanation. The id, family and key stay the English question's, so notes, GUIDs and
    keys are those of the same family whatever the language."""
    if lang == "en":
        return list(questions)
    if lang == "hi":
        return [q.in_language("hi") for q in questions]
    return [_both(q) for q in questions]


def _after(english: str, hindi: str, separator: str = "\n\n") -> str:
    if not hindi or hindi == english:
        return english
    return f"{english}{separator}{hindi}" if english else hindi


def _both(question: "Question") -> "Question":
    from dataclasses import replace

    hi = question.in_language("hi")
    # The Hindi stem (lead, items, ask laid out as text) follows the whole English stem.
    return replace(
        question, ask=_after(question.ask, hi.stem),
        options=tuple(_after(en, h, "\n") for en, h in zip(question.options, hi.options)),
        explanation=_after(question.explanation, hi.explanation),
        reason=_after(question.reason, hi.reason), bilingual=False)


def _load() -> dict[str, Exporter]:
    registry = {}
    for module_name in _MODULES:
        module = importlib.import_module(f"quizgen.export.{module_name}")
        registry[module.NAME] = Exporter(module.NAME, module.SUFFIX, module.DESCRIPTION, module)
    return registry


REGISTRY: dict[str, Exporter] = _load()
FORMATS: tuple[str, ...] = tuple(REGISTRY)


def exporter(name: str) -> Exporter:
    try:
        return REGISTRY[name]
    except KeyError:
        raise UsageError(f"unknown export format {name!r}; choose one of: {', '.join(FORMATS)}") from None


def one_per_family(questions: Sequence["Question"]) -> list["Question"]:
    """The first question of each family: an export holds at most one, so a note or row keyed
    by the family names exactly one question."""
    seen: set[str] = set()
    kept = []
    for question in questions:
        key = question.family or question.id
        if key not in seen:
            seen.add(key)
            kept.append(question)
    return kept

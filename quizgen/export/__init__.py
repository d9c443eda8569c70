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


@dataclass(frozen=True)
class Exporter:
    name: str
    suffix: str
    description: str
    module: ModuleType

    def write(self, questions: Sequence["Question"], options: ExportOptions) -> bytes:
        return self.module.write(questions, options)


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

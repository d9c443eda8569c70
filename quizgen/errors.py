"""One exception base class; the CLI turns each into `Error: ...` and an exit code."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from quizgen.exitstatus import ExitStatus

if TYPE_CHECKING:
    from pathlib import Path


MAX_SHOWN = 120  # characters of a bad value an error line echoes


def shorten(text: str, limit: int = MAX_SHOWN) -> str:
    """`text` cut to `limit` characters with the size said, so a 1 MB value is not echoed whole."""
    if len(text) <= limit:
        return text
    return f"{text[:limit]}… ({len(text):,} characters)"


def shorten_words(message: str, limit: int = 4 * MAX_SHOWN) -> str:
    """`message` with each over-long run of non-spaces cut (see `shorten`): the safety net for
    a message that quotes a bad value whole."""
    if len(message) <= limit:
        return message
    return re.sub(r"\S{%d,}" % (limit + 1), lambda match: shorten(match[0], MAX_SHOWN), message)


class QuizgenError(Exception):
    """Base class for every error quizgen reports to the user."""

    exit_status = ExitStatus.ERROR

    def __init__(self, message: str, path: "str | Path | None" = None, line: int | None = None):
        super().__init__(message)
        self.message = message
        self.path = str(path) if path is not None else None
        self.line = line

    def __str__(self) -> str:
        where = ""
        if self.path:
            where = f"{self.path}:{self.line}: " if self.line else f"{self.path}: "
        return f"{where}{shorten_words(self.message)}"


class LoadError(QuizgenError):
    """A bank or template file cannot be read or parsed (missing, not UTF-8, bad YAML)."""


class ValidationError(QuizgenError):
    """A bank or template breaks the schema or the rules `quizgen check` enforces."""


class TemplateError(QuizgenError):
    """A Jinja2 template fails to compile or render (missing field, sandbox violation)."""


class UsageError(QuizgenError):
    """Command-line arguments that cannot be acted on."""


class OutputError(QuizgenError):
    """An output file cannot be written."""


class NoTerminalError(QuizgenError):
    """An interactive command was run without a terminal."""


class HistoryError(QuizgenError):
    """The attempt database cannot be opened, read or upgraded."""

"""CSV: one row per question, opening cleanly in Excel and LibreOffice.

UTF-8 with a byte-order mark (without it Excel reads the file as the local code page and ₹ or
Devanagari turn to mojibake), CRLF line ends, every field quoted where needed. The stem keeps
its line breaks inside the quoted cell.
"""

from __future__ import annotations

import csv
import io
from typing import TYPE_CHECKING, Sequence

from quizgen.model import LETTERS

if TYPE_CHECKING:
    from quizgen.export import ExportOptions
    from quizgen.model import Question, SourceRef

NAME = "csv"
SUFFIX = ".csv"
DESCRIPTION = "one row per question for Excel, LibreOffice or Sheets"

COLUMNS = ("id", "family", "style", "topic", "stem", "option_a", "option_b", "option_c",
           "option_d", "answer", "explanation", "sources")
HINDI_COLUMNS = ("stem_hi", "option_a_hi", "option_b_hi", "option_c_hi", "option_d_hi")
WRITES_LANGUAGES = True  # both: the Hindi in columns of its own, not after the English


def write(questions: Sequence["Question"], options: "ExportOptions | None" = None) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    lang = options.lang if options is not None else "en"
    writer.writerow(COLUMNS + (HINDI_COLUMNS if lang == "both" else ()))
    for question in questions:
        q = question.in_language("hi") if lang == "hi" else question
        row = [q.id, q.family, q.style, q.topic, q.stem, *q.options,
               LETTERS[q.answer], q.reason or q.explanation,
               "\n".join(_source_text(s) for s in q.sources)]
        if lang == "both":
            hi = question.in_language("hi")
            row += [hi.stem, *hi.options]
        writer.writerow(row)
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def _source_text(source: "SourceRef") -> str:
    where = ", ".join(p for p in (source.outlet, source.date) if p)
    said = source.quote if source.paraphrase else f"“{source.quote}”"
    return f"{source.title}{f' ({where})' if where else ''}: {said}"

"""GIFT (Moodle's plain-text quiz format): the same questions as the Moodle XML export.

Every GIFT special character in our text (`~ = # { } :` and the backslash) is escaped with a
backslash; a line break inside a text is written `\\n` so no text line is ever blank (a blank
line ends a question). The stem is HTML (`[html]`), one source line per item, so the statements
stay on their own lines in the file too. Wrong options carry UPSC's negative mark as a weight
(`~%-33.33333%`); the explanation is the general feedback (`####`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Sequence

from quizgen.export import html
from quizgen.export.moodle import WRONG_FRACTION, category_path

if TYPE_CHECKING:
    from quizgen.export import ExportOptions
    from quizgen.model import Question

NAME = "gift"
SUFFIX = ".gift"
DESCRIPTION = "GIFT text for Moodle's question import"

SPECIAL = "\\~=#{}:"


def escape(text: str) -> str:
    """A text as GIFT reads it back verbatim."""
    out = "".join("\\" + ch if ch in SPECIAL else ch for ch in text)
    return out.replace("\r\n", "\n").replace("\n", "\\n")


def unescape(text: str) -> str:
    """GIFT's reading of an escaped text (the inverse of escape), for tests and tools."""
    out, i = [], 0
    while i < len(text):
        ch = text[i]
        if ch == "\\" and i + 1 < len(text):
            nxt = text[i + 1]
            out.append("\n" if nxt == "n" else nxt)
            i += 2
            continue
        out.append(ch)
        i += 1
    return "".join(out)


def write(questions: Sequence["Question"], options: "ExportOptions | None" = None) -> bytes:
    out = ["// quizgen export: UPSC marking, +2 for the key, -1/3 of that for a wrong option", ""]
    category = None
    for number, question in enumerate(questions, start=1):
        path = category_path(question)
        if path != category:
            out += [f"$CATEGORY: {path}", ""]
            category = path
        out += _question(number, question)
        out.append("")
    return "\n".join(out).encode("utf-8")


def _stem_lines(question: "Question") -> list[str]:
    """The stem's HTML split at its block tags: one GIFT line per paragraph, item or row."""
    markup = html.stem_html(question)
    for tag in ("<li", "<tr", "</ol>", "</table>", "<p"):
        markup = markup.replace(tag, "\n" + tag)
    return [escape(line) for line in markup.split("\n") if line.strip()]


def _question(number: int, question: "Question") -> list[str]:
    lines = [f"// id {question.id} family {question.family}"]
    stem = _stem_lines(question)
    lines.append(f"::{escape(f'Q{number} {question.id}')}::[html]{stem[0]}")
    lines += stem[1:]
    lines.append("{")
    for index, option in enumerate(question.options):
        text = escape(html.text(option))
        lines.append(f"\t={text}" if index == question.answer else f"\t~%{WRONG_FRACTION}%{text}")
    lines.append(f"\t####{escape(html.feedback_html(question))}")
    lines.append("}")
    return lines

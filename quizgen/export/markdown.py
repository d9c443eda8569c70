"""Markdown: each question with its options, key and explanation, for reading or pasting."""

from __future__ import annotations

from typing import TYPE_CHECKING, Sequence

from quizgen.model import LETTERS

if TYPE_CHECKING:
    from quizgen.export import ExportOptions
    from quizgen.model import Question

NAME = "markdown"
SUFFIX = ".md"
DESCRIPTION = "readable questions with key and explanation"


WRITES_LANGUAGES = True  # both: each question, then its Hindi twin under the same number


def write(questions: Sequence["Question"], options: "ExportOptions | None" = None) -> bytes:
    lang = options.lang if options is not None else "en"
    if lang == "hi":
        return to_markdown([q.in_language("hi") for q in questions]).encode("utf-8")
    if lang == "both":  # as `quizgen generate --format markdown --lang both` prints
        return to_markdown([q for question in questions for q in (question, question.in_language("hi"))],
                           [n for i in range(1, len(questions) + 1) for n in (f"{i}", f"{i} (हिंदी)")]
                           ).encode("utf-8")
    return to_markdown(questions).encode("utf-8")


def to_markdown(questions: Sequence["Question"], numbers: Sequence[str] | None = None) -> str:
    """`numbers`: what each question is numbered (default 1, 2, 3, ...), e.g. "1" for a
    question and "1 (हिंदी)" for its Hindi twin."""
    out: list[str] = []
    for number, q in zip(numbers or range(1, len(questions) + 1), questions):
        out.append(f"## Q{number}. {q.lead}" if q.lead else f"## Q{number}.")
        out.append("")
        if q.item_header:
            out.append(f"| | {q.item_header[0]} | {q.item_header[1]} |")
            out.append("|---|---|---|")
            out.extend(f"| {i.label}. | {i.cells[0]} | {i.cells[1]} |" for i in q.items)
            out.append("")
        elif q.items:
            for item in q.items:
                out.append(f"{item.label}{item.separator} {item.cells[0]}  ")
            out.append("")
        if q.ask:
            out.extend([q.ask, ""])
        out.extend(f"- ({letter}) {option}" for letter, option in zip(LETTERS, q.options))
        out.append("")
        out.append(f"**Answer: ({q.answer_letter})** {q.options[q.answer]}")
        out.append("")
        out.append(f"*Explanation:* {q.explanation}")
        out.append("")
        out.append(f"<sub>{q.style} · {q.topic} · template {q.template} · id {q.id}</sub>")
        out.append("")
    return "\n".join(out)

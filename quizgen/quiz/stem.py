"""A question's stem laid out as on the printed paper, for terminal screens.

Each line carries the indent its wrapped continuation lines should get, so a long statement
wraps under its own text and not under its number.
"""

from __future__ import annotations

from dataclasses import dataclass

from quizgen.model import Question

ITEM_INDENT = "  "
COLUMN_GAP = "   "
MAX_LEFT_COLUMN = 44  # wider pair labels break the table anyway; keep the right column visible


@dataclass(frozen=True)
class StemLine:
    text: str
    hang: int  # columns of indent for this line's wrapped continuation
    kind: str = "text"  # "text" (lead, ask), "item", or "header" (pair column headings)


def stem_lines(question: Question) -> list[StemLine]:
    lines: list[StemLine] = []
    if question.lead:
        lines.extend(StemLine(part, 0) for part in question.lead.splitlines())
    if question.items:
        if question.layout == "table":
            lines.extend(_pair_lines(question))
        else:
            for item in question.items:
                prefix = f"{ITEM_INDENT}{item.label}{item.separator} "
                lines.append(StemLine(prefix + " ".join(item.cells), len(prefix), "item"))
    if question.ask:
        lines.extend(StemLine(part, 0) for part in question.ask.splitlines())
    return lines


def _pair_lines(question: Question) -> list[StemLine]:
    labels = [f"{item.label}." for item in question.items]
    label_width = max(len(label) for label in labels)
    lefts = [item.cells[0] for item in question.items]
    header = tuple(question.item_header) if len(question.item_header) == 2 else None
    left_width = min(MAX_LEFT_COLUMN, max(len(text) for text in lefts + ([header[0]] if header else [])))
    start = len(ITEM_INDENT) + label_width + 1
    lines = []
    if header:
        text = " " * start + header[0].ljust(left_width) + COLUMN_GAP + header[1]
        lines.append(StemLine(text.rstrip(), start, "header"))
    for label, item in zip(labels, question.items):
        left = item.cells[0]
        right = " ".join(item.cells[1:])
        text = f"{ITEM_INDENT}{label.ljust(label_width)} {left.ljust(left_width)}{COLUMN_GAP}{right}"
        hang = start + left_width + len(COLUMN_GAP) if len(left) <= left_width else start
        lines.append(StemLine(text, hang, "item"))
    return lines

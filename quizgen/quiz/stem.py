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


@dataclass(frozen=True)
class StemRow:
    """One screen row of a stem already wrapped to a width."""

    text: str
    kind: str = "text"


def display_width(text: str) -> int:
    from prompt_toolkit.utils import get_cwidth

    return get_cwidth(text)


def pad(text: str, width: int) -> str:
    """`text` padded with spaces to `width` terminal columns (wide characters count double)."""
    return text + " " * max(0, width - display_width(text))


def wrap_to(text: str, width: int, hang: int = 0) -> list[str]:
    """Word-wrap one line to `width` columns; continuation lines are indented by `hang`."""
    import textwrap

    if display_width(text) <= width or width - hang < 10:
        return [text]
    lead = len(text) - len(text.lstrip(" "))
    return textwrap.wrap(text.strip(" "), width=width, initial_indent=" " * lead,
                         subsequent_indent=" " * hang, break_on_hyphens=False) or [text]


def stem_rows(question: Question, width: int, indent: int = 1) -> list[StemRow]:
    """The stem wrapped to `width` columns, one row per screen line (pairs as two columns)."""
    rows: list[StemRow] = []
    margin = " " * indent
    pairs = bool(question.items) and (question.style == "pairs"
                                      or any(len(i.cells) == 2 for i in question.items))
    table_done = False
    for line in stem_lines(question):
        if pairs and line.kind in ("item", "header"):
            if not table_done:
                rows.extend(_pair_rows(question, width, margin))
                table_done = True
            continue
        rows.extend(StemRow(text, line.kind)
                    for text in wrap_to(margin + line.text, width, line.hang + indent))
    return rows


def _pair_rows(question: Question, width: int, margin: str) -> list[StemRow]:
    """Pairs as a table: long cells wrap inside their own column, so columns always align."""
    labels = [f"{item.label}." for item in question.items]
    label_width = max(display_width(label) for label in labels)
    start = len(margin) + len(ITEM_INDENT) + label_width + 1
    header = tuple(question.item_header) if len(question.item_header) == 2 else None
    lefts = [item.cells[0] for item in question.items]
    room = width - start - len(COLUMN_GAP)
    left_width = max(display_width(text) for text in lefts)
    if header:  # a long heading over short cells wraps rather than widen its column much
        left_width = max(left_width, min(display_width(header[0]), room // 3))
    left_width = min(left_width, max(12, room * 9 // 20))
    right_width = room - left_width
    rows: list[StemRow] = []
    if right_width < 10:  # too narrow for two columns: each right-hand side under its left
        for label, item in zip(labels, question.items):
            head = f"{margin}{ITEM_INDENT}{pad(label, label_width)} "
            rows += [StemRow(t, "item") for t in wrap_to(head + item.cells[0], width, start)]
            rows += [StemRow(t, "item") for t in
                     wrap_to(" " * start + "– " + " ".join(item.cells[1:]), width, start + 2)]
        return rows

    def table_row(label: str, left: str, right: str, kind: str) -> None:
        left_lines = wrap_to(left, left_width) if display_width(left) > left_width else [left]
        left_lines = [part for line in left_lines for part in _hard_cut(line, left_width)]
        right_lines = wrap_to(right, right_width)
        for n in range(max(len(left_lines), len(right_lines))):
            head = f"{margin}{ITEM_INDENT}{pad(label if n == 0 else '', label_width)} "
            left_part = left_lines[n] if n < len(left_lines) else ""
            right_part = right_lines[n] if n < len(right_lines) else ""
            rows.append(StemRow((head + pad(left_part, left_width) + COLUMN_GAP
                                 + right_part).rstrip(), kind))

    if header:
        table_row("", header[0], header[1], "header")
    for label, item in zip(labels, question.items):
        table_row(label, item.cells[0], " ".join(item.cells[1:]), "item")
    return rows


def _hard_cut(text: str, width: int) -> list[str]:
    """A single word longer than its column is cut, so it cannot push the next column."""
    if display_width(text) <= width:
        return [text]
    parts, current = [], ""
    for char in text:
        if display_width(current + char) > width:
            parts.append(current)
            current = ""
        current += char
    return parts + ([current] if current else [])

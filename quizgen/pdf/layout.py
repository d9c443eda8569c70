"""Page geometry, one question laid out as stamps, and pagination.

A question's layout (its wrapped stem and options, and its height) does not depend on the series
it is printed in: options are laid out as a row, a 2 x 2 grid or a stack according to the widest
option, which no shuffle changes. So each question is laid out once and its height measured
once; a series only decides the order the pieces are placed in.
"""

from __future__ import annotations

from dataclasses import dataclass

from quizgen.errors import ValidationError
from quizgen.model import LETTERS, Question
from quizgen.pdf.fonts import BOLD, REGULAR
from quizgen.pdf.text import Run, Stamp, StampBuilder, text_width

# A4 in points, and the text frame inside it.
PAGE_WIDTH, PAGE_HEIGHT = 595.2756, 841.8898
MARGIN_X = 54.0
MARGIN_TOP = 48.0
MARGIN_BOTTOM = 54.0
FOOTER_BASELINE = 26.0
CONTENT_WIDTH = PAGE_WIDTH - 2 * MARGIN_X
FRAME_TOP = PAGE_HEIGHT - MARGIN_TOP
FRAME_HEIGHT = FRAME_TOP - MARGIN_BOTTOM

SIZE = 10.0
LEADING = 13.0
NUMBER_WIDTH = 26.0  # "100." in bold, then the question body
BODY_WIDTH = CONTENT_WIDTH - NUMBER_WIDTH
ITEM_INDENT = 6.0
ITEM_LABEL_WIDTH = 18.0
OPTION_LABEL_WIDTH = 21.0
PART_GAP = 4.0  # between lead, items, closing question and options
ITEM_GAP = 2.0
QUESTION_GAP = 11.0
MAX_STRETCH = 7.0  # extra space a gap may take so a full page ends at the bottom margin
COLUMN_GAP = 16.0


def body(text: str) -> Run:
    return Run(text, REGULAR, SIZE)


def bold(text: str, size: float = SIZE) -> Run:
    return Run(text, BOLD, size)


@dataclass(frozen=True)
class QuestionLayout:
    """A question wrapped once: stem stamp, one stamp per option (original order), geometry."""

    stem: Stamp
    options: tuple[Stamp, ...]
    mode: str  # "row" (4 across), "grid" (2 x 2) or "stack" (one per line)
    height: float
    # --lang both: the same question in Hindi, printed below the English with its options in
    # the same order (as the Prelims booklet prints it); `height` covers both.
    second: "QuestionLayout | None" = None

    @property
    def options_top(self) -> float:
        return self.stem.height + PART_GAP


class SharedStamps:
    """Stamps every question uses: question numbers and the (a)-(d) labels."""

    def __init__(self, canvas):
        self._canvas = canvas
        self._numbers: dict[int, Stamp] = {}
        self.labels = tuple(self._label(letter) for letter in LETTERS)

    def _label(self, letter: str) -> Stamp:
        builder = StampBuilder(self._canvas)
        builder.text(0, -SIZE, f"({letter})", body(""))
        return builder.finish(OPTION_LABEL_WIDTH, LEADING)

    def number(self, n: int) -> Stamp:
        if n not in self._numbers:
            builder = StampBuilder(self._canvas)
            builder.text(0, -SIZE, f"{n}.", bold(""))
            self._numbers[n] = builder.finish(NUMBER_WIDTH, LEADING)
        return self._numbers[n]


LANGUAGE_GAP = 7.0  # between a question's English and its Hindi


def layout_question(canvas, question: Question, lang: str = "en") -> QuestionLayout:
    """The question in `lang`: "en", "hi", or "both" (English, then Hindi)."""
    if lang == "hi":
        return _layout_one(canvas, question.in_language("hi"))
    first = _layout_one(canvas, question)
    if lang != "both":
        return first
    second = _layout_one(canvas, question.in_language("hi"))
    height = first.height + LANGUAGE_GAP + second.height
    if height > FRAME_HEIGHT:
        raise ValidationError(
            f"question {question.id} (template {question.template}) is too long to print in "
            "English and Hindi on one A4 page; print it with --lang en or --lang hi"
        )
    return QuestionLayout(first.stem, first.options, first.mode, height, second)


def _layout_one(canvas, question: Question) -> QuestionLayout:
    stem = _stem_stamp(canvas, question)
    mode, slot_width = _option_mode(question.options)
    options = []
    for text in question.options:
        builder = StampBuilder(canvas)
        height = builder.paragraph([body(text)], 0, 0, slot_width, LEADING)
        options.append(builder.finish(slot_width, height))
    if mode == "row":
        options_height = LEADING
    elif mode == "grid":
        options_height = 2 * LEADING
    else:
        options_height = sum(stamp.height for stamp in options) + ITEM_GAP * 3
    height = stem.height + PART_GAP + options_height
    if height > FRAME_HEIGHT:
        raise ValidationError(
            f"question {question.id} (template {question.template}) is too long to print on "
            "one A4 page; shorten its statements or leave its template out"
        )
    return QuestionLayout(stem, tuple(options), mode, height)


def place_question(canvas, shared: SharedStamps, layout: QuestionLayout, number: int,
                   option_order: tuple[int, ...], x: float, y_top: float) -> None:
    """Draw a laid-out question with its printed number and options in `option_order`."""
    shared.number(number).place(canvas, x, y_top)
    _place_body(canvas, shared, layout, option_order, x + NUMBER_WIDTH, y_top)
    if layout.second is not None:
        first_height = layout.height - LANGUAGE_GAP - layout.second.height
        _place_body(canvas, shared, layout.second, option_order, x + NUMBER_WIDTH,
                    y_top - first_height - LANGUAGE_GAP)


def _place_body(canvas, shared: SharedStamps, layout: QuestionLayout, option_order: tuple[int, ...],
                body_x: float, y_top: float) -> None:
    layout.stem.place(canvas, body_x, y_top)
    top = y_top - layout.options_top
    for letter_index, option_index in enumerate(option_order):
        stamp = layout.options[option_index]
        if layout.mode == "row":
            ox, oy = body_x + letter_index * BODY_WIDTH / 4, top
        elif layout.mode == "grid":
            ox, oy = body_x + (letter_index % 2) * BODY_WIDTH / 2, top - (letter_index // 2) * LEADING
        else:
            ox, oy = body_x, top
            top -= stamp.height + ITEM_GAP
        shared.labels[letter_index].place(canvas, ox, oy)
        stamp.place(canvas, ox + OPTION_LABEL_WIDTH, oy)


def _option_mode(options: tuple[str, ...]) -> tuple[str, float]:
    widest = max(text_width(" ".join(o.split()), REGULAR, SIZE) for o in options)
    for mode, slots in (("row", 4), ("grid", 2)):
        slot_width = BODY_WIDTH / slots - OPTION_LABEL_WIDTH - 14  # room between columns
        if widest <= slot_width:
            return mode, slot_width
    return "stack", BODY_WIDTH - OPTION_LABEL_WIDTH


def _stem_stamp(canvas, question: Question) -> Stamp:
    builder = StampBuilder(canvas)
    y = 0.0
    parts = 0
    if question.lead:
        y -= builder.paragraph([body(question.lead)], 0, y, BODY_WIDTH, LEADING)
        parts += 1
    if question.items:
        if parts:
            y -= PART_GAP
        if question.layout == "table":
            y -= _pairs_table(builder, question, y)
        elif question.layout == "labelled":
            y -= _labelled_statements(builder, question, y)
        else:
            y -= _numbered_statements(builder, question, y)
        parts += 1
    if question.ask:
        if parts:
            y -= PART_GAP
        y -= builder.paragraph([body(question.ask)], 0, y, BODY_WIDTH, LEADING)
    return builder.finish(BODY_WIDTH, -y)


def _numbered_statements(builder: StampBuilder, question: Question, top: float) -> float:
    y = top
    text_x = ITEM_INDENT + ITEM_LABEL_WIDTH
    for i, item in enumerate(question.items):
        if i:
            y -= ITEM_GAP
        builder.text(ITEM_INDENT, y - SIZE, f"{item.label}.", body(""))
        y -= builder.paragraph([body(" ".join(item.cells))], text_x, y,
                               BODY_WIDTH - text_x, LEADING)
    return top - y


def _labelled_statements(builder: StampBuilder, question: Question, top: float) -> float:
    """Statement-I / Statement-II: a bold label column and the statement beside it."""
    labels = [f"{item.label}:" for item in question.items]
    label_width = max(text_width(label, BOLD, SIZE) for label in labels) + 8
    y = top
    for i, (label, item) in enumerate(zip(labels, question.items)):
        if i:
            y -= ITEM_GAP + 1
        builder.text(0, y - SIZE, label, bold(""))
        y -= builder.paragraph([body(" ".join(item.cells))], label_width, y,
                               BODY_WIDTH - label_width, LEADING)
    return top - y


def _pairs_table(builder: StampBuilder, question: Question, top: float) -> float:
    """Pairs in aligned columns, under the template's column headings, as on the paper."""
    columns = max(len(item.cells) for item in question.items)
    header = tuple(question.item_header[:columns]) if question.item_header else ()
    x0 = ITEM_INDENT + ITEM_LABEL_WIDTH
    available = BODY_WIDTH - x0
    natural = [0.0] * columns
    for item in question.items:
        for c, cell in enumerate(item.cells):
            natural[c] = max(natural[c], text_width(" ".join(cell.split()), REGULAR, SIZE))
    for c, heading in enumerate(header):
        natural[c] = max(natural[c], text_width(heading, BOLD, SIZE))
    widths = [w + COLUMN_GAP for w in natural]
    if sum(widths) > available:
        # Too wide for one line each: give each column its share, the first at most 55%.
        first = min(widths[0], available * (0.55 if columns == 2 else 1.0 / columns))
        rest = (available - first) / max(columns - 1, 1)
        widths = [first] + [rest] * (columns - 1)
    lefts = [x0 + sum(widths[:c]) for c in range(columns)]
    table_right = x0 + sum(widths) - COLUMN_GAP
    y = top
    if header:
        row_height = 0.0
        for c, heading in enumerate(header):
            row_height = max(row_height, builder.paragraph(
                [bold(heading)], lefts[c], y, widths[c] - COLUMN_GAP, LEADING))
        y -= row_height + 2
        builder.rule(ITEM_INDENT, table_right, y, width=0.5, gray=0.35)
        y -= 3
    for i, item in enumerate(question.items):
        if i:
            y -= ITEM_GAP
        builder.text(ITEM_INDENT, y - SIZE, f"{item.label}.", body(""))
        row_height = 0.0
        for c, cell in enumerate(item.cells):
            row_height = max(row_height, builder.paragraph(
                [body(cell)], lefts[c], y, widths[c] - COLUMN_GAP, LEADING))
        y -= row_height
    return top - y


FILL_LOOKAHEAD = 8


def fill_pages(order: list[int], heights: list[float], first_capacity: float, capacity: float,
               gap: float = QUESTION_GAP, lookahead: int = FILL_LOOKAHEAD) -> list[int]:
    """Adjust a question order so pages are filled: when the next question does not fit in the
    space left on a page, the first of the following few that does fit is brought forward.
    The order stays the shuffle's, give or take a few places; `paginate` then breaks pages at
    the same points."""
    remaining = list(order)
    arranged: list[int] = []
    used, room, on_page = 0.0, first_capacity, 0
    while remaining:
        pick = None
        for j in range(min(lookahead + 1, len(remaining))):
            need = heights[remaining[j]] + (gap if on_page else 0.0)
            if used + need <= room or (on_page == 0 and j == 0 and room >= capacity):
                pick = j
                break
        if pick is None:
            used, room, on_page = 0.0, capacity, 0
            continue
        index = remaining.pop(pick)
        used += heights[index] + (gap if on_page else 0.0)
        on_page += 1
        arranged.append(index)
    return arranged


@dataclass(frozen=True)
class Placement:
    index: int  # which block
    offset: float  # distance from the frame top to the block's top


def paginate(heights: list[float], first_capacity: float, capacity: float,
             gap: float = QUESTION_GAP, max_stretch: float = MAX_STRETCH) -> list[list[Placement]]:
    """Fill pages in order, never splitting a block; spread a full page's spare space over its
    gaps (a little each) so pages end level with the bottom margin instead of ragged."""
    pages: list[tuple[list[int], float]] = []
    current: list[int] = []
    used = 0.0
    room = first_capacity
    for index, height in enumerate(heights):
        need = height + (gap if current else 0.0)
        if used + need > room and (current or room < capacity):
            pages.append((current, room - used))
            current, used, room = [], 0.0, capacity
            need = height
        current.append(index)
        used += need
    pages.append((current, room - used))
    placed: list[list[Placement]] = []
    for page_number, (indices, spare) in enumerate(pages):
        last = page_number == len(pages) - 1
        stretch = 0.0
        if not last and len(indices) > 1:
            stretch = min(max_stretch, spare / (len(indices) - 1))
        offset = 0.0
        page = []
        for i, index in enumerate(indices):
            if i:
                offset += gap + stretch
            page.append(Placement(index, offset))
            offset += heights[index]
        placed.append(page)
    return placed

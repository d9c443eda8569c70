"""The OMR answer sheet: name and signature boxes, roll-number and booklet-series grids, and a
row of (a)-(d) bubbles per question, spaced to fill in with a ball-point pen.

The sheet is the same in every series (the candidate bubbles the series), so its pages are
built once per document as stamps whose origin is the page's top-left corner.
"""

from __future__ import annotations

from quizgen.model import LETTERS
from quizgen.pdf.cover import PaperInfo
from quizgen.pdf.fonts import BOLD, ITALIC, REGULAR
from quizgen.pdf.layout import CONTENT_WIDTH, MARGIN_TOP, MARGIN_X, PAGE_HEIGHT, PAGE_WIDTH
from quizgen.pdf.text import Run, Stamp, StampBuilder, shorten, text_width

ROWS_PER_COLUMN = 25
COLUMNS_PER_PAGE = 4
GROUP = 5  # a little extra space after every fifth row, as on printed sheets
BUBBLE_RADIUS = 5.6
BUBBLE_PITCH = 18.0
NUMBER_WIDTH = 24.0
ROW_PITCH = 16.5
GROUP_GAP = 5.0
PANEL_HEIGHT = 288.0  # title, name boxes and the three panels above the answer grid
BUBBLE_GRAY = 0.3
LABEL = Run("", BOLD, 8.5)


def omr_page_count(questions: int) -> int:
    return max(1, -(-questions // (ROWS_PER_COLUMN * COLUMNS_PER_PAGE)))


def omr_pages(canvas, info: PaperInfo, questions: int) -> list[Stamp]:
    """The sheet's pages, each a stamp to place at the page's top-left corner."""
    per_page = ROWS_PER_COLUMN * COLUMNS_PER_PAGE
    pages = []
    for page in range(omr_page_count(questions)):
        b = StampBuilder(canvas)
        _corner_marks(b)
        top = MARGIN_TOP
        if page == 0:
            _header(b, info, top)
            top += PANEL_HEIGHT
        else:
            b.text(MARGIN_X, -(top + 15), "OMR ANSWER SHEET (continued)", Run("", BOLD, 15))
            top += 40
        first = page * per_page + 1
        _answer_grid(b, first, min(questions, first + per_page - 1), top)
        pages.append(b.finish(PAGE_WIDTH, PAGE_HEIGHT))
    return pages


def _corner_marks(b: StampBuilder) -> None:
    """Solid squares near the corners, where a scanner looks to align the sheet."""
    size, inset = 9.0, 22.0
    for x in (inset, PAGE_WIDTH - inset - size):
        for y_top in (inset, PAGE_HEIGHT - inset - 14):
            b.box(x, -y_top, size, size, line=0, fill_gray=0)


def _bubble(b: StampBuilder, x: float, y: float, label: str) -> None:
    b.circle(x, y, BUBBLE_RADIUS, line=0.6, gray=BUBBLE_GRAY)
    b.centred_text(x, y - 2.1, label, Run("", REGULAR, 6, BUBBLE_GRAY))


def _header(b: StampBuilder, info: PaperInfo, top: float) -> None:
    left, right = MARGIN_X, PAGE_WIDTH - MARGIN_X
    b.text(left, -(top + 15), "OMR ANSWER SHEET", Run("", BOLD, 15))
    caption = info.title if not info.institute else f"{info.institute} · {info.title}"
    caption = shorten(caption, ITALIC, 9, CONTENT_WIDTH - 190)
    b.text(right - text_width(caption, ITALIC, 9), -(top + 14), caption,
           Run("", ITALIC, 9, 0.3))
    b.rule(left, right, -(top + 22), width=1.4)

    y = top + 38
    name_width = CONTENT_WIDTH * 0.62
    small = Run("", REGULAR, 8, 0.3)
    b.text(left, -y, "Candidate's name (in capitals)", small)
    b.box(left, -(y + 4), name_width, 20, line=0.6, gray=0.35)
    b.text(left + name_width + 12, -y, "Candidate's signature", small)
    b.box(left + name_width + 12, -(y + 4), CONTENT_WIDTH - name_width - 12, 20, line=0.6,
          gray=0.35)

    panel_top = y + 48
    _roll_grid(b, left, panel_top)
    _series_grid(b, left + 170, panel_top)
    _how_to_mark(b, left + 268, panel_top)


def _roll_grid(b: StampBuilder, x: float, top: float) -> None:
    b.text(x, -top, "ROLL NUMBER", LABEL)
    pitch = 18.0
    for column in range(8):
        cx = x + column * pitch + pitch / 2
        b.box(cx - pitch / 2, -(top + 6), pitch, 17, line=0.6, gray=0.35)
        for digit in range(10):
            _bubble(b, cx, -(top + 36 + digit * 14), str(digit))


def _series_grid(b: StampBuilder, x: float, top: float) -> None:
    b.text(x, -top, "BOOKLET SERIES", LABEL)
    b.box(x + 24, -(top + 6), 20, 17, line=0.6, gray=0.35)
    for i, letter in enumerate("ABCD"):
        _bubble(b, x + 34, -(top + 36 + i * 16), letter)


def _how_to_mark(b: StampBuilder, x: float, top: float) -> None:
    b.text(x, -top, "HOW TO MARK", LABEL)
    width = PAGE_WIDTH - MARGIN_X - x
    y = top + 6
    y += b.paragraph([Run("Use a black ball-point pen only. Fill the circle completely and "
                          "darkly, one circle per question. A mark cannot be changed: no "
                          "erasing, whitener or second marks.", REGULAR, 8.5, 0.2)],
                     x, -y, width, 11)
    y += 16
    b.text(x, -y, "Right", LABEL)
    b.text(x + 70, -y, "Wrong", LABEL)
    cy = -(y + 16)
    b.circle(x + 8, cy, BUBBLE_RADIUS, line=0.6, gray=0, fill_gray=0)
    for i in range(4):
        bx = x + 78 + i * 22
        b.circle(bx, cy, BUBBLE_RADIUS, line=0.6, gray=BUBBLE_GRAY)
        if i == 0:  # a tick
            b.polyline([(bx - 3, cy), (bx - 1, cy - 3), (bx + 4, cy + 4)], line=1.1)
        elif i == 1:  # a cross
            b.polyline([(bx - 3, cy - 3), (bx + 3, cy + 3)], line=1.1)
            b.polyline([(bx - 3, cy + 3), (bx + 3, cy - 3)], line=1.1)
        elif i == 2:  # a dot
            b.circle(bx, cy, 1.6, fill_gray=0, stroke=False)
        else:  # a stroke across
            b.polyline([(bx - 4, cy), (bx + 4, cy)], line=1.4)


def _answer_grid(b: StampBuilder, first: int, last: int, top: float) -> None:
    count = last - first + 1
    columns = -(-count // ROWS_PER_COLUMN)
    column_width = min(CONTENT_WIDTH / max(columns, 1), 124.0)
    b.text(MARGIN_X, -top, "ANSWERS", LABEL)
    b.rule(MARGIN_X, PAGE_WIDTH - MARGIN_X, -(top + 5), width=0.5, gray=0.5)
    for offset in range(count):
        number = first + offset
        column, row = divmod(offset, ROWS_PER_COLUMN)
        x = MARGIN_X + column * column_width
        y = -(top + 24 + row * ROW_PITCH + (row // GROUP) * GROUP_GAP)
        label = str(number)
        b.text(x + NUMBER_WIDTH - 7 - text_width(label, BOLD, 8.5), y - 3, label, LABEL)
        for i, letter in enumerate(LETTERS):
            _bubble(b, x + NUMBER_WIDTH + BUBBLE_RADIUS + i * BUBBLE_PITCH, y, letter)


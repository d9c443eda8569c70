"""The OMR answer sheet: name and signature boxes, roll-number and booklet-series grids, and a
row of (a)-(d) bubbles per question, spaced to fill in with a ball-point pen.

The sheet is the same in every series (the candidate bubbles the series), so its pages are
built once per document as stamps whose origin is the page's top-left corner. What differs per
booklet (the QR code with the paper, series and roll number; a personalised paper's name and
roll number) is drawn on top by `draw_sheet_identity`. Every mark a program reads is recorded in
a `SheetGeometry` (points from the page's bottom-left corner) for the layout file.

The four corners carry ArUco markers (quizgen.omr.markers) so a scan can be straightened.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from quizgen.model import LETTERS
from quizgen.omr.layout import Bubble
from quizgen.omr.markers import CELLS, black_cells
from quizgen.pdf.cover import HINDI, PaperInfo, say
from quizgen.pdf.fonts import BOLD, ITALIC, REGULAR
from quizgen.pdf.layout import CONTENT_WIDTH, MARGIN_TOP, MARGIN_X, PAGE_HEIGHT, PAGE_WIDTH
from quizgen.pdf.text import Run, Stamp, StampBuilder, fmt, shorten, text_width

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
MARKER_SIZE = 30.0  # 5 pt cells: 10 pixels at 150 dpi
MARKER_INSET = 14.0
QR_SIZE = 78.0  # with its quiet zone; about 2 pt a module
CONTINUED_HEADER = 112.0


@dataclass
class SheetGeometry:
    """Where the marks on one sheet page are, in points from the page's bottom-left."""

    markers: dict[int, tuple[tuple[float, float], ...]] = field(default_factory=dict)
    qr_box: tuple[float, float, float] = (0.0, 0.0, 0.0)
    answers: list[Bubble] = field(default_factory=list)
    roll_grid: list[Bubble] = field(default_factory=list)
    series_grid: list[Bubble] = field(default_factory=list)
    name_box: tuple[float, float] | None = None  # left, baseline of a personalised name
    roll_boxes: list[tuple[float, float]] = field(default_factory=list)  # centre, baseline


def omr_page_count(questions: int) -> int:
    return max(1, -(-questions // (ROWS_PER_COLUMN * COLUMNS_PER_PAGE)))


def omr_pages(canvas, info: PaperInfo, questions: int) -> list[tuple[Stamp, SheetGeometry]]:
    """The sheet's pages, each a stamp to place at the page's top-left corner, with where
    its marks are."""
    per_page = ROWS_PER_COLUMN * COLUMNS_PER_PAGE
    pages = []
    for page in range(omr_page_count(questions)):
        b = StampBuilder(canvas)
        geometry = SheetGeometry()
        _corner_markers(b, geometry)
        top = MARGIN_TOP
        if page == 0:
            _header(b, geometry, info, top)
            top += PANEL_HEIGHT
        else:
            _title(b, "OMR ANSWER SHEET (continued)", info.lang, top)
            b.rule(MARGIN_X, PAGE_WIDTH - MARGIN_X, -(top + 22), width=1.4)
            geometry.qr_box = (PAGE_WIDTH - MARGIN_X - QR_SIZE + 4,
                               PAGE_HEIGHT - (top + 26 + QR_SIZE - 4), QR_SIZE - 4)
            top += CONTINUED_HEADER
        first = page * per_page + 1
        _answer_grid(b, geometry, first, min(questions, first + per_page - 1), top, info.lang)
        pages.append((b.finish(PAGE_WIDTH, PAGE_HEIGHT), geometry))
    return pages


def _corner_markers(b: StampBuilder, geometry: SheetGeometry) -> None:
    """ArUco markers 0-3 clockwise from the top-left corner, where a reader finds the sheet."""
    near, far = MARKER_INSET, PAGE_WIDTH - MARKER_INSET - MARKER_SIZE
    low, high = MARKER_INSET, PAGE_HEIGHT - MARKER_INSET - MARKER_SIZE
    cell = MARKER_SIZE / CELLS
    for marker_id, (x, y) in enumerate(((near, high), (far, high), (far, low), (near, low))):
        s = MARKER_SIZE
        geometry.markers[marker_id] = ((x, y + s), (x + s, y + s), (x + s, y), (x, y))
        top = y + s - PAGE_HEIGHT  # stamp coordinates: the origin is the page's top-left
        b.box(x, top, s, s, line=0, fill_gray=0)
        black = set(black_cells(marker_id))
        for row in range(1, CELLS - 1):
            for column in range(1, CELLS - 1):
                if (column, row) not in black:
                    b.box(x + column * cell, top - row * cell, cell, cell, line=0, fill_gray=1)


def _bubble(b: StampBuilder, x: float, y: float, label: str) -> Bubble:
    b.circle(x, y, BUBBLE_RADIUS, line=0.6, gray=BUBBLE_GRAY)
    b.centred_text(x, y - 2.1, label, Run("", REGULAR, 6, BUBBLE_GRAY))
    return Bubble(0, label, x, PAGE_HEIGHT + y, BUBBLE_RADIUS)


def _title(b: StampBuilder, key: str, lang: str, top: float) -> float:
    """The sheet's title in the paper's language(s); its width."""
    title = say(key, lang)
    size = 15 if lang != "both" else 13
    b.text(MARGIN_X, -(top + 15), title, Run("", BOLD, size))
    return text_width(title, BOLD, size)


def _label(b: StampBuilder, x: float, top: float, key: str, lang: str, width: float,
           run: Run = LABEL) -> None:
    """A label whose baseline is `top`; in both languages, the English goes on a line of its
    own above the Hindi when the two do not fit side by side in `width`."""
    text = say(key, lang)
    if lang == "both" and text_width(text, run.font, run.size) > width:
        b.text(x, -(top - run.size - 1.5), key, run)
        text = HINDI[key]
    b.text(x, -top, text, run)


def _header(b: StampBuilder, geometry: SheetGeometry, info: PaperInfo, top: float) -> None:
    left, right = MARGIN_X, PAGE_WIDTH - MARGIN_X
    lang = info.lang
    title_width = _title(b, "OMR ANSWER SHEET", lang, top)
    caption = info.title if not info.institute else f"{info.institute} · {info.title}"
    caption = shorten(caption, ITALIC, 9, min(CONTENT_WIDTH - 190, CONTENT_WIDTH - title_width - 16))
    b.text(right - text_width(caption, ITALIC, 9), -(top + 14), caption,
           Run("", ITALIC, 9, 0.3))
    b.rule(left, right, -(top + 22), width=1.4)

    y = top + 38
    name_width = CONTENT_WIDTH * 0.62
    small = Run("", REGULAR, 8, 0.3)
    _label(b, left, y, "Candidate's name (in capitals)", lang, name_width, small)
    b.box(left, -(y + 4), name_width, 20, line=0.6, gray=0.35)
    geometry.name_box = (left + 5, PAGE_HEIGHT - (y + 18.5))
    _label(b, left + name_width + 12, y, "Candidate's signature", lang,
           CONTENT_WIDTH - name_width - 12, small)
    b.box(left + name_width + 12, -(y + 4), CONTENT_WIDTH - name_width - 12, 20, line=0.6,
          gray=0.35)

    panel_top = y + 48
    _roll_grid(b, geometry, left, panel_top, lang)
    _series_grid(b, geometry, left + 170, panel_top, lang)
    _how_to_mark(b, left + 268, panel_top, lang)
    # The QR code (drawn per booklet) goes in the corner under "how to mark".
    qr_top = panel_top + 94
    geometry.qr_box = (right - QR_SIZE + 4, PAGE_HEIGHT - (qr_top + QR_SIZE), QR_SIZE - 4)
    note = Run("", ITALIC, 7, 0.4)
    lines = ((6, say("Do not mark", lang)), (-2, say("this code", lang))) if lang != "both" \
        else ((22, "Do not mark"), (14, "this code"), (6, HINDI["Do not mark"]),
              (-2, HINDI["this code"]))
    for line, text in lines:
        b.text(right - QR_SIZE - text_width(text, ITALIC, 7), -(qr_top + QR_SIZE - line), text,
               note)


def _roll_grid(b: StampBuilder, geometry: SheetGeometry, x: float, top: float,
               lang: str = "en") -> None:
    _label(b, x, top, "ROLL NUMBER", lang, 160)
    pitch = 18.0
    for column in range(8):
        cx = x + column * pitch + pitch / 2
        b.box(cx - pitch / 2, -(top + 6), pitch, 17, line=0.6, gray=0.35)
        geometry.roll_boxes.append((cx, PAGE_HEIGHT - (top + 19)))
        for digit in range(10):
            bubble = _bubble(b, cx, -(top + 36 + digit * 14), str(digit))
            geometry.roll_grid.append(Bubble(column + 1, *_rest(bubble)))


def _series_grid(b: StampBuilder, geometry: SheetGeometry, x: float, top: float,
                 lang: str = "en") -> None:
    _label(b, x, top, "BOOKLET SERIES", lang, 92)
    b.box(x + 24, -(top + 6), 20, 17, line=0.6, gray=0.35)
    for i, letter in enumerate("ABCD"):
        bubble = _bubble(b, x + 34, -(top + 36 + i * 16), letter)
        geometry.series_grid.append(Bubble(1, *_rest(bubble)))


def _rest(bubble: Bubble) -> tuple[str, float, float, float]:
    return bubble.key, bubble.x, bubble.y, bubble.r


HOW_TO_MARK = ("Use a black ball-point pen only. Fill the circle completely and darkly, one "
               "circle per question. A mark cannot be changed: no erasing, whitener or second "
               "marks.")


def _how_to_mark(b: StampBuilder, x: float, top: float, lang: str = "en") -> None:
    width = PAGE_WIDTH - MARGIN_X - x
    _label(b, x, top, "HOW TO MARK", lang, width)
    y = top + 6
    # Both languages must still leave the examples above the QR code's corner.
    size, leading = (8.5, 11) if lang != "both" else (7, 8.6)
    texts = {"en": [HOW_TO_MARK], "hi": [HINDI[HOW_TO_MARK]],
             "both": [HOW_TO_MARK, HINDI[HOW_TO_MARK]]}[lang]
    for text in texts:
        y += b.paragraph([Run(text, REGULAR, size, 0.2)], x, -y, width, leading)
    y += 16 if lang != "both" else 12
    b.text(x, -y, say("Right", lang), LABEL)
    b.text(x + 70, -y, say("Wrong", lang), LABEL)
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


def _answer_grid(b: StampBuilder, geometry: SheetGeometry, first: int, last: int,
                 top: float, lang: str = "en") -> None:
    count = last - first + 1
    columns = -(-count // ROWS_PER_COLUMN)
    column_width = min(CONTENT_WIDTH / max(columns, 1), 124.0)
    b.text(MARGIN_X, -top, say("ANSWERS", lang), LABEL)
    b.rule(MARGIN_X, PAGE_WIDTH - MARGIN_X, -(top + 5), width=0.5, gray=0.5)
    for offset in range(count):
        number = first + offset
        column, row = divmod(offset, ROWS_PER_COLUMN)
        x = MARGIN_X + column * column_width
        y = -(top + 24 + row * ROW_PITCH + (row // GROUP) * GROUP_GAP)
        label = str(number)
        b.text(x + NUMBER_WIDTH - 7 - text_width(label, BOLD, 8.5), y - 3, label, LABEL)
        for i, letter in enumerate(LETTERS):
            bubble = _bubble(b, x + NUMBER_WIDTH + BUBBLE_RADIUS + i * BUBBLE_PITCH, y, letter)
            geometry.answers.append(Bubble(number, *_rest(bubble)))


def draw_sheet_identity(canvas, geometry: SheetGeometry, payload: str, roll: str | None = None,
                        name: str = "") -> None:
    """The parts of a sheet page that differ per booklet: the QR code and, on a personalised
    paper, the candidate's name and roll number printed in their boxes."""
    x, y, size = geometry.qr_box
    _draw_qr(canvas, payload, x, y, size)
    if name and geometry.name_box is not None:
        canvas.setFont(BOLD, 11)
        canvas.drawString(*geometry.name_box, shorten(name.upper(), BOLD, 11, CONTENT_WIDTH * 0.6))
    if roll and geometry.roll_boxes:
        canvas.setFont(BOLD, 11)
        for (cx, baseline), digit in zip(geometry.roll_boxes, roll.rjust(len(geometry.roll_boxes))):
            canvas.drawCentredString(cx, baseline, digit.strip())



QR_QUIET_MODULES = 2


def _draw_qr(canvas, payload: str, x: float, y: float, size: float) -> None:
    """The QR code as filled squares, one path (reportlab's widget renderer would also reset
    the font to Helvetica, which is then not embedded)."""
    from reportlab.graphics.barcode import qrencoder

    code = qrencoder.QRCode(None, qrencoder.QRErrorCorrectLevel.M)
    code.addData(payload)
    code.make()
    count = code.getModuleCount()
    module = size / (count + 2 * QR_QUIET_MODULES)
    left = x + QR_QUIET_MODULES * module
    top = y + size - QR_QUIET_MODULES * module
    squares = []
    for row in range(count):
        column = 0
        while column < count:  # one rectangle per run of dark modules in a row
            if not code.isDark(row, column):
                column += 1
                continue
            start = column
            while column < count and code.isDark(row, column):
                column += 1
            squares.append(f"{fmt(left + start * module)} {fmt(top - (row + 1) * module)} "
                           f"{fmt((column - start) * module)} {fmt(module)} re")
    canvas.addLiteral("q 0 g " + " ".join(squares) + " f Q")

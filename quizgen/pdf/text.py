"""Line breaking and stamps: text laid out once, then placed on any page as often as needed.

Every question is the same in each booklet series; only its number, position and (for
`single` questions) option order change. So each piece of text is wrapped and encoded into PDF
operators once (a `Stamp`), and a booklet page is a list of stamps placed at offsets. That is
what makes each extra series cheap. Text goes to the PDF as text-showing operators, never
through reportlab's paragraph markup, so `&`, `<` and `>` in a fact print as written.

Hindi: a text with Devanagari is drawn in pieces, each in the font of its script (Latin in
the run's font, Devanagari in the Devanagari face beside it); Devanagari pieces are shaped by
HarfBuzz and measured by their shaped advances. Lines break between words, and a word too
long for a line only between whole grapheme clusters, never inside a conjunct. Text without
Devanagari takes exactly the path it always did.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from quizgen.pdf.fonts import DEVANAGARI_FOR, REGULAR, is_devanagari


@dataclass(frozen=True)
class Run:
    """A stretch of text in one font, size and grey level (0 black .. 1 white)."""

    text: str
    font: str = REGULAR
    size: float = 10.0
    gray: float = 0.0


@dataclass(frozen=True)
class Segment:
    """Words of one run on one line, starting `x` points from the line's left edge."""

    x: float
    text: str
    run: Run


@lru_cache(maxsize=65536)
def _unit_width(text: str, font: str) -> float:
    from reportlab.pdfbase.pdfmetrics import stringWidth

    if _DEVANAGARI.search(text):
        return sum(width for _, _, width in _pieces(text, font))
    return stringWidth(text, font, 1.0)


def forget_shaping() -> None:
    """Drop the shaped pieces kept from earlier documents (see fonts.fresh_devanagari)."""
    _pieces.cache_clear()
    _unit_width.cache_clear()  # measuring shapes too: the order codes are given in


def text_width(text: str, font: str, size: float) -> float:
    return _unit_width(text, font) * size


_DEVANAGARI = re.compile(r"[\u0900-\u097F\uA8E0-\uA8FF]")
# Devanagari at the Latin size looks a size smaller (its letters hang from a headline, with
# matras above and below): printed a little larger, as Hindi papers do.
DEVANAGARI_SCALE = 1.08


@lru_cache(maxsize=16384)
def _pieces(text: str, font: str) -> tuple[tuple[str, str, float], ...]:
    """A mixed-script text as (text to draw, font, width at size 1) pieces: Latin in `font`,
    Devanagari shaped in its Devanagari face, a little larger (DEVANAGARI_SCALE). Spaces are
    Latin, so a line measures the same whether it is measured whole or word by word."""
    from reportlab.pdfbase.pdfmetrics import stringWidth
    from reportlab.pdfbase.ttfonts import ShapedStr, shapeStr

    spans: list[list] = []
    for char in text:
        script = is_devanagari(char)
        if spans and spans[-1][0] == script:
            spans[-1][1] += char
        else:
            spans.append([bool(script), char])
    pieces = []
    for devanagari, span in spans:
        if devanagari:
            face = DEVANAGARI_FOR.get(font, DEVANAGARI_FOR[REGULAR])
            shaped = shapeStr(span, face, 1000.0, force=True)
            if isinstance(shaped, ShapedStr):
                width = sum(d.x_advance for d in shaped.__shapeData__) / 1000.0
            else:
                width = stringWidth(span, face, 1.0)
            width *= DEVANAGARI_SCALE
            pieces.append((shaped, face, width))
        else:
            pieces.append((span, font, stringWidth(span, font, 1.0)))
    return tuple(pieces)


# A grapheme cluster as far as line breaking goes: a character with its combining marks, and
# a consonant joined to the next by a virama (a conjunct) or a joiner.
_CLUSTER = re.compile(
    r"(?:[\u0915-\u0939\u0958-\u095F\u0978-\u097F][\u093C]?\u094D[\u200C\u200D]?)*"
    r".[\u0900-\u0903\u093A-\u094F\u0951-\u0957\u0962\u0963\u200C\u200D]*", re.S)


def grapheme_clusters(word: str) -> list[str]:
    return _CLUSTER.findall(word)


_BREAKABLE = re.compile(r"[ \t\r\n]+")  # not the no-break space
_RUPEE = re.compile(r"₹ (?=\d)")


def _words(text: str) -> list[str]:
    """Words to break lines between; "₹ 950" stays together (a no-break space)."""
    return [w for w in _BREAKABLE.split(_RUPEE.sub("₹\u00a0", text)) if w]


def wrap_runs(runs: list[Run] | tuple[Run, ...], width: float) -> list[list[Segment]]:
    """Break runs into lines no wider than `width`; a word too long for a line is split."""
    lines: list[list[tuple[float, str, Run]]] = []
    current: list[tuple[float, str, Run]] = []
    x = 0.0
    for run in runs:
        space = text_width(" ", run.font, run.size)
        for word in _words(run.text):
            w = text_width(word, run.font, run.size)
            gap = space if current else 0.0
            if current and x + gap + w > width + 1e-6:  # a line measured whole fits word by word
                lines.append(current)
                current, x, gap = [], 0.0, 0.0
            if w > width:
                if current:
                    lines.append(current)
                    current, x, gap = [], 0.0, 0.0
                pieces = _split_word(word, run, width)
                for piece in pieces[:-1]:
                    lines.append([(0.0, piece, run)])
                word = pieces[-1]
                w = text_width(word, run.font, run.size)
            current.append((x + gap, word, run))
            x += gap + w
    if current:
        lines.append(current)
    return [_merge(line) for line in lines]


def _split_word(word: str, run: Run, width: float) -> list[str]:
    """Cut an unbreakable word into pieces that each fit `width`."""
    pieces, piece = [], ""
    for char in (grapheme_clusters(word) if _DEVANAGARI.search(word) else word):
        if piece and text_width(piece + char, run.font, run.size) > width:
            pieces.append(piece)
            piece = ""
        piece += char
    pieces.append(piece)
    return pieces


def _merge(words: list[tuple[float, str, Run]]) -> list[Segment]:
    """Join neighbouring words of the same run so each line is drawn with few operators."""
    segments: list[Segment] = []
    for x, word, run in words:
        if segments and segments[-1].run == run:
            last = segments[-1]
            segments[-1] = Segment(last.x, f"{last.text} {word}", run)
        else:
            segments.append(Segment(x, word, run))
    return segments


def line_width(line: list[Segment]) -> float:
    if not line:
        return 0.0
    last = line[-1]
    return last.x + text_width(last.text, last.run.font, last.run.size)


def shorten(text: str, font: str, size: float, width: float) -> str:
    """One line of at most `width`, cut with an ellipsis if need be (footers, captions)."""
    if text_width(text, font, size) <= width:
        return text
    pieces = grapheme_clusters(text) if _DEVANAGARI.search(text) else list(text)  # never half a conjunct
    while pieces and text_width("".join(pieces) + "…", font, size) > width:
        pieces.pop()
    return "".join(pieces).rstrip() + "…"


def fmt(value: float) -> str:
    """A coordinate as PDF wants it: short, and the same on every run."""
    text = f"{value:.2f}".rstrip("0").rstrip(".")
    return "0" if text in ("", "-0") else text


@dataclass(frozen=True)
class Stamp:
    """Encoded PDF drawing operators with their size; (0, 0) is the top-left corner."""

    code: str
    width: float
    height: float

    def place(self, canvas, x: float, y_top: float) -> None:
        if self.code:
            canvas.addLiteral(f"q 1 0 0 1 {fmt(x)} {fmt(y_top)} cm\n{self.code}\nQ")


class StampBuilder:
    """Draws text and rules relative to a top-left origin (y grows downward as negative)."""

    def __init__(self, canvas):
        self._text = canvas.beginText()
        self._has_text = False
        self._graphics: list[str] = []
        self._font: tuple[str, float] | None = None
        self._gray: float | None = None

    def text(self, x: float, baseline: float, text: str, run: Run) -> None:
        if not text:
            return
        if _DEVANAGARI.search(text):
            self._mixed_text(x, baseline, text, run)
            return
        if self._font != (run.font, run.size):
            self._text.setFont(run.font, run.size)
            self._font = (run.font, run.size)
        if self._gray != run.gray:
            self._text.setFillGray(run.gray)
            self._gray = run.gray
        self._text.setTextOrigin(x, baseline)
        self._text.textOut(text)
        self._has_text = True

    def _mixed_text(self, x: float, baseline: float, text: str, run: Run) -> None:
        """Latin and Devanagari pieces one after another, each in its own font."""
        for piece, font, width in _pieces(text, run.font):
            if piece.strip():
                size = run.size if font == run.font else run.size * DEVANAGARI_SCALE
                if self._font != (font, size):
                    self._text.setFont(font, size)
                    self._font = (font, size)
                if self._gray != run.gray:
                    self._text.setFillGray(run.gray)
                    self._gray = run.gray
                self._text.setTextOrigin(x, baseline)
                self._text.textOut(piece)
                self._has_text = True
            x += width * run.size

    def lines(self, lines: list[list[Segment]], x: float, top: float, leading: float,
              size: float) -> float:
        """Draw wrapped lines from `top` down; returns the height they take."""
        for i, line in enumerate(lines):
            baseline = top - i * leading - size
            for segment in line:
                self.text(x + segment.x, baseline, segment.text, segment.run)
        return len(lines) * leading

    def paragraph(self, runs: list[Run], x: float, top: float, width: float,
                  leading: float) -> float:
        size = max(run.size for run in runs) if runs else 0.0
        return self.lines(wrap_runs(runs, width), x, top, leading, size)

    def rule(self, x1: float, x2: float, y: float, width: float = 0.5, gray: float = 0.0) -> None:
        self._graphics.append(
            f"{fmt(gray)} G {fmt(width)} w {fmt(x1)} {fmt(y)} m {fmt(x2)} {fmt(y)} l S"
        )

    def box(self, x: float, y_top: float, width: float, height: float, line: float = 0.6,
            gray: float = 0.0, fill_gray: float | None = None) -> None:
        path = f"{fmt(x)} {fmt(y_top - height)} {fmt(width)} {fmt(height)} re"
        self._graphics.append(self._paint(path, line, gray, fill_gray, stroke=line > 0))

    def circle(self, cx: float, cy: float, r: float, line: float = 0.6, gray: float = 0.0,
               fill_gray: float | None = None, stroke: bool = True) -> None:
        """A circle as four Bezier arcs (the usual kappa approximation)."""
        k = 0.5523 * r
        path = (
            f"{fmt(cx + r)} {fmt(cy)} m "
            f"{fmt(cx + r)} {fmt(cy + k)} {fmt(cx + k)} {fmt(cy + r)} {fmt(cx)} {fmt(cy + r)} c "
            f"{fmt(cx - k)} {fmt(cy + r)} {fmt(cx - r)} {fmt(cy + k)} {fmt(cx - r)} {fmt(cy)} c "
            f"{fmt(cx - r)} {fmt(cy - k)} {fmt(cx - k)} {fmt(cy - r)} {fmt(cx)} {fmt(cy - r)} c "
            f"{fmt(cx + k)} {fmt(cy - r)} {fmt(cx + r)} {fmt(cy - k)} {fmt(cx + r)} {fmt(cy)} c h"
        )
        self._graphics.append(self._paint(path, line, gray, fill_gray, stroke))

    def polyline(self, points: list[tuple[float, float]], line: float = 0.6,
                 gray: float = 0.0) -> None:
        (x0, y0), rest = points[0], points[1:]
        path = f"{fmt(x0)} {fmt(y0)} m " + " ".join(f"{fmt(x)} {fmt(y)} l" for x, y in rest)
        self._graphics.append(f"{fmt(gray)} G {fmt(line)} w 1 J 1 j {path} S 0 J 0 j")

    @staticmethod
    def _paint(path: str, line: float, gray: float, fill_gray: float | None, stroke: bool) -> str:
        if fill_gray is None:
            return f"{fmt(gray)} G {fmt(line)} w {path} S"
        if not stroke:
            return f"{fmt(fill_gray)} g {path} f"
        return f"{fmt(fill_gray)} g {fmt(gray)} G {fmt(line)} w {path} B"

    def centred_text(self, cx: float, baseline: float, text: str, run: Run) -> None:
        self.text(cx - text_width(text, run.font, run.size) / 2, baseline, text, run)

    def finish(self, width: float, height: float) -> Stamp:
        parts = []
        if self._graphics:
            parts.append("q " + "\n".join(self._graphics) + " Q")
        if self._has_text:
            parts.append(self._text.getCode())
        return Stamp("\n".join(parts), width, height)


def stack(stamps: list[Stamp], gap: float = 0.0) -> Stamp:
    """Stamps one below another, as one stamp (so they stay together on a page)."""
    parts, y = [], 0.0
    for i, stamp in enumerate(stamps):
        if i:
            y += gap
        if stamp.code:
            parts.append(f"q 1 0 0 1 0 {fmt(-y)} cm\n{stamp.code}\nQ")
        y += stamp.height
    return Stamp("\n".join(parts), max((s.width for s in stamps), default=0.0), y)

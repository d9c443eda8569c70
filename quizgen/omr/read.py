"""Read scanned OMR sheets with OpenCV: find the corner markers, straighten the page, read the
QR code, and measure how much ink each bubble holds.

Each bubble's ink is measured against the sheet's own paper: the page is divided by a map of
its local paper brightness (uneven lighting and grey scanner backgrounds cancel out), and a
sheet's blank bubbles (most of them) give the baseline that printed outlines and letters
leave. A bubble is then `marked`, `faint` (too light to trust: a grey smudge, an erased mark)
or blank. Nothing is guessed: a question with a faint mark is doubtful for the tutor to decide.

Needs the optional extra: pip install 'quizgen[omr]' (opencv-python-headless, pypdfium2).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterator

import cv2
import numpy as np

from quizgen.errors import QuizgenError
from quizgen.omr.layout import Bubble, PaperLayout, SheetPage, parse_qr
from quizgen.omr.markers import DICTIONARY

PIXELS_PER_POINT = 2.0  # the straightened sheet: 144 dpi, bubbles 22 pixels across
PDF_DPI = 200
MARKED = 0.38  # ink above the blank baseline: a mark
FAINT = 0.07  # between FAINT and MARKED: too light to trust either way (blank: within ±0.03)
INNER = 0.72  # measure inside this share of the radius, clear of the printed outline
MAX_DETECT_SIDE = 2400  # larger photos are shrunk to find the markers, then read in full
IMAGE_SUFFIXES = (".png", ".jpg", ".jpeg", ".tif", ".tiff", ".bmp", ".webp")


class ScanError(QuizgenError):
    """One scan cannot be read (no markers, not our sheet); other scans go on."""


@dataclass
class ScanImage:
    source: str  # file name, with ":page N" for a page of a PDF
    gray: np.ndarray


@dataclass
class QuestionReading:
    number: int
    inks: dict[str, float]  # option letter -> ink above the blank baseline (0 blank .. 1 black)
    status: str  # ok | blank | multi | doubtful
    marked: str  # a-d, "" or "multi"
    suggestion: str  # for a doubtful question: the reading --accept takes ("" = blank)
    reason: str = ""
    row_png: bytes | None = None  # the row's image, for doubtful questions


@dataclass
class SheetReading:
    source: str
    page: SheetPage  # the layout page the scan was matched to
    qr_read: bool
    roll: str | None  # as decided: the QR's roll on a personalised paper, else the bubbled one
    roll_problem: str  # "" or why the roll number is doubtful
    bubbled_series: str  # "", a letter, or "?" (several or faint)
    series_problem: str
    questions: list[QuestionReading] = field(default_factory=list)


# -- loading ----------------------------------------------------------------------------------

def load_scans(paths: list[Path], dpi: int = PDF_DPI) -> Iterator[ScanImage | ScanError]:
    """Every page of every scan as a grey image; a file that cannot be read yields a ScanError
    in its place so the others are still graded."""
    for path in paths:
        try:
            data = path.read_bytes()
        except OSError as error:
            yield ScanError(f"cannot read: {error.strerror or error}", path)
            continue
        if data[:5] == b"%PDF-":
            yield from _pdf_pages(path, data, dpi)
            continue
        buffer = np.frombuffer(data, np.uint8)
        if data[:4] in (b"II*\x00", b"MM\x00*"):  # TIFF: a scanner's multi-page file
            ok, images = cv2.imdecodemulti(buffer, cv2.IMREAD_GRAYSCALE)
            images = list(images) if ok else []
        else:
            image = cv2.imdecode(buffer, cv2.IMREAD_GRAYSCALE)
            images = [] if image is None else [image]
        if not images:
            yield ScanError("not an image or PDF that can be read (PNG, JPEG, TIFF, PDF)", path)
            continue
        for number, image in enumerate(images, start=1):
            yield ScanImage(str(path) if len(images) == 1 else f"{path}:page {number}", image)


def _pdf_pages(path: Path, data: bytes, dpi: int) -> Iterator[ScanImage | ScanError]:
    import pypdfium2

    try:
        document = pypdfium2.PdfDocument(data)
    except pypdfium2.PdfiumError as error:
        yield ScanError(f"not a PDF that can be read: {error}", path)
        return
    try:
        for number in range(len(document)):
            bitmap = document[number].render(scale=dpi / 72, grayscale=True)
            array = np.array(bitmap.to_numpy(), copy=True)
            if array.ndim == 3:
                array = cv2.cvtColor(array, cv2.COLOR_BGR2GRAY)
            yield ScanImage(f"{path}:page {number + 1}", array)
    finally:
        document.close()


# -- reading one sheet ------------------------------------------------------------------------

def read_sheet(scan: ScanImage, layout: PaperLayout) -> SheetReading:
    """Read one page of a scan against the layout; raises ScanError if it cannot be."""
    if not layout.pages:
        raise ScanError("the layout has no OMR pages", scan.source)
    template = layout.pages[0]
    found = find_markers(scan.gray)
    usable = {i: c for i, c in found.items() if i in template.markers}
    if len(usable) < 3:
        raise ScanError(
            f"found {len(usable)} of the 4 corner markers; is this an OMR sheet printed by "
            "quizgen pdf --omr, with all four corners in the picture?", scan.source)
    page_height = layout.page_size[1]
    width = int(round(layout.page_size[0] * PIXELS_PER_POINT))
    height = int(round(page_height * PIXELS_PER_POINT))
    source = np.concatenate([usable[i] for i in sorted(usable)]).astype(np.float32)
    target = np.array([_pixel(x, y, page_height) for i in sorted(usable)
                       for x, y in template.markers[i]], np.float32)
    homography, _ = cv2.findHomography(source, target, 0)
    if homography is None:
        raise ScanError("the corner markers do not make a page shape", scan.source)
    sheet = cv2.warpPerspective(scan.gray, homography, (width, height), flags=cv2.INTER_AREA,
                                borderMode=cv2.BORDER_CONSTANT, borderValue=255)
    ink = _ink_map(sheet)
    qr = None
    for box in dict.fromkeys(page.qr_box for page in layout.pages):  # first and later sheets
        qr = _read_qr(sheet, box, page_height)
        if qr is not None:
            break
    page, qr_read = _match_page(qr, layout, sheet, ink, scan.source)
    reading = SheetReading(scan.source, page, qr_read, None, "", "", "")
    measured = {b: _ink(ink, b, page_height) for b in page.answers}
    baseline = float(np.median(list(measured.values())))
    _read_identity(reading, ink, baseline, page_height)
    for number, bubbles in _grouped(page.answers).items():
        inks = {b.key: measured[b] - baseline for b in bubbles}
        question = classify(number, inks)
        if question.status == "doubtful":
            question.row_png = _row_png(sheet, bubbles, page_height)
        reading.questions.append(question)
    return reading


def find_markers(gray: np.ndarray) -> dict[int, np.ndarray]:
    """Marker id -> its four corners (clockwise from its top-left) in image pixels."""
    scale = min(1.0, MAX_DETECT_SIDE / max(gray.shape))
    small = gray if scale == 1.0 else cv2.resize(gray, None, fx=scale, fy=scale,
                                                 interpolation=cv2.INTER_AREA)
    dictionary = cv2.aruco.getPredefinedDictionary(getattr(cv2.aruco, DICTIONARY))
    parameters = cv2.aruco.DetectorParameters()
    parameters.cornerRefinementMethod = cv2.aruco.CORNER_REFINE_SUBPIX
    detector = cv2.aruco.ArucoDetector(dictionary, parameters)
    corners, ids, _ = detector.detectMarkers(small)
    found: dict[int, np.ndarray] = {}
    if ids is None:
        return found
    for marker_corners, marker_id in zip(corners, ids.flatten()):
        found.setdefault(int(marker_id), marker_corners.reshape(4, 2) / scale)
    return found


def _pixel(x: float, y: float, page_height: float) -> tuple[float, float]:
    return x * PIXELS_PER_POINT, (page_height - y) * PIXELS_PER_POINT


def _ink_map(sheet: np.ndarray) -> np.ndarray:
    """0 for the paper around each point, 1 for black: the page divided by its local paper
    brightness (the brightest nearby pixels, wider than a bubble)."""
    size = int(9 * 2 * PIXELS_PER_POINT) | 1
    kernel = cv2.getStructuringElement(cv2.MORPH_RECT, (size, size))
    paper = cv2.dilate(sheet, kernel)
    paper = cv2.blur(paper, (size, size))
    paper = np.maximum(paper.astype(np.float32), 40.0)
    return np.clip(1.0 - sheet.astype(np.float32) / paper, 0.0, 1.0)


def _ink(ink: np.ndarray, bubble: Bubble, page_height: float) -> float:
    """The mean ink inside the bubble (clear of its printed outline)."""
    cx, cy = _pixel(bubble.x, bubble.y, page_height)
    mask = _disc(round(bubble.r * INNER * PIXELS_PER_POINT))
    half = mask.shape[0] // 2
    x0, y0 = int(round(cx)) - half, int(round(cy)) - half
    if x0 < 0 or y0 < 0 or y0 + mask.shape[0] > ink.shape[0] or x0 + mask.shape[1] > ink.shape[1]:
        return 0.0
    patch = ink[y0:y0 + mask.shape[0], x0:x0 + mask.shape[1]]
    return float(patch[mask].mean())


_DISCS: dict[int, np.ndarray] = {}


def _disc(radius: int) -> np.ndarray:
    if radius not in _DISCS:
        ys, xs = np.mgrid[-radius:radius + 1, -radius:radius + 1]
        _DISCS[radius] = xs ** 2 + ys ** 2 <= radius ** 2
    return _DISCS[radius]


def _baseline(ink: np.ndarray, bubbles: tuple[Bubble, ...], page_height: float) -> float:
    """What a blank bubble measures on this sheet (its printed letter, noise): the median of
    all answer bubbles, most of which are blank (at most one in four is marked)."""
    values = [_ink(ink, b, page_height) for b in bubbles] or [0.0]
    return float(np.median(values))


def _grouped(bubbles: tuple[Bubble, ...]) -> dict[int, list[Bubble]]:
    groups: dict[int, list[Bubble]] = {}
    for bubble in bubbles:
        groups.setdefault(bubble.group, []).append(bubble)
    return groups


def classify(number: int, inks: dict[str, float]) -> QuestionReading:
    """Decide one question from its bubbles' ink: never a guess."""
    marked = [key for key, value in inks.items() if value >= MARKED]
    faint = [key for key, value in inks.items() if FAINT <= value < MARKED]
    if len(marked) >= 2:
        return QuestionReading(number, inks, "multi", "multi", "multi",
                               f"{' and '.join(marked)} both marked")
    if len(marked) == 1 and not faint:
        return QuestionReading(number, inks, "ok", marked[0], marked[0])
    if not marked and not faint:
        return QuestionReading(number, inks, "blank", "", "")
    if marked:  # one clear mark and a lighter one beside it: an erasure, or a second mark
        return QuestionReading(number, inks, "doubtful", "", marked[0],
                               f"{marked[0]} marked, {' and '.join(faint)} partly marked "
                               "(erased?)")
    suggestion = faint[0] if len(faint) == 1 else "multi"
    return QuestionReading(number, inks, "doubtful", "", suggestion,
                           f"faint mark on {' and '.join(faint)}")


def _read_qr(sheet: np.ndarray, box: tuple[float, float, float],
             page_height: float) -> str | None:
    x, y, size = box
    margin = 12
    left, top = _pixel(x - margin, y + size + margin, page_height)
    right, bottom = _pixel(x + size + margin, y - margin, page_height)
    crop = sheet[max(int(top), 0):int(bottom), max(int(left), 0):int(right)]
    detector = cv2.QRCodeDetector()
    for image in (crop, cv2.resize(crop, None, fx=2, fy=2, interpolation=cv2.INTER_CUBIC)):
        for candidate in (image, cv2.threshold(image, 0, 255,
                                               cv2.THRESH_BINARY | cv2.THRESH_OTSU)[1]):
            try:
                text, _, _ = detector.detectAndDecode(candidate)
            except cv2.error:
                text = ""
            if text:
                return text
    return None


def _match_page(qr: str | None, layout: PaperLayout, sheet: np.ndarray, ink: np.ndarray,
                source: str) -> tuple[SheetPage, bool]:
    if qr is not None:
        parsed = parse_qr(qr)
        if parsed is None:
            raise ScanError(f"the QR code says {qr[:60]!r}: not a quizgen OMR sheet", source)
        paper, series, roll, sheet_number = parsed
        if paper != layout.paper:
            raise ScanError(f"this sheet belongs to paper {paper}, not to the layout's paper "
                            f"{layout.paper}; give the .omr.json printed with it", source)
        for page in layout.pages:
            if (page.series, page.roll, page.sheet) == (series, roll, sheet_number):
                return page, True
        raise ScanError(f"paper {paper} has no sheet for series {series}"
                        f"{f' roll {roll}' if roll else ''}", source)
    # No QR code (torn, smudged): only a paper whose sheets differ by series alone can go on,
    # from the bubbled series.
    if any(page.roll for page in layout.pages) or any(page.sheet > 1 for page in layout.pages):
        raise ScanError("cannot read the QR code, and this paper's sheets cannot be told "
                        "apart without it; rescan the sheet flat and sharp", source)
    page_height = layout.page_size[1]
    baseline = _baseline(ink, layout.pages[0].answers, page_height)
    series = _one_of({b.key: _ink(ink, b, page_height) - baseline
                      for b in layout.pages[0].series_grid})
    for page in layout.pages:
        if page.series == series:
            return page, False
    raise ScanError("cannot read the QR code and no single booklet series is bubbled; rescan "
                    "the sheet flat and sharp", source)


def _one_of(inks: dict[str, float]) -> str:
    """The one marked key, "" if none, "?" if several or any faint."""
    marked = [k for k, v in inks.items() if v >= MARKED]
    faint = [k for k, v in inks.items() if FAINT <= v < MARKED]
    if faint or len(marked) > 1:
        return "?"
    return marked[0] if marked else ""


def _read_identity(reading: SheetReading, ink: np.ndarray, baseline: float,
                   page_height: float) -> None:
    page = reading.page
    digits = [_one_of({b.key: _ink(ink, b, page_height) - baseline for b in bubbles})
              for _, bubbles in sorted(_grouped(page.roll_grid).items())]
    bubbled = "".join(d or " " for d in digits).strip()
    problem = ""
    if "?" in bubbled:
        problem = "a roll-number column has two or faint marks"
    elif " " in bubbled:
        problem = "a roll-number column in the middle is blank"
    if page.roll:  # personalised: the roll number is printed and in the QR code
        reading.roll = page.roll
        problem = ""
        if bubbled and bubbled.lstrip("0") != page.roll.lstrip("0"):
            problem = f"the bubbled roll number {bubbled} is not the printed {page.roll}"
    elif not page.roll_grid:  # a continuation page: grade takes the roll of the page before
        reading.roll = None
    else:
        reading.roll = bubbled if bubbled and not problem else None
        if not bubbled:
            problem = "no roll number bubbled"
    reading.roll_problem = problem
    if page.series_grid:
        series = _one_of({b.key: _ink(ink, b, page_height) - baseline for b in page.series_grid})
        reading.bubbled_series = series
        if series == "?":
            reading.series_problem = "the booklet series has two or faint marks"
        elif series and series != page.series:
            reading.series_problem = (f"series {series} is bubbled but the sheet's QR code "
                                      f"says {page.series}")


def _row_png(sheet: np.ndarray, bubbles: list[Bubble], page_height: float) -> bytes:
    """The printed row (number and bubbles) as a small PNG for the tutor to look at."""
    left = min(b.x for b in bubbles) - 30
    right = max(b.x for b in bubbles) + 12
    top = max(b.y for b in bubbles) + 10
    bottom = min(b.y for b in bubbles) - 10
    x0, y0 = _pixel(left, top, page_height)
    x1, y1 = _pixel(right, bottom, page_height)
    crop = sheet[max(int(y0), 0):int(y1), max(int(x0), 0):int(x1)]
    ok, encoded = cv2.imencode(".png", crop)
    return encoded.tobytes() if ok else b""

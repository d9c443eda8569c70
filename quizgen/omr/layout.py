"""The layout file written beside a PDF with OMR sheets (`mock.pdf` -> `mock.omr.json`).

It says where every mark on every OMR page is, in PDF points from the page's bottom-left
corner, and which questions each booklet printed in which order, so a scan can be read and
graded with nothing else. See docs/pdf.md for the format. The file holds the keys: keep it with
the tutor, like the answer key.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from quizgen.errors import UsageError
from quizgen.model import LETTERS, Question
from quizgen.omr.markers import DICTIONARY

LAYOUT_VERSION = 1
QR_PREFIX = "QZ1"


@dataclass(frozen=True)
class Bubble:
    """One circle to fill: `key` is what it stands for (a question's option letter, a roll
    digit or a series letter), `group` what it belongs to (question number, roll column)."""

    group: int
    key: str
    x: float
    y: float
    r: float


@dataclass(frozen=True)
class SheetPage:
    page: int  # 1-based page number in the PDF
    series: str
    roll: str | None  # personalised papers only
    sheet: int  # 1-based sheet page within the booklet (100 questions a sheet page)
    qr: str
    qr_box: tuple[float, float, float]  # x, y of the bottom-left corner, size
    markers: dict[int, tuple[tuple[float, float], ...]]  # id -> 4 outer corners, clockwise
    answers: tuple[Bubble, ...]  # group = question number, key = a..d
    roll_grid: tuple[Bubble, ...] = ()  # group = column 1..8, key = digit
    series_grid: tuple[Bubble, ...] = ()  # group = 1, key = A..D


@dataclass(frozen=True)
class PrintedQuestion:
    number: int  # as printed in the booklet
    index: int  # into PaperLayout.questions
    key: str  # the printed letter of the correct option
    option_order: tuple[int, ...]  # option_order[k]: index of the original option printed as k


@dataclass(frozen=True)
class Booklet:
    series: str
    roll: str | None
    name: str
    questions: tuple[PrintedQuestion, ...]


@dataclass
class PaperLayout:
    paper: str
    page_size: tuple[float, float]
    pages: list[SheetPage] = field(default_factory=list)
    booklets: list[Booklet] = field(default_factory=list)
    questions: list[Question] = field(default_factory=list)

    def booklet(self, series: str, roll: str | None) -> Booklet | None:
        for booklet in self.booklets:
            if booklet.series == series and (booklet.roll == roll or booklet.roll is None):
                return booklet
        return None

    def to_json(self) -> str:
        data = {
            "version": LAYOUT_VERSION,
            "paper": self.paper,
            "page_size": [_r(v) for v in self.page_size],
            "marker_dictionary": DICTIONARY,
            "pages": [_page_json(p) for p in self.pages],
            "booklets": [
                {"series": b.series, "roll": b.roll, "name": b.name,
                 "questions": [{"q": p.number, "index": p.index, "key": p.key,
                                "option_order": list(p.option_order),
                                "question_id": self.questions[p.index].id}
                               for p in b.questions]}
                for b in self.booklets
            ],
            "questions": [q.to_dict() for q in self.questions],
        }
        return json.dumps(data, ensure_ascii=False, indent=1, sort_keys=True) + "\n"


def qr_payload(paper: str, series: str, roll: str | None, sheet: int) -> str:
    return f"{QR_PREFIX};{paper};{series};{roll or ''};{sheet}"


def parse_qr(text: str) -> tuple[str, str, str | None, int] | None:
    """(paper, series, roll, sheet) from a QR payload, or None if it is not one of ours."""
    parts = text.split(";")
    if len(parts) != 5 or parts[0] != QR_PREFIX or not parts[4].isdigit():
        return None
    return parts[1], parts[2], parts[3] or None, int(parts[4])


def _r(value: float) -> float:
    return round(value, 2)


def _bubble_json(b: Bubble, group: str, key: str) -> dict[str, Any]:
    return {group: b.group, key: b.key, "x": _r(b.x), "y": _r(b.y), "r": _r(b.r)}


def _page_json(p: SheetPage) -> dict[str, Any]:
    return {
        "page": p.page,
        "series": p.series,
        "roll": p.roll,
        "sheet": p.sheet,
        "qr": {"payload": p.qr, "x": _r(p.qr_box[0]), "y": _r(p.qr_box[1]),
               "size": _r(p.qr_box[2])},
        "markers": [{"id": i, "corners": [[_r(x), _r(y)] for x, y in corners]}
                    for i, corners in sorted(p.markers.items())],
        "bubbles": [_bubble_json(b, "q", "option") for b in p.answers],
        "roll_grid": [_bubble_json(b, "column", "digit") for b in p.roll_grid],
        "series_grid": [{"series": b.key, "x": _r(b.x), "y": _r(b.y), "r": _r(b.r)}
                        for b in p.series_grid],
    }


# -- reading ----------------------------------------------------------------------------------

def load_layout(path: Path) -> PaperLayout:
    """Read a layout file; anything malformed is one UsageError naming the file."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise UsageError(f"{path}: no such layout file (quizgen pdf --omr writes "
                         "FILE.omr.json beside FILE.pdf)") from None
    except (OSError, UnicodeDecodeError) as error:
        raise UsageError(f"{path}: cannot read: {error}") from None
    except json.JSONDecodeError as error:
        raise UsageError(f"{path}:{error.lineno}: not JSON: {error.msg}") from None
    try:
        return _layout_from(data)
    except (KeyError, TypeError, ValueError, IndexError, AttributeError) as error:
        raise UsageError(f"{path}: not a quizgen OMR layout file ({_describe(error)})") from None


def _describe(error: Exception) -> str:
    if isinstance(error, KeyError):
        return f"missing {error.args[0]!r}"
    return str(error) or type(error).__name__


def _layout_from(data: Any) -> PaperLayout:
    if not isinstance(data, dict):
        raise ValueError("the top level is not an object")
    if data.get("version") != LAYOUT_VERSION:
        raise ValueError(f"version {data.get('version')!r}; this quizgen reads version "
                         f"{LAYOUT_VERSION}")
    questions = [Question.from_dict(q) for q in data["questions"]]
    layout = PaperLayout(str(data["paper"]), tuple(_number(v) for v in data["page_size"]),
                         questions=questions)
    for p in data["pages"]:
        layout.pages.append(SheetPage(
            page=int(p["page"]), series=str(p["series"]),
            roll=None if p["roll"] is None else str(p["roll"]), sheet=int(p["sheet"]),
            qr=str(p["qr"]["payload"]),
            qr_box=(_number(p["qr"]["x"]), _number(p["qr"]["y"]), _number(p["qr"]["size"])),
            markers={int(m["id"]): tuple((_number(x), _number(y)) for x, y in m["corners"])
                     for m in p["markers"]},
            answers=tuple(Bubble(int(b["q"]), _letter(b["option"]), _number(b["x"]),
                                 _number(b["y"]), _number(b["r"])) for b in p["bubbles"]),
            roll_grid=tuple(Bubble(int(b["column"]), str(b["digit"]), _number(b["x"]),
                                   _number(b["y"]), _number(b["r"])) for b in p["roll_grid"]),
            series_grid=tuple(Bubble(1, str(b["series"]), _number(b["x"]), _number(b["y"]),
                                     _number(b["r"])) for b in p["series_grid"]),
        ))
    for b in data["booklets"]:
        printed = []
        for p in b["questions"]:
            index = int(p["index"])
            if not 0 <= index < len(questions):
                raise ValueError(f"question index {index} out of range")
            printed.append(PrintedQuestion(int(p["q"]), index, _letter(p["key"]),
                                           tuple(int(i) for i in p["option_order"])))
        layout.booklets.append(Booklet(str(b["series"]), None if b["roll"] is None
                                       else str(b["roll"]), str(b.get("name", "")),
                                       tuple(printed)))
    return layout


def _number(value: Any) -> float:
    """A coordinate: a finite number of points within a sheet's reach."""
    number = float(value)
    if not math.isfinite(number) or abs(number) > 100_000:
        raise ValueError(f"position {value!r} is not a number on a page")
    return number


def _letter(value: Any) -> str:
    if value not in LETTERS:
        raise ValueError(f"option {value!r} is not one of a-d")
    return value

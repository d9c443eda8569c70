"""Assemble the worksheet PDF (booklets, OMR sheets, answer key) and the separate key PDF.

Everything is drawn straight onto a reportlab canvas from stamps laid out once (see text.py);
invariant mode and fixed metadata make the same inputs give the same bytes.
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field

from quizgen.errors import UsageError
from quizgen.lang import LANGUAGES
from quizgen.model import Question
from quizgen.pdf.booklet import Series, make_series, make_student_series
from quizgen.pdf.cover import PaperInfo, default_minutes, draw_footer, header_stamp, say
from quizgen.pdf.fonts import REGULAR, fresh_devanagari, missing_characters, register_fonts
from quizgen.pdf.keypages import (
    explanation_pieces, explanations_heading_stamp, key_grid_pieces, key_title_stamp,
)
from quizgen.pdf.keys import KeyRow, key_rows
from quizgen.pdf.layout import (
    FRAME_HEIGHT, FRAME_TOP, MARGIN_X, PAGE_HEIGHT, PAGE_WIDTH, QuestionLayout, SharedStamps,
    fill_pages, layout_question, paginate, place_question,
)
from quizgen.omr.layout import Booklet, PaperLayout, PrintedQuestion, SheetPage, qr_payload
from quizgen.pdf.omr import draw_sheet_identity, omr_pages
from quizgen.pdf.text import Stamp, forget_shaping, stack

ANSWER_KEY_PLACES = ("end", "separate", "none")
DEFAULT_TITLE = "General Studies Paper I: Practice Test"
DEFAULT_TITLES = {"en": DEFAULT_TITLE, "hi": "सामान्य अध्ययन प्रश्न-पत्र I: अभ्यास परीक्षा",
                  "both": f"{DEFAULT_TITLE} / सामान्य अध्ययन प्रश्न-पत्र I: अभ्यास परीक्षा"}
KEY_BLOCK_GAP = 16.0
EXPLANATION_GAP = 9.0


@dataclass(frozen=True)
class WorksheetOptions:
    title: str = DEFAULT_TITLE
    institute: str = ""
    date: str = ""
    minutes: int | None = None  # default: the Prelims pace of 72 seconds a question
    series: tuple[str, ...] = ("A",)
    seed: int = 0
    answer_key: str = "end"  # end | separate | none
    explanations: bool = False
    omr: bool = False
    lang: str = "en"  # en, hi or both (English, then Hindi, as the Prelims booklet prints)
    # Personalised papers: (roll, name) per student, each with a booklet of its own.
    students: tuple[tuple[str, str], ...] = ()


@dataclass
class Worksheet:
    pdf: bytes
    key_pdf: bytes | None
    series: list[Series]
    key_rows: list[KeyRow]
    booklet_pages: dict[str, int] = field(default_factory=dict)  # pages per series
    key_pages: int = 0
    warnings: list[str] = field(default_factory=list)
    omr_layout: PaperLayout | None = None  # with options.omr: where every mark is


def build_worksheet(questions: list[Question], options: WorksheetOptions) -> Worksheet:
    """Lay out and draw the worksheet (and, with answer_key='separate', the key) in memory."""
    if not questions:
        raise UsageError("no questions to print")
    if options.answer_key not in ANSWER_KEY_PLACES:
        raise UsageError(f"--answer-key must be one of {', '.join(ANSWER_KEY_PLACES)}")
    if options.explanations and options.answer_key == "none":
        raise UsageError("--explanations go in the answer key; use --answer-key end or separate")
    if options.explanations and options.students:
        raise UsageError("--explanations cannot list a question's number in every student's "
                         "booklet; print the explanations in a run without --students")
    register_fonts()
    fresh_devanagari()  # Hindi (or a Devanagari word in an English bank) prints the same bytes
    forget_shaping()    # whatever this process printed before
    info = PaperInfo(
        title=options.title.strip() or DEFAULT_TITLES.get(options.lang, DEFAULT_TITLE),
        institute=options.institute.strip(),
        date=options.date.strip(),
        minutes=options.minutes or default_minutes(len(questions)),
        questions=len(questions),
        omr=options.omr,
        lang=options.lang,
    )
    if options.lang not in LANGUAGES:
        raise UsageError(f"--lang must be one of {', '.join(LANGUAGES)}")
    buffer = io.BytesIO()
    canvas = _new_canvas(buffer, info, "Question booklet")
    shared = SharedStamps(canvas)
    layouts = [layout_question(canvas, question, options.lang) for question in questions]
    # Every series has the same header height (only its letter differs).
    header_height = header_stamp(canvas, info, "A").height
    if header_height > FRAME_HEIGHT / 2:
        raise UsageError("the --title and --institute are too long for the cover; shorten them")
    first_capacity = FRAME_HEIGHT - header_height
    heights = [layout.height for layout in layouts]
    arrange = lambda order: fill_pages(order, heights, first_capacity, FRAME_HEIGHT)  # noqa: E731
    if options.students:
        series_list = make_student_series(questions, list(options.students), options.series,
                                          options.seed, arrange)
    else:
        series_list = make_series(questions, options.series, options.seed, arrange=arrange)
    omr_layout = None
    if options.omr:
        omr_layout = PaperLayout(paper_id(questions, options), (PAGE_WIDTH, PAGE_HEIGHT),
                                 questions=list(questions))
        omr_layout.booklets = [
            Booklet(series.letter, series.roll, series.name, tuple(
                PrintedQuestion(number, index, series.answer_letter(number),
                                series.option_orders[number - 1])
                for number, index in enumerate(series.order, start=1)))
            for series in series_list
        ]
    booklet_pages = _draw_booklets(canvas, info, shared, layouts, series_list, omr_layout)
    key_pages = 0
    key_pdf = None
    if options.answer_key == "end":
        key_pages = _draw_key(canvas, info, questions, series_list, options.explanations)
    _save(canvas)
    if options.answer_key == "separate":
        key_buffer = io.BytesIO()
        key_canvas = _new_canvas(key_buffer, info, "Answer key")
        key_pages = _draw_key(key_canvas, info, questions, series_list, options.explanations)
        _save(key_canvas)
        key_pdf = key_buffer.getvalue()
    return Worksheet(buffer.getvalue(), key_pdf, series_list, key_rows(questions, series_list),
                     booklet_pages, key_pages, _glyph_warnings(questions, info), omr_layout)


def paper_id(questions: list[Question], options: WorksheetOptions) -> str:
    """A short name for one printing of a paper: same questions, series and seed, same id."""
    import hashlib

    text = "\n".join([str(options.seed), ",".join(options.series),
                      ",".join(roll for roll, _ in options.students), *(q.id for q in questions)])
    return "p-" + hashlib.sha256(text.encode("utf-8")).hexdigest()[:10]


def _glyph_warnings(questions: list[Question], info: PaperInfo) -> list[str]:
    texts = {"the cover": " ".join((info.title, info.institute, info.date))}
    for q in questions:
        if info.lang != "en":
            hi = q.in_language("hi")
            texts[f"question {q.id} (Hindi)"] = " ".join(
                [hi.lead, hi.ask, hi.explanation, *hi.options, *hi.item_header,
                 *(cell for item in hi.items for cell in item.cells)])
        parts = [q.lead, q.ask, q.explanation, *q.options, *q.item_header]
        parts += [cell for item in q.items for cell in item.cells]
        parts += [f"{s.title} {s.quote} {s.outlet} {s.date}" for s in q.sources]
        texts[f"question {q.id}"] = " ".join(str(p) for p in parts)
    missing = missing_characters(texts)
    if not missing:
        return []
    # One line for the font, however many characters: a paper in another script would
    # otherwise bury the summary under a line per glyph.
    chars = sorted(missing)
    shown = ", ".join(f"{char!r} U+{ord(char):04X}" for char in chars[:MAX_LISTED])
    if len(chars) > MAX_LISTED:
        shown += f" and {len(chars) - MAX_LISTED} more"
    return [f"the font DejaVu Serif Condensed has no glyph for {len(chars)} "
            f"character{'s' if len(chars) > 1 else ''}, which print as blank boxes: {shown} "
            f"(first used in {missing[chars[0]]})"]


MAX_LISTED = 20


def _new_canvas(buffer: io.BytesIO, info: PaperInfo, what: str):
    from reportlab.pdfgen.canvas import Canvas

    # invariant=1: fixed creation date and document id, so output is byte-identical.
    canvas = Canvas(buffer, pagesize=(PAGE_WIDTH, PAGE_HEIGHT), invariant=1, pageCompression=1,
                    initialFontName=REGULAR)  # not Helvetica: every font in the file is embedded
    canvas.setTitle(f"{info.title} ({what})")
    canvas.setAuthor(info.institute or "quizgen")
    canvas.setCreator("quizgen")
    canvas.setSubject(what)
    return canvas


def _save(canvas) -> None:
    """Finish the PDF. Streams are Flate-compressed but not also ASCII85-armoured: that pure
    Python encoding took a third of the build time and only makes the file bigger."""
    from reportlab import rl_config

    saved = rl_config.useA85
    rl_config.useA85 = 0
    try:
        canvas.save()
    finally:
        rl_config.useA85 = saved


def _draw_booklets(canvas, info: PaperInfo, shared: SharedStamps, layouts: list[QuestionLayout],
                   series_list: list[Series], omr_layout: PaperLayout | None) -> dict[str, int]:
    sheet = omr_pages(canvas, info, info.questions) if omr_layout is not None else []
    pages_per_series: dict[str, int] = {}
    for series in series_list:
        header = header_stamp(canvas, info, series.letter, series.name, series.roll)
        heights = [layouts[index].height for index in series.order]
        pages = paginate(heights, FRAME_HEIGHT - header.height, FRAME_HEIGHT)
        total = len(pages) + len(sheet)
        footer = f"{info.title} · {say('Booklet Series', info.lang)} {series.letter}"
        if series.roll:
            footer += f" · Roll {series.roll}"
        for page_number, placements in enumerate(pages, start=1):
            top = FRAME_TOP
            if page_number == 1:
                header.place(canvas, MARGIN_X, top)
                top -= header.height
            for placement in placements:
                printed = placement.index
                place_question(canvas, shared, layouts[series.order[printed]], printed + 1,
                               series.option_orders[printed], MARGIN_X, top - placement.offset)
            _end_page(canvas, footer, page_number, total)
        for sheet_number, (stamp, geometry) in enumerate(sheet, start=1):
            stamp.place(canvas, 0, PAGE_HEIGHT)
            payload = qr_payload(omr_layout.paper, series.letter, series.roll, sheet_number)
            draw_sheet_identity(canvas, geometry, payload, series.roll, series.name)
            omr_layout.pages.append(SheetPage(
                page=canvas.getPageNumber(), series=series.letter, roll=series.roll,
                sheet=sheet_number, qr=payload, qr_box=geometry.qr_box,
                markers=geometry.markers, answers=tuple(geometry.answers),
                roll_grid=tuple(geometry.roll_grid), series_grid=tuple(geometry.series_grid)))
            _end_page(canvas, footer, len(pages) + sheet_number, total)
        pages_per_series[series.roll or series.letter] = total
    return pages_per_series


def _draw_key(canvas, info: PaperInfo, questions: list[Question], series_list: list[Series],
              explanations: bool) -> int:
    title = key_title_stamp(canvas, info, series_list)
    blocks: list[Stamp] = []
    gaps: list[float] = []
    for series in series_list:
        for i, piece in enumerate(key_grid_pieces(canvas, series)):
            blocks.append(piece)
            gaps.append(KEY_BLOCK_GAP if i == 0 else 0.0)
    if explanations:
        heading = explanations_heading_stamp(canvas, series_list, info.lang)
        for n, index in enumerate(series_list[0].order):
            pieces = explanation_pieces(canvas, questions[index], index, series_list, info.lang)
            for i, (stamp, space) in enumerate(pieces):
                if n == 0 and i == 0:  # the section heading stays with the first explanation
                    blocks.append(stack([heading, stamp]))
                    gaps.append(KEY_BLOCK_GAP)
                else:
                    blocks.append(stamp)
                    gaps.append(EXPLANATION_GAP if i == 0 else space)
    pages = _paginate_blocks(blocks, gaps, FRAME_HEIGHT - title.height)
    footer = f"{info.title} · {say('Answer key', info.lang)}"
    for page_number, placements in enumerate(pages, start=1):
        top = FRAME_TOP
        if page_number == 1:
            title.place(canvas, MARGIN_X, top)
            top -= title.height
        for index, offset in placements:
            blocks[index].place(canvas, MARGIN_X, top - offset)
        _end_page(canvas, footer, page_number, len(pages))
    return len(pages)


def _paginate_blocks(blocks: list[Stamp], gaps: list[float],
                     first_capacity: float) -> list[list[tuple[int, float]]]:
    """Like layout.paginate, with a gap of its own before each block; no stretching (a key's
    pages are read, not compared with a full page of questions)."""
    pages: list[list[tuple[int, float]]] = [[]]
    used, room = 0.0, first_capacity
    for index, block in enumerate(blocks):
        gap = gaps[index] if pages[-1] else 0.0
        if pages[-1] and used + gap + block.height > room:
            pages.append([])
            used, room, gap = 0.0, FRAME_HEIGHT, 0.0
        pages[-1].append((index, used + gap))
        used += gap + block.height
    return pages


def _end_page(canvas, footer: str, page_number: int, total: int) -> None:
    draw_footer(canvas, footer, page_number, total)
    canvas.showPage()


"""The answer key as printed: a grid per series, then (optionally) each question's explanation
and sources, once, numbered as in the first series with its numbers in the others."""

from __future__ import annotations

from quizgen.lang import in_language
from quizgen.model import Question, SourceRef
from quizgen.pdf.booklet import Series
from quizgen.pdf.cover import PaperInfo, say
from quizgen.pdf.fonts import BOLD, ITALIC, REGULAR
from quizgen.pdf.layout import (
    BODY_WIDTH, CONTENT_WIDTH, FRAME_HEIGHT, LEADING, NUMBER_WIDTH, SIZE, body, bold,
)
from quizgen.pdf.text import Run, Stamp, StampBuilder, stack, text_width, wrap_runs

KEY_COLUMNS = 10
KEY_ROW_HEIGHT = 15.0
KEY_HEAD_ROWS = 2  # rows kept with a series' heading


def key_title_stamp(canvas, info: PaperInfo, series_list: list[Series]) -> Stamp:
    b = StampBuilder(canvas)
    y = 0.0
    if info.institute:
        y -= b.paragraph([Run(info.institute.upper(), BOLD, 9.5, 0.3)], 0, y, CONTENT_WIDTH, 12)
        y -= 3
    y -= b.paragraph([Run(say("Answer key", info.lang) + ": ", BOLD, 17), Run(info.title, BOLD, 17)], 0, y,
                     CONTENT_WIDTH, 21)
    letters = ", ".join(s.letter for s in series_list)
    details = [f"Booklet series {letters}", f"{info.questions} questions"]
    if any(s.roll for s in series_list):
        details[0] = f"{len(series_list)} personalised booklets"
    if info.date:
        details.append(info.date)
    y -= 2
    y -= b.paragraph([Run(" · ".join(details), REGULAR, 9.5, 0.35)], 0, y, CONTENT_WIDTH, 13)
    y -= 6
    b.rule(0, CONTENT_WIDTH, y, width=1.4)
    y -= 14
    if any(s.roll for s in series_list):
        note = ("Each student's booklet has its own key: grade each answer sheet with the key "
                "of the roll number printed on it.")
        y -= b.paragraph([Run(note, ITALIC, 9, 0.3)], 0, y, CONTENT_WIDTH, 12)
        y -= 8
    elif len(series_list) > 1:
        note = ("Each series has its own key: grade each answer sheet with the key of the "
                "series marked on it.")
        y -= b.paragraph([Run(note, ITALIC, 9, 0.3)], 0, y, CONTENT_WIDTH, 12)
        y -= 8
    return b.finish(CONTENT_WIDTH, -y)


def key_grid_pieces(canvas, series: Series) -> list[Stamp]:
    """One series' key: question numbers in rows of ten, each with its letter. The heading and
    first rows come as one piece, then a piece per row, so a long key may run on a page."""
    count = len(series.answers)
    head = StampBuilder(canvas)
    heading = series.label if not series.name else f"{series.label} · {series.name}"
    head.text(0, -12, heading, Run("", BOLD, 12))
    pieces: list[Stamp] = []
    builder, y = head, -18.0
    for row in range(-(-count // KEY_COLUMNS)):
        if row >= KEY_HEAD_ROWS:
            if builder is head:
                pieces.append(head.finish(CONTENT_WIDTH, -y))
            builder, y = StampBuilder(canvas), 0.0
        _key_row(builder, series, row, y)
        y -= KEY_ROW_HEIGHT
        if row >= KEY_HEAD_ROWS:
            pieces.append(builder.finish(CONTENT_WIDTH, KEY_ROW_HEIGHT))
    if not pieces:
        return [head.finish(CONTENT_WIDTH, -y)]
    whole = stack(pieces)
    # Keep a series' key on one page when it fits; only a very long key runs on.
    return [whole] if whole.height <= FRAME_HEIGHT * 0.9 else pieces


def _key_row(b: StampBuilder, series: Series, row: int, top: float) -> None:
    if row % 2 == 0:
        b.box(0, top, CONTENT_WIDTH, KEY_ROW_HEIGHT, line=0, fill_gray=0.93)
    cell = CONTENT_WIDTH / KEY_COLUMNS
    for column in range(KEY_COLUMNS):
        number = row * KEY_COLUMNS + column + 1
        if number > len(series.answers):
            break
        x = column * cell
        label = str(number)
        b.text(x + 22 - text_width(label, REGULAR, 8.5), top - 10.5, label,
               Run("", REGULAR, 8.5, 0.4))
        b.text(x + 27, top - 10.5, f"({series.answer_letter(number)})", Run("", BOLD, 9.5))


def explanations_heading_stamp(canvas, series_list: list[Series], lang: str = "en") -> Stamp:
    b = StampBuilder(canvas)
    y = -14.0
    heading = say("Explanations", lang)
    b.text(0, y, heading, Run("", BOLD, 12))
    if len(series_list) > 1:
        note = (f"Numbered as in Series {series_list[0].letter}; each question's number and key "
                "in the other series follow it.")
        b.text(text_width(heading, BOLD, 12) + 10, y, note, Run("", ITALIC, 8.5, 0.35))
    y -= 6
    b.rule(0, CONTENT_WIDTH, y, width=0.5, gray=0.5)
    y -= 8
    return b.finish(CONTENT_WIDTH, -y)


KEEP_LINES = 2  # lines of the explanation kept on the page with its heading


def explanation_pieces(canvas, question: Question, question_index: int,
                       series_list: list[Series], lang: str = "en") -> list[tuple[Stamp, float]]:
    """One question's explanation as (stamp, space before) pieces that a page may break
    between: the heading with the first lines of the explanation, then one piece per line,
    so a long explanation with many sources fills a page instead of jumping to the next."""
    first = series_list[0]
    number = first.number_of(question_index)
    answer_letter = first.answer_letter(number)
    head = StampBuilder(canvas)
    head.text(0, -SIZE, f"{number}.", bold(""))
    y = 0.0
    languages = ("en", "hi") if lang == "both" else (lang,)
    key_text = " / ".join(in_language(question.options[question.answer], la) for la in languages)
    y -= head.paragraph([bold(f"{say('Answer', lang)} ({answer_letter}):"), body(key_text)],
                        NUMBER_WIDTH, y, BODY_WIDTH, LEADING)
    if len(series_list) > 1:
        others = " · ".join(
            f"Series {s.letter}: {s.number_of(question_index)} "
            f"({s.answer_letter(s.number_of(question_index))})"
            for s in series_list[1:]
        )
        y -= head.paragraph([Run(others, ITALIC, 8.5, 0.4)], NUMBER_WIDTH, y, BODY_WIDTH, 11)
    # (lines, leading, size, space before) for the explanation and each source.
    paragraphs = []
    if question.explanation:
        # The sources are listed below with their quotes: print the reason without their titles.
        for language in languages:
            reason = in_language(question.reason or question.explanation, language)
            paragraphs.append((wrap_runs([body(reason)], BODY_WIDTH), LEADING, SIZE, 1.0))
    for source in question.sources:
        paragraphs.append((wrap_runs(_source_runs(source), BODY_WIDTH), 11.0, 8.5, 1.0))
    pieces: list[tuple[Stamp, float]] = []
    kept = 0
    for lines, leading, size, space in paragraphs:
        for i, line in enumerate(lines):
            before = space if i == 0 else 0.0
            if kept < KEEP_LINES:
                y -= before
                y -= head.lines([line], NUMBER_WIDTH, y, leading, size)
                kept += 1
                continue
            if not pieces:
                pieces.append((head.finish(CONTENT_WIDTH, -y), 0.0))
            piece = StampBuilder(canvas)
            piece.lines([line], NUMBER_WIDTH, 0.0, leading, size)
            pieces.append((piece.finish(CONTENT_WIDTH, leading), before))
    if not pieces:
        pieces.append((head.finish(CONTENT_WIDTH, -y), 0.0))
    return pieces


def _source_runs(source: SourceRef) -> list[Run]:
    where = ", ".join(part for part in (source.outlet, _long_date(source.date)) if part)
    runs = [Run("Source:", BOLD, 8.5, 0.3)]
    if where:
        runs.append(Run(where + ",", REGULAR, 8.5, 0.3))
    if source.title:
        runs.append(Run(f"“{source.title}”" + (":" if source.quote else "."), ITALIC, 8.5, 0.3))
    if source.quote:
        runs.append(Run(f"(in other words) {source.quote}" if source.paraphrase else f"“{source.quote}”",
                        REGULAR, 8.5, 0.3))
    if source.url:
        runs.append(Run(source.url, REGULAR, 8, 0.45))
    return runs



def _long_date(value) -> str:
    """2018-09-06 (text or date) -> '6 September 2018'; anything else as written."""
    import datetime

    if isinstance(value, datetime.date):
        day = value
    else:
        try:
            day = datetime.date.fromisoformat(str(value or ""))
        except ValueError:
            return str(value or "")
    return f"{day.day} {_MONTHS[day.month - 1]} {day.year}"


_MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August",
           "September", "October", "November", "December")

"""Answer-key rows for every series, and their CSV form for grading in a spreadsheet."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass

from quizgen.model import Question
from quizgen.pdf.booklet import Series

CSV_HEADER = ("set", "question", "answer", "question_id")
ROLL_CSV_HEADER = ("roll", *CSV_HEADER)  # personalised papers: one key per student


@dataclass(frozen=True)
class KeyRow:
    series: str
    number: int
    letter: str
    question_id: str
    roll: str | None = None


def key_rows(questions: list[Question], series_list: list[Series]) -> list[KeyRow]:
    return [
        KeyRow(series.letter, number, series.answer_letter(number), questions[index].id,
               series.roll)
        for series in series_list
        for number, index in enumerate(series.order, start=1)
    ]


def key_csv_text(rows: list[KeyRow]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    with_roll = any(row.roll for row in rows)
    writer.writerow(ROLL_CSV_HEADER if with_roll else CSV_HEADER)
    for row in rows:
        fields = (row.series, row.number, row.letter, row.question_id)
        writer.writerow(((row.roll or ""), *fields) if with_roll else fields)
    return out.getvalue()

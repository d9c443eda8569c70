"""Answer-key rows for every series, and their CSV form for grading in a spreadsheet."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass

from quizgen.model import Question
from quizgen.pdf.booklet import Series

CSV_HEADER = ("set", "question", "answer", "question_id")


@dataclass(frozen=True)
class KeyRow:
    series: str
    number: int
    letter: str
    question_id: str


def key_rows(questions: list[Question], series_list: list[Series]) -> list[KeyRow]:
    return [
        KeyRow(series.letter, number, series.answer_letter(number), questions[index].id)
        for series in series_list
        for number, index in enumerate(series.order, start=1)
    ]


def key_csv_text(rows: list[KeyRow]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(CSV_HEADER)
    for row in rows:
        writer.writerow((row.series, row.number, row.letter, row.question_id))
    return out.getvalue()

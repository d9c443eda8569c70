"""Google Forms responses (the CSV Forms or Sheets downloads) read against the exported key.

The key is the .gs script `quizgen export --format forms` wrote (the questions ride inside it)
or a JSON export of the same questions. Columns are found by their titles: `Q<n>. ...` for
question n, the name item for the respondent (else an e-mail column), `Timestamp` for the time.
A cell is matched by its `(a)`..`(d)` prefix, else by the option's text; an empty cell is a blank.
"""

from __future__ import annotations

import csv
import io
import json
import re
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Sequence

from quizgen.distractors import normalise
from quizgen.errors import LoadError
from quizgen.export.forms import NAME_ITEM, read_key
from quizgen.gradebook import Sheet
from quizgen.model import LETTERS, Question

_TITLE = re.compile(r"^\s*Q(\d+)\.")
_LETTER = re.compile(r"^\s*\(([a-dA-D])\)")
_EMAIL_HEADERS = ("email address", "email", "e-mail")


def load_key(path: Path) -> list[Question]:
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as error:
        raise LoadError(f"cannot read the key: {getattr(error, 'strerror', None) or error}", path) from None
    try:
        data = read_key(text)
        if data is None:
            data = json.loads(text)
        if not isinstance(data, list) or not data:
            raise ValueError("no questions")
        return [Question.from_dict(item) for item in data]
    except (ValueError, KeyError, TypeError):
        raise LoadError("not a key: give the .gs file `quizgen export --format forms` wrote, "
                        "or a JSON export of the same questions", path) from None


def read_responses(path: Path, questions: Sequence[Question]) -> list[Sheet]:
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as error:
        raise LoadError(f"cannot read the responses: {getattr(error, 'strerror', None) or error}",
                        path) from None
    rows = list(csv.reader(io.StringIO(text, newline="")))
    if not rows:
        raise LoadError("no header row: download the responses as CSV from the form", path)
    header = [h.strip() for h in rows[0]]
    columns: dict[int, int] = {}  # question index -> column
    for column, title in enumerate(header):
        match = _TITLE.match(title)
        if match:
            columns.setdefault(int(match.group(1)) - 1, column)
    missing = [n + 1 for n in range(len(questions)) if n not in columns]
    if missing:
        raise LoadError(f"no column for Q{missing[0]} ({len(missing)} of {len(questions)} questions "
                        "missing); were these responses made with this key's form?", path, 1)
    extra = sorted(n + 1 for n in columns if n >= len(questions))
    if extra:
        raise LoadError(f"column Q{extra[0]} is not in the key ({len(questions)} questions); "
                        "were these responses made with this key's form?", path, 1)
    lowered = [h.lower() for h in header]
    name_column = next((i for i, h in enumerate(header) if h == NAME_ITEM), None)
    if name_column is None:
        name_column = next((i for i, h in enumerate(lowered) if h in _EMAIL_HEADERS), None)
    time_column = next((i for i, h in enumerate(lowered) if h == "timestamp"), None)
    sheets = []
    for line, row in enumerate(rows[1:], start=2):  # csv line numbers: cells may hold newlines
        if not any(cell.strip() for cell in row):
            continue
        cell = lambda column: row[column].strip() if column is not None and column < len(row) else ""  # noqa: E731
        answers = tuple(_choice(cell(columns[n]), q, path, line) for n, q in enumerate(questions))
        stamp = cell(time_column)
        sheets.append(Sheet(respondent=cell(name_column) or f"row {line}", submitted_at=stamp,
                            answers=answers, submitted=parse_forms_time(stamp), line=line))
    return sheets


def _choice(cell: str, question: Question, path: Path, line: int) -> int | None:
    if not cell:
        return None
    match = _LETTER.match(cell)
    if match:
        return LETTERS.index(match.group(1).lower())
    wanted = normalise(cell)
    for index, option in enumerate(question.options):
        if normalise(option) == wanted:
            return index
    short = cell if len(cell) <= 60 else cell[:57] + "..."
    raise LoadError(f"{short!r} is none of the options of {question.id}; were these responses "
                    "made with this key's form?", path, line)


_FORMS_TIME = re.compile(
    r"^(\d{4})[/-](\d{1,2})[/-](\d{1,2})[ T](\d{1,2}):(\d{2})(?::(\d{2}))?\s*([AP]M)?"
    r"(?:\s*(?:GMT|UTC)?\s*([+-])(\d{1,2})(?::?(\d{2}))?)?", re.IGNORECASE)


def parse_forms_time(text: str) -> datetime | None:
    """A Forms timestamp ("2026/11/30 2:34:56 PM GMT+5:30", "2026-11-30 14:34:56") as UTC;
    None for a layout we do not know (e.g. a locale's day/month order)."""
    match = _FORMS_TIME.match(text.strip())
    if not match:
        return None
    year, month, day, hour, minute, second, half, sign, off_h, off_m = match.groups()
    hour = int(hour)
    if half:
        hour = hour % 12 + (12 if half.upper() == "PM" else 0)
    offset = timedelta(0)
    if sign:
        offset = timedelta(hours=int(off_h), minutes=int(off_m or 0)) * (1 if sign == "+" else -1)
    try:
        moment = datetime(int(year), int(month), int(day), hour, int(minute), int(second or 0),
                          tzinfo=timezone(offset))
    except ValueError:
        return None
    return moment.astimezone(timezone.utc)

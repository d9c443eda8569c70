"""A class roster for personalised papers: a CSV with columns `roll,name`."""

from __future__ import annotations

import csv
import io
from pathlib import Path

from quizgen.errors import UsageError

ROLL_DIGITS = 8  # the OMR sheet's roll-number grid has eight columns
MAX_STUDENTS = 2000


def load_roster(path: Path) -> list[tuple[str, str]]:
    """(roll, name) per student, in the file's order. Rolls are 1-8 digits, each once."""
    try:
        text = path.read_bytes().decode("utf-8-sig")
    except FileNotFoundError:
        raise UsageError("no such roster file", path) from None
    except OSError as error:
        raise UsageError(f"cannot read: {error.strerror or error}", path) from None
    except UnicodeDecodeError:
        raise UsageError("not UTF-8 text; save the roster as CSV UTF-8", path) from None
    reader = csv.reader(io.StringIO(text))
    try:
        header = [cell.strip().lower() for cell in next(reader, [])]
    except csv.Error as error:
        raise UsageError(f"not CSV: {error}", path, 1) from None
    if "roll" not in header or "name" not in header:
        raise UsageError("the first row must name the columns roll,name", path, 1)
    roll_at, name_at = header.index("roll"), header.index("name")
    students: list[tuple[str, str]] = []
    seen: dict[str, int] = {}
    try:
        for row in reader:
            line = reader.line_num
            if not any(cell.strip() for cell in row):
                continue
            roll = row[roll_at].strip() if roll_at < len(row) else ""
            name = " ".join(row[name_at].split()) if name_at < len(row) else ""
            if not roll.isdigit() or not roll.isascii() or len(roll) > ROLL_DIGITS:
                raise UsageError(f"roll number {roll!r} is not 1-{ROLL_DIGITS} digits (the OMR "
                                 "sheet's roll-number grid)", path, line)
            roll = roll.zfill(ROLL_DIGITS)
            if roll in seen:
                raise UsageError(f"roll number {roll} is also on line {seen[roll]}", path, line)
            seen[roll] = line
            students.append((roll, name))
            if len(students) > MAX_STUDENTS:
                raise UsageError(f"more than {MAX_STUDENTS} students; split the roster",
                                 path, line)
    except csv.Error as error:
        raise UsageError(f"not CSV: {error}", path, reader.line_num) from None
    if not students:
        raise UsageError("no students under the roll,name header", path)
    return students

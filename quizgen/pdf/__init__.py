"""Printable PDF worksheets: booklet series with their own keys, OMR sheet, answer key.

`build_worksheet(questions, WorksheetOptions(...))` lays out and draws everything in memory;
`write_files({path: bytes})` writes the results so that no partial file is ever left behind.
"""

from quizgen.pdf.booklet import SERIES_LETTERS, Series, make_series, parse_series_letters
from quizgen.outputfile import write_files
from quizgen.pdf.keys import KeyRow, key_csv_text, key_rows
from quizgen.pdf.writer import (
    ANSWER_KEY_PLACES, DEFAULT_TITLE, Worksheet, WorksheetOptions, build_worksheet,
)

__all__ = [
    "ANSWER_KEY_PLACES", "DEFAULT_TITLE", "KeyRow", "SERIES_LETTERS", "Series", "Worksheet",
    "WorksheetOptions", "build_worksheet", "key_csv_text", "key_rows", "make_series",
    "parse_series_letters", "write_files",
]

"""Grade read sheets against the keys in the layout: one row per student and question, totals
per student under a marking scheme, and the tutor's decisions on doubtful bubbles.

UPSC marking: +2 right, -2/3 wrong, 0 blank; two marks on one question are wrong, as in the
exam. A doubtful question (faint or erased mark, or a sheet whose bubbled series disagrees with
its QR code) scores 0 until the tutor decides it with --accept or --override.
"""

from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass, field
from fractions import Fraction

from quizgen.errors import UsageError
from quizgen.marking import Marking
from quizgen.model import LETTERS
from quizgen.omr.layout import Booklet, PaperLayout
from quizgen.omr.read import SheetReading

RESULT_HEADER = ("roll", "series", "question", "question_id", "marked", "key", "status", "score")
TOTALS_HEADER = ("rank", "roll", "name", "series", "correct", "wrong", "blank", "doubtful",
                 "score", "max_score")
BLANK_WORDS = ("blank", "-", "")


@dataclass
class ResultRow:
    roll: str
    series: str
    question: int
    question_id: str
    marked: str  # a-d, "" or "multi"
    key: str
    status: str  # ok | blank | multi | doubtful | overridden
    score: Fraction
    reason: str = ""
    row_png: bytes | None = None
    index: int = 0  # into layout.questions
    chosen: int | None = None  # the original option index marked (for the attempt history)


@dataclass
class StudentResult:
    roll: str
    series: str
    name: str
    sources: list[str]
    rows: list[ResultRow] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)

    def count(self, *statuses: str) -> int:
        return sum(1 for row in self.rows if row.status in statuses)

    @property
    def correct(self) -> int:
        return sum(1 for row in self.rows if row.score > 0)

    @property
    def wrong(self) -> int:
        return sum(1 for row in self.rows if row.marked and row.marked != row.key
                   and row.status != "doubtful")

    @property
    def blank(self) -> int:
        return sum(1 for row in self.rows if not row.marked and row.status != "doubtful")

    @property
    def doubtful(self) -> int:
        return self.count("doubtful")

    @property
    def score(self) -> Fraction:
        return sum((row.score for row in self.rows), Fraction(0))


def parse_overrides(texts: list[str]) -> dict[tuple[str, int], str]:
    """--override ROLL:Q=c (c: a-d, or 'blank')."""
    overrides: dict[tuple[str, int], str] = {}
    for text in texts:
        head, _, answer = text.partition("=")
        roll, _, number = head.partition(":")
        answer = answer.strip().lower()
        if not roll.strip() or not number.strip().isdigit() or "=" not in text or (
                answer not in LETTERS and answer not in BLANK_WORDS):
            raise UsageError(f"--override {text!r}: write ROLL:QUESTION=LETTER, e.g. "
                             "--override 00012345:17=c (or =blank)")
        overrides[(roll.strip(), int(number))] = "" if answer in BLANK_WORDS else answer
    return overrides


def grade(readings: list[SheetReading], layout: PaperLayout, marking: Marking, *,
          accept: bool = False, overrides: dict[tuple[str, int], str] | None = None
          ) -> list[StudentResult]:
    overrides = dict(overrides or {})
    students: dict[tuple[str, str], StudentResult] = {}
    unknown = 0
    first_pages: dict[str, str] = {}  # series -> roll of the last first sheet page read
    for reading in readings:
        roll = reading.roll
        continuation = reading.page.sheet > 1 and not reading.page.roll_grid
        if continuation and roll is None:
            # The second sheet page of a long paper has no roll grid: it belongs to the
            # student of the first page scanned before it.
            roll = first_pages.get(reading.page.series)
        elif reading.page.sheet == 1 and roll is not None:
            first_pages[reading.page.series] = roll
        if roll is None:
            unknown += 1
            roll = f"unknown-{unknown}"
        series = reading.page.series
        booklet = layout.booklet(series, reading.page.roll)
        if booklet is None:
            raise UsageError(f"the layout has no booklet for series {series}")
        student = students.setdefault((roll, series), StudentResult(
            roll, series, booklet.name, []))
        if any(row.question in {q.number for q in reading.questions} for row in student.rows):
            student.problems.append(f"{reading.source} repeats a sheet already read for roll "
                                    f"{roll}; it was left out")
            continue
        student.sources.append(reading.source)
        if not reading.qr_read:
            student.problems.append(f"{reading.source}: the QR code could not be read; graded "
                                    f"as the bubbled series {series}")
        for problem in (reading.roll_problem, reading.series_problem):
            if problem:
                student.problems.append(f"{reading.source}: {problem}")
        sheet_doubt = reading.series_problem
        for question in reading.questions:
            student.rows.append(_row(roll, booklet, question, layout, marking, sheet_doubt,
                                     accept, overrides.pop((roll, question.number), None)))
    results = sorted(students.values(), key=lambda s: (s.roll, s.series))
    for result in results:
        result.rows.sort(key=lambda row: row.question)
    if overrides:
        names = ", ".join(f"{roll}:{number}" for roll, number in overrides)
        raise UsageError(f"--override names no graded question: {names}")
    return results


def _row(roll: str, booklet: Booklet, question, layout: PaperLayout, marking: Marking,
         sheet_doubt: str, accept: bool, override: str | None) -> ResultRow:
    number = question.number
    printed = booklet.questions[number - 1] if 0 < number <= len(booklet.questions) else None
    if printed is None or printed.number != number:  # only a hand-edited layout gets here
        raise UsageError(f"the layout's sheet has question {question.number} but its booklet "
                         "does not")
    status, marked, reason = question.status, question.marked, question.reason
    if sheet_doubt and status != "doubtful":
        status, reason = "doubtful", sheet_doubt
    suggestion = question.suggestion if question.status == "doubtful" else question.marked
    if override is not None:
        status, marked = "overridden", override
    elif accept and status == "doubtful":
        status, marked = "overridden", suggestion
    if status == "doubtful":
        marked, score = "", Fraction(0)
    elif marked == "multi":
        score = marking.wrong
    elif not marked:
        score = marking.unanswered
    else:
        score = marking.correct if marked == printed.key else marking.wrong
    chosen = printed.option_order[LETTERS.index(marked)] if marked in LETTERS else None
    return ResultRow(roll, booklet.series, question.number,
                     layout.questions[printed.index].id, marked, printed.key, status, score,
                     reason, question.row_png, printed.index, chosen)


def score_text(value: Fraction) -> str:
    """2, 0, -0.6667: four decimals at most, no trailing zeros."""
    text = f"{float(value):.4f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def results_csv(results: list[StudentResult]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(RESULT_HEADER)
    for student in results:
        for row in student.rows:
            writer.writerow((row.roll, row.series, row.question, row.question_id, row.marked,
                             row.key, row.status, score_text(row.score)))
    return out.getvalue()


def ranks(results: list[StudentResult]) -> dict[int, int]:
    """Competition ranking by score (1, 2, 2, 4): id(result) -> rank."""
    ordered = sorted(results, key=lambda s: -s.score)
    rank_of: dict[int, int] = {}
    for position, student in enumerate(ordered, start=1):
        previous = ordered[position - 2] if position > 1 else None
        if previous is not None and previous.score == student.score:
            rank_of[id(student)] = rank_of[id(previous)]
        else:
            rank_of[id(student)] = position
    return rank_of


def totals_csv(results: list[StudentResult], marking: Marking) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(TOTALS_HEADER)
    rank_of = ranks(results)
    for student in sorted(results, key=lambda s: (rank_of[id(s)], s.roll)):
        writer.writerow((rank_of[id(student)], student.roll, student.name, student.series,
                         student.correct, student.wrong, student.blank, student.doubtful,
                         score_text(student.score),
                         score_text(marking.max_score(len(student.rows)))))
    return out.getvalue()


def results_json(results: list[StudentResult], layout: PaperLayout, marking: Marking) -> str:
    rank_of = ranks(results)
    data = {
        "paper": layout.paper,
        "marking": marking.name,
        "students": [
            {"roll": s.roll, "name": s.name, "series": s.series, "rank": rank_of[id(s)],
             "score": round(float(s.score), 4), "correct": s.correct, "wrong": s.wrong,
             "blank": s.blank, "doubtful": s.doubtful, "scans": s.sources,
             "problems": s.problems,
             "questions": [{"question": r.question, "question_id": r.question_id,
                            "marked": r.marked, "key": r.key, "status": r.status,
                            "score": round(float(r.score), 4),
                            **({"reason": r.reason} if r.reason else {})}
                           for r in s.rows]}
            for s in results
        ],
    }
    return json.dumps(data, ensure_ascii=False, indent=1) + "\n"


def apply_key_csv(layout: PaperLayout, path) -> int:
    """Replace the layout's keys with those of a key CSV (as `pdf --key-csv` writes it, perhaps
    corrected by hand); returns how many keys changed. Every row must name a printed question
    of this paper (its question_id, when given, must match)."""
    from dataclasses import replace
    from pathlib import Path

    path = Path(path)
    try:
        text = path.read_bytes().decode("utf-8-sig")
    except OSError as error:
        raise UsageError(f"cannot read: {error.strerror or error}", path) from None
    except UnicodeDecodeError:
        raise UsageError("not UTF-8 text", path) from None
    reader = csv.DictReader(io.StringIO(text))
    missing = {"set", "question", "answer"} - set(reader.fieldnames or ())
    if missing:
        raise UsageError("the first row must name the columns set,question,answer "
                         "(as quizgen pdf --key-csv writes them)", path, 1)
    booklets = {(b.series, b.roll): b for b in layout.booklets}
    new_keys: dict[tuple[str, str | None], dict[int, str]] = {}
    try:
        for row in reader:
            line = reader.line_num
            roll = (row.get("roll") or "").strip() or None
            series = (row["set"] or "").strip().upper()
            number, answer = (row["question"] or "").strip(), (row["answer"] or "").strip().lower()
            booklet = booklets.get((series, roll))
            who = f"series {series}" + (f" roll {roll}" if roll else "")
            if booklet is None:
                raise UsageError(f"the layout has no booklet for {who}", path, line)
            if not number.isdigit() or not 1 <= int(number) <= len(booklet.questions):
                raise UsageError(f"question {number!r} is not on the paper (1-"
                                 f"{len(booklet.questions)})", path, line)
            if answer not in LETTERS:
                raise UsageError(f"answer {answer!r} is not one of a-d", path, line)
            printed = booklet.questions[int(number) - 1]
            question_id = (row.get("question_id") or "").strip()
            if question_id and question_id != layout.questions[printed.index].id:
                raise UsageError(f"question {number} of {who} is "
                                 f"{layout.questions[printed.index].id} in the layout, not "
                                 f"{question_id}: this key is for another paper", path, line)
            new_keys.setdefault((series, roll), {})[int(number)] = answer
    except csv.Error as error:
        raise UsageError(f"not CSV: {error}", path, reader.line_num) from None
    changed = 0
    for n, booklet in enumerate(layout.booklets):
        keys = new_keys.get((booklet.series, booklet.roll), {})
        questions = []
        for printed in booklet.questions:
            key = keys.get(printed.number, printed.key)
            changed += key != printed.key
            questions.append(replace(printed, key=key))
        layout.booklets[n] = replace(booklet, questions=tuple(questions))
    return changed

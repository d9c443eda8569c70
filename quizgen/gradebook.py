"""Scoring answer sheets gathered outside quizgen (Google Forms responses today), writing the
result file and recording each sheet in the attempt database.

A sheet is who answered, when, and the option chosen for each question (None: left blank).
Scores use a marking scheme from quizgen.marking (UPSC: +2, -2/3, blank 0) with exact
fractions. Result file: one CSV row per sheet,
`respondent,submitted_at,correct,wrong,unanswered,score,max_score,answers`, where `answers`
is the chosen letters in question order with `-` for a blank.
"""

from __future__ import annotations

import csv
import hashlib
import io
from dataclasses import dataclass
from datetime import datetime
from fractions import Fraction
from typing import TYPE_CHECKING, Sequence

from quizgen.marking import Marking, points
from quizgen.model import LETTERS

if TYPE_CHECKING:
    from quizgen.history import HistoryDB
    from quizgen.model import Question

RESULT_COLUMNS = ("respondent", "submitted_at", "correct", "wrong", "unanswered", "score",
                  "max_score", "answers")


@dataclass(frozen=True)
class Sheet:
    respondent: str
    submitted_at: str  # as the source wrote it
    answers: tuple[int | None, ...]  # per question, in key order
    submitted: datetime | None = None  # parsed, when the source's format is known
    line: int | None = None  # where the sheet is in its file


@dataclass(frozen=True)
class ScoredSheet:
    sheet: Sheet
    correct: int
    wrong: int
    unanswered: int
    score: Fraction
    max_score: Fraction

    @property
    def answer_letters(self) -> str:
        return "".join("-" if a is None else LETTERS[a] for a in self.sheet.answers)


def score_sheet(sheet: Sheet, questions: Sequence["Question"], marking: Marking) -> ScoredSheet:
    correct = sum(1 for a, q in zip(sheet.answers, questions) if a is not None and a == q.answer)
    wrong = sum(1 for a, q in zip(sheet.answers, questions) if a is not None and a != q.answer)
    unanswered = len(questions) - correct - wrong
    return ScoredSheet(sheet, correct, wrong, unanswered, marking.score(correct, wrong, unanswered),
                       marking.max_score(len(questions)))


def results_csv(scored: Sequence[ScoredSheet]) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(RESULT_COLUMNS)
    for s in scored:
        writer.writerow([s.sheet.respondent, s.sheet.submitted_at, s.correct, s.wrong,
                         s.unanswered, f"{points(s.score):.2f}", f"{points(s.max_score):.2f}",
                         s.answer_letters])
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def key_fingerprint(questions: Sequence["Question"]) -> str:
    """Names a key (its questions in order), so one sheet is recorded once per key."""
    return hashlib.sha1("|".join(q.id for q in questions).encode("utf-8")).hexdigest()[:12]


def record_sheets(db: "HistoryDB", questions: Sequence["Question"], scored: Sequence[ScoredSheet],
                  *, mode: str, source: str, marking: Marking, now: datetime) -> tuple[int, int]:
    """Store each sheet as a finished attempt; one already stored (same respondent, time and
    key) is skipped, so grading the same responses again adds nothing. Returns (added, skipped)."""
    fingerprint = key_fingerprint(questions)
    known = {(a.settings.get("respondent"), a.settings.get("submitted_at"), a.settings.get("key"))
             for a in db.attempts() if a.mode == mode}
    added = skipped = 0
    for s in scored:
        sheet = s.sheet
        if (sheet.respondent, sheet.submitted_at, fingerprint) in known:
            skipped += 1
            continue
        moment = sheet.submitted or now
        attempt_id = db.create_attempt(
            questions, started_at=moment, mode=mode, marking=marking.name,
            settings={"source": source, "respondent": sheet.respondent,
                      "submitted_at": sheet.submitted_at, "key": fingerprint})
        for position, (question, chosen) in enumerate(zip(questions, sheet.answers)):
            outcome = "skipped" if chosen is None else "correct" if chosen == question.answer else "wrong"
            db.record_answer(attempt_id, position, question, chosen=chosen, outcome=outcome,
                             seconds=0.0, answered_at=moment)
        db.finish_attempt(attempt_id, moment)
        added += 1
    return added, skipped

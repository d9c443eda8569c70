"""Read attempt databases (read-only) into plain records for the statistics."""

from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Sequence

from quizgen.controlchars import visible_data
from quizgen.errors import HistoryError
from quizgen.history import connect_readonly
from quizgen.srs import parse_time


@dataclass(frozen=True)
class Answer:
    """The final answer to one question of an attempt (unanswered if outcome is not
    correct/wrong)."""

    source: int  # index of the database it came from
    attempt_id: int
    position: int
    question_id: str
    chosen: int | None
    outcome: str  # correct | wrong | timeout | skipped | unanswered (never answered)
    seconds: float | None
    confidence: str | None
    answered_at: datetime | None
    topic: str
    style: str
    template: str
    question: dict  # Question.to_dict() as asked (options in the order shown)

    @property
    def answered(self) -> bool:
        return self.outcome in ("correct", "wrong")

    @property
    def correct(self) -> bool:
        return self.outcome == "correct"


@dataclass(frozen=True)
class Attempt:
    source: int
    id: int
    started_at: datetime
    finished_at: datetime | None
    mode: str
    marking: str
    answers: tuple[Answer, ...]  # one per question, in position order

    @property
    def finished(self) -> bool:
        return self.finished_at is not None


def open_readonly(path: str | Path) -> sqlite3.Connection:
    """Open an attempt database for reading, or raise HistoryError saying what to do."""
    path = Path(path)
    if not path.is_file():
        raise HistoryError(
            "no attempt database here; take a quiz first (quizgen quiz) or pass --db PATH",
            path=path,
        )
    conn = connect_readonly(path)  # refuses a newer schema; immutable on a read-only share
    conn.row_factory = None
    try:
        conn.execute("SELECT 1 FROM answers LIMIT 1").fetchall()
        conn.execute("SELECT 1 FROM attempts LIMIT 1").fetchall()
    except sqlite3.DatabaseError as error:
        raise HistoryError(
            f"not a quizgen attempt database ({error}); pass the file quizgen quiz wrote",
            path=path,
        ) from None
    return conn


def read_attempts(conn: sqlite3.Connection, source: int = 0) -> list[Attempt]:
    """Every attempt with its questions' final answers, oldest first."""
    try:
        return _read_attempts(conn, source)
    except (sqlite3.DatabaseError, KeyError, ValueError) as error:
        raise HistoryError(f"cannot read the attempt database: {error}") from None


def _read_attempts(conn: sqlite3.Connection, source: int) -> list[Attempt]:
    final: dict[tuple[int, int], tuple] = {}
    for row in conn.execute(
        "SELECT attempt_id, position, chosen, outcome, seconds, confidence, answered_at, "
        "topic, style, template FROM answers ORDER BY id"
    ):
        final[(row[0], row[1])] = row  # a later row for the same question replaces a skip
    questions: dict[int, list[tuple[int, str, dict]]] = {}
    for attempt_id, position, question_id, question_json in conn.execute(
        "SELECT attempt_id, position, question_id, question FROM attempt_questions "
        "ORDER BY attempt_id, position"
    ):
        questions.setdefault(attempt_id, []).append(
            (position, question_id, visible_data(json.loads(question_json)))
        )
    attempts = []
    for attempt_id, started_at, finished_at, mode, marking in conn.execute(
        "SELECT id, started_at, finished_at, mode, marking FROM attempts ORDER BY started_at, id"
    ):
        answers = []
        for position, question_id, question in questions.get(attempt_id, ()):
            row = final.get((attempt_id, position))
            if row is None:
                answers.append(Answer(
                    source, attempt_id, position, question_id, None, "unanswered", None, None,
                    None, question.get("topic", ""), question.get("style", ""),
                    question.get("template", ""), question,
                ))
                continue
            _, _, chosen, outcome, seconds, confidence, answered_at, topic, style, template = row
            if mode == "omr":  # a graded paper sheet: untimed, not 0 seconds a question
                seconds = None
            answers.append(Answer(
                source, attempt_id, position, question_id, chosen, outcome, seconds, confidence,
                parse_time(answered_at), topic or question.get("topic", ""),
                style or question.get("style", ""), template or question.get("template", ""),
                question,
            ))
        attempts.append(Attempt(
            source, attempt_id, parse_time(started_at),
            parse_time(finished_at) if finished_at else None, mode or "quiz",
            marking or "upsc", tuple(answers),
        ))
    return attempts


def load_databases(paths: Sequence[str | Path]) -> list[Attempt]:
    """Attempts from one or more databases (the same file named twice counts once)."""
    attempts: list[Attempt] = []
    seen: set[Path] = set()
    for source, path in enumerate(paths):
        resolved = Path(path).resolve()
        if resolved in seen:
            continue
        seen.add(resolved)
        conn = open_readonly(path)
        try:
            attempts.extend(read_attempts(conn, source))
        finally:
            conn.close()
    attempts.sort(key=lambda a: (a.started_at, a.source, a.id))
    return attempts

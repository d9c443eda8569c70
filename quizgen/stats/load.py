"""Read attempt databases (read-only, through HistoryDB) into plain records for the statistics."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from functools import cached_property
from pathlib import Path
from typing import Iterable, Iterator, Sequence

from quizgen.errors import HistoryError
from quizgen.history import HistoryDB, QuestionRecord, open_history_readonly
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
    record: QuestionRecord = field(repr=False, compare=False)

    @cached_property
    def question(self) -> dict:
        """Question.to_dict() as asked (options in the order shown); parsed on first use."""
        return self.record.question()

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


def open_readonly(path: str | Path) -> HistoryDB:
    """Open an attempt database for reading, or raise HistoryError saying what to do."""
    return open_history_readonly(path)


def read_attempts(db: HistoryDB, source: int = 0, questions: bool = True,
                  attempt_ids: Iterable[int] | None = None) -> list[Attempt]:
    """Every attempt (or these) with its questions' final answers, oldest first. With
    questions=False `Answer.question` is there only for questions never answered (the figures
    need no more)."""
    try:
        return _read_attempts(db, source, questions, None if attempt_ids is None else set(attempt_ids))
    except (KeyError, ValueError, TypeError) as error:
        raise HistoryError(f"cannot read the attempt database: {error}") from None


def _read_attempts(db: HistoryDB, source: int, with_json: bool, wanted: set[int] | None) -> list[Attempt]:
    final = {(r.attempt_id, r.position): r for r in db.final_answer_records(wanted)}
    unshown = {} if with_json else {(r.attempt_id, r.position): r
                                    for r, _ in db.unshown_questions(finished_only=False, attempt_ids=wanted)}
    questions: dict[int, list[QuestionRecord]] = {}
    for record in db.question_records(with_json, attempt_ids=wanted):
        record = unshown.get((record.attempt_id, record.position), record)
        questions.setdefault(record.attempt_id, []).append(record)
    attempts = []
    infos = db.attempts() if wanted is None else [a for a in db.attempts() if a.id in wanted]
    for info in sorted(infos, key=lambda a: (a.started_at, a.id)):
        answers = []
        for record in questions.get(info.id, ()):
            row = final.get((info.id, record.position))
            if row is None:
                question = record.question()
                answers.append(Answer(
                    source, info.id, record.position, record.question_id, None, "unanswered", None, None,
                    None, question.get("topic", ""), question.get("style", ""),
                    question.get("template", ""), record,
                ))
                continue
            topic, style, template = row.topic, row.style, row.template
            if not (topic and style and template) and record.question_json:  # rows from before
                question = record.question()
                topic, style = topic or question.get("topic", ""), style or question.get("style", "")
                template = template or question.get("template", "")
            # A graded paper sheet is untimed: not 0 seconds a question.
            seconds = None if info.mode == "omr" else row.seconds
            answers.append(Answer(
                source, info.id, record.position, record.question_id, row.chosen, row.outcome, seconds,
                row.confidence, parse_time(row.answered_at), topic, style, template, record,
            ))
        attempts.append(Attempt(
            source, info.id, parse_time(info.started_at),
            parse_time(info.finished_at) if info.finished_at else None, info.mode or "quiz",
            info.marking or "upsc", tuple(answers),
        ))
    return attempts


def distinct_databases(paths: Sequence[str | Path]) -> Iterator[tuple[int, str | Path]]:
    """(source number, path) of each database named, the same file named twice once."""
    seen: set[Path] = set()
    for source, path in enumerate(paths):
        resolved = Path(path).resolve()
        if resolved not in seen:
            seen.add(resolved)
            yield source, path


def load_databases(paths: Sequence[str | Path], questions: bool = True) -> list[Attempt]:
    """Attempts from one or more databases (the same file named twice counts once); see
    read_attempts for `questions`."""
    attempts: list[Attempt] = []
    for source, path in distinct_databases(paths):
        with open_readonly(path) as db:
            attempts.extend(read_attempts(db, source, questions))
    attempts.sort(key=lambda a: (a.started_at, a.source, a.id))
    return attempts

"""Graded sheets into the attempt database, as attempts of mode `omr`, so `quizgen stats`
and `stats --items` treat a printed class like terminal quizzes."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from quizgen.history import HistoryDB
from quizgen.omr.grade import StudentResult
from quizgen.omr.layout import PaperLayout

MODE = "omr"


@dataclass
class Recorded:
    added: list[tuple[str, int]]  # (roll, attempt id)
    already: list[tuple[str, int]]  # recorded by an earlier run with the same answers
    updated: list[tuple[str, int]]  # recorded before with other answers: replaced
    undecided: list[str]  # rolls with doubtful bubbles: not recorded until decided


def record_results(db: HistoryDB, results: list[StudentResult], layout: PaperLayout,
                   marking: str, at: datetime) -> Recorded:
    """One attempt per student, each question as printed in their booklet with the option
    they marked mapped back to the question's own option order."""
    done = {
        tuple(info.settings.get(k) for k in ("paper", "roll", "series")): info.id
        for info in db.attempts() if info.mode == MODE
    }
    recorded = Recorded([], [], [], [])
    for student in results:
        if student.doubtful:
            recorded.undecided.append(student.roll)
            continue
        key = (layout.paper, student.roll, student.series)
        questions = [layout.questions[row.index] for row in student.rows]
        answers = [(row.chosen, _outcome(row.marked, row.key)) for row in student.rows]
        earlier = done.get(key)
        if earlier is not None:
            stored = db.final_answers(earlier)
            if [(stored[p].chosen, stored[p].outcome) if p in stored else None
                    for p in range(len(answers))] == answers:
                recorded.already.append((student.roll, earlier))
                continue
        attempt_id = db.record_graded_attempt(
            questions, answers, at=at, mode=MODE, marking=marking,
            settings={"paper": layout.paper, "roll": student.roll, "series": student.series,
                      "name": student.name, "scans": student.sources},
            replaces=earlier)
        (recorded.added if earlier is None else recorded.updated).append(
            (student.roll, attempt_id))
    return recorded


def _outcome(marked: str, key: str) -> str:
    if not marked:
        return "skipped"
    return "correct" if marked == key else "wrong"  # two marks are wrong, as in the exam

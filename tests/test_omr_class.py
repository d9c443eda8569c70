"""`quizgen stats --class`: a printed class's graded sheets (attempts of mode omr) as mean,
spread, ranks, and each question's difficulty and discrimination."""

from __future__ import annotations

import statistics
from datetime import datetime, timezone
from fractions import Fraction

import pytest

from quizgen.history import open_history
from quizgen.model import Question
from tests.conftest import run_cli

# Five students, four questions: True right, False wrong, None blank.
SHEETS = {
    "00000001": [True, True, True, False],
    "00000002": [True, True, False, None],
    "00000003": [True, False, False, True],
    "00000004": [False, True, None, True],
    "00000005": [True, False, False, False],
}


@pytest.fixture
def class_db(tmp_path):
    generated = run_cli("generate", "--count", 4, "--seed", 3, "--format", "json")
    questions = [Question.from_dict(q) for q in generated.json()]
    path = tmp_path / "class.sqlite3"
    with open_history(path) as db:
        for roll, marks in SHEETS.items():
            answers = []
            for question, mark in zip(questions, marks):
                if mark is None:
                    answers.append((None, "skipped"))
                elif mark:
                    answers.append((question.answer, "correct"))
                else:
                    answers.append(((question.answer + 1) % 4, "wrong"))
            db.record_graded_attempt(questions, answers,
                                     at=datetime(2026, 5, 12, tzinfo=timezone.utc), mode="omr", settings={"paper": "p-test", "roll": roll,
                                                           "series": "A", "name": f"S{roll[-1]}"})
        # a terminal quiz in the same file is not part of the class
        db.record_graded_attempt(questions, [(None, "skipped")] * 4,
                                 at=datetime(2026, 5, 13, tzinfo=timezone.utc), mode="quiz")
    return path, questions


def upsc(marks) -> Fraction:
    return sum((Fraction(2) if m else Fraction(-2, 3) if m is False else Fraction(0)
                for m in marks), Fraction(0))


def test_class_mean_spread_and_ranks(class_db):
    path, questions = class_db
    result = run_cli("stats", "--db", path, "--class", "--format", "json")
    assert result.code == 0, result.err
    [report] = result.json()
    scores = {roll: float(upsc(marks)) for roll, marks in SHEETS.items()}
    assert report["students"] == 5 and report["questions"] == 4
    assert report["mean"] == round(statistics.mean(scores.values()), 2)
    assert report["spread"] == round(statistics.stdev(scores.values()), 2)
    ranked = [(r["rank"], r["roll"], r["score"]) for r in report["ranks"]]
    assert [roll for _, roll, _ in ranked] == sorted(scores, key=lambda r: (-scores[r], r))
    for rank, roll, score in ranked:  # equal scores share a rank (1, 2, 2, 4)
        assert rank == 1 + sum(1 for other in scores.values() if other > scores[roll])
        assert score == round(scores[roll], 2)


def test_each_question_has_difficulty_and_point_biserial_discrimination(class_db):
    path, questions = class_db
    [report] = run_cli("stats", "--db", path, "--class", "--format", "json").json()
    items = {item["question_id"]: item for item in report["items"]}
    assert set(items) == {q.id for q in questions}
    for n, question in enumerate(questions):
        hits = [1.0 if marks[n] else 0.0 for marks in SHEETS.values()]
        rest = [float(upsc(marks) - upsc([marks[n]])) for marks in SHEETS.values()]
        item = items[question.id]
        assert item["difficulty"] == round(sum(hits) / len(hits), 3)
        # the point-biserial is Pearson's r between right/wrong and the rest of the score
        assert item["discrimination"] == pytest.approx(statistics.correlation(hits, rest),
                                                       abs=0.001)


def test_class_table_and_no_sheets_message(class_db, tmp_path):
    path, questions = class_db
    table = run_cli("stats", "--db", path, "--class")
    assert table.code == 0
    assert "Class results: paper p-test · 5 students · 4 questions" in table.out
    assert "S1" in table.out and "discrimination" in table.out
    empty = tmp_path / "empty.sqlite3"
    open_history(empty).close()
    none = run_cli("stats", "--db", empty, "--class")
    assert none.code == 2 and "no graded OMR sheets" in none.err


def test_graded_sheets_are_untimed_in_the_progress_figures(class_db):
    path, questions = class_db
    data = run_cli("stats", "--db", path, "--format", "json").json()
    # only the terminal quiz's four questions have a time; the 20 answers on paper do not
    assert data["pace"]["timed_questions"] == 4
    assert [a["mode"] for a in data["attempts"]].count("omr") == 5

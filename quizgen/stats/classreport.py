"""A printed class's results from its graded OMR sheets (attempts of mode `omr`): mean and
spread of the scores, each student's rank, and each question's difficulty and discrimination.

Difficulty is the share of students who got a question right. Discrimination is the
point-biserial correlation between getting it right and the rest of the paper's score (the
total without that question, so a question does not correlate with itself): near 0 or
negative, the question does not separate strong students from weak ones, often a wrong key
or an ambiguous stem; above about 0.2 it does its job.
"""

from __future__ import annotations

import json
import math
import sqlite3
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Sequence

from quizgen.errors import HistoryError
from quizgen.marking import MARKINGS
from quizgen.stats.load import Attempt, open_readonly, read_attempts

MODE = "omr"
WEAK_DISCRIMINATION = 0.2


@dataclass
class StudentFigures:
    roll: str
    name: str
    series: str
    score: float
    correct: int
    wrong: int
    blank: int
    rank: int = 0


@dataclass
class ItemFigures:
    question_id: str
    stem: str
    students: int
    difficulty: float  # share right
    discrimination: float | None  # point-biserial with the rest score; None if undefined

    @property
    def weak(self) -> bool:
        return self.discrimination is not None and self.discrimination < WEAK_DISCRIMINATION


@dataclass
class ClassFigures:
    paper: str
    marking: str
    questions: int
    students: list[StudentFigures] = field(default_factory=list)
    items: list[ItemFigures] = field(default_factory=list)

    @property
    def mean(self) -> float:
        return sum(s.score for s in self.students) / len(self.students)

    @property
    def spread(self) -> float:
        """Sample standard deviation of the scores (0 for one student)."""
        if len(self.students) < 2:
            return 0.0
        mean = self.mean
        return math.sqrt(sum((s.score - mean) ** 2 for s in self.students)
                         / (len(self.students) - 1))

    def to_json(self) -> dict:
        return {
            "paper": self.paper, "marking": self.marking, "questions": self.questions,
            "students": len(self.students), "mean": round(self.mean, 2),
            "spread": round(self.spread, 2),
            "ranks": [{"rank": s.rank, "roll": s.roll, "name": s.name, "series": s.series,
                       "score": round(s.score, 2), "correct": s.correct, "wrong": s.wrong,
                       "blank": s.blank} for s in self.students],
            "items": [{"question_id": i.question_id, "stem": i.stem, "students": i.students,
                       "difficulty": round(i.difficulty, 3),
                       "discrimination": None if i.discrimination is None
                       else round(i.discrimination, 3), "weak": i.weak}
                      for i in self.items],
        }


def load_classes(paths: Sequence) -> list[ClassFigures]:
    """One ClassFigures per printed paper found in the databases, oldest paper first."""
    papers: dict[str, list[tuple[Attempt, dict]]] = {}
    for source, path in enumerate(paths):
        try:
            with open_readonly(path) as db:
                settings = {info.id: info.settings for info in db.attempts() if info.mode == MODE}
                for attempt in read_attempts(db, source):
                    if attempt.mode == MODE and attempt.id in settings:
                        info = settings[attempt.id]
                        papers.setdefault(str(info.get("paper", "?")), []).append((attempt, info))
        except (sqlite3.DatabaseError, ValueError) as error:
            raise HistoryError(f"cannot read the attempt database: {error}", path) from None
    return [class_figures(paper, sheets) for paper, sheets in papers.items()]


def class_figures(paper: str, sheets: list[tuple[Attempt, dict]]) -> ClassFigures:
    marking = MARKINGS.get(sheets[0][0].marking, MARKINGS["upsc"])
    figures = ClassFigures(paper, marking.name, len(sheets[0][0].answers))
    right: list[dict[str, bool]] = []
    points: list[dict[str, Fraction]] = []
    stems: dict[str, str] = {}
    for attempt, info in sheets:
        correct = sum(a.correct for a in attempt.answers)
        wrong = sum(a.outcome == "wrong" for a in attempt.answers)
        blank = len(attempt.answers) - correct - wrong
        figures.students.append(StudentFigures(
            str(info.get("roll", attempt.id)), str(info.get("name", "")),
            str(info.get("series", "")), float(marking.score(correct, wrong)), correct, wrong,
            blank))
        right.append({a.question_id: a.correct for a in attempt.answers})
        points.append({a.question_id: (marking.correct if a.correct else marking.wrong
                                       if a.outcome == "wrong" else marking.unanswered)
                       for a in attempt.answers})
        for a in attempt.answers:
            stems.setdefault(a.question_id, a.question.get("stem", ""))
    _rank(figures.students)
    totals = [sum(p.values(), Fraction(0)) for p in points]
    for question_id, stem in stems.items():
        taken = [n for n, r in enumerate(right) if question_id in r]
        hits = [right[n][question_id] for n in taken]
        rest = [float(totals[n] - points[n][question_id]) for n in taken]
        figures.items.append(ItemFigures(question_id, stem, len(taken),
                                         sum(hits) / len(taken), point_biserial(hits, rest)))
    figures.items.sort(key=lambda i: (i.discrimination is None, i.discrimination or 0.0))
    return figures


def point_biserial(hits: list[bool], scores: list[float]) -> float | None:
    """Correlation of a right/wrong item with a score: (M1 - M0) / s * sqrt(p q), s the
    population standard deviation; None when everyone (or no one) got it right or the scores
    do not vary."""
    n = len(hits)
    right = [s for h, s in zip(hits, scores) if h]
    other = [s for h, s in zip(hits, scores) if not h]
    if not right or not other:
        return None
    mean = sum(scores) / n
    spread = math.sqrt(sum((s - mean) ** 2 for s in scores) / n)
    if spread == 0:
        return None
    p = len(right) / n
    return (sum(right) / len(right) - sum(other) / len(other)) / spread * math.sqrt(p * (1 - p))


def _rank(students: list[StudentFigures]) -> None:
    students.sort(key=lambda s: (-s.score, s.roll))
    for n, student in enumerate(students):
        if n and students[n - 1].score == student.score:
            student.rank = students[n - 1].rank
        else:
            student.rank = n + 1


def class_renderables(classes: list[ClassFigures]) -> list:
    from rich.table import Table
    from rich.text import Text

    from quizgen.marking import format_score

    parts: list = []
    for figures in classes:
        parts.append(Text(f"Class results: paper {figures.paper} · {len(figures.students)} "
                          f"students · {figures.questions} questions · {figures.marking} marking",
                          style="bold"))
        maximum = MARKINGS[figures.marking].max_score(figures.questions)
        parts.append(Text(f"Mean {format_score(figures.mean)}, spread (SD) "
                          f"{figures.spread:.2f}, out of {format_score(maximum)}"))
        ranks = Table(title="Ranks", title_justify="left")
        for column in ("rank", "roll", "name", "series", "score", "right", "wrong", "blank"):
            ranks.add_column(column, justify="left" if column in ("roll", "name") else "right")
        for s in figures.students:
            ranks.add_row(str(s.rank), s.roll, s.name, s.series, format_score(s.score),
                          str(s.correct), str(s.wrong), str(s.blank))
        parts.append(ranks)
        items = Table(title="Questions, least discriminating first (weak: below "
                            f"{WEAK_DISCRIMINATION}; check the key and the stem)",
                      title_justify="left")
        for column in ("question", "right", "discrimination", "", "stem"):
            items.add_column(column, justify="left" if column in ("question", "stem", "") else
                             "right")
        for i in figures.items:
            items.add_row(i.question_id, f"{i.difficulty:.0%}",
                          "—" if i.discrimination is None else f"{i.discrimination:+.2f}",
                          "weak" if i.weak else "", " ".join(i.stem.split())[:70])
        parts.append(items)
    return parts

"""Distractor analytics for tutors: how often each option of each question was chosen.

Counts are kept per option *text*, against the number of answers in which that option was
shown: a regenerated question can carry other distractors or another order, so the letter a
student pressed means nothing across attempts, the text does.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from typing import Iterable, Sequence

from quizgen.model import LETTERS
from quizgen.stats.load import Answer, Attempt

MIN_ANSWERS_TO_FLAG = 20
WEAK_DISTRACTOR_SHARE = 0.05


@dataclass
class OptionFigures:
    text: str
    is_key: bool
    shown: int = 0  # answers in which this option was offered
    chosen: int = 0

    @property
    def share(self) -> float | None:
        return self.chosen / self.shown if self.shown else None


@dataclass
class QuestionFigures:
    question_id: str
    stem: str
    topic: str
    style: str
    template: str
    answers: int = 0  # answers that chose an option
    unanswered: int = 0
    options: list[OptionFigures] = field(default_factory=list)

    @property
    def correct(self) -> int:
        return sum(o.chosen for o in self.options if o.is_key)

    def weak_distractors(self) -> list[OptionFigures]:
        """Distractors almost nobody falls for, once there are enough answers to say so."""
        if self.answers < MIN_ANSWERS_TO_FLAG:
            return []
        return [o for o in self.options
                if not o.is_key and o.share is not None and o.share < WEAK_DISTRACTOR_SHARE]


def item_figures(attempts: Iterable[Attempt]) -> list[QuestionFigures]:
    """Per question (most answered first), the picks of every option it was shown with."""
    by_id: dict[str, QuestionFigures] = {}
    for attempt in attempts:
        for answer in attempt.answers:
            _count(by_id, answer)
    return sorted(by_id.values(), key=lambda q: (-q.answers, q.question_id))


def _count(by_id: dict[str, QuestionFigures], answer: Answer) -> None:
    question = answer.question
    figures = by_id.get(answer.question_id)
    if figures is None:
        figures = by_id[answer.question_id] = QuestionFigures(
            answer.question_id, question.get("stem", ""), answer.topic, answer.style,
            answer.template,
        )
    if answer.chosen is None or not answer.answered:
        figures.unanswered += 1
        return
    options = {o.text: o for o in figures.options}
    key = question["answer"]
    for index, text in enumerate(question["options"]):
        option = options.get(text)
        if option is None:
            option = OptionFigures(text, is_key=index == key)
            figures.options.append(option)
            options[text] = option
        option.shown += 1
        option.chosen += index == answer.chosen
    figures.answers += 1


CSV_COLUMNS = ("question_id", "topic", "style", "template", "answers", "unanswered", "option",
               "is_key", "shown", "chosen", "share", "weak_distractor", "stem")


def to_csv(questions: Sequence[QuestionFigures]) -> str:
    """One row per question option, for a spreadsheet."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for q in questions:
        weak = {id(o) for o in q.weak_distractors()}
        for option in q.options:
            share = option.share
            writer.writerow([
                q.question_id, q.topic, q.style, q.template, q.answers, q.unanswered,
                option.text, int(option.is_key), option.shown, option.chosen,
                "" if share is None else f"{share:.4f}", int(id(option) in weak), q.stem,
            ])
    return out.getvalue()


def to_json(questions: Sequence[QuestionFigures]) -> list[dict]:
    result = []
    for q in questions:
        weak = {id(o) for o in q.weak_distractors()}
        result.append({
            "question_id": q.question_id,
            "topic": q.topic,
            "style": q.style,
            "template": q.template,
            "stem": q.stem,
            "answers": q.answers,
            "correct": q.correct,
            "unanswered": q.unanswered,
            "options": [
                {"text": o.text, "is_key": o.is_key, "shown": o.shown, "chosen": o.chosen,
                 "share": None if o.share is None else round(o.share, 4),
                 "weak_distractor": id(o) in weak}
                for o in q.options
            ],
        })
    return result



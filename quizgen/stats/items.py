"""Distractor analytics for tutors: how often each option of each question was chosen.

A question id names a template and its facts; asked with another seed, the same id can carry
other distractors, another option order, or (for statement styles) other statements and so
another key. So answers are grouped by what was really asked: the question id, the stem and
the key's text. Within a group, counts are kept per option *text* against the number of
answers in which that option was shown, since the letter a student pressed means nothing across
orderings.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from typing import Iterable, Sequence

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
    variant: int  # 1, 2, ...: the versions of one question id (other stems or keys)
    stem: str
    key: str  # the correct option's text
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
    """Per question version (most answered first), the picks of every option it was shown
    with."""
    groups: dict[tuple[str, str, str], QuestionFigures] = {}
    for attempt in attempts:
        for answer in attempt.answers:
            _count(groups, answer)
    by_id: dict[str, list[QuestionFigures]] = {}
    for figures in groups.values():
        by_id.setdefault(figures.question_id, []).append(figures)
    for versions in by_id.values():
        versions.sort(key=lambda q: (-q.answers, q.stem, q.key))
        for number, figures in enumerate(versions, start=1):
            figures.variant = number
    return sorted(groups.values(), key=lambda q: (-q.answers, q.question_id, q.variant))


def _count(groups: dict[tuple[str, str, str], QuestionFigures], answer: Answer) -> None:
    question = answer.question
    stem = question.get("stem", "")
    key_text = question["options"][question["answer"]]
    figures = groups.get((answer.question_id, stem, key_text))
    if figures is None:
        figures = groups[(answer.question_id, stem, key_text)] = QuestionFigures(
            answer.question_id, 0, stem, key_text, answer.topic, answer.style, answer.template,
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


CSV_COLUMNS = ("question_id", "variant", "topic", "style", "template", "answers", "unanswered", "option",
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
                q.question_id, q.variant, q.topic, q.style, q.template, q.answers, q.unanswered,
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
            "variant": q.variant,
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



"""JSON: the questions as `quizgen generate` prints them (a list of Question.to_dict())."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Sequence

if TYPE_CHECKING:
    from quizgen.export import ExportOptions
    from quizgen.model import Question

NAME = "json"
SUFFIX = ".json"
DESCRIPTION = "every field of each question, for other tools"
WRITES_LANGUAGES = True  # the Hindi is in stem_hi, options_hi, ... of each question (to_dict)


def write(questions: Sequence["Question"], options: "ExportOptions | None" = None) -> bytes:
    text = json.dumps([q.to_dict() for q in questions], ensure_ascii=False, indent=2) + "\n"
    return text.encode("utf-8")

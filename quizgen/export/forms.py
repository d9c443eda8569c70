"""Google Forms: an Apps Script (.gs) file that creates the quiz as a Google Form.

Pasted into a new project at script.google.com and run (`createQuiz`), it makes a quiz-mode form:
a required name field, then one multiple-choice item per question with its points (+2), the
key and the explanation as feedback. Forms cannot take marks away, so the form's own score is
without negative marking: `quizgen grade --forms RESPONSES.csv --key THIS.gs` scores the
responses UPSC-style. The questions travel inside the script (`QUIZGEN_KEY`, one JSON line),
so the .gs file is also the key.

Item titles start with `Q<n>.` and choices with `(a)`..`(d)`: the response sheet's columns and
cells are found by them, whatever Forms does to the rest of the text.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any, Sequence

from quizgen.model import LETTERS

if TYPE_CHECKING:
    from quizgen.export import ExportOptions
    from quizgen.model import Question

NAME = "forms"
SUFFIX = ".gs"
DESCRIPTION = "Google Apps Script that creates a Google Forms quiz"

KEY_FORMAT = "quizgen-forms-key/1"
KEY_PREFIX = "var QUIZGEN_KEY = "
NAME_ITEM = "Name or roll number"
POINTS = 2

SCRIPT = """\
/**
 * Creates a Google Forms quiz from questions exported by quizgen.
 * 1. Open script.google.com, New project, replace the code with this file, save.
 * 2. Choose the function createQuiz and press Run; allow access to Google Forms.
 * 3. The log shows the link to share and the link to edit the form.
 * Forms gives +2 for the key but cannot take marks away: download the responses as CSV and
 * score them with UPSC negative marking:  quizgen grade --forms RESPONSES.csv --key THIS_FILE.gs
 */

function createQuiz() {
  var form = FormApp.create(QUIZ.title);
  form.setIsQuiz(true);
  form.setDescription(QUIZ.description);
  form.addTextItem().setTitle(QUIZ.nameItem).setRequired(true);
  QUIZ.questions.forEach(function (q) {
    var item = form.addMultipleChoiceItem();
    item.setTitle(q.title);
    if (q.help) {
      item.setHelpText(q.help);
    }
    item.setChoices(q.choices.map(function (text, index) {
      return item.createChoice(text, index === q.answer);
    }));
    item.setPoints(q.points);
    var feedback = FormApp.createFeedback().setText(q.feedback).build();
    item.setFeedbackForCorrect(feedback);
    item.setFeedbackForIncorrect(feedback);
  });
  Logger.log('Share: ' + form.getPublishedUrl());
  Logger.log('Edit: ' + form.getEditUrl());
}

"""


def item_title(number: int, question: "Question") -> str:
    head = question.lead or question.ask or question.stem
    return f"Q{number}. {' '.join(head.split())}"


def item_help(question: "Question") -> str:
    lines = []
    if question.item_header and question.layout == "table":
        lines.append(f"    {question.item_header[0]} — {question.item_header[1]}")
    lines += [f"{item.label}{item.separator} {' — '.join(item.cells)}" for item in question.items]
    if question.lead and question.ask:
        lines.append(question.ask)
    return "\n".join(lines)


def choice_text(index: int, option: str) -> str:
    return f"({LETTERS[index]}) {' '.join(option.split())}"


def _js_json(value: Any) -> str:
    # ASCII only: a JavaScript string literal cannot hold a raw line or paragraph separator
    # in older engines, and the file survives any editor's encoding.
    return json.dumps(value, ensure_ascii=True, sort_keys=True, separators=(",", ":"))


def write(questions: Sequence["Question"], options: "ExportOptions") -> bytes:
    quiz = {
        "title": options.title,
        "description": (f"{len(questions)} question{'s' if len(questions) != 1 else ''}, {POINTS} "
                        "marks each. UPSC marking: a wrong "
                        "answer costs a third of the marks, a blank costs nothing."),
        "nameItem": NAME_ITEM,
        "questions": [
            {"title": item_title(n, q), "help": item_help(q),
             "choices": [choice_text(i, o) for i, o in enumerate(q.options)],
             "answer": q.answer, "points": POINTS,
             "feedback": f"Answer: {choice_text(q.answer, q.options[q.answer])}. "
                         f"{q.reason or q.explanation}"}
            for n, q in enumerate(questions, start=1)
        ],
    }
    key = {"format": KEY_FORMAT, "title": options.title, "questions": [q.to_dict() for q in questions]}
    text = (SCRIPT + "var QUIZ = " + _js_json(quiz) + ";\n\n"
            + "// The key for `quizgen grade --forms`: keep this line as it is.\n"
            + KEY_PREFIX + _js_json(key) + ";\n")
    return text.encode("utf-8")


def read_key(text: str) -> list[dict[str, Any]] | None:
    """The question dicts stored in a script written by `write`; None if it holds no key."""
    for line in text.splitlines():
        if line.startswith(KEY_PREFIX):
            data = json.loads(line[len(KEY_PREFIX):].rstrip().rstrip(";"))
            if isinstance(data, dict) and data.get("format") == KEY_FORMAT:
                return data["questions"]
    return None

"""Anki (.apkg, via genanki): one note per question, updatable in place.

Anki updates a note on re-import only when the GUID matches and the note type is unchanged, so:
- the deck and note-type ids are fixed constants, and the note type's fields (FIELDS) never
  change: add a new note type rather than edit this one;
- a note's GUID comes from the question's family (bank, template, facts, variant), never from
  its text, so a typo fix or another seed updates the student's note and keeps its reviews;
- an export holds at most one question per family (two would share a GUID).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Sequence

from quizgen.export import html
from quizgen.export.apkg import package_bytes, tag
from quizgen.model import LETTERS

if TYPE_CHECKING:
    from quizgen.export import ExportOptions
    from quizgen.model import Question

NAME = "anki"
SUFFIX = ".apkg"
DESCRIPTION = "Anki deck, one note per question; re-import updates notes in place"

DECK_ID = 1_804_511_327
MODEL_ID = 1_587_306_449
MODEL_NAME = "quizgen MCQ"
GUID_SALT = "quizgen-question"  # a question note's GUID: guid_for(GUID_SALT, family)
FIELDS = ("Stem", "OptionA", "OptionB", "OptionC", "OptionD", "Key", "Answer", "Reason",
          "Sources", "Family", "QuestionId")

CSS = """\
.card { font-family: "Noto Sans", "Segoe UI", Arial, sans-serif; font-size: 19px;
        line-height: 1.45; color: #1d1d1f; background: #fff; text-align: left;
        max-width: 40em; margin: 0 auto; padding: 0 0.6em; }
.nightMode.card, .night_mode .card { color: #e8e8e8; background: #202124; }
.stem p { margin: 0.4em 0; }
.stem ol.items { margin: 0.4em 0; padding-left: 2em; }
.stem p.item b { font-weight: 600; }
table.pairs { border-collapse: collapse; margin: 0.5em 0; }
table.pairs th, table.pairs td { border: 1px solid #999; padding: 0.25em 0.6em; text-align: left; }
.options { margin-top: 0.7em; }
.option { margin: 0.25em 0; padding-left: 2.2em; text-indent: -2.2em; }
.letter { display: inline-block; width: 2.2em; text-indent: 0; font-weight: 600; }
.key { font-weight: 700; color: #1a7f37; margin: 0.5em 0; }
.nightMode .key, .night_mode .key { color: #4ac26b; }
.reason { margin: 0.5em 0; }
ul.sources { font-size: 0.85em; color: #555; padding-left: 1.2em; }
.nightMode ul.sources, .night_mode ul.sources { color: #aaa; }
"""

FRONT = """\
<div class="stem">{{Stem}}</div>
<div class="options">
<div class="option"><span class="letter">(a)</span>{{OptionA}}</div>
<div class="option"><span class="letter">(b)</span>{{OptionB}}</div>
<div class="option"><span class="letter">(c)</span>{{OptionC}}</div>
<div class="option"><span class="letter">(d)</span>{{OptionD}}</div>
</div>"""

BACK = """\
{{FrontSide}}
<hr id="answer">
<div class="key">Answer: {{Answer}}</div>
<div class="reason">{{Reason}}</div>
{{#Sources}}{{Sources}}{{/Sources}}"""


def note_type():
    import genanki

    return genanki.Model(
        MODEL_ID, MODEL_NAME,
        fields=[{"name": name} for name in FIELDS],
        templates=[{"name": "Question", "qfmt": FRONT, "afmt": BACK}],
        css=CSS,
    )


def note_fields(question: "Question") -> list[str]:
    return [
        html.stem_html(question),
        *(html.text(option) for option in question.options),
        LETTERS[question.answer],
        html.answer_html(question),
        html.text(question.reason or question.explanation),
        html.sources_html(question),
        html.text(question.family),
        html.text(question.id),
    ]


def note_guid(family: str) -> str:
    import genanki

    return genanki.guid_for(GUID_SALT, family)


def write(questions: Sequence["Question"], options: "ExportOptions") -> bytes:
    import genanki

    families = [q.family or q.id for q in questions]
    if len(set(families)) != len(families):
        raise ValueError("an Anki export holds one question per family (see export.one_per_family)")
    model = note_type()
    deck = genanki.Deck(DECK_ID, options.title)
    for question, family in zip(questions, families):
        deck.add_note(genanki.Note(
            model=model,
            fields=note_fields(question),
            guid=note_guid(family),
            tags=[tag("topic", question.topic), tag("style", question.style), tag("bank", question.bank)],
        ))
    return package_bytes(genanki.Package(deck), options.timestamp)


def preview_html(question: "Question") -> str:
    """A standalone page with the card's front and back as Anki shows them (the note type's
    templates filled with the note's fields, with its CSS), to check the card in a browser."""
    import re

    fields = dict(zip(FIELDS, note_fields(question)))

    def fill(template: str, extra: dict[str, str]) -> str:
        values = {**fields, **extra}
        template = re.sub(r"\{\{#(\w+)\}\}(.*?)\{\{/\1\}\}",
                          lambda m: m.group(2) if values.get(m.group(1)) else "", template, flags=re.S)
        return re.sub(r"\{\{(\w+)\}\}", lambda m: values[m.group(1)], template)

    front = fill(FRONT, {})
    back = fill(BACK, {"FrontSide": front})
    return ("<!doctype html><html><head><meta charset=\"utf-8\"><style>" + CSS
            + "body { margin: 0; background: #e8e8e8; } .side { background: #fff; margin: 10px; "
              "padding: 6px 12px; } .label { font: 12px monospace; color: #777; margin: 10px 10px 0; }"
            + "</style></head><body>"
            + f'<div class="label">front</div><div class="card side">{front}</div>'
            + f'<div class="label">back</div><div class="card side">{back}</div></body></html>\n')

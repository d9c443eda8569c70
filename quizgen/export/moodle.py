"""Moodle XML: `multichoice` questions with UPSC negative marking, for a Moodle question bank.

What Moodle's importer (question/format/xml) expects and this writes:
- one `category` question before each bank/topic group: `$course$/top/quizgen/<bank>/<topic>`;
- per question: single answer, options not shuffled (the paper's order is part of the item:
  numeric options ascend), numbered a-d, `defaultgrade` 2;
- fractions in percent from Moodle's allowed list: 100 for the key and -33.33333 for each
  wrong option (a third of the marks, UPSC's negative marking); exactly one choice at 100;
- the explanation and sources as general feedback;
- HTML in CDATA sections (a `]]>` inside the text is split across two sections), plain texts
  (names, category paths) XML-escaped.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Sequence

from quizgen.export import html

if TYPE_CHECKING:
    from quizgen.export import ExportOptions
    from quizgen.model import Question

NAME = "moodle"
SUFFIX = ".xml"
DESCRIPTION = "Moodle XML question bank (multichoice, UPSC negative marking)"

KEY_FRACTION = "100"
WRONG_FRACTION = "-33.33333"  # -1/3 as Moodle writes it; in its list of allowed grades
DEFAULT_GRADE = "2"


def xml_escape(text: str) -> str:
    # xml.sax.saxutils pulls in urllib and http.client: imported when a Moodle file is written,
    # not whenever the export registry is listed (`quizgen generate` lists it).
    from xml.sax.saxutils import escape

    return escape(text)


def cdata(text: str) -> str:
    return "<![CDATA[" + text.replace("]]>", "]]]]><![CDATA[>") + "]]>"


def category_path(question: "Question") -> str:
    parts = ["quizgen", question.bank or "bank", question.topic or "general"]
    # `/` separates levels in a Moodle category path; a literal one is written `//`.
    return "$course$/top/" + "/".join(p.replace("/", "//") for p in parts)


def write(questions: Sequence["Question"], options: "ExportOptions | None" = None) -> bytes:
    out = ['<?xml version="1.0" encoding="UTF-8"?>', "<quiz>"]
    by_category: dict[str, list[tuple[int, "Question"]]] = {}
    for number, question in enumerate(questions, start=1):
        by_category.setdefault(category_path(question), []).append((number, question))
    for path, group in by_category.items():
        out += ['  <question type="category">',
                f"    <category><text>{xml_escape(path)}</text></category>",
                '    <info format="html"><text></text></info>',
                "  </question>"]
        for number, question in group:
            out += _question(number, question)
    out.append("</quiz>")
    return ("\n".join(out) + "\n").encode("utf-8")


def _question(number: int, question: "Question") -> list[str]:
    name = f"Q{number} {question.lead or question.stem}".strip()
    if len(name) > 80:
        name = name[:79] + "…"
    lines = [
        '  <question type="multichoice">',
        f"    <name><text>{xml_escape(name)}</text></name>",
        f'    <questiontext format="html"><text>{cdata(html.stem_html(question))}</text></questiontext>',
        f'    <generalfeedback format="html"><text>{cdata(html.feedback_html(question))}</text></generalfeedback>',
        f"    <defaultgrade>{DEFAULT_GRADE}</defaultgrade>",
        "    <penalty>0</penalty>",
        "    <hidden>0</hidden>",
        f"    <idnumber>{xml_escape(question.id)}</idnumber>",
        "    <single>true</single>",
        "    <shuffleanswers>false</shuffleanswers>",
        "    <answernumbering>abc</answernumbering>",
        "    <showstandardinstruction>0</showstandardinstruction>",
    ]
    for index, option in enumerate(question.options):
        fraction = KEY_FRACTION if index == question.answer else WRONG_FRACTION
        lines += [
            f'    <answer fraction="{fraction}" format="html">',
            f"      <text>{cdata(html.text(option))}</text>",
            '      <feedback format="html"><text></text></feedback>',
            "    </answer>",
        ]
    tags = "".join(f"<tag><text>{xml_escape(t)}</text></tag>"
                   for t in (question.topic, question.style, question.bank) if t)
    lines.append(f"    <tags>{tags}</tags>")
    lines.append("  </question>")
    return lines

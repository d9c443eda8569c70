"""Plain substitutions (`{{ x }}`, `{{ x | longdate }}`, `{{ x[:1] | upper }}{{ x[1:] }}`) are
rendered without Jinja2; they must read exactly as Jinja2 renders them, for every bundled text
and every value a bank can hold."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from quizgen.errors import TemplateError
from quizgen.lang import Text
from quizgen.library import load_library
from quizgen.model import Location
from quizgen.render import CompiledText


def through_jinja(text: CompiledText, context: dict) -> str:
    """The same text forced through Jinja2 (no plain-substitution parts)."""
    forced = CompiledText(text.source, text.template_id, text.key, text.location)
    forced._parts = None
    return forced.render(context)


def outcome(render, text, context):
    try:
        return render(text, context)
    except TemplateError as error:
        return f"error: {error}"


STANDARD_BANK = Path(__file__).parent / "data" / "standard" / "space_programme.yaml"


@pytest.mark.parametrize("banks", [None, [STANDARD_BANK]], ids=["bundled", "standard-kinds"])
def test_every_bundled_text_on_every_fact_reads_as_jinja2_renders_it(banks):
    library = load_library(banks)
    compared = 0
    for template in library.templates:
        facts = [f for f in library.facts if f.kind == template.kind] if template.kind else []
        for key, text in template.texts.items():
            if text._parts is None:
                continue
            for fact in facts[:40]:
                context = dict(fact.fields, value=next(iter(fact.fields.values())), topic="the topic")
                assert outcome(CompiledText.render, text, context) == outcome(through_jinja, text, context), \
                    (template.id, key, fact.id)
                compared += 1
    assert compared > 300


@pytest.mark.parametrize("value", ["the Quad", "", "éclair", "ß-strasse", "1st", Text("the Quad", "क्वाड"),
                                   2018, 12.5, dt.date(2018, 9, 6), ["a", "b"], None, True])
def test_a_capitalised_value_of_any_type_reads_as_jinja2_renders_it(value):
    text = CompiledText("{{ name[:1] | upper }}{{ name[1:] }} was signed.", "t", "statement", Location("t.yaml", 1))
    assert text._parts is not None  # the idiom takes the plain path
    context = {"name": value}
    assert outcome(CompiledText.render, text, context) == outcome(through_jinja, text, context)


def test_a_missing_field_is_the_same_error_on_both_paths():
    text = CompiledText("{{ name[:1] | upper }}{{ name[1:] }} was signed.", "t", "statement", Location("t.yaml", 3))
    assert outcome(CompiledText.render, text, {}) == outcome(through_jinja, text, {})
    assert "is undefined" in outcome(CompiledText.render, text, {})

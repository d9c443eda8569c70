"""The render budget refuses blow-ups (see tests/data/hostile/) but never a real template:
bundled renders sit far below every cap, and ordinary Jinja2 (loops over a list field,
filters with sensible widths, macros, formatting) still works."""

from __future__ import annotations

from conftest import MINI_BANK, run_cli
from quizgen.render import MAX_SOURCE
from quizgen.sandbox import MAX_TEXT


def all_strings(value):
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from all_strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from all_strings(item)


def test_bundled_renders_are_far_below_the_budget():
    result = run_cli("generate", "--count", "1000", "--seed", "1")
    assert result.code == 0, result.err
    # Rendered texts only (an explanation joins several renders and the sources).
    rendered = [{key: q[key] for key in ("stem", "lead", "items", "options", "ask") if key in q}
                for q in result.json()]
    longest = max(len(text) for text in all_strings(rendered))
    assert longest < MAX_TEXT // 20, longest
    assert longest < MAX_SOURCE


def test_ordinary_jinja_still_works(write):
    templates = write("t.yaml", """
        templates:
          - id: enables-list
            style: single
            kind: agreement
            needs: [name, year, enables]
            answer: year
            stem: "{% macro item(x) %}{{ x|upper }}{% endmacro %}{% for x in enables %}{{ item(x) }}{% if not loop.last %}; {% endif %}{% endfor %}: {{ name|center(40)|trim }} ({{ '%05.1f'|format(year / 1000) }}, {{ '{:>8}'.format(name)|trim }}, {{ (name ~ ' ') * 3 }}{{ range(3)|sum }})?"
    """)
    result = run_cli("generate", "--bank", MINI_BANK, "--templates", templates, "--count", "1")
    assert result.code == 0, result.err
    stem = result.json()[0]["stem"]
    assert stem.startswith("ENCRYPTED COMMUNICATION EQUIPMENT; ARMED SEA GUARDIAN DRONES: COMCASA (002.0, COMCASA,")
    assert stem.endswith("COMCASA COMCASA COMCASA 3)?")

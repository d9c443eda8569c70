"""Render every bundled template x fact under many seeds; keys spread evenly over (a)-(d)."""

from __future__ import annotations

from collections import Counter

import pytest

from conftest import MINI_BANK, MINI_TEMPLATES
from quizgen.distractors import normalise
from quizgen.generate import enumerate_recipes, generate
from quizgen.library import load_library

SEEDS = range(50)


@pytest.fixture(scope="module", params=["bundled", "mini"])
def library(request):
    if request.param == "mini":
        return load_library([MINI_BANK], [MINI_TEMPLATES], strict=True)
    library = load_library(strict=True)
    assert library.templates and library.facts
    return library


@pytest.mark.parametrize("difficulty", ["hard", "easy"])
def test_every_template_and_fact_renders_under_many_seeds(library, difficulty):
    positions = Counter()
    built_templates = set()
    for seed in SEEDS:
        selection = generate(library, count=100_000, seed=seed, difficulty=difficulty)
        for q in selection.questions:
            assert len(q.options) == 4 and len({normalise(o) for o in q.options}) == 4, q.options
            assert 0 <= q.answer < 4
            assert q.explanation and q.sources
            positions[q.answer] += 1
            built_templates.add(q.template)
    total = sum(positions.values())
    assert total > 0
    for slot in range(4):
        assert 0.21 <= positions[slot] / total <= 0.29, positions
    question_templates = {r.template.id for r in enumerate_recipes(library)}
    assert built_templates == question_templates, question_templates - built_templates

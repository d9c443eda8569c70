"""Generation from a large archive samples recipes, and the output is still fixed by the seed."""

from __future__ import annotations

import random

import pytest
import yaml

from quizgen.generate import enumerate_recipes, generate
from quizgen.library import load_library
from quizgen import sampling

TEMPLATES = """
templates:
  - {id: year, style: single, kind: agreement, needs: [name, year], answer: year,
     stem: "In which year was {{ name }} signed?", distractors: [siblings, nearby]}
  - {id: office, style: single, kind: person, needs: [name, office], answer: name, given: [office],
     stem: "Who held the office of {{ office }}?", distractors: [siblings]}
"""


@pytest.fixture(scope="module")
def archive(tmp_path_factory):
    folder = tmp_path_factory.mktemp("archive")
    rng = random.Random(3)
    facts = []
    for i in range(sampling.SAMPLE_ABOVE + 500):
        if i % 2:
            facts.append({"id": f"ag-{i}", "kind": "agreement", "topics": ["rare" if i == 7 else "common"],
                          "fields": {"name": f"Agreement {i}", "year": rng.randrange(1950, 2025)},
                          "sources": [{"source": "s", "quote": f"Agreement {i}"}]})
        else:
            facts.append({"id": f"p-{i}", "kind": "person", "topics": ["common"],
                          "fields": {"name": f"Person {i}", "office": f"Office {i}"},
                          "sources": [{"source": "s", "quote": f"Person {i}"}]})
    bank = {"id": "archive", "title": "Archive", "kinds": {"agreement": {"name": "text", "year": "year"},
                                                          "person": {"name": "text", "office": "text"}},
            "topics": {"common": "common things", "rare": "a rare thing"},
            "sources": {"s": {"title": "Source", "outlet": "bench", "date": "2020-01-01"}}, "facts": facts}
    (folder / "bank.yaml").write_text(yaml.safe_dump(bank, sort_keys=False), encoding="utf-8")
    (folder / "templates.yaml").write_text(TEMPLATES, encoding="utf-8")
    return load_library([folder / "bank.yaml"], [folder / "templates.yaml"], strict=True)


def as_json(selection):
    return [q.to_dict() for q in selection.questions]


def test_a_large_archive_gives_the_same_questions_for_the_same_seed(archive):
    first = generate(archive, count=40, seed=11)
    assert len(first.questions) == 40
    assert as_json(first) == as_json(generate(archive, count=40, seed=11))
    assert as_json(first) != as_json(generate(archive, count=40, seed=12))


def test_only_a_sample_of_the_recipes_is_made(archive):
    size = sampling.sample_size(len(archive.facts), 40)
    assert size is not None and size < len(archive.facts)
    view = sampling.sampled_library(archive, size, 11)
    assert len(view.facts) == size
    assert len(list(enumerate_recipes(view))) < len(list(enumerate_recipes(archive))) / 2
    chosen = {fact for q in generate(archive, count=40, seed=11).questions for fact in q.facts}
    assert chosen <= {f.id for f in view.facts}


def test_every_key_is_still_the_facts_value(archive):
    by_id = {f.id: f for f in archive.facts}
    for question in generate(archive, count=60, seed=4).questions:
        fact = by_id[question.facts[0]]
        expected = fact.fields["year"] if question.template == "year" else fact.fields["name"]
        assert question.options[question.answer] == str(expected)


def test_a_filter_the_sample_cannot_meet_falls_back_to_every_fact(archive):
    selection = generate(archive, count=5, seed=1, topics=["rare"])
    assert [q.facts for q in selection.questions] == [("ag-7",)]

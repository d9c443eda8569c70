"""A cached archive is read lazily: a paper decodes only the facts it uses, and the indexes that
replace scans over every fact find exactly what the scans found."""

from __future__ import annotations

import json
import random

import pytest
import yaml

from quizgen.build import Builder
from quizgen.distractors import Pools, normalise, true_values
from quizgen.factstore import LazyFacts
from quizgen.generate import generate
from quizgen.library import load_library
from quizgen import sampling

TEMPLATES = """
templates:
  - {id: year, style: single, kind: agreement, needs: [name, year], answer: year,
     stem: "In which year was {{ name }} signed?", distractors: [siblings, nearby]}
  - {id: office, style: single, kind: person, needs: [name, office], answer: name, given: [office],
     similar: [country], stem: "Who held the office of {{ office }}?", distractors: [siblings]}
  - {id: year-claim, style: claim, kind: agreement, needs: [name, year], vary: year,
     statement: "{{ name }} was signed in {{ year }}.", distractors: [nearby]}
  - {id: office-claim, style: claim, kind: person, needs: [name, office], vary: office,
     statement: "{{ name }} held the office of {{ office }}.", distractors: [siblings]}
  - {id: topic-how-many, style: how-many, about: topic, claims: [year-claim, office-claim],
     intro: "With reference to {{ topic }}, consider the following statements:", statements: [3, 4]}
  - {id: year-pairs, style: pairs, kind: agreement, needs: [name, year], columns: [Agreement, Year],
     left: "{{ name }}", right: year, pairs: [4]}
"""
FACTS_PER_BANK = sampling.SAMPLE_ABOVE // 2 + 400


def write_bank(path, number: int) -> None:
    rng = random.Random(number)
    facts = []
    for i in range(FACTS_PER_BANK):
        if i % 2:
            facts.append({"id": f"b{number}-ag-{i}", "kind": "agreement", "topics": [f"t{i % 7}"],
                          "fields": {"name": f"Accord {number} {i}", "year": rng.randrange(1950, 2025)},
                          "sources": [{"source": "s", "quote": f"Accord {number} {i}"}]})
        else:
            facts.append({"id": f"b{number}-p-{i}", "kind": "person", "topics": [f"t{i % 7}"],
                          "fields": {"name": f"Person {number} {i}", "office": f"Office {i % 300}",
                                     "country": ["India", "USA", "Japan"][i % 3]},
                          "sources": [{"source": "s", "quote": f"Person {number} {i}"}]})
    bank = {"id": f"archive-{number}", "title": "Archive",
            "kinds": {"agreement": {"name": "text", "year": "year"},
                      "person": {"name": "text", "office": "text", "country": "text"}},
            # A topic phrase naming a fact: the how-many intro must keep that fact's values out
            "topics": {f"t{k}": f"topic {k}" for k in range(6)} | {"t6": f"the Accord {number} 1"},
            "sources": {"s": {"title": "Source", "outlet": "bench", "date": "2020-01-01"}}, "facts": facts}
    path.write_text(yaml.safe_dump(bank, sort_keys=False), encoding="utf-8")


@pytest.fixture(scope="module")
def archive_files(tmp_path_factory):
    folder = tmp_path_factory.mktemp("lazy-archive")
    banks = [folder / f"bank{n}.yaml" for n in (1, 2)]
    for number, path in enumerate(banks, start=1):
        write_bank(path, number)
    (folder / "templates.yaml").write_text(TEMPLATES, encoding="utf-8")
    return banks, [folder / "templates.yaml"], folder / "cache"


def decoded(library) -> int:
    return sum(sum(fact is not None for fact in bank.facts._made) for bank in library.banks)


def as_json(selection) -> str:
    return json.dumps([q.to_dict() for q in selection.questions], sort_keys=True, default=str)


def test_a_warm_archive_decodes_only_the_facts_a_paper_reads(archive_files):
    banks, templates, cache = archive_files
    uncached = load_library(banks, templates)
    load_library(banks, templates, cache_dir=cache)  # writes the cache
    warm = load_library(banks, templates, cache_dir=cache)
    assert all(isinstance(bank.facts, LazyFacts) for bank in warm.banks)
    assert decoded(warm) == 0
    paper = generate(warm, count=30, seed=5)
    total = warm.fact_count
    assert total == 2 * FACTS_PER_BANK
    # The seeded sample recipes are drawn from (quizgen.sampling), and few more: distractors,
    # truth checks and the paper's checks go through indexes, not through every fact.
    sample = sampling.sample_size(total, 30)
    assert sample is not None and sample < total // 2
    assert decoded(warm) <= sample + total // 20, f"{decoded(warm)} of {total} facts decoded for 30 questions"
    assert as_json(paper) == as_json(generate(uncached, count=30, seed=5))
    assert {q.style for q in paper.questions} >= {"single", "how-many", "pairs"}


def test_facts_come_back_whole_and_the_same_object_each_time(archive_files):
    banks, templates, cache = archive_files
    uncached = load_library(banks, templates)
    load_library(banks, templates, cache_dir=cache)
    warm = load_library(banks, templates, cache_dir=cache)
    bank = warm.banks[1]
    assert bank.facts[17] is bank.facts[17]
    assert bank.facts[-1] == uncached.banks[1].facts[-1]
    assert bank.facts[3:6] == uncached.banks[1].facts[3:6]
    assert warm.fact("b2-p-40") == uncached.fact("b2-p-40") == uncached.banks[1].facts[40]
    assert warm.fact("no-such-fact") is None
    assert list(warm.banks[0].facts) == uncached.banks[0].facts


def test_named_in_finds_what_a_scan_of_every_fact_finds(archive_files):
    banks, templates, _ = archive_files
    library = load_library(banks, templates)
    pools = Pools(library)
    for phrase in ("the accord 1 1", "with reference to accord 2 13 and person 1 4", "topic 3", "accord 1"):
        scanned = [f for f in library.facts if isinstance(f.fields.get("name"), str)
                   and f" {normalise(f.fields['name'])} " in f" {phrase} "]
        assert pools.named_in(phrase) == scanned


def test_alike_values_are_the_values_of_facts_the_stem_describes_alike(archive_files):
    banks, templates, _ = archive_files
    library = load_library(banks, templates)
    pools = Pools(library)
    people = [f for f in library.facts if f.kind == "person"]
    for fact in people[::97]:
        for given in (("office",), ("office", "country"), ()):
            mine = tuple(normalise(fact.fields.get(g)) for g in given)
            expected = {normalise(v) for other in people
                        if tuple(normalise(other.fields.get(g)) for g in given) == mine
                        for v in true_values(other, "name")}
            assert pools.alike_values(fact, "name", given) == expected


def test_a_scoped_template_reads_its_indexes_from_the_cache_as_built(archive_files):
    """The pairs style's table of true right sides, built over every fact, is stored with the
    library: a warm load answers from it without decoding a fact."""
    banks, templates, cache = archive_files
    uncached = load_library(banks, templates)
    load_library(banks, templates, cache_dir=cache)
    warm = load_library(banks, templates, cache_dir=cache)
    pairs = next(t for t in warm.templates if t.id == "year-pairs")
    from quizgen.styles.pairs import STYLE

    table = STYLE._true_rights(Builder(warm, Pools(warm), hard=True), pairs)
    assert decoded(warm) == 0
    expected = STYLE._true_rights(Builder(uncached, Pools(uncached), hard=True),
                                  next(t for t in uncached.templates if t.id == "year-pairs"))
    assert table == expected and len(table) == FACTS_PER_BANK

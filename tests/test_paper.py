"""A generated paper does not give itself away (issue 9, item 3).

Decided here from the bank and template YAML, read independently of the library: no stem or
statement twice, no two questions of one family, and no question whose shown text states what
another question asks (its key together with what that question's stem says about the fact).
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from conftest import english_only

from quizgen.generate import generate
from quizgen.library import load_library

ROOT = Path(__file__).parent.parent
SEEDS = range(20)


def load_yaml_dir(folder: str, key: str) -> dict[str, dict]:
    found = {}
    for path in sorted((ROOT / folder).glob("*.yaml")):
        for entry in english_only(yaml.safe_load(path.read_text(encoding="utf-8")))[key]:
            found[entry["id"]] = entry
    return found


FACTS = load_yaml_dir("question_banks", "facts")
TEMPLATES = load_yaml_dir("templates", "templates")


def norm(text: str) -> str:
    return " ".join(re.sub(r"[^\w\s]", " ", text.casefold()).split())


def mentions(text: str, phrase: str) -> bool:
    return re.search(rf"(?<!\w){re.escape(norm(phrase))}(?!\w)", norm(text)) is not None


def field_texts(fact: dict, shortest: int = 4) -> dict[str, str]:
    return {name: str(value) for name, value in fact["fields"].items()
            if isinstance(value, (str, int)) and len(str(value)) >= shortest}


def asked(question) -> list[tuple[str, list[str], str]]:
    """What the question asks: (the answer's text, what its stem tells about the fact, fact id)."""
    spec = TEMPLATES[question.template]
    if question.style == "single":
        fact = FACTS[question.facts[0]]
        clues = [text for name, text in field_texts(fact).items()
                 if name != spec["answer"] and mentions(question.lead, text)]
        return [(question.options[question.answer], clues, fact["id"])]
    if question.style == "pairs":
        found = []
        for fact_id in question.facts:
            fact = FACTS[fact_id]
            truth = str(fact["fields"][spec["right"]])
            row = next(item for item in question.items
                       if any(norm(item.cells[0]) == norm(text) or mentions(item.cells[0], text)
                              for text in field_texts(fact, shortest=2).values()))
            found.append((truth, [row.cells[0]], fact_id))
        return found
    return []


def shown(question) -> list[str]:
    """The texts a question puts before the candidate: its statements, pairs, events, and for a
    single question its stem with each option."""
    texts = [" ".join(item.cells) for item in question.items]
    if question.style == "single":
        texts += [f"{question.lead} {option}" for option in question.options]
    return texts


@pytest.fixture(scope="module")
def papers():
    library = load_library()
    return {seed: generate(library, count=100, seed=seed, overflow=False).questions for seed in SEEDS}


def test_papers_hold_at_least_thirty_five_questions_from_the_bundled_banks(papers):
    # 67 askable facts, at most three questions each and no (fact, field) twice: the rules must
    # not starve a paper (measured 39-57 over these seeds).
    assert all(len(paper) >= 35 for paper in papers.values()), {s: len(p) for s, p in papers.items()}


def test_no_paper_repeats_a_stem_or_a_statement_or_a_family(papers):
    for seed, paper in papers.items():
        stems = [norm(q.stem) for q in paper]
        assert len(set(stems)) == len(stems), seed
        families = [q.family for q in paper]
        assert len(set(families)) == len(families), seed
        statements = [norm(" ".join(item.cells)) for q in paper for item in q.items]
        repeated = {s for s in statements if statements.count(s) > 1}
        assert not repeated, (seed, repeated)


def test_no_question_is_answered_by_another_on_the_paper(papers):
    checked = 0
    for seed, paper in papers.items():
        for a in paper:
            for answer, clues, fact_id in asked(a):
                if not clues:
                    continue
                checked += 1
                for b in paper:
                    if b is a:
                        continue
                    for text in shown(b):
                        assert not (mentions(text, answer) and any(mentions(text, c) for c in clues)), (
                            f"seed {seed}: {b.id} shows {text!r}, answering {a.id} "
                            f"({a.stem!r} -> {answer!r}, fact {fact_id})")
    assert checked > 500


def test_the_same_check_finds_the_giveaways_of_a_paper_without_the_rules():
    """The independent check above is not vacuous: pooled questions do answer each other."""
    pool = generate(load_library(), count=1000, seed=1, paper=False).questions
    found = 0
    for a in pool:
        for answer, clues, _ in asked(a):
            if clues and any(mentions(text, answer) and any(mentions(text, c) for c in clues)
                             for b in pool if b is not a for text in shown(b)):
                found += 1
    assert found > 20


def test_a_short_paper_spreads_templates_and_facts():
    paper = generate(load_library(), count=20, seed=4).questions
    assert len(paper) == 20
    per_template = {}
    per_fact = {}
    for q in paper:
        per_template[q.template] = per_template.get(q.template, 0) + 1
        for fact in q.facts:
            per_fact[fact] = per_fact.get(fact, 0) + 1
    assert max(per_template.values()) <= 3
    assert max(per_fact.values()) <= 3


def test_asking_for_more_than_a_clean_paper_holds_adds_the_rest_after_it():
    from conftest import run_cli

    clean = generate(load_library(), count=1000, seed=2, overflow=False).questions
    result = run_cli("generate", "--count", "200", "--seed", "2")
    questions = result.json()
    assert [q["id"] for q in questions[:len(clean)]] == [q.id for q in clean]
    assert len(questions) == 200
    assert f"the banks allow {len(clean)} questions in which none gives another away" in result.err


def test_one_id_is_one_question_across_seeds_and_difficulties():
    library = load_library()
    by_id: dict[str, tuple] = {}
    for seed in range(12):
        for difficulty in ("hard", "easy"):
            for q in generate(library, count=1000, seed=seed, difficulty=difficulty, paper=False).questions:
                shown_as = (q.stem, tuple(sorted(q.options)), q.options[q.answer])
                assert by_id.setdefault(q.id, shown_as) == shown_as, q.id
    assert len(by_id) > 1000

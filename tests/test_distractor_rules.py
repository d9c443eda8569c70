"""The rules every question obeys, on hand-made banks and on random ones (hypothesis)."""

from __future__ import annotations

import tempfile
from pathlib import Path

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from quizgen.distractors import normalise
from quizgen.generate import generate
from quizgen.library import load_library

TEMPLATES = """
templates:
  - id: year-of
    style: single
    kind: thing
    needs: [name, year]
    answer: year
    stem: "When was {{ name }} founded?"
    distractors: [siblings, nearby]
  - id: name-in-category
    style: single
    kind: thing
    needs: [name, category]
    answer: name
    stem: "Which one of the following is a {{ category }}?"
    distractors: [siblings, decoys]
  - id: amount-of
    style: single
    kind: thing
    needs: [name, amount]
    answer: amount
    stem: "How much did {{ name }} cost?"
    option: "US$ {{ value }} billion"
    distractors: [nearby]
  - id: year-claim
    style: claim
    kind: thing
    needs: [name, year]
    vary: year
    statement: "{{ name }} was founded in {{ year }}."
    distractors: [siblings, nearby]
  - id: category-claim
    style: claim
    kind: thing
    needs: [name, category]
    vary: category
    statement: "{{ name }} is a {{ category }}."
    distractors: [siblings]
  - id: how-many
    style: how-many
    about: topic
    intro: "With reference to {{ topic }}, consider the following statements:"
    claims: [year-claim, category-claim]
    statements: [3, 4]
  - id: pairs
    style: pairs
    kind: thing
    needs: [name, category]
    columns: [Thing, Category]
    left: "{{ name }}"
    right: category
    pairs: [3, 4]
"""

CATEGORIES = ["port", "treaty", "Treaty ", "river", "dam", "fort"]

things = st.lists(
    st.tuples(st.integers(1900, 2030), st.sampled_from(CATEGORIES), st.floats(0.5, 500).map(lambda x: round(x, 1))),
    min_size=2, max_size=14,
)


def write_bank(directory: Path, rows) -> Path:
    facts = [
        {"id": f"t{i}", "kind": "thing", "topics": ["all"],
         "fields": {"name": f"Thing {chr(65 + i)}", "year": year, "category": category, "amount": amount},
         "sources": [{"source": "s", "quote": "q"}]}
        for i, (year, category, amount) in enumerate(rows)
    ]
    bank = {
        "id": "random", "title": "Random",
        "kinds": {"thing": {"name": "text", "year": "year", "category": "text", "amount": "number"}},
        "topics": {"all": "these things"},
        "sources": {"s": {"title": "S", "outlet": "O", "date": "2020-01-01"}},
        "decoys": {"thing.name": ["Thing Z", "Thing Y", "Thing X"]},
        "facts": facts,
    }
    path = directory / "bank.yaml"
    path.write_text(yaml.safe_dump(bank), encoding="utf-8")
    (directory / "templates.yaml").write_text(TEMPLATES, encoding="utf-8")
    return path


def check_question(q, facts_by_name, facts):
    norms = [normalise(o) for o in q.options]
    assert len(q.options) == 4 and len(set(norms)) == 4, q.options
    assert 0 <= q.answer < 4
    if q.template == "year-of":
        fact = facts_by_name[q.lead.removeprefix("When was ").removesuffix(" founded?")]
        correct = [o for o in q.options if o == str(fact["year"])]
        assert correct == [q.options[q.answer]]
    elif q.template == "name-in-category":
        category = q.lead.removeprefix("Which one of the following is a ").removesuffix("?")
        truly = {f["name"] for f in facts if normalise(f["category"]) == normalise(category)}
        assert [o for o in q.options if o in truly] == [q.options[q.answer]]
    elif q.template == "amount-of":
        fact = facts_by_name[q.lead.removeprefix("How much did ").removesuffix(" cost?")]
        values = [float(o.split()[1]) for o in q.options]
        assert values[q.answer] == fact["amount"]
        others = [v for i, v in enumerate(values) if i != q.answer]
        # never near-identical: at least 15 % apart from the answer and from each other
        everything = others + [fact["amount"]]
        for i, a in enumerate(everything):
            for b in everything[i + 1:]:
                assert abs(a - b) / max(a, b) >= 0.149, values


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(rows=things, seed=st.integers(0, 10_000), difficulty=st.sampled_from(["easy", "hard"]))
def test_random_banks_obey_the_rules(rows, seed, difficulty):
    with tempfile.TemporaryDirectory() as tmp:
        bank = write_bank(Path(tmp), rows)
        library = load_library([bank], [Path(tmp) / "templates.yaml"], strict=True)
        facts = [f.fields for f in library.facts]
        by_name = {f["name"]: f for f in facts}
        selection = generate(library, count=1000, seed=seed, difficulty=difficulty)
        for q in selection.questions:
            check_question(q, by_name, facts)


def test_sibling_sharing_the_answer_is_not_a_distractor(tmp_path):
    rows = [(2018, "port", 1.0), (2018, "dam", 2.0), (2016, "fort", 3.0), (2002, "river", 4.0), (2020, "treaty", 5.0)]
    bank = write_bank(tmp_path, rows)
    library = load_library([bank], [tmp_path / "templates.yaml"], strict=True)
    for seed in range(20):
        for q in generate(library, count=1000, seed=seed, styles=["single"]).questions:
            if q.template == "year-of" and q.lead == "When was Thing A founded?":
                assert q.options.count("2018") == 1


def test_a_value_true_of_another_fact_with_the_same_stem_is_never_offered(tmp_path):
    # Two ports: "Which one of the following is a port?" must not offer the other port.
    rows = [(2001, "port", 1.0), (2002, "port", 2.0), (2003, "dam", 3.0), (2004, "fort", 4.0), (2005, "river", 5.0)]
    bank = write_bank(tmp_path, rows)
    library = load_library([bank], [tmp_path / "templates.yaml"], strict=True)
    for seed in range(20):
        for q in generate(library, count=1000, seed=seed, styles=["single"]).questions:
            if q.lead == "Which one of the following is a port?":
                assert len({"Thing A", "Thing B"} & set(q.options)) == 1


def test_too_few_distractors_skips_instead_of_padding(tmp_path):
    rows = [(2001, "port", 1.0), (2002, "dam", 2.0)]
    bank = write_bank(tmp_path, rows)
    library = load_library([bank], [tmp_path / "templates.yaml"], strict=True)
    selection = generate(library, count=1000, seed=1, styles=["pairs"])
    assert selection.questions == []
    for q in generate(library, count=1000, seed=1).questions:
        assert not any("none of" in o.lower() and q.style == "single" for o in q.options)


def test_false_statements_do_not_borrow_a_value_shown_elsewhere_in_the_question(tmp_path):
    # Four things in the topic, eight categories in the bank: there is always a wrong category
    # that no other statement shows, so a false statement must use one.
    categories = ["port", "dam", "fort", "river", "canal", "bridge", "temple", "lighthouse"]
    facts = [
        {"id": f"t{i}", "kind": "thing", "topics": ["four"] if i < 4 else [],
         "fields": {"name": f"Thing {chr(65 + i)}", "category": c},
         "sources": [{"source": "s", "quote": "q"}]}
        for i, c in enumerate(categories)
    ]
    bank = {"id": "b", "title": "B", "kinds": {"thing": {"name": "text", "category": "text"}},
            "topics": {"four": "these four things"},
            "sources": {"s": {"title": "S", "outlet": "O"}}, "facts": facts}
    (tmp_path / "bank.yaml").write_text(yaml.safe_dump(bank), encoding="utf-8")
    (tmp_path / "t.yaml").write_text("""
templates:
  - {id: category-claim, style: claim, kind: thing, needs: [name, category], vary: category,
     statement: "{{ name }} is a {{ category }}.", distractors: [siblings]}
  - {id: four, style: how-many, about: topic, claims: [category-claim], statements: [4],
     intro: "With reference to {{ topic }}, consider the following statements:"}
""", encoding="utf-8")
    library = load_library([tmp_path / "bank.yaml"], [tmp_path / "t.yaml"], strict=True)
    truth = {f.fields["name"]: f.fields["category"] for f in library.facts}
    checked = 0
    for seed in range(40):
        for q in generate(library, count=100, seed=seed).questions:
            shown = [item.cells[0].removesuffix(".").split(" is a ") for item in q.items]
            for name, category in shown:
                if truth[name] != category:  # a false statement
                    others = [c for n, c in shown if n != name]
                    assert category not in others, q.stem
                    checked += 1
    assert checked > 20

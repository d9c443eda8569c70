"""Templates know what they assume: a template written for the India–US 2+2 never applies to
another bank's facts of the same kind, and topic phrases come from the question's own bank."""

from __future__ import annotations

import re

from conftest import DATA, run_cli
from quizgen.generate import generate
from quizgen.library import bundled_bank_dir, context_named, load_library, yaml_files

FOREIGN = DATA / "foreign" / "isro.yaml"
SEEDS = range(5)
# What would tie a question about ISRO facts to the 2+2: stated independently of the
# library's own heuristic, so a gap in one is caught by the other.
INDIA_US = re.compile(r"2\s*\+\s*2|India\s*[–—-]\s*US|India and the USA|with the USA|US Secretary|Ministerial Dialogue")


def texts(question) -> str:
    cells = [cell for item in question.items for cell in item.cells]
    return "\n".join([question.lead, *cells, question.ask, *question.options, question.explanation])


def mixed_library():
    return load_library([*yaml_files([bundled_bank_dir()]), FOREIGN])


def all_questions(library):
    questions = []
    for seed in SEEDS:
        questions.extend(generate(library, count=2000, seed=seed).questions)
    return questions


def test_no_question_about_a_foreign_bank_speaks_of_the_2plus2():
    library = mixed_library()
    foreign_ids = {f.id for f in library.facts if f.bank == "isro-missions"}
    questions = all_questions(library)
    foreign = [q for q in questions if set(q.facts) & foreign_ids]
    assert len(foreign) >= 20, "the foreign bank should still get questions from the generic templates"
    assert {q.bank for q in foreign} == {"isro-missions"}
    leaks = [(q.template, INDIA_US.search(texts(q))[0]) for q in foreign if INDIA_US.search(texts(q))]
    assert not leaks, leaks[:5]
    # A fact of another bank never sits in the same question as an India–US fact.
    assert all(set(q.facts) <= foreign_ids for q in foreign)


def test_no_bundled_question_takes_a_foreign_topic_phrase():
    library = mixed_library()
    foreign_bank = next(b for b in library.banks if b.id == "isro-missions")
    phrases = set(foreign_bank.topics.values())
    bundled = [q for q in all_questions(library) if q.bank != "isro-missions"]
    assert bundled
    taken = [(q.id, p) for q in bundled for p in phrases if p in texts(q)]
    assert not taken, taken[:5]
    # The bundled timeline topic still reads as the bundled bank wrote it.
    timeline = [q for q in bundled if q.template == "topic-statements" and q.topic.endswith(":timeline")]
    assert timeline and all("India–US defence and strategic relations" in q.lead for q in timeline)


def test_scoped_template_serves_only_its_banks():
    library = mixed_library()
    office = library.template("person-office-single")
    assert office.banks is not None and "isro-missions" not in office.banks
    somanath = next(f for f in library.facts if f.id == "somanath")
    assert not office.applies_to(somanath)
    pompeo = next(f for f in library.facts if f.kind == "person" and f.bank == "india-us-2plus2")
    assert office.applies_to(pompeo)


def test_every_bundled_template_naming_the_2plus2_is_scoped():
    library = load_library()
    for template in library.templates:
        for key, text in template.spec.items():
            if key in ("stem", "statement", "intro", "left", "option", "explanation", "columns") \
                    and INDIA_US.search(str(text)):
                assert template.banks, f"{template.id} names the India–US context but has no banks:"


def test_check_warns_about_an_unscoped_template_naming_a_context(write):
    templates = write("mine.yaml", """
        templates:
          - id: my-office
            style: single
            kind: person
            needs: [name, office]
            answer: office
            stem: "In which capacity did {{ name }} attend the India–Japan summit?"
          - id: my-scoped-office
            style: single
            kind: person
            banks: [isro-missions]
            needs: [name, office]
            answer: office
            stem: "Which office did {{ name }} hold at the 2+2?"
        """)
    result = run_cli("check", FOREIGN, templates)
    assert f"{templates}:7: warning: template 'my-office': its stem names 'India–Japan'" in result.out, result.out
    assert "my-scoped-office': its" not in result.out


def test_file_level_scope_and_per_template_override(write):
    templates = write("mine.yaml", """
        banks: [some-other-bank]
        templates:
          - id: office-elsewhere
            style: single
            kind: person
            needs: [name, office]
            answer: office
            stem: "Which office did {{ name }} hold?"
          - id: office-here
            style: single
            kind: person
            banks: [isro-missions]
            needs: [name, office]
            answer: office
            stem: "Which office did {{ name }} hold?"
        """)
    library = load_library([FOREIGN], [templates])
    questions = generate(library, count=100, seed=1).questions
    assert questions and {q.template for q in questions} == {"office-here"}


def test_bad_scope_is_a_problem(write):
    templates = write("mine.yaml", """
        templates:
          - id: office
            style: single
            kind: person
            banks: isro-missions
            needs: [name, office]
            answer: office
            stem: "Which office did {{ name }} hold?"
        """)
    result = run_cli("check", FOREIGN, templates)
    assert result.code == 1
    assert f"{templates}:5: template 'office': banks must be a non-empty list of bank ids" in result.out


def test_context_heuristic():
    assert context_named("the India–US 2+2 Ministerial Dialogue") == "2+2"
    assert context_named("signed between India and the USA") == "between India and the USA"
    assert context_named("India-China border talks") == "India-China"
    assert context_named("Statement-II is correct") is None
    assert context_named("In which year was {{ name }} launched?") is None

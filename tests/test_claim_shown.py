"""`shown` (the wrong value a false statement displays) is defined only for false statements."""

from __future__ import annotations

from conftest import MINI_BANK, run_cli

GUARDED = """
    templates:
      - id: year-claim
        style: claim
        kind: agreement
        needs: [name, year]
        vary: year
        statement: "{{ name }} was signed in {{ year }}."
        distractors: [nearby]
        explanation: "{{ name }} was signed in {{ year }}{% if shown is defined %}, not {{ shown }}{% endif %}."
      - id: year-statements
        style: statements
        about: fact
        kind: agreement
        needs: [name, year]
        intro: "With reference to {{ name }}, consider:"
        claims: [year-claim, year-claim]
        statements: [2]
    """


def test_true_statements_never_say_not_the_same_value(write):
    templates = write("t.yaml", GUARDED)
    result = run_cli("generate", "--bank", MINI_BANK, "--templates", templates, "--count", "40")
    assert result.code == 0, result.err
    notes = [q["explanation"] for q in result.json()]
    correct = [n for q in notes for n in q.split("Statement ")[1:] if "is correct:" in n.split(".")[0] + "."]
    wrong = [n for q in notes for n in q.split("Statement ")[1:] if "is incorrect:" in n]
    assert correct and wrong
    assert not any(", not " in n.split(" So ")[0] for n in correct)
    assert all(", not " in n for n in wrong)


def test_unguarded_shown_fails_check(write):
    templates = write("t.yaml", GUARDED.replace("{% if shown is defined %}, not {{ shown }}{% endif %}",
                                                ", not {{ shown }}"))
    result = run_cli("check", MINI_BANK, templates)
    assert result.code == 1
    assert "shown" in result.out

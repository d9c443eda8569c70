"""A tutor's own templates beside the bundled ones: --add-templates adds, --templates replaces."""

from __future__ import annotations

from conftest import run_cli

MINE = """
    templates:
      - id: my-agreement-fullname
        style: single
        kind: agreement
        banks: [india-us-2plus2]
        needs: [name, full_name]
        answer: full_name
        given: [name]
        stem: "What does {{ name }} stand for?"
        distractors: [siblings]
    """


def templates_used(result) -> set[str]:
    assert result.code == 0, result.err
    return {q["template"] for q in result.json()}


def test_add_templates_keeps_the_bundled_ones(write):
    mine = write("mine.yaml", MINE)
    added = templates_used(run_cli("generate", "--bank", "india-us-2plus2", "--add-templates", mine,
                                   "--count", "400", "--seed", "2"))
    assert "my-agreement-fullname" in added and "person-office-single" in added
    replaced = templates_used(run_cli("generate", "--bank", "india-us-2plus2", "--templates", mine,
                                      "--count", "400", "--seed", "2"))
    assert replaced == {"my-agreement-fullname"}


def test_check_add_templates(write):
    mine = write("mine.yaml", MINE)
    import re
    bundled = int(re.search(r"(\d+) templates", run_cli("check").err).group(1))
    result = run_cli("check", "--add-templates", mine)
    assert result.code == 0, result.out
    assert f"{bundled + 1} templates" in result.err  # the bundled ones and mine
    clash = write("clash.yaml", MINE.replace("my-agreement-fullname", "agreement-year-single"))
    result = run_cli("check", "--add-templates", clash)
    assert result.code == 1
    assert f"{clash}:2: duplicate template id 'agreement-year-single' (also at " in result.out
    assert "templates/agreements.yaml:" in result.out

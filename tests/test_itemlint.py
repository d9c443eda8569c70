"""`quizgen check --items`: every giveaway pattern is reported with its question, template and
fact (file:line); a clean bank passes; the fact-blind solver catches a leaky template."""

from __future__ import annotations

import dataclasses
import json
import re

import pytest

from conftest import DATA, run_cli
from quizgen.generate import generate
from quizgen.itemlint import PATTERNS, lint_runs
from quizgen.library import load_library

LINT = DATA / "itemlint"
BANK, TEMPLATES, GIVEAWAYS = LINT / "bank.yaml", LINT / "templates.yaml", LINT / "giveaways.json"
# template file:line: question id: pattern: detail (template T, fact F (bank file:line)) [run]
FINDING = re.compile(r"^(?P<where>\S+:\d+): (?P<question>q-[0-9a-f]{12}|style \S+): (?P<pattern>[a-z-]+): "
                     r"(?P<detail>.*) \(template (?P<template>\S+?)(?:, fact (?P<fact>\S+) \((?P<fact_at>\S+:\d+)\))?\)"
                     r"(?: \[.*\])?$")


def line_of(path, text: str) -> int:
    """The 1-based line of `path` holding `text` (a template's or fact's id)."""
    lines = path.read_text(encoding="utf-8").splitlines()
    return next(i for i, line in enumerate(lines, start=1) if text in line)


def findings(output: str) -> list[re.Match]:
    """The finding lines of `check --items` (the ordinary check's warnings also go to stdout)."""
    parsed = [FINDING.match(line) for line in output.splitlines() if line.strip() and ": warning: " not in line]
    assert all(parsed), f"a line is not a finding: {output}"
    return parsed


# Each question in giveaways.json shows the giveaways its `note` names. (pattern, template, fact).
EXPECTED = {
    ("swapped-pair", "term-pairs", "term-sky-bridge"),
    ("other-category", "term-pairs", "term-sky-bridge"),
    ("repeated-pair", "term-pairs", "term-iron-gate"),
    ("swapped-statement", "topic-statements", "term-north-wind"),
    ("after-as-of", "topic-statements", "milestone-port-deal"),
    ("self-reference", "topic-statements", "milestone-summit-agreed"),
    ("out-of-domain", "figure-amount-single", "figure-steel-share"),
    ("out-of-domain", "figure-amount-single", "figure-ports"),
    ("outside-lifetime", "milestone-year-single", "person-rao"),
    ("other-category", "term-name-single", "term-north-wind"),
    ("other-category", "term-name-single", "term-export-code"),
    ("odd-form", "term-name-single", "term-export-code"),
    ("odd-length", "term-name-single", "term-north-wind"),
}


def test_each_giveaway_in_a_paper_is_reported_with_template_and_fact_lines():
    result = run_cli("check", "--items", "--questions", GIVEAWAYS, BANK, TEMPLATES)
    assert result.code == 1, result.out + result.err
    found = findings(result.out)
    assert {(m["pattern"], m["template"], m["fact"]) for m in found} == EXPECTED
    ids = {q["id"] for q in json.loads(GIVEAWAYS.read_text(encoding="utf-8"))}
    for match in found:
        assert match["question"] in ids
        assert match["where"] == f"{TEMPLATES}:{line_of(TEMPLATES, '- id: ' + match['template'])}"
        assert match["fact_at"] == f"{BANK}:{line_of(BANK, '{id: ' + match['fact'] + ',')}"
    assert "10 distinct questions linted" in result.err
    assert f"{len(EXPECTED)} findings" in result.err


def test_findings_say_what_gives_the_question_away():
    output = run_cli("check", "--items", "--questions", GIVEAWAYS, BANK, TEMPLATES).out
    assert re.search(r"after-as-of: .*2022, after the bank's as_of date 2020-06-30", output)
    assert re.search(r"out-of-domain: .*\"117\" is not a percentage", output)
    assert re.search(r"out-of-domain: .*3\.5 for a count", output)
    assert re.search(r"outside-lifetime: .*Ada Rao \(2015–2020\) in 2014", output)
    assert re.search(r"odd-form: the key \(b\) \"EXPORT CODE\" alone differs .* in capitalisation", output)
    assert re.search(r"self-reference: statement 1 is dated against \"the first Arcadia–Borealis summit\"", output)


def test_the_generator_on_the_giveaway_bank_shows_the_data_made_giveaways():
    """Giveaways that come from the bank's own values (people of another category, values in a
    form no sibling shares): the generator cannot always hide them, the linter must see them."""
    result = run_cli("check", "--items", "--seeds", "2", BANK, TEMPLATES)
    assert result.code == 1
    found = {(m["pattern"], m["template"], m["fact"]) for m in findings(result.out)}
    assert ("other-category", "term-name-single", "term-export-code") in found
    assert any(pattern == "odd-form" for pattern, _, _ in found)
    assert re.search(r"built over 4 runs", result.err)
    for pattern in PATTERNS:
        assert re.search(rf"{pattern} \d+", result.err), pattern


def test_a_clean_bank_gives_no_findings():
    result = run_cli("check", "--items", LINT / "clean")
    assert result.code == 0, result.out
    assert result.out == ""
    assert "0 findings" in result.err


def test_the_blind_solver_reports_a_template_whose_key_is_always_the_longest_option():
    result = run_cli("check", "--items", LINT / "leaky")
    assert result.code == 1
    solver = [m for m in findings(result.out) if m["pattern"] == "blind-solver"]
    assert len(solver) == 1, result.out
    match = solver[0]
    assert match["question"] == "style single"
    assert match["template"] == "site-description-single"
    assert "longest option" in match["detail"]
    sample = re.search(r"answers (\d+) of (\d+) questions \((\d+) distinct\)", match["detail"])
    assert sample and int(sample[3]) >= 30 and int(sample[1]) / int(sample[2]) > 0.9
    # ...and each such question is reported on its own too.
    assert sum(m["pattern"] == "odd-length" for m in findings(result.out)) >= 10


def test_keys_stuck_on_one_letter_are_reported_for_their_style():
    """A paper whose keys are all (a), made by moving each key of a clean bank to the front."""
    library = load_library([LINT / "clean" / "bank.yaml"], [LINT / "clean" / "templates.yaml"])
    runs = []
    for seed in range(4):
        questions = generate(library, count=1000, seed=seed).questions
        front = [dataclasses.replace(q, options=(q.options[q.answer], *(o for i, o in enumerate(q.options)
                                                                        if i != q.answer)), answer=0)
                 for q in questions]
        runs.append((f"seed {seed}", seed, front))
    report = lint_runs(library, runs)
    by_pattern = {f.pattern: f for f in report.findings}
    assert "(a) 100%" in by_pattern["uneven-keys"].detail
    assert by_pattern["uneven-keys"].question == "style single"
    assert "most frequent key letter" in by_pattern["blind-solver"].detail


def test_the_clean_bank_with_balanced_keys_has_no_style_findings():
    library = load_library([LINT / "clean" / "bank.yaml"], [LINT / "clean" / "templates.yaml"])
    runs = [(f"seed {s}", s, generate(library, count=1000, seed=s).questions) for s in range(5)]
    report = lint_runs(library, runs)
    assert report.findings == []
    assert report.solver["single"].questions == len([q for _, _, qs in runs for q in qs])


@pytest.mark.parametrize("content, message", [
    ("{not json", "not JSON"),
    ('{"a": 1}', "expected a JSON list of questions"),
    ('[{"id": "q-1"}]', "question 1 is not a question"),
    ("[" * 100000 + "]" * 100000, "nested too deeply"),
])
def test_a_bad_questions_file_is_one_error_line(tmp_path, content, message):
    path = tmp_path / "paper.json"
    path.write_text(content, encoding="utf-8")
    result = run_cli("check", "--items", "--questions", path, BANK, TEMPLATES)
    assert result.code == 2
    lines = result.err.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith(f"Error: {path}") and message in lines[0], result.err


def test_item_options_need_items():
    result = run_cli("check", "--seeds", "3")
    assert result.code == 2
    assert "--items" in result.err


def test_bundled_banks_lint_quickly_and_report_every_pattern_count():
    result = run_cli("check", "--items", "--seeds", "1")
    assert result.code in (0, 1)
    assert "Traceback" not in result.err
    summary = next(line for line in result.err.splitlines() if line.startswith("items: "))
    assert re.search(r"\(\d+(\.\d)? s\)$", summary)
    assert all(f"{pattern} " in summary for pattern in PATTERNS)


def test_bundled_banks_have_no_giveaways():
    """CI's run of the linter on the bundled banks (5 seeds, easy and hard): clean, and quick
    enough to stay in every run (a few seconds here; bounded generously for a busy machine)."""
    result = run_cli("check", "--items")
    assert result.code == 0, result.out
    summary = next(line for line in result.err.splitlines() if line.startswith("items: "))
    assert " 0 findings: " in summary, summary
    assert float(re.search(r"\((\d+(?:\.\d)?) s\)$", summary)[1]) < 60, summary


def test_the_blind_solver_remembers_which_fixed_option_is_usually_the_key():
    """Statement codes keyed "1 and 2 only" whenever it is on show: the code gives the key away."""
    library = load_library([BANK], [TEMPLATES])
    runs = []
    for seed in range(40):
        questions = generate(library, count=1000, seed=seed, styles=["statements"]).questions
        runs.append((f"seed {seed}", seed, [q for q in questions if q.options[q.answer] == "1 and 2 only"]))
    report = lint_runs(library, runs)
    solver = [f for f in report.findings if f.pattern == "blind-solver"]
    assert [f.question for f in solver] == ["style statements"]
    assert "most frequent key among the style's fixed options" in solver[0].detail
    assert report.solver["statements"].accuracy > 0.9

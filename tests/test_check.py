"""`quizgen check`: clean banks pass; each broken bank fails with the right file:line."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import DATA, MINI_BANK, MINI_TEMPLATES, run_cli

BROKEN = sorted((DATA / "broken").glob("*.yaml"))


def expectation(path: Path) -> tuple[int, int, str]:
    """Each broken file states on its first line what check must say: exit code, line, text."""
    first = path.read_bytes().split(b"\n", 1)[0].decode("ascii")
    match = re.match(r'# expect: (\d) exit, line (\d+), "(.+)"', first)
    assert match, f"{path} lacks an expectation line"
    return int(match[1]), int(match[2]), match[3]


def test_mini_bank_is_clean():
    result = run_cli("check", MINI_BANK, MINI_TEMPLATES)
    assert result.code == 0, result.out
    assert "OK:" in result.err


def test_bundled_banks_are_clean():
    result = run_cli("check", "--strict")
    assert result.code == 0, result.out + result.err
    assert "0 problems" in result.err


@pytest.mark.parametrize("path", BROKEN, ids=[p.stem for p in BROKEN])
def test_broken_file_is_reported_at_its_line(path):
    code, line, text = expectation(path)
    args = [MINI_BANK, path] if "templates:" in path.read_text("utf-8", "replace") else [path]
    result = run_cli("check", *args)
    assert result.code == code, result.out + result.err
    output = result.out + result.err
    assert f"{path}:{line}: " in output, output
    assert text in output
    assert "Traceback" not in output


@pytest.mark.parametrize("path", BROKEN, ids=[p.stem for p in BROKEN])
def test_generate_refuses_broken_input_with_one_line(path):
    is_template = "templates:" in path.read_text("utf-8", "replace")
    args = ["--bank", MINI_BANK, "--templates", path] if is_template else ["--bank", path, "--templates", MINI_TEMPLATES]
    result = run_cli("generate", *args)
    assert result.code == 2
    assert result.out == ""
    lines = result.err.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("Error: ") and str(path) in lines[0], result.err


def test_missing_file_is_one_line_exit_2(tmp_path):
    result = run_cli("check", tmp_path / "nope.yaml")
    assert result.code == 2
    assert result.err.strip() == f"Error: {tmp_path / 'nope.yaml'}: no such file; check the path"


def test_empty_file_is_reported(write):
    path = write("empty.yaml", "")
    result = run_cli("check", path)
    assert result.code == 2
    assert "the bank is empty" in result.err


def test_skipped_pair_is_a_warning_that_strict_fails(write):
    bank = write("bank.yaml", """
        id: tiny
        title: Too few agreements for distractors
        kinds:
          agreement: {name: text, full_name: text}
        sources:
          s: {title: T, outlet: O, date: 2018-01-01}
        facts:
          - id: a
            kind: agreement
            fields: {name: AAA, full_name: Alpha Agreement}
            sources: [{source: s, quote: q}]
          - id: b
            kind: agreement
            fields: {name: BBB, full_name: Beta Agreement}
            sources: [{source: s, quote: q}]
        """)
    templates = write("t.yaml", """
        templates:
          - id: abbreviation
            style: single
            kind: agreement
            needs: [name, full_name]
            answer: name
            stem: "Which one stands for {{ full_name }}?"
            distractors: [siblings, decoys]
        """)
    relaxed = run_cli("check", bank, templates)
    assert relaxed.code == 0
    assert f"{templates}:2: warning: template 'abbreviation' skipped for a: only 1 valid distractor" in relaxed.out
    assert run_cli("check", "--strict", bank, templates).code == 1
    generated = run_cli("generate", "--bank", bank, "--templates", templates)
    assert generated.code == 2 and generated.out == ""
    assert "every matching template-fact pair was skipped" in generated.err
    assert "only 1 valid distractor" in generated.err


def test_contradictions_are_listed_in_the_same_order_every_run(tmp_path):
    """Two facts about one name that differ in several fields: the problems come in the fact's
    field order, whatever the process's string hashing (it once followed a set's order)."""
    bank = tmp_path / "bank.yaml"
    fields = ["name", "year", "city", "host", "venue", "theme", "chair"]
    kind = ", ".join(f"{name}: {'year' if name == 'year' else 'text'}" for name in fields)
    facts = "".join(
        f"  - id: f{index}\n    kind: meeting\n    fields: {{name: Summit, "
        + ", ".join(f"{name}: {value}{index}" if name != "year" else f"year: {2000 + index}" for name, value in
                    zip(fields[1:], ["", "C", "H", "V", "T", "P"])) + "}\n"
        f"    sources: [{{source: s, quote: q}}]\n" for index in (1, 2))
    bank.write_text(f"id: b\ntitle: B\nkinds:\n  meeting: {{{kind}}}\nsources:\n  s: {{title: T, outlet: O}}\n"
                    f"facts:\n{facts}", encoding="utf-8")
    outputs = set()
    for seed in ("1", "2", "3", "4"):  # a process each: string hashing is fixed when Python starts
        env = {**os.environ, "PYTHONHASHSEED": seed, "QUIZGEN_CACHE_DIR": str(tmp_path / f"cache{seed}")}
        result = subprocess.run([sys.executable, "-m", "quizgen", "check", str(bank)], env=env,
                                capture_output=True, text=True)
        mentioned = re.findall(r"Summit has (\w+)", result.stdout + result.stderr)
        assert mentioned == fields[1:], result.stdout + result.stderr
        outputs.add(result.stdout + result.stderr)
    assert len(outputs) == 1

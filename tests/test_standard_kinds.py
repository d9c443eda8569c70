"""The standard library of current-affairs kinds: a bank with no `kinds:` and no templates of its
own gets every style; the standard templates and the India–US ones keep to their own banks."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import yaml

from conftest import run_cli
from quizgen.standard import standard_kinds

DATA = Path(__file__).parent / "data" / "standard"
ROOT = Path(__file__).resolve().parent.parent


def _space_bank(tmp_path) -> Path:
    bank = tmp_path / "space_programme.yaml"
    shutil.copy(DATA / "space_programme.yaml", bank)
    assert "kinds" not in yaml.safe_load(bank.read_text(encoding="utf-8"))
    return bank


def test_bank_on_standard_kinds_alone_passes_strict_and_item_checks_and_yields_every_style(tmp_path):
    bank = _space_bank(tmp_path)
    strict = run_cli("check", "--strict", bank)
    assert strict.code == 0, strict.out + strict.err
    assert "0 problems, 0 warnings" in strict.err
    items = run_cli("check", "--items", bank)
    assert items.code == 0, items.out + items.err
    assert "; 0 findings:" in items.err
    generated = run_cli("generate", "--bank", bank, "--count", "200", "--seed", "0")
    assert generated.code == 0, generated.err
    questions = generated.json()
    distinct = {q["id"] for q in questions}
    styles = {q["style"] for q in questions}
    assert len(distinct) >= 60, len(distinct)
    assert len(styles) >= 5, styles
    assert all(q["template"].startswith("std-") for q in questions)
    reasons = run_cli("generate", "--bank", bank, "--style", "assertion-reason", "--count", "10").json()
    assert {q["template"] for q in reasons} == {"std-event-assertion-reason"} and len(reasons) >= 2
    for q in questions:
        shown = " ".join([q["stem"], *q["options"]])
        assert not re.search(r"2\+2|India–US|the USA", shown), shown
        # A sentence never starts with a lower-case "the" taken from a name.
        for item in q["items"]:
            assert not item["cells"][0].startswith("the "), item


def test_standard_and_india_us_templates_keep_to_their_own_banks(tmp_path):
    bank = _space_bank(tmp_path)
    generated = run_cli("generate", "--bank", "india-us-2plus2", "--bank", "india-us-later-dialogues",
                        "--bank", bank, "--count", "2000", "--seed", "1")
    assert generated.code == 0, generated.err
    space = {fact["id"] for fact in yaml.safe_load(bank.read_text(encoding="utf-8"))["facts"]}
    questions = generated.json()
    on_space = [q for q in questions if set(q["facts"]) & space]
    assert on_space and len(on_space) < len(questions)
    for q in questions:
        about_space = set(q["facts"]) <= space
        assert about_space == q["template"].startswith("std-"), (q["template"], q["facts"])
        if about_space:
            assert not re.search(r"2\+2|India–US|the USA", q["stem"] + " ".join(q["options"]))


def test_bundled_check_unchanged_by_the_standard_library():
    checked = run_cli("check")
    assert checked.code == 0, checked.out
    assert "std-" not in checked.out  # no warning about standard templates no bundled bank uses


def _bank(tmp_path, extra: str, facts: str) -> Path:
    path = tmp_path / "mine.yaml"
    path.write_text(f"""id: mine
title: Mine
{extra}
topics: {{t: "a topic"}}
sources: {{s: {{title: "A page", outlet: "An outlet", date: 2024-01-01}}}}
facts:
{facts}""", encoding="utf-8")
    return path


_MISSIONS = "".join(f"""  - id: m{i}
    kind: mission
    topics: [t]
    fields: {{name: Mission {i}, year: {2000 + 3 * i}, crew: {i}}}
    sources: [{{source: s, quote: "Mission {i} flew in {2000 + 3 * i}.", paraphrase: true}}]
""" for i in range(1, 6))


def test_extend_adds_fields_to_a_standard_kind(tmp_path):
    bank = _bank(tmp_path, "extend:\n  mission:\n    crew: count\n", _MISSIONS)
    checked = run_cli("check", bank)
    assert checked.code == 0, checked.out + checked.err
    generated = run_cli("generate", "--bank", bank, "--count", "20")
    assert {q["template"] for q in generated.json()} >= {"std-mission-year-single", "std-mission-chronology"}


def test_a_field_not_in_the_standard_kind_must_be_declared(tmp_path):
    bank = _bank(tmp_path, "", _MISSIONS)
    checked = run_cli("check", bank)
    assert checked.code == 1
    assert "unknown field 'crew' for kind 'mission'" in checked.out


def test_extend_rejects_a_retyped_field_and_an_unknown_kind(tmp_path):
    bank = _bank(tmp_path, "extend:\n  mission:\n    year: text\n    crew: count\n  river:\n    length: number\n",
                 _MISSIONS)
    checked = run_cli("check", bank)
    assert checked.code == 1
    assert "extend 'mission', field 'year': the standard kind has it as 'year'" in checked.out
    assert "extend: 'river' is not a standard kind" in checked.out
    assert re.search(r"mine\.yaml:\d+: ", checked.out)


def test_a_bank_declaring_a_kind_of_a_standard_name_owns_it(tmp_path):
    own = "kinds:\n  mission:\n    name: text\n    year: year\n    crew: count\n"
    bank = _bank(tmp_path, own, _MISSIONS)
    generated = run_cli("generate", "--bank", bank, "--count", "20")
    assert generated.code == 2
    assert "the templates for kind 'mission' are written for other banks" in generated.err


def test_a_person_in_several_offices_is_several_facts_not_a_contradiction(tmp_path):
    people = """  - id: a1
    kind: person
    topics: [t]
    fields: {name: A. Person, office: Director of a Centre, country: India, from: 2015, to: 2018}
    sources: [{source: s, quote: "q", paraphrase: true}]
  - id: a2
    kind: person
    topics: [t]
    fields: {name: A. Person, office: Chairman of a Body, country: India, from: 2018}
    sources: [{source: s, quote: "q", paraphrase: true}]
"""
    checked = run_cli("check", _bank(tmp_path, "", people))
    assert "contradicts" not in checked.out, checked.out
    same_period = people.replace("from: 2015, to: 2018", "from: 2018")
    checked = run_cli("check", _bank(tmp_path, "", same_period))
    assert checked.code == 1
    assert "fact 'a2' contradicts 'a1'" in checked.out


def test_the_documented_table_lists_every_standard_kind_and_field():
    doc = (ROOT / "docs" / "standard-kinds.md").read_text(encoding="utf-8")
    rows = {}
    for line in doc.splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) >= 4 and cells[0].startswith("`") and cells[1].startswith("`"):
            rows.setdefault(cells[0].strip("`"), {})[cells[1].strip("`")] = cells[2]
    assert {kind: set(fields) for kind, fields in rows.items()} == \
        {kind: set(fields) for kind, fields in standard_kinds().items()}
    for kind, fields in standard_kinds().items():
        for name, ftype in fields.items():
            assert rows[kind][name] == ftype, (kind, name)

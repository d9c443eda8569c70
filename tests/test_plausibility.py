"""Plausibility as data: one test per rule on a small bank written for it (tests/data/plausibility).

Expected ranges are written out here from the bank's own numbers (terms of office, as_of,
domains), never read from the engine.
"""

from __future__ import annotations

import re

import pytest

from conftest import DATA, run_cli
from quizgen.generate import generate
from quizgen.library import load_library

BANK = DATA / "plausibility" / "bank.yaml"
TEMPLATES = DATA / "plausibility" / "templates.yaml"
SEEDS = range(1, 31)


@pytest.fixture(scope="module")
def questions() -> list:
    library = load_library([BANK], [TEMPLATES], strict=True)
    found = []
    for seed in SEEDS:
        for difficulty in ("hard", "easy"):
            found.extend(generate(library, count=200, seed=seed, difficulty=difficulty).questions)
    return found


def shown_texts(q) -> list[str]:
    return [q.lead, *(cell for item in q.items for cell in item.cells), *q.options]


def years_in(text: str) -> list[int]:
    return [int(y) for y in re.findall(r"\b(1\d{3}|2\d{3})\b", text)]


def test_no_year_after_as_of(questions):
    seen = 0
    for q in questions:
        for text in shown_texts(q):
            for year in years_in(text):
                seen += 1
                assert year <= 2020, (year, q.stem, q.options)  # as_of: 2020-06-30
    assert seen > 100


def test_an_event_naming_people_stays_within_their_time_in_office(questions):
    # Alice Adams: 2012-03-01 to 2016-02-01; Bob Brown: from 2010. Together: 2012-2016.
    summit_years, treaty_years = set(), set()
    for q in questions:
        for text in shown_texts(q):
            m = re.search(r"In (\d{4}), Alice Adams and Bob Brown met", text)
            if m:
                summit_years.add(int(m.group(1)))
        if q.template == "event-year" and "Alice Adams and Bob Brown met" in q.lead:
            summit_years.update(int(o) for o in q.options)
        if q.template == "event-year" and "The Adams treaty" in q.lead:  # an alias of Alice Adams
            treaty_years.update(int(o) for o in q.options)
    assert summit_years and summit_years <= set(range(2012, 2017)), summit_years
    assert treaty_years and treaty_years <= set(range(2012, 2017)), treaty_years
    assert len(summit_years) > 2


def test_the_latest_plausible_year_is_never_an_options_question(questions):
    # The bridge opened in 2020, the as_of year: as the latest option it would stand out.
    assert not [q for q in questions if q.template == "event-year" and "bridge" in q.lead]
    # ... but a statement may still say it (a false one gives an earlier year).
    assert any("The bridge opened" in cell for q in questions for item in q.items for cell in item.cells)


def test_a_key_with_room_on_one_side_only_never_sits_at_the_other_end(questions):
    # The rocket launched in 2018 with as_of 2020: only two later years exist, so the key is
    # never the first of four options in order (that needs three later ones).
    launch = [q for q in questions if q.template == "event-year" and "rocket" in q.lead]
    assert launch
    for q in launch:
        assert q.options[q.answer] == "2018"
        assert all(int(o) <= 2020 for o in q.options)
        assert q.answer != 0, q.options
    assert {q.answer for q in launch} == {1, 2, 3}


def test_percentages_stay_within_0_to_100(questions):
    options = [float(o) for q in questions if q.template == "share-single" for o in q.options]
    assert options and all(0 <= v <= 100 for v in options), options


def test_counts_are_whole_numbers_in_their_range(questions):
    units = [o for q in questions if q.template == "figure-single" and "units" in q.lead for o in q.options]
    drones = [o for q in questions if q.template == "figure-single" and "drones" in q.lead for o in q.options]
    assert units and drones
    assert all(re.fullmatch(r"\d+", o) and 2 <= int(o) <= 9 for o in units), units  # domain [2, 9]
    assert all(re.fullmatch(r"\d+", o) for o in drones), drones  # domain count


def test_amounts_keep_their_scale(questions):
    deal = [float(o) for q in questions if q.template == "figure-single" and "deal" in q.lead for o in q.options]
    sales = [float(o) for q in questions if q.template == "figure-single" and "sales" in q.lead for o in q.options]
    assert deal and sales
    assert all(5.43 / 4 <= v <= 5.43 * 4 for v in deal), deal  # never the 150 of another figure
    assert all(150 / 4 <= v <= 150 * 4 for v in sales), sales


def test_distractors_come_from_the_same_category_in_easy_mode_too(questions):
    planes = {"a plane one", "a plane two", "a plane three", "a plane four"}
    plane_names = {"Plane One", "Plane Two", "Plane Three", "Plane Four"}
    described = [q for q in questions if q.template == "thing-description" and "Plane" in q.lead]
    named = [q for q in questions if q.template == "thing-name" and "a plane" in q.lead]
    assert described and named
    for q in described:
        assert {o.lower() for o in q.options} <= planes, q.options  # never an exercise, never a decoy
    for q in named:
        assert set(q.options) <= plane_names, q.options


def test_an_untagged_decoy_never_serves_a_category_and_check_says_why():
    # Exercise One has two tagged exercise decoys and one untagged one: only two distractors.
    result = run_cli("check", BANK, TEMPLATES)
    assert "template 'thing-description' skipped for ex-1: only 2 valid distractor(s)" in result.out
    assert "template 'thing-name' skipped for ex-1: only 1 valid distractor(s)" in result.out


def test_implausible_values_and_untested_fields(questions):
    statements = [cell for q in questions if q.template == "meeting-statements" for item in q.items
                  for cell in item.cells]
    assert statements
    assert "m1 was held at the summit." not in statements  # implausible for m1
    assert not any(s.startswith("m3 ") for s in statements)  # m3's timing is untested
    assert not [q for q in questions if q.template == "meeting-timing" and "m3" in q.lead]


@pytest.mark.parametrize("text, problem", [
    ("as_of: 2015-01-01\n", "is after the bank's as_of 2015-01-01"),
    ("as_of: soon\n", "as_of must be a date"),
])
def test_as_of_is_validated(tmp_path, text, problem):
    bank = tmp_path / "bank.yaml"
    bank.write_text(BANK.read_text(encoding="utf-8").replace("as_of: 2020-06-30\n", text), encoding="utf-8")
    result = run_cli("check", bank, TEMPLATES)
    assert result.code != 0 and problem in result.out, result.out


@pytest.mark.parametrize("old, new, problem", [
    ("domain: {amount: [2, 9]}", "domain: {amount: [6, 9]}", "outside its domain"),
    ("domain: {amount: count}", "domain: {amount: per-mille}", "domain must be one of"),
    ("implausible: {timing: [at the summit]}", "implausible: {timing: [before the summit]}", "lists its true value"),
    ("untested: [timing]", "untested: [colour]", "untested names 'colour'"),
    ("from: 2012-03-01, to: 2016-02-01", "from: 2016-03-01, to: 2012-02-01", "is after to"),
    ("{value: \"Decoy Exercise\", category: exercise}", "{value: \"Decoy Exercise\", colour: red}",
     "tagged with 'colour'"),
])
def test_plausibility_keys_are_validated(tmp_path, old, new, problem):
    text = BANK.read_text(encoding="utf-8")
    assert old in text
    bank = tmp_path / "bank.yaml"
    bank.write_text(text.replace(old, new), encoding="utf-8")
    result = run_cli("check", bank, TEMPLATES)
    assert result.code != 0 and problem in result.out, result.out


def test_percent_and_count_field_types(tmp_path):
    text = BANK.read_text(encoding="utf-8").replace("percent: 62}", "percent: 124}")
    bank = tmp_path / "bank.yaml"
    bank.write_text(text, encoding="utf-8")
    result = run_cli("check", bank, TEMPLATES)
    assert result.code != 0 and "expected a percentage from 0 to 100, got 124" in result.out

"""Chronology questions: keys re-derived from the bank's own dates, and no key findable by form.

The dates are read straight from the bundled bank YAML (not through the library), each printed
event is matched to its fact by its words, and the expected code is worked out here.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from itertools import combinations
from pathlib import Path

import pytest
import yaml

from conftest import run_cli
from quizgen.generate import generate
from quizgen.library import load_library
from quizgen.styles.chronology import option_sets

BANKS = Path(__file__).parent.parent / "question_banks"
SEEDS = range(200)  # chronology alone builds fast: enough papers for the key counts to settle


def bank_facts() -> dict[str, dict]:
    facts = {}
    for path in sorted(BANKS.glob("*.yaml")):
        for fact in yaml.safe_load(path.read_text(encoding="utf-8"))["facts"]:
            facts[fact["id"]] = fact
    return facts


def when(fact: dict) -> tuple[int, dt.date | None]:
    fields = fact["fields"] if "fields" in fact else fact
    date = fields.get("date") or fields.get("signed_on")
    return int(fields["year"]), date


def fact_for_event(text: str, candidates: list[dict]) -> dict:
    """The one fact the printed event is about: a milestone's own words, or an agreement's name."""
    matches = [f for f in candidates
               if _field(f, "event") == text or (_field(f, "name") and text.endswith(f"({_field(f, 'name')})"))]
    assert len(matches) == 1, (text, [f["id"] for f in matches])
    return matches[0]


def _field(fact: dict, name: str):
    value = (fact.get("fields") or fact).get(name)
    return value["en"] if isinstance(value, dict) and set(value) == {"en", "hi"} else value  # bilingual


def kendall(a: list[str], b: list[str]) -> int:
    return sum(1 for x, y in combinations(a, 2) if b.index(x) > b.index(y))


@pytest.fixture(scope="module")
def papers():
    library = load_library()
    return {seed: generate(library, count=1000, seed=seed, styles=["chronology"], paper=False).questions
            for seed in SEEDS}


def test_the_bank_yaml_is_read_as_the_test_expects():
    facts = bank_facts()
    assert when(facts["milestone-123-agreement"]) == (2008, dt.date(2008, 10, 10))
    assert when(facts["agreement-gsomia"]) == (2002, None)


def test_every_key_is_the_order_of_the_facts_dates(papers):
    facts = bank_facts()
    checked = 0
    for questions in papers.values():
        for q in questions:
            candidates = [facts[i] for i in q.facts]
            events = [fact_for_event(item.cells[0], candidates) for item in q.items]
            times = [when(f) for f in events]
            for (y1, d1), (y2, d2) in combinations(times, 2):
                assert y1 != y2 or (d1 and d2 and d1 != d2), (q.id, times)
            numbers = sorted(range(1, len(events) + 1),
                             key=lambda n: (times[n - 1][0], times[n - 1][1] or dt.date.min))
            assert q.options[q.answer] == "-".join(map(str, numbers)), q.stem
            assert [i.kind for i in q.items] == ["event"] * len(q.items)
            checked += 1
    assert checked > 500


def test_options_are_ascending_codes_and_the_key_is_never_the_most_central(papers):
    for questions in papers.values():
        for q in questions:
            codes = [o.split("-") for o in q.options]
            assert list(q.options) == sorted(q.options) and len(set(q.options)) == 4
            assert all(sorted(c) == [str(n) for n in range(1, len(q.items) + 1)] for c in codes)
            totals = [sum(kendall(c, d) for d in codes if d is not c) for c in codes]
            assert any(t <= totals[q.answer] for i, t in enumerate(totals) if i != q.answer), q.options


def test_every_order_is_the_key_about_equally_often_and_keys_spread_over_the_letters(papers):
    keys = {3: Counter(), 4: Counter()}
    letters = Counter()
    for questions in papers.values():
        for q in questions:
            keys[len(q.items)][q.options[q.answer]] += 1
            letters[q.answer] += 1
    for n, counts in keys.items():
        orders = 6 if n == 3 else 24
        total = sum(counts.values())
        mean = total / orders
        assert len(counts) == orders, counts
        identity = "-".join(str(i) for i in range(1, n + 1))
        # A fair die: every order within 4 standard deviations of the mean; the identity no more
        # than two above it.
        sd = (total * (1 / orders) * (1 - 1 / orders)) ** 0.5
        assert all(abs(c - mean) <= 4 * sd for c in counts.values()), counts
        assert counts[identity] <= mean + 2 * sd, (identity, counts[identity], mean)
    total = sum(letters.values())
    assert all(abs(c - total / 4) <= total * 0.05 for c in letters.values()), letters


def test_no_order_code_is_the_key_more_often_than_others_when_it_is_shown(papers):
    """A test-wise aspirant remembers which codes were keys on earlier papers ("1-2-3" keyed
    whenever offered): every order, when it is among the options, is the key about a quarter
    of the time."""
    shown, keyed = Counter(), Counter()
    for questions in papers.values():
        for q in questions:
            shown.update(q.options)
            keyed[q.options[q.answer]] += 1
    for code, n in shown.items():
        if len(code) == 5:  # three events: 6 orders, each shown hundreds of times
            sd = (n * 0.25 * 0.75) ** 0.5
            assert abs(keyed[code] - n / 4) <= 3 * sd, (code, keyed[code], n)


@pytest.mark.parametrize("events", [3, 4])
def test_every_order_lies_in_equally_many_option_sets_and_none_has_a_central_option(events):
    """The options are drawn uniformly from these sets and the key is the one at the slot asked
    for: equal membership makes each order, when shown, the key a quarter of the time."""
    sets = option_sets(events)
    membership = Counter(code for options in sets for code in options)
    assert len(membership) == (6 if events == 3 else 24)
    assert len(set(membership.values())) == 1
    for options in sets:
        assert list(options) == sorted(options)
        totals = [sum(kendall(list(a), list(b)) for b in options if b is not a) for a in options]
        assert totals.count(min(totals)) > 1, options


def test_cli_gives_at_least_twenty_distinct_chronology_questions():
    result = run_cli("generate", "--count", "1000", "--seed", "1", "--style", "chronology")
    questions = result.json()
    questions = questions if isinstance(questions, list) else questions["questions"]
    assert len({q["id"] for q in questions}) >= 20
    assert {q["style"] for q in questions} == {"chronology"}
    facts = bank_facts()
    for question in questions:  # each key re-derived from the bank's own dates
        events = [fact_for_event(item["cells"][0], [facts[i] for i in question["facts"]])
                  for item in question["items"]]
        times = [when(f) for f in events]
        numbers = sorted(range(1, len(events) + 1), key=lambda n: (times[n - 1][0], times[n - 1][1] or dt.date.min))
        assert question["options"][question["answer"]] == "-".join(map(str, numbers)), question["stem"]
    q = questions[0]
    assert q["stem"].startswith("Consider the following events:\n1. ")
    assert q["stem"].endswith("starting from the earliest time?")
    assert "Source:" in q["explanation"]


def test_chronology_pdf_prints_numbered_events_and_ascending_codes_in_every_series(tmp_path):
    from pypdf import PdfReader
    import re

    path = tmp_path / "chronology.pdf"
    result = run_cli("pdf", "-o", path, "--style", "chronology", "--count", "8", "--seed", "5",
                     "--sets", "A,B,C", "--answer-key", "none")
    assert result.code == 0, result.err
    text = "\n".join(page.extract_text() for page in PdfReader(path).pages)
    assert text.count("Consider the following events:") == 8 * 3
    codes = re.findall(r"^(\d(?:-\d){2,3})$", text, re.MULTILINE)
    assert len(codes) == 8 * 3 * 4
    for start in range(0, len(codes), 4):
        assert codes[start:start + 4] == sorted(codes[start:start + 4])


def test_the_terminal_quiz_lays_events_out_as_numbered_items():
    from quizgen.quiz.stem import stem_lines

    q = generate(load_library(), count=1, seed=3, styles=["chronology"]).questions[0]
    lines = stem_lines(q)
    items = [line for line in lines if line.kind == "item"]
    assert [line.text.split(".")[0].strip() for line in items] == [str(n) for n in range(1, len(q.items) + 1)]
    assert all(line.text.endswith(item.cells[0]) for line, item in zip(items, q.items))


def test_check_reports_a_chronology_template_with_bad_keys(write):
    path = write("templates/bad.yaml", """
        templates:
          - id: bad-chronology
            style: chronology
            kind: milestone
            event: "{{ event }}"
            year: year
            events: [5]
          - id: no-year-chronology
            style: chronology
            kind: milestone
            event: "{{ event }}"
    """)
    result = run_cli("check", BANKS / "india_us_2plus2.yaml", path)
    assert result.code != 0
    assert f"{path}:7: template 'bad-chronology': events must be among (3, 4)" in result.out + result.err
    assert "template 'no-year-chronology': missing required field 'year'" in result.out + result.err

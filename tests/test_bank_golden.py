"""Golden tests for the bundled India–US 2+2 banks: the facts an aspirant must get right.

Expectations come from the reference table (FACTS.md), written out below by hand, never from
the banks: if a bank or template drifts from the reference, a generated key disagrees and the
test fails. Questions are generated through the real CLI for several seeds and both
difficulties, so every template–fact pair is exercised in several variants.
"""

from __future__ import annotations

import re

import pytest

from conftest import run_cli

FIRST = "the first India–US 2+2 Ministerial Dialogue"

# ---------------------------------------------------------------- the reference (FACTS.md)

MILESTONE_YEARS = {  # pairs labels -> year
    "2+2 dialogue format agreed by Modi and Trump": 2017,              # row 1
    "STA-1 status for India": 2018,                                    # row 6
    "DIU–iDEX Memorandum of Intent welcomed": 2018,                    # row 7
    "Readiness to negotiate an Industrial Security Annex announced": 2018,  # row 5
    "Industrial Security Annex (ISA) signed": 2019,                    # rows 5, 19
    "Two ministerial hotlines agreed": 2018,                           # row 9
    "NAVCENT–Indian Navy exchanges agreed": 2018,                      # row 11
    "Amphibious exercise Tiger Triumph": 2019,                         # row 10
    "S-400 Triumf deal with Russia": 2018,                             # row 15
    "CAATSA enacted": 2017,                                            # row 16
    "US oil sanctions on Iran re-imposed": 2018,                       # row 17
    "Sale of unarmed Sea Guardian drones cleared": 2017,               # row 14
    "DTTI launched": 2012,                                             # row 8
    "Civil nuclear ('123') agreement signed": 2008,                    # row 18
    "Singh–Bush joint statement on civil nuclear cooperation": 2005,   # row 18
    "LEMOA signed": 2016,                                              # row 4
    "COMCASA signed": 2018,                                            # rows 3, 4
    "BECA signed": 2020,                                               # rows 4, 19
    "Space Situational Awareness MoU signed": 2022,                    # row 19
}
AGREEMENT_YEARS = {"GSOMIA": 2002, "LEMOA": 2016, "COMCASA": 2018, "BECA": 2020}  # row 4
OFFICES = {  # rows 2, 19
    "Sushma Swaraj": "External Affairs Minister",
    "Nirmala Sitharaman": "Defence Minister",
    "Mike Pompeo": "Secretary of State",
    "James Mattis": "Secretary of Defense",
    "S. Jaishankar": "External Affairs Minister",
    "Rajnath Singh": "Defence Minister",
    "Mark Esper": "Secretary of Defense",
    "Antony Blinken": "Secretary of State",
    "Lloyd Austin": "Secretary of Defense",
}
DIALOGUES = {  # row 19 (and row 1 for the first)
    "first": {"year": 2018, "city": "New Delhi", "eam": "Sushma Swaraj", "defence": "Nirmala Sitharaman",
              "state": "Mike Pompeo", "secdef": "James Mattis", "signed": "COMCASA"},
    "second": {"year": 2019, "city": "Washington, DC", "eam": "S. Jaishankar", "defence": "Rajnath Singh",
               "state": "Mike Pompeo", "secdef": "Mark Esper", "signed": "the Industrial Security Annex (ISA)"},
    "third": {"year": 2020, "city": "New Delhi", "eam": "S. Jaishankar", "defence": "Rajnath Singh",
              "state": "Mike Pompeo", "secdef": "Mark Esper", "signed": "BECA"},
    "fourth": {"year": 2022, "city": "Washington, DC", "eam": "S. Jaishankar", "defence": "Rajnath Singh",
               "state": "Antony Blinken", "secdef": "Lloyd Austin", "signed": "a Space Situational Awareness MoU"},
    "fifth": {"year": 2023, "city": "New Delhi", "eam": "S. Jaishankar", "defence": "Rajnath Singh",
              "state": "Antony Blinken", "secdef": "Lloyd Austin"},
}

# Single questions: (template, fact) -> the only acceptable key.
SINGLE_KEYS = {
    ("dialogue-year-single", "dialogue-2018"): "2018",
    ("dialogue-date-single", "dialogue-2018"): "6 September 2018",
    ("dialogue-city-single", "dialogue-2018"): "New Delhi",
    ("dialogue-city-single", "dialogue-2019"): "Washington, DC",
    ("dialogue-eam-single", "dialogue-2018"): "Sushma Swaraj",
    ("dialogue-defence-single", "dialogue-2018"): "Nirmala Sitharaman",
    ("dialogue-us-state-single", "dialogue-2018"): "Mike Pompeo",
    ("dialogue-us-defence-single", "dialogue-2018"): "James Mattis",
    ("dialogue-signed-single", "dialogue-2018"): "COMCASA",
    ("dialogue-signed-single", "dialogue-2019"): "The Industrial Security Annex (ISA)",
    ("dialogue-signed-single", "dialogue-2020"): "BECA",
    ("agreement-year-single", "agreement-gsomia"): "2002",
    ("agreement-year-single", "agreement-lemoa"): "2016",
    ("agreement-year-single", "agreement-comcasa"): "2018",
    ("agreement-year-single", "agreement-beca"): "2020",
    ("agreement-validity-single", "agreement-comcasa"): "10 years",
    ("milestone-year-single", "milestone-isa-signed"): "2019",
    ("milestone-year-single", "milestone-isa-talks"): "2018",
    # ("milestone-year-single", "milestone-diu-idex") is not asked: 2018 is the earliest year
    # that can name iDEX (launched April 2018), so in order the key would always be (a).
    ("milestone-year-single", "milestone-sta1"): "2018",
    ("milestone-year-single", "milestone-tiger-triumph"): "2019",
    ("milestone-year-single", "milestone-dtti"): "2012",
    ("milestone-year-single", "milestone-123-agreement"): "2008",
    ("milestone-dialogue-single", "milestone-diu-idex"): "The first dialogue",
    ("milestone-dialogue-single", "milestone-isa-talks"): "The first dialogue",
    ("milestone-dialogue-single", "milestone-isa-signed"): "The second dialogue",
    ("milestone-dialogue-single", "milestone-ssa-mou"): "The fourth dialogue",
}

# ---------------------------------------------------------------- statement oracle

STA1 = "the USA granted India Strategic Trade Authorization tier 1 (STA-1) status"
ISA_TALKS = "India and the USA announced their readiness to begin negotiations on an Industrial Security Annex (ISA)"
ISA_SIGNED = "India and the USA signed the Industrial Security Annex (ISA)"
DIU = "India and the USA welcomed a Memorandum of Intent between the US Defense Innovation Unit (DIU)"
TIGER = "India and the USA held Tiger Triumph, an amphibious exercise"


def _year(pattern: str, expected: int):
    return (re.compile(r"^In (\d{4}), " + re.escape(pattern)), lambda m: int(m.group(1)) == expected)


# (name, regex, truth of a match). `name` also labels the correction the explanation must carry.
STATEMENT_RULES = [
    ("first-year", re.compile(r"^The first India–US 2\+2 Ministerial Dialogue was held in (\d{4})\.$"),
     lambda m: m.group(1) == "2018"),
    ("sta1-timing", re.compile(r"^(Before|At|After) the first India–US 2\+2 Ministerial Dialogue, "
                               + re.escape(STA1)), lambda m: m.group(1) == "Before"),
    ("sta1-year", *_year(STA1, 2018)),
    ("isa-talks-year", *_year(ISA_TALKS, 2018)),
    ("isa-signed-year", *_year(ISA_SIGNED, 2019)),
    ("diu-year", *_year(DIU, 2018)),
    ("tiger-year", *_year(TIGER, 2019)),
    ("isa-talks-dialogue", re.compile(r"^At the (\w+) India–US 2\+2 Ministerial Dialogue, " + re.escape(ISA_TALKS)),
     lambda m: m.group(1) == "first"),
    ("isa-signed-dialogue", re.compile(r"^At the (\w+) India–US 2\+2 Ministerial Dialogue, " + re.escape(ISA_SIGNED)),
     lambda m: m.group(1) == "second"),
    ("diu-dialogue", re.compile(r"^At the (\w+) India–US 2\+2 Ministerial Dialogue, " + re.escape(DIU)),
     lambda m: m.group(1) == "first"),
    ("agreement-year", re.compile(r"^India signed (GSOMIA|LEMOA|COMCASA|BECA) with the USA in (\d{4})\.$"),
     lambda m: AGREEMENT_YEARS[m.group(1)] == int(m.group(2))),
    ("comcasa-validity", re.compile(r"^COMCASA is valid for (\d+) years"), lambda m: m.group(1) == "10"),
    ("office", re.compile(r"^(.+) took part in the India–US 2\+2 Ministerial Dialogue as (.+)\.$"),
     lambda m: OFFICES[m.group(1)] == m.group(2)),
    ("dialogue-eam", re.compile(r"^India's External Affairs Minister at the (\w+) India–US 2\+2 Ministerial Dialogue was (.+)\.$"),
     lambda m: DIALOGUES[m.group(1)]["eam"] == m.group(2)),
    ("dialogue-secdef", re.compile(r"^The US Secretary of Defense at the (\w+) India–US 2\+2 Ministerial Dialogue was (.+)\.$"),
     lambda m: DIALOGUES[m.group(1)]["secdef"] == m.group(2)),
    ("dialogue-signed", re.compile(r"^The agreement signed at the (\w+) India–US 2\+2 Ministerial Dialogue was (.+)\.$"),
     lambda m: DIALOGUES[m.group(1)].get("signed") == m.group(2)),
    ("dialogue-city", re.compile(r"^The (\w+) India–US 2\+2 Ministerial Dialogue was held in ([A-Z].+)\.$"),
     lambda m: DIALOGUES[m.group(1)]["city"] == m.group(2)),
]

# The correction an explanation must state whenever a statement touches a conflict (FACTS.md).
CORRECTIONS = {
    "first-year": ["2019", "6 September 2018"],
    "sta1-timing": ["30 July 2018"],
    "isa-talks-year": ["2019", "18 December 2019"],
    "diu-year": ["2019", "6 September 2018"],
    "tiger-year": ["2018", "13 to 21 November 2019"],
}


def verdict(text: str, lead: str) -> tuple[str, bool] | None:
    """(rule name, truth) for a statement the reference decides, else None."""
    if lead.startswith(f"With reference to {FIRST},") and (m := re.match(r"^It was held in (\d{4})\.$", text)):
        return "first-year", m.group(1) == "2018"
    for name, pattern, truth in STATEMENT_RULES:
        m = pattern.match(text)
        if m:
            return name, truth(m)
    return None


def correct_numbers(code: str, total: int) -> set[int]:
    """Statement numbers a 'statements' key marks correct ("1 and 3 only", "Both 1 and 2", ...)."""
    if code.startswith("Neither"):
        return set()
    if code.startswith("Both"):
        return {1, 2}
    return {int(n) for n in re.findall(r"\d", code)} or set(range(1, total + 1))


# ---------------------------------------------------------------- the generated corpus

RUNS = [(str(seed), "hard") for seed in range(1, 5)] + [("1", "easy"), ("2", "easy")]


@pytest.fixture(scope="module")
def corpus() -> list[dict]:
    questions: dict[tuple, dict] = {}  # ids name a recipe, not its wording: key on the content
    for seed, difficulty in RUNS:
        result = run_cli("generate", "--count", "1000", "--seed", seed, "--difficulty", difficulty,
                         "--format", "json")
        assert result.code == 0, result.err
        for q in result.json():
            questions[(q["stem"], tuple(q["options"]), q["answer"])] = q
    return list(questions.values())


def key(q: dict) -> str:
    return q["options"][q["answer"]]


def items(q: dict) -> list[tuple[int, str]]:
    return [(int(i["label"]), i["cells"][0]) for i in q["items"] if i["label"].isdigit()]


def test_bundled_banks_check_clean():
    result = run_cli("check", "--strict")
    assert result.code == 0, result.out + result.err
    assert result.out.strip() == ""


def test_at_least_200_distinct_questions_in_all_six_styles():
    result = run_cli("generate", "--count", "1000", "--seed", "1", "--format", "json")
    questions = result.json()
    distinct = {(q["stem"], tuple(q["options"])) for q in questions}
    assert len(distinct) >= 200
    assert {q["style"] for q in questions} == {"single", "statements", "how-many", "pairs", "assertion-reason",
                                               "chronology"}


def test_single_keys_match_the_reference(corpus):
    seen = set()
    for q in corpus:
        if q["style"] != "single":
            continue
        expected = SINGLE_KEYS.get((q["template"], q["facts"][0]))
        if expected is None:
            continue
        seen.add((q["template"], q["facts"][0]))
        assert key(q) == expected, q["stem"]
        assert sum(o == expected for o in q["options"]) == 1
    assert seen == set(SINGLE_KEYS), f"never generated: {set(SINGLE_KEYS) - seen}"


def test_first_2plus2_is_never_keyed_2019(corpus):
    asked = 0
    for q in corpus:
        if q["style"] == "single" and FIRST.replace("the ", "", 1) in q["stem"] and "In which year" in q["stem"]:
            asked += 1
            assert key(q) == "2018", q["stem"]
    assert asked >= 1


def test_which_event_happened_in_a_year_never_keys_a_misdated_event(corpus):
    """'Which one happened in 2019?' must not be keyed to the 2018 events 004 misdates."""
    for q in corpus:
        if q["template"] != "milestone-event-single":
            continue
        year = int(re.search(r"happened in (\d{4})\?", q["stem"]).group(1))
        if year != 2018:
            assert not key(q).startswith(DIU[:40]), q["stem"]
            assert not key(q).startswith(ISA_TALKS), q["stem"]
        if year != 2019:
            assert not key(q).startswith(ISA_SIGNED), q["stem"]


def test_statement_keys_agree_with_the_reference(corpus):
    decided: dict[str, set[bool]] = {}
    for q in corpus:
        if q["style"] not in ("statements", "how-many"):
            continue
        numbered = items(q)
        verdicts = {n: verdict(text, q["lead"]) for n, text in numbered}
        for n, v in verdicts.items():
            if v is None:
                continue
            name, truth = v
            decided.setdefault(name, set()).add(truth)
            if q["style"] == "statements":
                assert (n in correct_numbers(key(q), len(numbered))) == truth, (q["stem"], key(q))
            elif truth:
                assert key(q) != "None", q["stem"]
            else:
                assert not key(q).startswith("All"), q["stem"]
            if name in CORRECTIONS and not truth:
                for words in CORRECTIONS[name]:
                    assert words in q["explanation"], (name, q["explanation"])
    # The rules must have been exercised (a wording change would silently skip them), and the
    # conflict-prone ones both ways.
    assert len(decided) >= len(STATEMENT_RULES) - 2, set(decided)
    for name in ("first-year", "sta1-timing", "isa-talks-year", "diu-year", "office"):
        assert decided[name] == {True, False}, name


def test_no_question_keys_sta1_as_granted_after_the_talks(corpus):
    after = re.compile(r"^After the first India–US 2\+2 Ministerial Dialogue, " + re.escape(STA1))
    for q in corpus:
        for n, text in items(q):
            if after.match(text) and q["style"] == "statements":
                assert n not in correct_numbers(key(q), len(items(q))), q["stem"]
        assert not after.match(key(q))


def test_pairs_keys_agree_with_the_reference(corpus):
    tables = {
        ("Development", "Year"): lambda left, right: MILESTONE_YEARS[left] == int(right),
        ("Agreement with the USA", "Year of signing"): lambda left, right: AGREEMENT_YEARS[left] == int(right),
        ("Minister", "Capacity at the India–US 2+2"): lambda left, right: OFFICES[left] == right,
        ("India–US 2+2 Ministerial Dialogue", "Agreement signed"):
            lambda left, right: DIALOGUES[left.split(" ")[0].lower()].get("signed", "").lower() == right.lower(),
        ("India–US 2+2 Ministerial Dialogue", "Year"):
            lambda left, right: DIALOGUES[left.lower()]["year"] == int(right),
    }
    checked = set()
    for q in corpus:
        header = tuple(q["item_header"])
        if q["style"] != "pairs" or header not in tables:
            continue
        checked.add(header)
        rows = [i["cells"] for i in q["items"]]
        correct = sum(tables[header](left, right) for left, right in rows)
        words = {0: "None", 1: "Only one", 2: "Only two", 3: "three", 4: "four"}
        assert words[correct] in key(q), (q["stem"], key(q))
    assert checked == set(tables)


# Statement-II of the assertion-reason questions: "In <year>, <cause>." -> the reference year.
REASON_YEARS = {
    "India signed the Communications Compatibility and Security Agreement (COMCASA)": 2018,
    "India signed the Logistics Exchange Memorandum of Agreement (LEMOA)": 2016,
    "India signed the Basic Exchange and Cooperation Agreement for Geo-spatial Cooperation (BECA)": 2020,
    "India and the USA signed their civil nuclear cooperation agreement": 2008,
    "the USA enacted CAATSA": 2017,
    "the USA re-imposed the oil sanctions on Iran": 2018,
    "the USA granted India Strategic Trade Authorization tier 1 (STA-1) status": 2018,
    "India and the USA welcomed a Memorandum of Intent between the US Defense Innovation Unit (DIU)": 2018,
    "India and the USA agreed at their first 2+2 dialogue to hold a tri-service exercise": 2018,
    "India and the USA signed the Industrial Security Annex (ISA)": 2019,
}
# Statement-I made false: each a fact's own outcome with one detail the reference (and the
# public record) contradicts.
FALSE_ASSERTIONS = (
    "India can fit encrypted US communication equipment on its Russian-origin",    # row 3: US-origin platforms
    "India's purchase of S-400 Triumf air-defence systems from Russia exposed it to the risk of UN",  # row 16
    "India, one of the biggest buyers of Iranian crude oil, sought waivers from European",  # row 17
    "Indian and US armed forces can station their troops",                        # LEMOA: logistics only
    "India can pass on US geospatial intelligence",                                 # BECA: no onward transfer
    "India can trade in civilian nuclear technology and fuel with the USA because it has signed the NPT",
    "US export licensing of sensitive technology to India is on terms stricter",   # row 6: STA-1, at par
    "The Indian and US armies, navies and air forces exercised together",          # row 10: US Navy and Marines only
)
TRUE_ASSERTIONS = (
    "India can fit encrypted US communication equipment on its US-origin military platforms",
    "India's purchase of S-400 Triumf air-defence systems from Russia exposed it to the risk of US sanctions",
    "India, one of the biggest buyers of Iranian crude oil, sought waivers from US sanctions",
    "Indian and US armed forces can obtain fuel, supplies and servicing from each other",
    "India can receive US geospatial intelligence such as maps and satellite imagery.",
    "India can trade in civilian nuclear technology and fuel with the USA although it has not signed the NPT",
    "US export licensing of sensitive technology to India is on terms at par with NATO allies",
    "India's Army, Navy and Air Force exercised together with the US Navy and Marine Corps",
    "The US Defense Innovation Unit (DIU) and India's iDEX can explore joint projects",
    "Private Indian and US defence firms can exchange classified information",
)


def test_assertion_reason_keys_agree_with_the_reference(corpus):
    """A wrong year in Statement-II makes the key (c); a false Statement-I makes it (d)."""
    seen = set()
    for q in corpus:
        if q["style"] != "assertion-reason":
            continue
        first, second = (i["cells"][0] for i in q["items"])
        m = re.match(r"^In (\d{4}), (.+)\.$", second)
        assert m, second
        cause = next((c for c in REASON_YEARS if m.group(2).startswith(c)), None)
        assert cause is not None, f"Statement-II unknown to the reference: {second}"
        true_reason = REASON_YEARS[cause] == int(m.group(1))
        false_assertion = first.startswith(FALSE_ASSERTIONS)
        assert false_assertion or first.startswith(TRUE_ASSERTIONS), f"Statement-I unknown to the reference: {first}"
        expected = {(True, False): (0, 1), (False, False): (2,), (True, True): (3,)}[(true_reason, false_assertion)]
        assert q["answer"] in expected, q["stem"]
        seen.add(q["answer"])
        if cause.startswith("India and the USA welcomed a Memorandum") and not true_reason:
            assert "6 September 2018" in q["explanation"]
    assert seen == {0, 1, 2, 3}


def test_conflict_corrections_appear_in_single_explanations(corpus):
    expected = {
        ("dialogue-year-single", "dialogue-2018"): CORRECTIONS["first-year"],
        ("milestone-year-single", "milestone-isa-talks"): CORRECTIONS["isa-talks-year"],
        ("milestone-year-single", "milestone-tiger-triumph"): CORRECTIONS["tiger-year"],
        ("dialogue-city-single", "dialogue-2019"): ["New Delhi", "Washington, DC"],
    }
    seen = set()
    for q in corpus:
        words = expected.get((q["template"], q["facts"][0]))
        if words is None:
            continue
        seen.add((q["template"], q["facts"][0]))
        for w in words:
            assert w in q["explanation"], (w, q["explanation"])
        assert "India USA 2+2 Talks And Strengthening Defence Cooperation" in q["explanation"] or \
            "India, US Sign Defense Pact" in q["explanation"]
    assert seen == set(expected)

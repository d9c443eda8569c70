"""Banks don't collide and say when nothing fits: topics belong to their bank, kinds are never
topics, an empty bank says why, duplicates name both places, messages print dates as dates."""

from __future__ import annotations

import re
from pathlib import Path

from conftest import DATA, MINI_BANK, MINI_TEMPLATES, run_cli
from quizgen.generate import enumerate_recipes, generate
from quizgen.library import bundled_bank_dir, load_library, yaml_files

ROOT = Path(__file__).resolve().parent.parent
FOREIGN = DATA / "foreign" / "isro.yaml"


def readme_topics() -> list[str]:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    listed = text.split("Topics for `--topic`:", 1)[1].split(". Example", 1)[0]
    return re.findall(r"`([^`]+)`", listed)


def test_topics_shown_are_the_topics_listed_and_accepted():
    library = load_library()
    shown = {r.topic for r in enumerate_recipes(library)}
    kinds = {f.kind for f in library.facts}
    assert not shown & kinds, f"kinds shown as topics: {shown & kinds}"
    assert shown <= set(readme_topics()) == set(library.topic_keys())
    for topic in sorted(shown):
        assert run_cli("generate", "--topic", topic, "--count", "1").code == 0, topic


def test_a_kind_is_not_a_topic():
    result = run_cli("generate", "--topic", "milestone")
    assert result.code == 2
    assert result.err.startswith("Error: unknown topic 'milestone'; the loaded banks have: first-2plus2, ")


def test_clashing_topic_ids_are_qualified_by_bank():
    library = load_library([*yaml_files([bundled_bank_dir()]), FOREIGN])
    keys = library.topic_keys()
    assert "isro-missions:timeline" in keys and "india-us-2plus2:timeline" in keys and "timeline" not in keys
    assert "india-us-2plus2:comcasa" in keys and "comcasa" not in keys
    # Two bundled banks declaring `ministers` with the same phrase do not clash with each other,
    # only with the foreign bank's different phrase.
    ours = generate(library, count=500, seed=3, topics=["isro-missions:timeline"]).questions
    assert ours and {q.bank for q in ours} == {"isro-missions"}
    assert all(q.topic.startswith("isro-missions:") for q in ours if q.template == "topic-statements")
    both = generate(library, count=500, seed=3, topics=["timeline"]).questions
    assert {q.bank for q in both} >= {"isro-missions", "india-us-2plus2"}


def test_a_topic_no_other_bank_declares_keeps_its_bare_id(write):
    other = write("other.yaml", FOREIGN.read_text(encoding="utf-8").replace("id: isro-missions", "id: other", 1)
                  .replace("  maritime: ", "  navigation-at-sea: ").replace("glossary, maritime]", "glossary, navigation-at-sea]"))
    library = load_library([*yaml_files([bundled_bank_dir()]), other])
    keys = library.topic_keys()
    assert "maritime" in keys and "navigation-at-sea" in keys and "other:timeline" in keys


def test_bundled_banks_sharing_a_phrase_share_the_topic():
    library = load_library()
    assert "ministers" in library.topic_keys()
    banks = {q.bank for q in generate(library, count=500, seed=0, topics=["ministers"]).questions}
    assert banks == {"india-us-2plus2", "india-us-later-dialogues"}


ONLY_NEW_KINDS = """
    id: rivers
    title: Rivers
    kinds:
      river: {name: text, length_km: number}
      person: {name: text, role: text}
    sources:
      s: {title: T, outlet: O, date: 2024-01-06}
    facts:
      - {id: ganga, kind: river, fields: {name: Ganga, length_km: 2525}, sources: [{source: s, quote: q}]}
      - {id: someone, kind: person, fields: {name: A. B., role: Minister}, sources: [{source: s, quote: q}]}
    """


def test_check_says_why_a_bank_yields_nothing(write):
    bank = write("rivers.yaml", ONLY_NEW_KINDS)
    result = run_cli("check", bank)
    assert result.code == 1
    line = next(l for l in result.out.splitlines() if "yields no questions" in l)
    assert line.startswith(f"{bank}: bank 'rivers' yields no questions under the loaded templates: ")
    assert "no template is written for kind 'river'" in line
    assert "the templates for kind 'person' are written for other banks" in line


def test_check_names_the_missing_field(write):
    bank = write("rivers.yaml", ONLY_NEW_KINDS)
    templates = write("t.yaml", """
        templates:
          - {id: river-length, style: single, kind: river, needs: [name, length_km, source_state], answer: length_km,
             stem: "How long is {{ name }}?", distractors: [nearby]}
        """)
    result = run_cli("check", bank, templates)
    assert "kind 'river' lacks field 'source_state' (needed by river-length)" in result.out
    assert "no template is written for kind 'person'" in result.out


def test_generate_refuses_to_print_nothing(write):
    bank = write("rivers.yaml", ONLY_NEW_KINDS)
    result = run_cli("generate", "--bank", bank)
    assert result.code == 2 and result.out == ""
    assert result.err.startswith("Error: bank 'rivers' (")
    assert "no template is written for kind 'river'" in result.err
    assert len(result.err.strip().splitlines()) == 1


def test_duplicate_template_id_names_both_places(write):
    first = write("a.yaml", """
        templates:
          - {id: same, style: single, kind: agreement, needs: [name, year], answer: year, stem: "When {{ name }}?"}
        """)
    second = write("b.yaml", """
        templates:
          - {id: other, style: single, kind: agreement, needs: [name, year], answer: year, stem: "Year of {{ name }}?"}
          - {id: same, style: single, kind: agreement, needs: [name, year], answer: year, stem: "When {{ name }}?"}
        """)
    result = run_cli("check", MINI_BANK, first, second)
    assert f"{second}:3: duplicate template id 'same' (also at {first}:2)" in result.out


def test_duplicate_bank_id_names_both_places(write):
    copy = write("copy.yaml", MINI_BANK.read_text(encoding="utf-8"))
    result = run_cli("check", MINI_BANK, copy, MINI_TEMPLATES)
    assert f"{copy}:1: duplicate bank id 'mini' (also at {MINI_BANK})" in result.out


def test_messages_print_dates_as_dates(write):
    bank = write("dates.yaml", """
        id: dates
        title: Dates
        kinds:
          event: {name: text, held_on: date, year: year}
        sources:
          s: {title: T, outlet: O}
        facts:
          - {id: a, kind: event, fields: {name: Summit, held_on: 2024-01-06, year: 2024}, sources: [{source: s, quote: q}]}
          - {id: b, kind: event, fields: {name: Summit, held_on: 2024-01-07, year: 2024-01-07}, sources: [{source: s, quote: q}]}
        """)
    result = run_cli("check", bank)
    assert "datetime.date" not in result.out
    assert "expected a year like 2018, got 2024-01-07" in result.out
    assert "Summit has held_on 2024-01-07 here and 2024-01-06 there" in result.out

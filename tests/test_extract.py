"""`quizgen extract`: draft facts proposed from an article, each quoting its sentence; drafts are
checked and listed by `check` and never asked by `generate`."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
import yaml

from conftest import run_cli
from quizgen.extract import propose, sentences

ARTICLES = sorted((Path(__file__).resolve().parent.parent / "question_banks" / "articles").glob("*.txt"))


@pytest.mark.parametrize("article", ARTICLES, ids=lambda p: p.stem[:3])
def test_each_bundled_article_gives_a_draft_that_passes_check_with_drafts_listed(tmp_path, article):
    draft = tmp_path / "drafts" / "article_draft.yaml"
    draft.parent.mkdir()
    made = run_cli("extract", article, "-o", draft)
    assert made.code == 0, made.err
    bank = yaml.safe_load(draft.read_text(encoding="utf-8"))
    facts = bank["facts"]
    assert facts and all(fact["draft"] is True for fact in facts)
    assert bank["sources"]["article"]["file"].startswith("../")  # relative to the draft
    text = " ".join(article.read_text(encoding="utf-8").split())
    for fact in facts:
        assert " ".join(fact["sources"][0]["quote"].split()) in text
    checked = run_cli("check", draft)
    assert checked.code == 0, checked.out + checked.err
    assert checked.out.count("is a draft: review it") == len(facts)
    assert f"Quotes: {len(facts)} verified against article files" in checked.err
    generated = run_cli("generate", "--bank", draft, "--count", "5")
    assert generated.code == 2
    assert "its facts are all drafts" in generated.err


def test_proposals_on_the_first_2plus2_articles_name_its_people_agreements_and_dates():
    found = {}
    for article in ARTICLES:
        for proposal in propose(article.read_text(encoding="utf-8")):
            found.setdefault(proposal.kind, []).append(proposal.fields)
    people = {p["name"] for p in found["person"]}
    assert {"Sushma Swaraj", "Nirmala Sitharaman", "Mike Pompeo", "James Mattis"} <= people
    agreements = {a["name"]: a for a in found["agreement"]}
    assert {"COMCASA", "GSOMIA", "LEMOA", "BECA", "ISA"} <= set(agreements)
    assert agreements["GSOMIA"]["year"] == 2002 and agreements["LEMOA"]["year"] == 2016
    assert agreements["COMCASA"]["full_name"] == "Communications Compatibility and Security Agreement"
    figures = {(f["amount"], f["unit"]) for f in found["figure"]}
    assert {(23, "US$ billion"), (15, "US$ billion"), (10, "count")} <= figures
    assert any(e["year"] == 2018 and e.get("place") == "New Delhi" for e in found["event"])


def test_indian_number_words_dates_and_abbreviations():
    text = ("The Union Cabinet approved an outlay of ₹1.5 lakh crore for the mission on 12 March 2024. "
            "The census counted 3,682 tigers, up 24 per cent. "
            "U.S. President Joe Biden met Prime Minister Narendra Modi in Washington on June 22, 2023.\n")
    assert [s.text for s in sentences(text)][2].startswith("U.S. President Joe Biden")
    proposals = propose(text)
    figures = {(p.fields["amount"], p.fields["unit"]) for p in proposals if p.kind == "figure"}
    assert figures == {(1.5, "lakh crore rupees"), (3682, "count"), (24, "per cent")}
    events = [p.fields for p in proposals if p.kind == "event"]
    assert events[0]["date"] == dt.date(2024, 3, 12) and events[0]["year"] == 2024
    assert events[1]["date"] == dt.date(2023, 6, 22) and events[1]["place"] == "Washington"
    people = {p.fields["name"]: p.fields for p in proposals if p.kind == "person"}
    assert people["Joe Biden"] == {"name": "Joe Biden", "office": "President", "country": "the USA"}
    assert people["Narendra Modi"]["office"] == "Prime Minister"


def test_generate_skips_drafts_until_the_mark_is_removed(tmp_path):
    source = (Path(__file__).parent / "data" / "standard" / "space_programme.yaml").read_text(encoding="utf-8")
    marked = source.replace("  - id: xposat\n    kind: mission\n", "  - id: xposat\n    kind: mission\n    draft: true\n")
    assert marked != source
    bank = tmp_path / "space.yaml"
    bank.write_text(marked, encoding="utf-8")
    generated = run_cli("generate", "--bank", bank, "--count", "300", "--seed", "2")
    assert generated.code == 0, generated.err
    questions = generated.json()
    assert not any("xposat" in q["facts"] or "XPoSat" in q["stem"] + " ".join(q["options"]) for q in questions)
    bank.write_text(source, encoding="utf-8")
    questions = run_cli("generate", "--bank", bank, "--count", "300", "--seed", "2").json()
    assert any("xposat" in q["facts"] for q in questions)


def test_extract_never_overwrites_and_reports_a_missing_article(tmp_path):
    out = tmp_path / "draft.yaml"
    out.write_text("precious", encoding="utf-8")
    result = run_cli("extract", ARTICLES[0], "-o", out)
    assert result.code == 2 and "already exists" in result.err and out.read_text(encoding="utf-8") == "precious"
    result = run_cli("extract", tmp_path / "missing.txt", "-o", tmp_path / "new.yaml")
    assert result.code == 2
    assert result.err.startswith("Error: ") and result.err.count("\n") == 1 and "no such file" in result.err
    assert not (tmp_path / "new.yaml").exists()


def test_the_walkthrough_article_gives_the_drafts_the_walkthrough_shows(tmp_path):
    import re

    doc = (Path(__file__).resolve().parent.parent / "docs" / "new-topic.md").read_text(encoding="utf-8")
    article = tmp_path / "articles" / "chandrayaan3.txt"
    article.parent.mkdir()
    article.write_text(re.search(r"```text\n(.*?)```", doc, re.S)[1], encoding="utf-8")
    made = run_cli("extract", article, "-o", tmp_path / "moon.yaml")
    assert made.code == 0, made.err
    shown = re.search(r"Wrote moon\.yaml: (\d+ draft facts \([^)]*\))", doc)[1]
    assert f"Wrote {tmp_path / 'moon.yaml'}: {shown}" in made.err
    ids = {f["id"] for f in yaml.safe_load((tmp_path / "moon.yaml").read_text(encoding="utf-8"))["facts"]}
    for named in re.findall(r"- id: ([\w-]+)", doc):
        assert named in ids, named


def test_hostile_articles_are_one_line_errors_or_fast(tmp_path):
    import time

    binary = tmp_path / "scan.txt"
    binary.write_bytes(b"\xff\xfe\x00PDF\x00" * 100)
    result = run_cli("extract", binary, "-o", tmp_path / "a.yaml")
    assert result.code == 2 and result.err.count("\n") == 1 and "not a UTF-8 text file" in result.err
    huge = tmp_path / "huge.txt"
    huge.write_text("In 2019 the " + "Xy-" * 700_000 + " Treaty was signed.\n", encoding="utf-8")
    result = run_cli("extract", huge, "-o", tmp_path / "b.yaml")
    assert result.code == 2 and "larger than 2 MB" in result.err
    start = time.perf_counter()
    propose(("In 2019 the " + "Ab" * 700 + " Treaty was signed. ") * 200
            + ("The " + "Cd-" * 400 + " Agreement (ZZ) was signed in 2020.\n") * 50)
    assert time.perf_counter() - start < 5

"""Quotes verified against the article: a source's `file:` is searched for every quote citing it."""

from __future__ import annotations

import re

from conftest import MINI_TEMPLATES, run_cli

ARTICLE = (
    "India and the US on Thursday signed the “Communications Compatibility and Security\n"
    "Agreement” – COMCASA – after the first 2+2 talks.   Ministers met in New Delhi.\n"
    "The pact allows the transfer of encrypted equipment.\n"
)

BANK = """
id: quoted
title: Quotes
kinds:
  agreement: {{name: text, year: year}}
sources:
  art: {{title: The article, outlet: news, date: 2018-09-06, file: articles/pact.txt}}
  ref: {{title: A reference, outlet: MEA}}
facts:
  - id: comcasa
    kind: agreement
    fields: {{name: COMCASA, year: 2018}}
    sources:
      - source: art
        quote: {quote}
      - {{source: ref, quote: "COMCASA was signed in 2018", paraphrase: {paraphrase}}}
  - {{id: lemoa, kind: agreement, fields: {{name: LEMOA, year: 2016}}, sources: [{{source: ref, quote: "LEMOA 2016"}}]}}
  - {{id: beca, kind: agreement, fields: {{name: BECA, year: 2020}}, sources: [{{source: ref, quote: "BECA 2020"}}]}}
"""


def make_bank(tmp_path, quote: str, paraphrase: str = "false", article: str | None = ARTICLE):
    (tmp_path / "articles").mkdir(exist_ok=True)
    if article is not None:
        (tmp_path / "articles" / "pact.txt").write_text(article, encoding="utf-8")
    bank = tmp_path / "bank.yaml"
    bank.write_text(BANK.format(quote=quote, paraphrase=paraphrase), encoding="utf-8")
    return bank


def summary(result) -> tuple[int, int, int]:
    match = re.search(r"Quotes: (\d+) verified against article files, (\d+) unverified \(source has no file:\), "
                      r"(\d+) paraphrases", result.err)
    assert match, result.err
    return int(match[1]), int(match[2]), int(match[3])


def test_quote_in_the_article_passes_despite_quotes_dashes_and_spacing(tmp_path):
    bank = make_bank(tmp_path, """'signed the "Communications Compatibility and Security Agreement" - COMCASA - after the first 2+2 talks. Ministers met'""")
    result = run_cli("check", bank, MINI_TEMPLATES)
    assert "not in pact.txt" not in result.out, result.out
    assert summary(result) == (1, 3, 0)


def test_quote_not_in_the_article_fails_naming_the_line_and_the_closest_passage(tmp_path):
    bank = make_bank(tmp_path, '"The pact allows the transfer of encrypted weapons."')
    result = run_cli("check", bank, MINI_TEMPLATES)
    assert result.code == 1
    line = next(l for l in result.out.splitlines() if "not in pact.txt" in l)
    assert line.startswith(f"{bank}:15: fact 'comcasa': the quote is not in pact.txt (source 'art'): ")
    assert "closest passage: “The pact allows the transfer of encrypted equipment.”" in line


def test_an_elided_quote_matches_its_parts_in_order(tmp_path):
    ok = make_bank(tmp_path, '"India and the US on Thursday signed ... after the first 2+2 talks"')
    assert summary(run_cli("check", ok, MINI_TEMPLATES))[0] == 1
    reversed_parts = make_bank(tmp_path, '"after the first 2+2 talks … India and the US on Thursday signed"')
    assert run_cli("check", reversed_parts, MINI_TEMPLATES).code == 1


def test_paraphrase_is_never_checked_and_never_shown_as_a_quote(tmp_path):
    bank = make_bank(tmp_path, '"Ministers met in New Delhi."', paraphrase="true")
    result = run_cli("check", bank, MINI_TEMPLATES)
    assert summary(result) == (1, 2, 1)
    generated = run_cli("generate", "--bank", bank, "--templates", MINI_TEMPLATES, "--count", "20")
    cited = [s for q in generated.json() for s in q["sources"] if s["id"] == "ref" and "COMCASA" in s["quote"]]
    assert cited and all(s.get("paraphrase") is True for s in cited)


def test_missing_article_file_is_named(tmp_path):
    bank = make_bank(tmp_path, '"Ministers met in New Delhi."', article=None)
    result = run_cli("check", bank, MINI_TEMPLATES)
    assert result.code == 1
    assert f"{bank}:7: source 'art': cannot read its file {tmp_path / 'articles' / 'pact.txt'}: no such file" in result.out


def test_bundled_article_quotes_are_verified():
    result = run_cli("check")
    assert result.code == 0
    verified, unverified, _ = summary(result)
    assert verified >= 60 and unverified > 0

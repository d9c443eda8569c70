"""The bundled banks quote the articles verbatim, and each quote ends where a sentence (or the
article's line) ends: a quote cut mid-phrase ("... held the first edition of the") misleads.

The articles live outside the repository (../shared/articles); without them the test skips.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from conftest import english_only

ROOT = Path(__file__).resolve().parent.parent
ARTICLES = Path("/work/shared/articles")


def article_texts() -> dict[str, tuple[str, set[int]]]:
    """art-NNN -> (the article with whitespace folded, offsets where an original line ends)."""
    found = {}
    for path in sorted(ARTICLES.glob("0*.txt")):
        folded, line_ends = "", set()
        for line in path.read_text(encoding="utf-8").splitlines():
            words = " ".join(line.split())
            if words:
                folded = f"{folded} {words}" if folded else words
                line_ends.add(len(folded))
        found["art-" + path.name[:3]] = (folded, line_ends)
    return found


def citations():
    for path in sorted((ROOT / "question_banks").glob("*.yaml")):
        for fact in english_only(yaml.safe_load(path.read_text(encoding="utf-8")))["facts"]:
            cites = [(c["source"], c["quote"]) for c in fact["sources"]]
            for conflict in fact.get("conflicts") or []:
                cites += [(c["source"], c["quote"]) for c in conflict["claims"]]
            for source, quote in cites:
                yield fact["id"], source, " ".join(quote.split())


@pytest.mark.skipif(not ARTICLES.is_dir(), reason="the article files are not on this machine")
def test_article_quotes_are_verbatim_and_end_where_a_sentence_ends():
    articles = article_texts()
    checked = 0
    for fact, source, quote in citations():
        if source not in articles:
            continue
        text, line_ends = articles[source]
        assert quote in text, f"{fact}: not verbatim in {source}: {quote}"
        end = text.index(quote) + len(quote)
        assert end in line_ends or re.search(r"[.!?][\"”’]?$", quote), f"{fact}: ends mid-sentence: …{quote[-40:]}"
        checked += 1
    assert checked >= 30

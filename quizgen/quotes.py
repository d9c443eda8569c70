"""Quotes verified against the article: a source that names a local text file (`file:`) has
every quote citing it looked up in that file.

Texts are compared after normalising whitespace, quotation marks and dashes, so a quote typed
with straight quotes matches an article printed with curly ones. An ellipsis ("..." or "…") in
a quote marks an elision: each part must appear, in order. A quote that is not found is a
problem naming the citation's file:line and the closest passage of the article (difflib).
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

from quizgen.library import Library, Problem

_FOLD = str.maketrans({
    "‘": "'", "’": "'", "‚": "'", "‛": "'", "′": "'", "`": "'", "´": "'",
    "“": '"', "”": '"', "„": '"', "‟": '"', "″": '"', "«": '"', "»": '"',
    "‐": "-", "‑": "-", "‒": "-", "–": "-", "—": "-", "―": "-", "−": "-",
    "\u00a0": " ", "\u2009": " ", "\u202f": " ",
})
_ELISION = re.compile(r"\s*(?:\.\.\.|…|\[\.\.\.\]|\[…\])\s*")
_SPACE_AROUND_DASH = re.compile(r"\s*-\s*")


def normalise_text(text: str) -> str:
    """Fold quotes, dashes and whitespace (not case: a quote is the article's own words)."""
    text = unicodedata.normalize("NFKC", text).translate(_FOLD)
    text = _SPACE_AROUND_DASH.sub(" - ", text)
    return " ".join(text.split())


def quote_found(quote: str, article: str) -> bool:
    """Whether the quote appears in the (normalised) article; elided parts in order."""
    position = 0
    for part in _ELISION.split(quote):
        part = normalise_text(part).strip(" .,;:")
        if not part:
            continue
        found = article.find(part, position)
        if found < 0:
            return False
        position = found + len(part)
    return True


def closest_passage(quote: str, article: str) -> str:
    """The run of the article's words most like the quote."""
    words = article.split()
    size = max(1, len(normalise_text(quote).split()))
    if len(words) <= size:
        return article
    windows = [" ".join(words[i:i + size]) for i in range(0, len(words) - size + 1)]
    best = difflib.get_close_matches(normalise_text(quote), windows, n=1, cutoff=0.0)
    return best[0] if best else windows[0]


@dataclass
class QuoteReport:
    problems: list[Problem] = field(default_factory=list)
    verified: int = 0  # quotes found in their article file
    unverified: int = 0  # quotes of sources without a file
    paraphrased: int = 0  # citations marked `paraphrase: true`


def verify_quotes(library: Library) -> QuoteReport:
    report = QuoteReport()
    articles: dict[str, str | None] = {}

    def article_text(bank_path: str, source) -> str | None:
        if source.file not in articles:
            try:
                articles[source.file] = normalise_text(Path(source.file).read_text(encoding="utf-8"))
            except (OSError, UnicodeDecodeError) as error:
                why = "no such file" if isinstance(error, FileNotFoundError) else \
                      "not a UTF-8 text file" if isinstance(error, UnicodeDecodeError) else error.strerror
                report.problems.append(Problem(bank_path, source.file_line,
                                               f"source {source.id!r}: cannot read its file {source.file}: {why}"))
                articles[source.file] = None
        return articles[source.file]

    for bank in library.banks:
        for fact in [*bank.facts, *bank.drafts]:  # a draft's quotes too: it came from the article
            citations = [(cite.source, cite.quote, cite.paraphrase, cite.line or fact.location.line)
                         for cite in fact.evidence]
            citations += [(source, quote, False, fact.location.line)
                          for conflict in fact.conflicts for source, _, quote in conflict.claims]
            for source_id, quote, paraphrase, line in citations:
                source = bank.sources.get(source_id)
                if paraphrase:
                    report.paraphrased += 1
                    continue
                if source is None or not source.file:
                    report.unverified += 1
                    continue
                article = article_text(bank.path, source)
                if article is None:
                    continue
                if quote_found(quote, article):
                    report.verified += 1
                    continue
                passage = closest_passage(quote, article)
                report.problems.append(Problem(
                    bank.path, line,
                    f"fact {fact.id!r}: the quote is not in {Path(source.file).name} (source {source_id!r}): "
                    f"“{quote}”; closest passage: “{passage}”"))
    return report

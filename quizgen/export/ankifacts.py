"""Anki cloze cards from the facts themselves, one per claim, for recall practice.

For every fact behind the exported questions, each claim template that applies to it (e.g.
"{{ name }} was signed in {{ year }}.") gives one true sentence with the claim's `vary` value
hidden: "COMCASA was signed in {{c1::2018}}." The note's GUID comes from (bank, fact, claim), so
re-importing after a wording fix updates the card. Fixed deck and note-type ids, as for `anki`.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from typing import TYPE_CHECKING, Sequence

from quizgen.export import html
from quizgen.export.apkg import package_bytes, tag

if TYPE_CHECKING:
    from quizgen.export import ExportOptions
    from quizgen.library import Library, Template
    from quizgen.model import Fact, Question

NAME = "anki-facts"
SUFFIX = ".apkg"
DESCRIPTION = "Anki cloze cards, one per claim about each fact, for recall"
WRITES_LANGUAGES = True  # cards from the facts and claim templates: English only

DECK_ID = 1_804_511_328
MODEL_ID = 1_587_306_450
MODEL_NAME = "quizgen fact cloze"
GUID_SALT = "quizgen-claim"
FIELDS = ("Text", "Sources", "Fact", "Claim")

CSS = """\
.card { font-family: "Noto Sans", "Segoe UI", Arial, sans-serif; font-size: 20px;
        line-height: 1.45; text-align: left; max-width: 40em; margin: 0 auto; }
.cloze { font-weight: 700; color: #0b57d0; }
ul.sources { font-size: 0.8em; color: #555; padding-left: 1.2em; }
"""

_SENTINEL = "\u2063QZ\u2063"  # invisible separator: never in a bank's text


@dataclass(frozen=True)
class ClaimCard:
    fact: "Fact"
    claim: str  # the claim template's id
    before: str
    hidden: str
    after: str


def claim_cards(library: "Library", questions: Sequence["Question"]) -> list[ClaimCard]:
    """One card per (fact, applicable claim template), facts in the order the questions show
    them; claims whose hidden part cannot be found are left out."""
    from quizgen.build import Builder
    from quizgen.distractors import Pools, true_values

    facts = {(f.bank, f.id): f for f in library.facts}
    wanted = list(dict.fromkeys((q.bank, fid) for q in questions for fid in q.facts))
    claims = [t for t in library.templates if t.style == "claim"]
    builder = Builder(library, Pools(library), hard=True)
    cards = []
    seen: set[tuple[str, str, str]] = set()  # a short and a long claim can give one sentence
    for key in wanted:
        fact = facts.get(key)
        if fact is None:
            continue
        for claim in claims:
            if not claim.applies_to(fact):
                continue
            name = claim.spec["vary"]
            value = true_values(fact, name)[0]
            # A claim's explanation is a sentence that stands alone ("The first ... was held
            # in 2018."), where the statement may lean on a question's intro ("It was held in
            # 2018."): the explanation is preferred when it shows the value once.
            split = None
            if "explanation" in claim.texts:
                split = _split(builder, claim, "explanation", fact, name, value, fallback=False)
            split = split or _split(builder, claim, "statement", fact, name, value)
            if split is None or split in seen or not _has_context(split):
                continue
            seen.add(split)
            cards.append(ClaimCard(fact, claim.id, *split))
    return cards


def _split(builder, claim: "Template", text_key: str, fact: "Fact", name: str, value,
           fallback: bool = True) -> tuple[str, str, str] | None:
    """(before, hidden, after) of the true sentence: the part that shows the vary value."""
    statement = claim.texts[text_key]
    try:
        true_text = statement.render(builder.context(fact, value=value, **{name: value}))
    except Exception:  # noqa: BLE001 - e.g. an explanation that names the wrong value shown
        return None
    try:
        marked = statement.render(builder.context(fact, value=_SENTINEL, **{name: _SENTINEL}))
    except Exception:  # noqa: BLE001 - a filter that wants a real value: use the other way
        marked = ""
    if marked.count(_SENTINEL) == 1:
        before, after = marked.split(_SENTINEL)
        if true_text.startswith(before) and true_text.endswith(after) and \
                len(true_text) > len(before) + len(after):
            return before, true_text[len(before):len(true_text) - len(after)], after
    if not fallback:
        return None
    # Otherwise: where the sentence changes when the value does (e.g. a date under a filter).
    given = tuple(n for n in claim.needs if n != name)
    wrong = builder.wrong_values(claim, fact, name, value, random.Random(0), 3, given)
    start, end = len(true_text), 0
    for other, _ in wrong:
        try:
            text = statement.render(builder.context(fact, value=other, **{name: other}))
        except Exception:  # noqa: BLE001
            continue
        prefix = _common_prefix(true_text, text)
        suffix = _common_prefix(true_text[::-1], text[::-1])
        start, end = min(start, prefix), max(end, len(true_text) - min(suffix, len(true_text) - prefix))
    if start >= end:
        return None
    while start > 0 and true_text[start - 1].isalnum():  # whole words only
        start -= 1
    while end < len(true_text) and true_text[end].isalnum():
        end += 1
    return true_text[:start], true_text[start:end], true_text[end:]


def _has_context(split: tuple[str, str, str]) -> bool:
    """A cloze that hides the whole sentence asks nothing: some words must stay in view."""
    before, _, after = split
    return sum(ch.isalnum() for ch in before + after) >= 3


def _common_prefix(a: str, b: str) -> int:
    n = 0
    while n < min(len(a), len(b)) and a[n] == b[n]:
        n += 1
    return n


def cloze_text(card: ClaimCard) -> str:
    # `::` and `}}` would end the cloze early: written as character references.
    hidden = html.text(card.hidden).replace(":", "&#58;").replace("}", "&#125;")
    return f"{html.text(card.before)}{{{{c1::{hidden}}}}}{html.text(card.after)}"


def write(questions: Sequence["Question"], options: "ExportOptions") -> bytes:
    import genanki

    if options.library is None:
        raise ValueError("anki-facts needs the library the questions came from")
    library = options.library
    model = genanki.Model(
        MODEL_ID, MODEL_NAME,
        fields=[{"name": name} for name in FIELDS],
        templates=[{"name": "Cloze", "qfmt": "{{cloze:Text}}",
                    "afmt": "{{cloze:Text}}<br>{{Sources}}"}],
        css=CSS, model_type=genanki.Model.CLOZE,
    )
    deck = genanki.Deck(DECK_ID, f"{options.title}::facts")
    sources = {}
    for card in claim_cards(library, questions):
        fact = card.fact
        if fact.id not in sources:
            refs = []
            bank = library.bank_of(fact)
            for cite in fact.evidence:
                src = bank.sources.get(cite.source)
                title = html.text(src.title if src else cite.source)
                said = html.text(cite.quote) if cite.paraphrase else f"“{html.text(cite.quote)}”"
                refs.append(f"<li><i>{title}</i>: {said}</li>")
            sources[fact.id] = '<ul class="sources">' + "".join(refs) + "</ul>" if refs else ""
        deck.add_note(genanki.Note(
            model=model,
            fields=[cloze_text(card), sources[fact.id], html.text(fact.id), html.text(card.claim)],
            guid=genanki.guid_for(GUID_SALT, fact.bank, fact.id, card.claim),
            tags=[tag("bank", fact.bank), tag("kind", fact.kind),
                  *(tag("topic", t) for t in fact.topics)],
        ))
    return package_bytes(genanki.Package(deck), options.timestamp)

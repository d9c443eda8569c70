"""Draft facts proposed from a news article, for a tutor to review (`quizgen extract`).

Rule-based and offline: sentences are split with a list of abbreviations, and each sentence is
read by a few detectors — dated events, figures with units (US$ billion, crore, lakh, per cent,
counts), named agreements, organisations, people with their offices, and places from a small
bundled gazetteer. Every proposal is a fact of a standard kind (docs/standard-kinds.md) whose
quote is the verbatim sentence it came from; the bank cites the article as its `file:` source,
so `quizgen check` verifies every quote, and every fact is `draft: true` until reviewed.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from typing import Any, Iterator

MAX_SENTENCE = 1500  # characters; news sentences are far shorter
MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September",
          "October", "November", "December")
_MONTH = r"(January|February|March|April|May|June|July|August|September|October|November|December|" \
         r"Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec)\.?"

# ------------------------------------------------------------------ sentences

_ABBREVIATIONS = {"mr", "mrs", "ms", "dr", "st", "no", "rs", "vs", "jr", "sr", "gen", "lt", "col", "capt",
                  "prof", "govt", "dept", "e.g", "i.e", "etc", "approx", "jan", "feb", "mar", "apr", "jun",
                  "jul", "aug", "sep", "sept", "oct", "nov", "dec"}
_BOUNDARY = re.compile(r"(?<=[.!?])([\"”’']?)\s+(?=[\"“‘']?[A-Z0-9₹$])")


@dataclass
class Sentence:
    text: str  # verbatim, as in the article
    line: int  # 1-based line of the article


def sentences(text: str) -> Iterator[Sentence]:
    """The article's sentences, each verbatim (a heading or caption line is one sentence)."""
    for number, line in enumerate(text.splitlines(), 1):
        start = 0
        for match in _BOUNDARY.finditer(line):
            end = match.start() + len(match[1])
            before = line[start:end].rsplit(None, 1)
            last = before[-1].rstrip(".!?\"”’'").lower() if before else ""
            # "U.S. President", "Michael R. Pompeo", "Mr. Singh": not the end of a sentence.
            if last in _ABBREVIATIONS or re.fullmatch(r"(?:[a-z]\.)*[a-z]", last):
                continue
            piece = line[start:end].strip()
            if piece:
                yield Sentence(piece, number)
            start = match.end()
        piece = line[start:].strip()
        if piece:
            yield Sentence(piece, number)


# ------------------------------------------------------------------ proposals


@dataclass
class Proposal:
    kind: str
    fields: dict[str, Any]
    sentence: Sentence
    why: str  # which rule proposed it, for the tutor
    extra: dict[str, Any] = field(default_factory=dict)  # fact keys besides fields (domain)

    @property
    def name(self) -> str:
        return str(self.fields.get("name", ""))


def _month(name: str) -> int:
    name = name.rstrip(".")[:3].lower()
    return [m[:3].lower() for m in MONTHS].index(name) + 1


_FULL_DATE = (re.compile(rf"\b(\d{{1,2}})(?:st|nd|rd|th)? {_MONTH},? (\d{{4}})\b"),
              re.compile(rf"\b{_MONTH} (\d{{1,2}})(?:st|nd|rd|th)?,? (\d{{4}})\b"))
_MONTH_YEAR = re.compile(rf"\b(?:in |since |from |by |until |till |of )?{_MONTH},? (\d{{4}})\b")
_YEAR = re.compile(r"\b(?:[Ii]n|[Ss]ince|[Ff]rom|[Bb]y|[Uu]ntil|[Dd]uring|[Tt]he year|of)\s+((?:19|20)\d{2})\b(?![-–]\d)")


def find_date(text: str) -> tuple[int | None, dt.date | None, tuple[int, int] | None]:
    """(year, full date or None, the span of the date phrase) of the first date in `text`."""
    for pattern, day_first in ((_FULL_DATE[0], True), (_FULL_DATE[1], False)):
        match = pattern.search(text)
        if match:
            day, month, year = ((match[1], match[2], match[3]) if day_first else (match[2], match[1], match[3]))
            try:
                return int(year), dt.date(int(year), _month(month), int(day)), match.span()
            except ValueError:
                pass
    for pattern in (_MONTH_YEAR, _YEAR):
        match = pattern.search(text)
        if match:
            return int(match.groups()[-1]), None, match.span()
    return None, None, None


_EVENT_VERBS = re.compile(
    r"\b(held|signed|launched|announced|agreed|met|visited|imposed|granted|hosted|inaugurated|began|"
    r"started|established|set up|elected|appointed|took office|landed|initiated|convened|sold|"
    r"cleared|approved|passed|enacted|re-imposed|released|unveiled|adopted|ratified|touched down|lost|found)\b")

# Capitalised spans: names of agreements and organisations ("Communications Compatibility and
# Security Agreement", "US Naval Forces Central Command").
# A word starts where no word character precedes it and ends where none follows, so a long run
# of letters is tried once, not at every length (the patterns stay linear on hostile text).
_WORD = r"(?<![\w'’.-])[A-Z][\w'’.-]*(?![\w'’.-])"
_LINK = r"(?:\s+(?:and|of|for|on|the|in|to|de)\s+|\s+|\s*[–-]\s*)"
_AGREEMENT_HEADS = ("Agreement", "Treaty", "Accord", "Accords", "Annex", "Convention", "Pact", "Protocol",
                    "Memorandum", "Initiative", "Act", "Declaration", "Partnership")
_ORG_HEADS = ("Organisation", "Organization", "Unit", "Command", "Council", "Agency", "Ministry", "Department",
              "Commission", "Institute", "Bank", "Fund", "Forum", "Alliance", "Committee", "Corporation",
              "Authority", "Board", "Laboratory", "Centre", "Center",
              "Association", "Court", "Parliament", "Excellence", "Office", "Programme")
_ACRONYM = r"\s*\(([A-Z][A-Za-z0-9-]{1,14})\)"


# "... Agreement for Geo-spatial Cooperation (BECA)": a head may be followed by a short tail.
_TAIL = rf"(?:\s+(?:for|on|of)\s+{_WORD}(?:\s+{_WORD})?(?=\s*\())?"


def _named(heads: tuple[str, ...]) -> re.Pattern:
    return re.compile(rf"((?:{_WORD}{_LINK}){{0,9}}(?:{'|'.join(heads)}){_TAIL})(?:{_ACRONYM})?|\b([A-Z][A-Z0-9-]{{1,14}})"
                      rf"\s*\(((?:{_WORD}{_LINK}){{1,9}}(?:{'|'.join(heads)}))\)")


_AGREEMENT = _named(_AGREEMENT_HEADS)
_ORGANISATION = _named(_ORG_HEADS)
_LEADING = re.compile(r"^(?:(?:(?:The|A|An|In|On|At|By|For|With|Under|After|Before|During|Known|However|"
                      r"Both|Additionally|Most|Since|Following|These|This|That|Its|Their)\b(?![-–]))[\s,]*)+")


def _clean_name(text: str) -> str:
    text = _LEADING.sub("", text.strip()).strip(" ,–-")
    return " ".join(text.split())


def _names_of(pattern: re.Pattern, sentence: str, heads: tuple[str, ...]) -> Iterator[tuple[str, str | None]]:
    """(name, full name) pairs: an acronym with its full name, or the full name alone."""
    for match in pattern.finditer(sentence):
        if match[3]:  # "COMCASA (Communications ... Agreement)"
            full, short = _clean_name(match[4]), match[3]
        else:
            full, short = _clean_name(match[1]), match[2]
        words = full.split()
        # Without an acronym, a name of two words is too often a phrase ("Soviet Union").
        if len(words) < (2 if short else 3) or not any(w in heads for w in words[-4:]):
            continue
        yield (short, full) if short else (full, None)


_OFFICES = (
    "External Affairs Minister", "Foreign Minister", "Defence Minister", "Defense Minister", "Prime Minister",
    "Finance Minister", "Home Minister", "Commerce Minister", "Chief Minister", "President", "Vice President",
    "Secretary of State", "Secretary of Defense", "Defense Secretary", "Defence Secretary", "Commerce Secretary",
    "Foreign Secretary", "Governor", "Chief Justice", "Chairman", "Chairperson", "Chief of Defence Staff",
    "Army Chief", "National Security Adviser", "Ambassador", "High Commissioner", "Secretary-General",
)
_OFFICE = "|".join(sorted((re.escape(o) for o in _OFFICES), key=len, reverse=True))
_COUNTRY_WORDS = {"india": "India", "india's": "India", "indian": "India", "us": "the USA", "u.s.": "the USA",
                  "usa": "the USA", "american": "the USA", "america's": "the USA", "us'": "the USA",
                  "china's": "China", "chinese": "China", "russian": "Russia", "russia's": "Russia",
                  "pakistan's": "Pakistan", "pakistani": "Pakistan", "japanese": "Japan", "japan's": "Japan",
                  "british": "the UK", "french": "France", "german": "Germany", "australian": "Australia"}
_PERSON_WORD = r"(?:[A-Z][a-z]+(?:-[A-Z][a-z]+)?|[A-Z]\.?)"
_NOT_NAMES = set(MONTHS) | {"Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday", "The",
                           "India", "China", "Russia", "Pakistan", "Minister", "Secretary", "State", "Defence",
                           "Defense", "External", "Affairs", "In", "On", "And", "Said", "He", "She"}
_PERSON = re.compile(rf"(?:\b([A-Za-z.']+)\s+)?(?:(?:then|new|former|current)\s+)?({_OFFICE})"
                     rf"(?:\s+of\s+(?:the\s+)?[A-Z]\w+)?,?\s+({_PERSON_WORD}(?:\s+{_PERSON_WORD}){{1,3}})")


def _people(sentence: str) -> Iterator[dict[str, Any]]:
    for match in _PERSON.finditer(sentence):
        words = match[3].split()
        while words and (words[-1] in _NOT_NAMES or len(words[-1].rstrip(".")) == 1):
            words.pop()  # "Sushma Swaraj On", "Pompeo R."
        if len(words) < 2 or any(w in _NOT_NAMES for w in words):
            continue
        person: dict[str, Any] = {"name": " ".join(words), "office": match[2]}
        before = match[1] or ""
        country = _COUNTRY_WORDS.get(before.lower())
        if country:
            person["country"] = country
        elif re.fullmatch(r"[A-Z][A-Z-]{1,9}", before):  # "ISRO Chairman S. Somanath"
            person["office"] = f"{match[2]} of {before}"
        yield person


# Places from a small gazetteer: place -> the state (in India) or country it lies in.
PLACES = {
    "New Delhi": "Delhi", "Mumbai": "Maharashtra", "Kolkata": "West Bengal", "Chennai": "Tamil Nadu",
    "Bengaluru": "Karnataka", "Bangalore": "Karnataka", "Hyderabad": "Telangana", "Pune": "Maharashtra",
    "Ahmedabad": "Gujarat", "Jaipur": "Rajasthan", "Lucknow": "Uttar Pradesh", "Bhopal": "Madhya Pradesh",
    "Guwahati": "Assam", "Srinagar": "Jammu and Kashmir", "Leh": "Ladakh", "Port Blair": "Andaman and Nicobar Islands",
    "Visakhapatnam": "Andhra Pradesh", "Kakinada": "Andhra Pradesh", "Sriharikota": "Andhra Pradesh",
    "Thiruvananthapuram": "Kerala", "Kochi": "Kerala", "Panaji": "Goa", "Goa": "India", "Gandhinagar": "Gujarat",
    "Varanasi": "Uttar Pradesh", "Patna": "Bihar", "Bhubaneswar": "Odisha", "Chandigarh": "Chandigarh",
    "Shillong": "Meghalaya", "Imphal": "Manipur", "Itanagar": "Arunachal Pradesh", "Gangtok": "Sikkim",
    "Washington": "the USA", "New York": "the USA", "Moscow": "Russia", "Beijing": "China", "Islamabad": "Pakistan",
    "Tokyo": "Japan", "London": "the UK", "Paris": "France", "Berlin": "Germany", "Kabul": "Afghanistan",
    "Tehran": "Iran", "Dhaka": "Bangladesh", "Kathmandu": "Nepal", "Colombo": "Sri Lanka", "Canberra": "Australia",
    "Brussels": "Belgium", "Geneva": "Switzerland", "Dubai": "the UAE", "Abu Dhabi": "the UAE", "Riyadh": "Saudi Arabia",
    "Singapore": "Singapore", "Jakarta": "Indonesia", "Hanoi": "Vietnam", "Seoul": "South Korea", "Baku": "Azerbaijan",
}
_PLACE = re.compile(r"\b(" + "|".join(sorted((re.escape(p) for p in PLACES), key=len, reverse=True)) + r")\b")
_PLACE_IN = re.compile(r"\b(?:in|at|from|near|to)\s+(" + "|".join(sorted((re.escape(p) for p in PLACES), key=len,
                                                                         reverse=True)) + r")\b")

# Figures: money (US$/₹/Rs with billion, million, crore, lakh), Indian number words, percentages,
# and counts of a plural noun.
_NUMBER = r"(\d{1,3}(?:,\d{2,3})+(?:\.\d+)?|\d+(?:\.\d+)?)"
_SCALE = r"(lakh crore|lakh|crore|billion|million|trillion|bn|mn)"
_MONEY = re.compile(rf"(US\s?\$|\$|₹|Rs\.?|INR)\s?{_NUMBER}\s*{_SCALE}?\b")
_INDIAN = re.compile(rf"\b{_NUMBER}\s+(lakh crore|lakh|crore)\b")
_PERCENT = re.compile(rf"\b{_NUMBER}\s*(%|per cent|percent)")
_COUNT = re.compile(rf"(?<![-+–\w.]){_NUMBER}\s+((?:new|more|major|military|foreign|armed|unarmed)\s+)?([a-z]{{3,}}s)\b")
_NOT_COUNTED = {"per", "percent", "lakh", "crore", "billion", "million", "trillion", "was", "has", "does", "this",
                "its", "plus", "his", "thus", "focus", "status", "always", "perhaps", "across"}
_SCALE_WORD = {"bn": "billion", "mn": "million"}


def _amount(text: str) -> int | float:
    value = float(text.replace(",", ""))
    return int(value) if value.is_integer() else value


def _figures(sentence: str) -> Iterator[tuple[dict[str, Any], str, tuple[int, int]]]:
    """(fields, domain, span) of each figure in the sentence."""
    taken: list[tuple[int, int]] = []

    def free(span):
        return all(span[1] <= a or span[0] >= b for a, b in taken)

    for match in _MONEY.finditer(sentence):
        currency = "US$" if "$" in match[1] else "rupees"
        scale = _SCALE_WORD.get(match[3] or "", match[3] or "")
        unit = f"{scale} {currency}".strip() if currency == "rupees" else f"US$ {scale}".strip()
        if currency == "rupees" and not scale:
            unit = "rupees"
        taken.append(match.span())
        yield {"amount": _amount(match[2]), "unit": unit}, "amount", match.span()
    for match in _INDIAN.finditer(sentence):
        if free(match.span()):
            taken.append(match.span())
            yield {"amount": _amount(match[1]), "unit": match[2]}, "amount", match.span()
    for match in _PERCENT.finditer(sentence):
        if free(match.span()):
            taken.append(match.span())
            yield {"amount": _amount(match[1]), "unit": "per cent"}, "percent", match.span()
    for match in _COUNT.finditer(sentence):
        amount = _amount(match[1])
        noun = match[3]
        if not free(match.span()) or noun in _NOT_COUNTED or (isinstance(amount, int) and 1900 <= amount <= 2100) \
                or sentence[:match.start()].rstrip().endswith("No."):
            continue
        taken.append(match.span())
        yield {"amount": amount, "unit": "count", "label": noun}, "count", match.span()


# Any other "Full Capitalised Name (ACRONYM)": a term for the glossary.
_TERM = re.compile(rf"((?:{_WORD}{_LINK}){{1,8}}{_WORD}){_ACRONYM}")


# "Chandrayaan-3 was launched on 14 July 2023 by LVM3-M4": a mission (a name with a digit).
_MISSION = re.compile(r"\b([A-Z][A-Za-z]*-?[A-Z]?\d[\w-]*|[A-Z][A-Za-z]+-[A-Z]\d?)(?:\s+mission)?,?\s+(?:was\s+|"
                      r"had\s+been\s+)?launched\b")


def propose(text: str) -> list[Proposal]:
    """Every draft fact the rules find in an article, in article order, one per kind and name."""
    proposals: list[Proposal] = []
    seen: set[tuple[str, str]] = set()

    by_full_name: dict[str, Proposal] = {}

    def add(proposal: Proposal) -> None:
        known = by_full_name.get(proposal.name.casefold())
        if known is not None and known.kind == proposal.kind:  # the full name of an acronym already seen
            for name, value in proposal.fields.items():
                known.fields.setdefault(name, value)
            return
        if "full_name" in proposal.fields:
            by_full_name[str(proposal.fields["full_name"]).casefold()] = proposal
        key = (proposal.kind, proposal.name.casefold())
        if proposal.kind == "figure":  # one number said twice is one fact
            key = (proposal.kind, f"{proposal.fields['amount']} {proposal.fields['unit']}")
        if proposal.name and key not in seen:
            seen.add(key)
            proposals.append(proposal)

    for sentence in sentences(text):
        s = sentence.text
        if len(s) > MAX_SENTENCE:
            continue  # not prose: a table, a list run together, a pasted blob
        words = s.split()
        capitalised = sum(w[:1].isupper() for w in words)
        if len(words) < 4 or (capitalised >= 0.6 * len(words) and not s.endswith(".")):
            continue  # headings, captions, bylines
        year, date, span = find_date(s)
        for name, full in _names_of(_AGREEMENT, s, _AGREEMENT_HEADS):
            fields: dict[str, Any] = {"name": name}
            if full:
                fields["full_name"] = full
            signed = re.search(rf"{re.escape(name)}\)?\s+(?:in|of)\s+((?:19|20)\d\d)\b", s)
            if signed:
                fields["year"] = int(signed[1])
            provides = re.search(r"\bprovides\s+(?:for\s+)?(.+?)[.;]?$", s)
            if provides:
                fields["purpose"] = provides[1]
            add(Proposal("agreement", fields, sentence, "a named agreement"))
        for name, full in _names_of(_ORGANISATION, s, _ORG_HEADS):
            fields = {"name": name, **({"full_name": full} if full else {})}
            seat = re.search(r"\bheadquartered in ([A-Z][\w-]+(?:\s[A-Z][\w-]+)?)", s)
            if seat:
                fields["headquarters"] = seat[1]
            add(Proposal("organisation", fields, sentence, "a named organisation"))
        named = {p.name for p in proposals}
        for match in _TERM.finditer(s):
            full, short = _clean_name(match[1]), match[2]
            if short not in named and len(full.split()) >= 2 and not any(
                    h in full.split() for h in _AGREEMENT_HEADS + _ORG_HEADS):
                add(Proposal("term", {"name": short, "full_name": full}, sentence, "an acronym with its full name"))
        for person in _people(s):
            add(Proposal("person", person, sentence, "a person with an office"))
        # A place where something happens ("held in New Delhi"), not a capital standing for its
        # government ("Washington wants ...").
        for place in dict.fromkeys(_PLACE_IN.findall(s)):
            add(Proposal("place", {"name": place, "state": PLACES[place]}, sentence, "a place in the gazetteer"))
        for fields, domain, fspan in _figures(s):
            shown = s[:fspan[0]] + "#" + s[fspan[1]:]
            fields = {"name": _clip(shown), **fields}
            if year:
                fields["year"] = year
            add(Proposal("figure", fields, sentence, "a figure with a unit", {"domain": {"amount": domain}}))
        mission = _MISSION.search(s)
        if mission and date:
            fields = {"name": mission[1], "launched_on": date, "year": date.year}
            vehicle = re.search(r"\b(?:by|on|aboard)\s+(?:the\s+|a\s+)?([A-Z][\w-]*\d[\w-]*)", s[mission.end():])
            if vehicle:
                fields["vehicle"] = vehicle[1]
            add(Proposal("mission", fields, sentence, "a mission with its launch date"))
            continue
        if year and _EVENT_VERBS.search(s):
            if span:  # the date phrase goes, with the word that introduced it ("on 14 July 2023")
                lead = re.search(r"\b(?:on|in|of|since|from|by|during)\s+$", s[:span[0]])
                span = (lead.start() if lead else span[0], span[1])
            clause = (s[:span[0]] + s[span[1]:]) if span else s
            clause = " ".join(clause.replace(" ,", ",").strip(" ,.").split())
            clause = re.sub(r"^,\s*", "", clause)
            clause = clause[:1].upper() + clause[1:]
            fields = {"name": _clip(clause, 12), "event": _clip(clause, 60), "year": year}
            if date:
                fields["date"] = date
            place = _PLACE.search(s)
            if place:
                fields["place"] = place[1]
            add(Proposal("event", fields, sentence, "a dated event"))
    return proposals


def _clip(text: str, words: int = 40) -> str:
    parts = text.rstrip(".").split()
    return " ".join(parts[:words]) + (" …" if len(parts) > words else "")


# ------------------------------------------------------------------ the draft bank


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.casefold()).strip("-")[:40].strip("-") or "fact"


def draft_bank(text: str, article_file: str, bank_id: str, title: str) -> tuple[str, list[Proposal]]:
    """The draft bank's YAML text: one `draft: true` fact per proposal, citing the article."""
    import yaml

    proposals = propose(text)
    heading = next((line.strip() for line in text.splitlines() if line.strip()), title)
    facts, ids = [], set()
    for proposal in proposals:
        base = f"{proposal.kind}-{_slug(proposal.name)}"
        fid, n = base, 2
        while fid in ids:
            fid, n = f"{base}-{n}", n + 1
        ids.add(fid)
        facts.append({"id": fid, "kind": proposal.kind, "draft": True, "topics": ["article"],
                      "fields": proposal.fields, **proposal.extra,
                      "sources": [{"source": "article", "quote": " ".join(proposal.sentence.text.split())}]})
    bank = {"id": bank_id, "title": title, "topics": {"article": heading[:120]},
            "sources": {"article": {"title": heading[:120], "outlet": "news report", "file": article_file}},
            "facts": facts}
    header = (f"# Draft facts proposed by `quizgen extract` from {article_file}: {len(facts)} proposals.\n"
              "# Review each one against the article: fix or complete its fields (docs/standard-kinds.md),\n"
              "# delete what is not worth asking, then remove `draft: true`. Until then `quizgen generate`\n"
              "# skips it and `quizgen check` lists it. Each quote is the sentence the fact came from.\n"
              "# Give the article source its outlet and date (no question offers a year after it).\n"
              "# Walkthrough: docs/new-topic.md.\n\n")
    body = yaml.safe_dump(bank, sort_keys=False, allow_unicode=True, width=100)
    return header + body, proposals

"""The per-question checks of the item linter: each reads a question as the aspirant sees it
(stem, numbered statements or pairs, options) and reports the giveaways it shows.

The layout decides the checks: pairs (two cells an item), statements (one cell an item) or
options alone; dates, self-reference and form apply to every question.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from dataclasses import dataclass

from quizgen.blindsolver import free_options, numeric_value, odd_features, odd_length
from quizgen.distractors import normalise
from quizgen.itemlint.findings import Finding
from quizgen.itemlint.lookup import CATEGORY_FIELD, LibraryLookup, contains, padded
from quizgen.library import Template
from quizgen.model import LETTERS, Fact, Question
from quizgen.render import display

# Form cues reported per question (the solver tries them all): they matter for value-like
# options, not for sentences, where a digit or a bracket is incidental.
FORM_GIVEAWAYS = ("digits", "number shape", "capitalisation")
SHORT_OPTION_WORDS = 6


_MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September",
           "October", "November", "December")
_FULL_DATE = re.compile(r"\b(\d{1,2}) (" + "|".join(_MONTHS) + r") (\d{4})\b")
_MONTH_YEAR = re.compile(r"\b(" + "|".join(_MONTHS) + r") (\d{4})\b")
_YEAR = re.compile(r"(?<![\d.,$£€₹/-])\b(1[5-9]\d\d|2\d\d\d)\b(?![.,]\d)"
                   r"(?!\s*(?:per ?cent|%|billion|million|crore|lakh|units|years|km|kg|tonnes))")
_PERCENT = re.compile(r"(-?\d[\d,]*(?:\.\d+)?)\s*(?:per ?cent|%)")
_DECIMAL = re.compile(r"(?<![\d.])-?\d+\.\d+(?![\d.])")
_TIMED = re.compile(r"^(?:Before|After|At|During|Following|Prior to|Since|Until|Soon after|Shortly before)"
                    r" (?P<ref>[^,]+), (?P<event>.+)$")
_STOPWORDS = {"the", "a", "an", "of", "and", "in", "on", "at", "to", "for", "with", "first", "second",
              "third", "fourth", "fifth", "its", "their", "by"}


def _quote(text: str, limit: int = 70) -> str:
    text = " ".join(text.split())
    return f'"{text}"' if len(text) <= limit else f'"{text[:limit - 1]}…"'


@dataclass
class Context:
    """The question being linted, with its template and facts looked up."""

    question: Question
    template: Template | None
    facts: list[Fact]
    run: str

    def finding(self, pattern: str, detail: str, fact: Fact | None = None) -> Finding:
        """A finding about this question, naming `fact` (default: its first fact)."""
        fact = fact or (self.facts[0] if self.facts else None)
        where = str(self.template.location) if self.template else self.question.template
        return Finding(pattern, self.question.id, where, self.question.template, fact.id if fact else "",
                       str(fact.location) if fact else "", detail, self.run)


def lint_question(lookup: LibraryLookup, question: Question, run: str = "") -> list[Finding]:
    """Every giveaway `question` shows; `run` says which build it came from."""
    template = lookup.library.template(question.template)
    facts = [lookup.facts[f] for f in question.facts if f in lookup.facts]
    ctx = Context(question, template, facts, run)
    found: list[Finding] = []
    if question.items and all(len(item.cells) == 2 for item in question.items):
        found += _pairs(lookup, ctx)
    elif question.items:
        found += _statements(lookup, ctx)
    else:
        found += _single(lookup, ctx)
    found += _dates(lookup, ctx)
    found += _self_reference(lookup, ctx)
    if free_options(question):
        found += _form(lookup, ctx)
    return found


def _pairs(lookup: LibraryLookup, ctx: Context) -> list[Finding]:
    q, template = ctx.question, ctx.template
    if template is None or "left" not in template.texts:
        return []
    rights, owners, lefts = lookup.pair_table(template)
    fact_by_left = {lefts[f.id]: f for f in ctx.facts if f.id in lefts}
    rows = [(item.label, normalise(item.cells[0]), normalise(item.cells[1]), item) for item in q.items]
    found = []
    for label, left, right, item in rows:
        if right in rights.get(left, set()):
            continue
        fact = fact_by_left.get(left)
        for other_label, other_left, _, other in rows:
            if other_label != label and right in rights.get(other_left, set()):
                found.append(ctx.finding("swapped-pair",
                                         f"false pair {label} {_quote(' — '.join(item.cells))} shows the "
                                         f"true right side of pair {other_label} ({other.cells[0]})", fact))
                break
        clash = fact and lookup.category_clash(fact, owners.get(right, []),
                                              (CATEGORY_FIELD, *template.spec.get("similar", ())))
        if clash:
            found.append(ctx.finding("other-category",
                                     f"false pair {label} gives {item.cells[0]} ({clash[0]} {clash[1]}) "
                                     f"a right side of {clash[0]} {clash[2]}: {_quote(item.cells[1])}", fact))
    for column, name in ((2, "right side"), (1, "left side")):
        counts = Counter(row[column] for row in rows)
        for value, count in counts.items():
            # A year many facts share may repeat; a value true of one thing at most cannot.
            if count > 1 and (column == 1 or len({f.id for f in owners.get(value, [])}) <= 1):
                labels = [row[0] for row in rows if row[column] == value]
                item = next(row[3] for row in rows if row[column] == value)
                detail = f"pairs {' and '.join(labels)} share the {name} {_quote(item.cells[column - 1])}"
                found.append(ctx.finding("repeated-pair", detail, fact_by_left.get(normalise(item.cells[0]))))
    for label, left, right, item in rows:
        found += _values(lookup, ctx, item.cells[1], fact_by_left.get(left), f"pair {label}")
    return found


def _statements(lookup: LibraryLookup, ctx: Context) -> list[Finding]:
    found = []
    for position, item in enumerate(ctx.question.items):
        text = item.cells[0]
        subject = lookup.subject(text, ctx.facts, position, len(ctx.question.items))
        found += _values(lookup, ctx, text, subject, f"statement {item.label}")
        if subject is None or getattr(item, "kind", "") == "event":
            continue  # events to put in order are shown as they happened: never false
        haystack = padded(text)
        own = lookup.own(subject)
        for name, value, owners in lookup.values_of_kind(subject.kind):
            if subject in owners or not contains(haystack, value):
                continue
            if any(contains(haystack, v) for v in own.get(name, ())):
                continue  # the statement shows the subject's own value for this field
            if any(contains(f" {v} ", value) for values in own.values() for v in values):
                continue  # part of the subject's own wording
            owner_ids = {o.id for o in owners}
            shown_facts = {f.id for f in ctx.facts}
            if owners[0].id in shown_facts and lookup.identifying(subject.kind, name):
                found.append(ctx.finding("swapped-statement",
                                         f"statement {item.label} gives {subject.id} the {name} of {owners[0].id}, "
                                         f"also on show: {_quote(text)}", subject))
            clash = lookup.category_clash(subject, owners, (CATEGORY_FIELD,))
            if clash:
                detail = (f"statement {item.label} gives {subject.id} ({clash[0]} {clash[1]}) the {name} of "
                          f"{'/'.join(sorted(owner_ids))} ({clash[0]} {clash[2]}): {_quote(text)}")
                found.append(ctx.finding("other-category", detail, subject))
    return found


def _single(lookup: LibraryLookup, ctx: Context) -> list[Finding]:
    q, template = ctx.question, ctx.template
    found: list[Finding] = []
    key_fact = ctx.facts[0] if ctx.facts else None
    for i, option in enumerate(q.options):
        found += _values(lookup, ctx, option, key_fact, f"option ({LETTERS[i]})", is_option=True)
    if template is None or key_fact is None or not template.spec.get("answer"):
        return found
    owners = lookup.answer_owners(template)
    fields = (CATEGORY_FIELD, *template.spec.get("similar", ()))
    for i, option in enumerate(q.options):
        if i == q.answer:
            continue
        clash = lookup.category_clash(key_fact, owners.get(normalise(option), []), fields)
        if clash:
            found.append(ctx.finding("other-category",
                                     f"option ({LETTERS[i]}) {_quote(option)} belongs to {clash[0]} "
                                     f"{clash[2]}; the key's fact has {clash[0]} {clash[1]}", key_fact))
            break
    return found


def _values(lookup: LibraryLookup, ctx: Context, text: str, fact: Fact | None, what: str,
            is_option: bool = False) -> list[Finding]:
    """Domain checks on a shown value: percentages within 0-100, counts whole and non-negative,
    an option within its field's declared domain, years within the lifetimes the text names."""
    found = []
    for match in _PERCENT.finditer(text):
        value = float(match[1].replace(",", ""))
        if not 0 <= value <= 100:
            found.append(ctx.finding("out-of-domain", f"{what} shows {match[0]}: {_quote(text)}", fact))
    rules = lookup.number_rules(fact) if fact else set()
    value = numeric_value(text) if is_option else None
    if value is not None and not _PERCENT.search(text):
        domain = lookup.answer_domain(ctx.template, fact)
        if domain is not None and not domain.allows(value, lookup.answer_value(ctx.template, fact)):
            found.append(ctx.finding("out-of-domain", f"{what} {_quote(text)} is outside the domain "
                                     f"{getattr(domain, 'name', domain)} of the answer", fact))
        elif "percent" in rules and not 0 <= value <= 100:
            found.append(ctx.finding("out-of-domain", f"{what} {_quote(text)} is not a percentage", fact))
    if "count" in rules and ((decimal := _DECIMAL.search(text)) or (value is not None and value < 0)):
        shown = decimal[0] if decimal else text
        found.append(ctx.finding("out-of-domain",
                                 f"{what} shows {shown} for a count (whole numbers only): {_quote(text)}", fact))
    found += _lifetime(lookup, ctx, text, what, is_option, fact)
    return found


def _lifetime(lookup: LibraryLookup, ctx: Context, text: str, what: str, is_option: bool,
              subject: Fact | None) -> list[Finding]:
    """A year in `text` within the lifetime (`from`-`to`) of everyone the question names there,
    except the fact the text is about (its own dates are what a question may ask)."""
    if not lookup.lifetimes:
        return []
    named_in = padded(f"{ctx.question.lead} {text}" if is_option else text)
    years = [int(y) for y in _YEAR.findall(text)]
    for name, start, end, person in lookup.lifetimes:
        if person is subject or not contains(named_in, name):
            continue
        for year in years:
            if (start and year < start.year) or (end and year > end.year):
                span = f"{start.year if start else '…'}–{end.year if end else '…'}"
                return [ctx.finding("outside-lifetime", f"{what} puts {display(person.fields.get('name', person.id))} "
                                    f"({span}) in {year}: {_quote(text)}", person)]
    return []


def _dates(lookup: LibraryLookup, ctx: Context) -> list[Finding]:
    """No option or statement names a year or date after the bank's `as_of` date."""
    q = ctx.question
    as_of = lookup.as_of.get(q.bank)
    if as_of is None and ctx.facts:
        as_of = lookup.as_of.get(ctx.facts[0].bank)
    if as_of is None:
        return []
    key_fact = ctx.facts[0] if ctx.facts else None
    # Options that are amounts (a figure of 2460 crore) are not years.
    answer = ctx.template.spec.get("answer") if ctx.template else None
    field_type = getattr(lookup.library, "field_type", None)
    amounts = bool(key_fact and answer and callable(field_type)) and field_type(key_fact.kind, answer) in (
        "number", "percent", "count")
    texts = [] if amounts else [(f"option ({LETTERS[i]})", o, key_fact) for i, o in enumerate(q.options)]
    texts += [(f"item {item.label}", cell, lookup.subject(cell, ctx.facts, position, len(q.items)))
              for position, item in enumerate(q.items) for cell in item.cells]
    for what, text, fact in texts:
        late = None
        for match in _FULL_DATE.finditer(text):
            day, month, year = int(match[1]), _MONTHS.index(match[2]) + 1, int(match[3])
            try:
                if dt.date(year, month, day) > as_of:
                    late = match[0]
            except ValueError:
                late = match[0]  # no such day: as impossible as a future one
        stripped = _FULL_DATE.sub(" ", text)
        for match in _MONTH_YEAR.finditer(stripped):
            if (int(match[2]), _MONTHS.index(match[1]) + 1) > (as_of.year, as_of.month):
                late = late or match[0]
        for year in _YEAR.findall(_MONTH_YEAR.sub(" ", stripped)):
            if int(year) > as_of.year:
                late = late or year
        if late:
            return [ctx.finding("after-as-of",
                                f"{what} shows {late}, after the bank's as_of date {as_of.isoformat()}: "
                                f"{_quote(text)}", fact)]
    return []


def _self_reference(lookup: LibraryLookup, ctx: Context) -> list[Finding]:
    """A statement dated against an event that it names itself reads true or false by logic."""
    q = ctx.question
    texts = [(f"statement {item.label}", item.cells[0], position) for position, item in enumerate(q.items)
             if len(item.cells) == 1]
    texts += [(f"option ({LETTERS[i]})", o, 0) for i, o in enumerate(q.options)]
    for what, text, position in texts:
        match = _TIMED.match(text.strip())
        if not match or _YEAR.fullmatch(match["ref"].strip()):
            continue
        ref = normalise(match["ref"]).split()
        event = normalise(match["event"]).split()
        run = _longest_common_run(ref, event)
        if len(run) >= 3 and any(w not in _STOPWORDS and len(w) >= 3 for w in run):
            fact = lookup.subject(text, ctx.facts, position, len(q.items))
            return [ctx.finding("self-reference",
                                f"{what} is dated against \"{match['ref']}\" and names it: {_quote(text, 110)}",
                                fact)]
    return []


def _form(lookup: LibraryLookup, ctx: Context) -> list[Finding]:
    q = ctx.question
    options, key = q.options, q.answer
    found = []
    lengths = [len(o) for o in options]
    others = [n for i, n in enumerate(lengths) if i != key]
    odd_size = odd_length(options, key)
    if odd_size:
        bound = max(others) if odd_size == "longest" else min(others)
        found.append(ctx.finding("odd-length", f"the key ({LETTERS[key]}) {_quote(options[key], 50)} "
                                 f"is by far the {odd_size} option ({lengths[key]} characters "
                                 f"against {'at most' if odd_size == 'longest' else 'at least'} {bound})"))
    odd = [feature for feature in odd_features(options).get(key, []) if feature in FORM_GIVEAWAYS]
    if odd and all(len(o.split()) <= SHORT_OPTION_WORDS for o in options):
        found.append(ctx.finding("odd-form", f"the key ({LETTERS[key]}) {_quote(options[key], 50)} alone "
                                 f"differs from the other options in {', '.join(odd)}"))
    return found


def _longest_common_run(a: list[str], b: list[str]) -> list[str]:
    best: list[str] = []
    for i in range(len(a)):
        for j in range(len(b)):
            k = 0
            while i + k < len(a) and j + k < len(b) and a[i + k] == b[j + k]:
                k += 1
            if k > len(best):
                best = a[i:i + k]
    return best


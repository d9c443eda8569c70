"""The item linter: build every recipe under several seeds and report questions that a known
giveaway pattern would solve without the fact.

It reads questions as an aspirant sees them (stem, numbered items, options) and checks them
against the library: which pairs are true, which fact owns a value, a bank's `as_of` date, a
fact's category. Each finding names the question, the template and the fact with file:line.
Style-wide patterns (uneven keys, the fact-blind solver of quizgen.blindsolver) name the style.
"""

from __future__ import annotations

import datetime as dt
import json
import math
import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Hashable, Iterable, Sequence

from quizgen.blindsolver import (
    CHANCE, MARGIN, MIN_QUESTIONS, PRIOR, StyleScore, free_options, numeric_value, odd_features, score_styles,
)
from quizgen.distractors import normalise, true_values
from quizgen.errors import LoadError, TemplateError
from quizgen.library import Bank, Library, Template
from quizgen.model import LETTERS, Fact, Question
from quizgen.render import display

DEFAULT_SEEDS = 5
DIFFICULTIES = ("easy", "hard")

# Pattern names, in the order the summary lists them.
PATTERNS = (
    "swapped-pair", "repeated-pair", "swapped-statement", "out-of-domain", "after-as-of",
    "outside-lifetime", "other-category", "self-reference", "odd-length", "odd-form",
    "uneven-keys", "blind-solver",
)

LENGTH_RATIO = 1.5  # the key is longer (shorter) than every other option by this factor...
LENGTH_GAP = 6  # ...and by at least this many characters
KEY_SPREAD_MARGIN = 0.10  # a letter's share may stray this far from 25 % ...
KEY_SPREAD_Z = 3.0  # ...unless the sample is too small to tell (binomial z-score)

# Form cues reported per question (the solver tries them all): they matter for value-like
# options, not for sentences, where a digit or a bracket is incidental.
FORM_GIVEAWAYS = ("digits", "number shape", "capitalisation")
SHORT_OPTION_WORDS = 6

PERCENT_UNITS = {"per cent", "percent", "%", "percentage"}
COUNT_UNITS = {"count", "number"}
CATEGORY_FIELD = "category"

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


@dataclass(frozen=True)
class Finding:
    pattern: str
    question: str  # the question id, or "style <name>" for a style-wide pattern
    where: str  # the template's file:line
    template: str
    fact: str
    fact_at: str
    detail: str
    run: str = ""  # which build showed it ("seed 3, hard"), to reproduce with `generate`

    def __str__(self) -> str:
        who = f"template {self.template}"
        if self.fact:
            who += f", fact {self.fact} ({self.fact_at})"
        run = f" [{self.run}]" if self.run else ""
        return f"{self.where}: {self.question}: {self.pattern}: {self.detail} ({who}){run}"


@dataclass
class LintReport:
    findings: list[Finding] = field(default_factory=list)
    questions: int = 0  # distinct questions linted
    built: int = 0  # questions built over all runs
    runs: list[str] = field(default_factory=list)
    solver: dict[str, StyleScore] = field(default_factory=dict)

    def counts(self) -> Counter:
        counts = Counter({pattern: 0 for pattern in PATTERNS})
        counts.update(f.pattern for f in self.findings)
        return counts


# ---------------------------------------------------------------- running


def lint_library(library: Library, seeds: Iterable[int] = range(DEFAULT_SEEDS),
                 difficulties: Sequence[str] = DIFFICULTIES) -> LintReport:
    """Generate every question the library allows under each seed and difficulty, and lint them."""
    from quizgen.generate import generate  # the generator imports the builders: only when linting

    runs = []
    for seed in seeds:
        for difficulty in difficulties:
            selection = generate(library, count=10 ** 9, seed=seed, difficulty=difficulty)
            runs.append((f"seed {seed}, {difficulty}", seed, selection.questions))
    return lint_runs(library, runs)


def load_questions(path: str | Path) -> list[Question]:
    """Questions as `quizgen generate --format json` writes them (a paper to lint as it is)."""
    try:
        text = Path(path).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise LoadError(f"cannot read the questions: {getattr(error, 'strerror', None) or error}", path) from None
    try:
        data = json.loads(text)
    except json.JSONDecodeError as error:
        raise LoadError(f"not JSON: {error.msg}", path, error.lineno) from None
    if not isinstance(data, list):
        raise LoadError("expected a JSON list of questions, as `quizgen generate` writes", path, 1)
    questions = []
    for number, item in enumerate(data, start=1):
        try:
            question = Question.from_dict(item)
            if len(question.options) != 4 or not 0 <= question.answer < 4:
                raise ValueError
        except (KeyError, TypeError, ValueError, AttributeError):
            raise LoadError(f"question {number} is not a question as `quizgen generate` writes it "
                            "(needs id, style, lead, items, ask, four options, answer, template, facts, bank)",
                            path) from None
        questions.append(question)
    return questions


def lint_runs(library: Library, runs: Sequence[tuple[str, Hashable, Sequence[Question]]]) -> LintReport:
    """Lint questions given as (run label, fold, questions); the solver learns on the other folds."""
    linter = ItemLinter(library)
    report = LintReport(runs=[label for label, _, _ in runs])
    seen: set[tuple] = set()
    reported: set[tuple[str, str]] = set()
    # Key letters and the solver are scored over every paper built, as students meet them (a
    # question with more random parts would otherwise count more often); their significance
    # over distinct questions only, since papers of different seeds repeat questions.
    folds: dict[Hashable, list[Question]] = defaultdict(list)
    built: list[Question] = []
    distinct: list[Question] = []
    for label, fold, questions in runs:
        for question in questions:
            report.built += 1
            folds[fold].append(question)
            built.append(question)
            shown = (question.id, question.options, question.answer)
            if shown in seen:
                continue
            seen.add(shown)
            distinct.append(question)
            for finding in linter.lint(question, label):
                if (finding.question, finding.pattern) not in reported:
                    reported.add((finding.question, finding.pattern))
                    report.findings.append(finding)
    report.questions = len(distinct)
    distinct_by_style = Counter(q.style for q in distinct)
    report.findings.extend(linter.key_spread(built, distinct_by_style))
    report.solver = score_styles([folds[k] for k in folds], distinct_by_style) if built else {}
    report.findings.extend(linter.solver_findings(report.solver))
    return report


# ---------------------------------------------------------------- the linter


def _as_date(value: Any) -> dt.date | None:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, int) and not isinstance(value, bool):
        return dt.date(value, 12, 31)
    if isinstance(value, str) and value.strip():
        try:
            return dt.date.fromisoformat(value.strip()[:10])
        except ValueError:
            return None
    return None


def bank_as_of(bank: Bank) -> dt.date | None:
    """The bank's `as_of` date if it has one, else its newest source date."""
    declared = _as_date(getattr(bank, "as_of", None))
    if declared:
        return declared
    dates = [d for d in (_as_date(s.date) for s in bank.sources.values()) if d]
    return max(dates) if dates else None


def _padded(text: str) -> str:
    return f" {normalise(text)} "


def _contains(padded_text: str, norm_value: str) -> bool:
    return bool(norm_value) and f" {norm_value} " in padded_text


def _quote(text: str, limit: int = 70) -> str:
    text = " ".join(text.split())
    return f'"{text}"' if len(text) <= limit else f'"{text[:limit - 1]}…"'


@dataclass
class _Context:
    question: Question
    template: Template | None
    facts: list[Fact]
    run: str


class ItemLinter:
    def __init__(self, library: Library):
        self.library = library
        self.facts = {fact.id: fact for fact in library.facts}
        self._pair_tables: dict[str, tuple[dict[str, set[str]], dict[str, list[Fact]], dict[str, str]]] = {}
        self._answer_owners: dict[str, dict[str, list[Fact]]] = {}
        self._kind_values: dict[str, list[tuple[str, str, tuple[Fact, ...]]]] = {}
        self._own_values: dict[str, dict[str, set[str]]] = {}
        self._identifying_fields: dict[tuple[str, str], bool] = {}
        self._as_of: dict[str, dt.date | None] = {b.id: bank_as_of(b) for b in library.banks}
        self._lifetimes = [
            (normalise(f.fields["name"]), _as_date(f.fields.get("from")), _as_date(f.fields.get("to")), f)
            for f in library.facts
            if isinstance(f.fields.get("name"), str) and ("from" in f.fields or "to" in f.fields)
        ]

    # ------------------------------------------------------------ helpers

    def _finding(self, ctx: _Context, pattern: str, detail: str, fact: Fact | None = None) -> Finding:
        fact = fact or (ctx.facts[0] if ctx.facts else None)
        template = ctx.template
        return Finding(pattern, ctx.question.id, str(template.location) if template else ctx.question.template,
                       ctx.question.template, fact.id if fact else "", str(fact.location) if fact else "",
                       detail, ctx.run)

    @staticmethod
    def _render_option(template: Template, value: Any) -> str:
        option = template.texts.get("option")
        if option is None:
            return " ".join(display(value).split())
        return option.render({"value": value})

    def _pair_table(self, template: Template):
        """left -> true rights; right -> facts it is true of; fact id -> its left (all normalised)."""
        table = self._pair_tables.get(template.id)
        if table is None:
            rights: dict[str, set[str]] = defaultdict(set)
            owners: dict[str, list[Fact]] = defaultdict(list)
            lefts: dict[str, str] = {}
            name = template.spec.get("right")
            for fact in self.library.facts:
                if not template.applies_to(fact) or "left" not in template.texts:
                    continue
                try:
                    left = normalise(template.texts["left"].render(dict(fact.fields)))
                    texts = {t for v in true_values(fact, name)
                             for t in (normalise(v), normalise(self._render_option(template, v)))}
                except TemplateError:
                    continue
                lefts[fact.id] = left
                rights[left] |= texts
                for text in texts:
                    owners[text].append(fact)
            table = self._pair_tables[template.id] = (dict(rights), dict(owners), lefts)
        return table

    def _owners_of_answer(self, template: Template) -> dict[str, list[Fact]]:
        """For a single-answer template: option text -> the facts whose answer it is."""
        owners = self._answer_owners.get(template.id)
        if owners is None:
            owners = self._answer_owners[template.id] = defaultdict(list)
            name = template.spec.get("answer")
            for fact in self.library.facts:
                if template.applies_to(fact) and name:
                    for value in true_values(fact, name):
                        try:
                            owners[normalise(self._render_option(template, value))].append(fact)
                        except TemplateError:
                            continue
        return owners

    def _values_of_kind(self, kind: str) -> list[tuple[str, str, tuple[Fact, ...]]]:
        """Every text value of the kind's text fields: (field, normalised value, facts having it)."""
        values = self._kind_values.get(kind)
        if values is None:
            owners: dict[tuple[str, str], list[Fact]] = defaultdict(list)
            for fact in self.library.facts_of_kind(kind):
                for name, raw in fact.fields.items():
                    if name == CATEGORY_FIELD or self.library.field_type(kind, name) not in ("text", "list"):
                        continue
                    for value in true_values(fact, name):
                        norm = normalise(value)
                        if len(norm) >= 4:
                            owners[(name, norm)].append(fact)
            values = self._kind_values[kind] = [(n, v, tuple(fs)) for (n, v), fs in owners.items()]
        return values

    def _identifying(self, kind: str, name: str) -> bool:
        """A field no two facts of the kind share a value of (a name, a description), unlike a
        year or a place: shown with another fact on show, the value names that fact."""
        key = (kind, name)
        if key not in self._identifying_fields:
            owners = [fs for field_name, _, fs in self._values_of_kind(kind) if field_name == name]
            self._identifying_fields[key] = bool(owners) and all(len({f.id for f in fs}) == 1 for fs in owners)
        return self._identifying_fields[key]

    def _own(self, fact: Fact) -> dict[str, set[str]]:
        own = self._own_values.get(fact.id)
        if own is None:
            own = self._own_values[fact.id] = {
                name: {normalise(v) for v in true_values(fact, name)} for name in fact.fields}
        return own

    def _subject(self, text: str, facts: list[Fact], position: int, items: int = 0) -> Fact | None:
        """The fact a statement is about: the only one, the one in its place when each statement
        has its own fact (the builder lists them in order), else the one whose values it shows most of."""
        if not facts:
            return None
        if len(facts) == 1:
            return facts[0]
        if len(facts) == items:
            return facts[position]
        padded = _padded(text)
        scores = [sum(len(v) for values in self._own(f).values() for v in values if len(v) >= 3 and _contains(padded, v))
                  for f in facts]
        best = max(scores)
        if best == 0:
            return facts[min(position, len(facts) - 1)]
        winners = [i for i, s in enumerate(scores) if s == best]
        return facts[position] if position in winners else facts[winners[0]]

    @staticmethod
    def _category_clash(subject: Fact, owners: Sequence[Fact], fields: Iterable[str]) -> tuple[str, str, str] | None:
        """(field, subject's value, owners' value) when every owner differs from subject in a category field."""
        for name in fields:
            mine = subject.fields.get(name)
            if mine is None or not owners or any(o.fields.get(name) is None for o in owners):
                continue
            if normalise(mine) not in {normalise(o.fields[name]) for o in owners}:
                return name, display(mine), display(owners[0].fields[name])
        return None

    # ------------------------------------------------------------ one question

    def lint(self, question: Question, run: str = "") -> list[Finding]:
        template = self.library.template(question.template)
        facts = [self.facts[f] for f in question.facts if f in self.facts]
        ctx = _Context(question, template, facts, run)
        found: list[Finding] = []
        if question.items and all(len(item.cells) == 2 for item in question.items):
            found += self._pairs(ctx)
        elif question.items:
            found += self._statements(ctx)
        else:
            found += self._single(ctx)
        found += self._dates(ctx)
        found += self._self_reference(ctx)
        if free_options(question):
            found += self._form(ctx)
        return found

    def _pairs(self, ctx: _Context) -> list[Finding]:
        q, template = ctx.question, ctx.template
        if template is None or "left" not in template.texts:
            return []
        rights, owners, lefts = self._pair_table(template)
        fact_by_left = {lefts[f.id]: f for f in ctx.facts if f.id in lefts}
        rows = [(item.label, normalise(item.cells[0]), normalise(item.cells[1]), item) for item in q.items]
        found = []
        for label, left, right, item in rows:
            if right in rights.get(left, set()):
                continue
            fact = fact_by_left.get(left)
            for other_label, other_left, _, other in rows:
                if other_label != label and right in rights.get(other_left, set()):
                    found.append(self._finding(ctx, "swapped-pair",
                                               f"false pair {label} {_quote(' — '.join(item.cells))} shows the "
                                               f"true right side of pair {other_label} ({other.cells[0]})", fact))
                    break
            clash = fact and self._category_clash(fact, owners.get(right, []),
                                                  (CATEGORY_FIELD, *template.spec.get("similar", ())))
            if clash:
                found.append(self._finding(ctx, "other-category",
                                           f"false pair {label} gives {item.cells[0]} ({clash[0]} {clash[1]}) "
                                           f"a right side of {clash[0]} {clash[2]}: {_quote(item.cells[1])}", fact))
        for column, name in ((2, "right side"), (1, "left side")):
            counts = Counter(row[column] for row in rows)
            for value, count in counts.items():
                # A year many facts share may repeat; a value true of one thing at most cannot.
                if count > 1 and (column == 1 or len({f.id for f in owners.get(value, [])}) <= 1):
                    labels = [row[0] for row in rows if row[column] == value]
                    item = next(row[3] for row in rows if row[column] == value)
                    found.append(self._finding(ctx, "repeated-pair",
                                               f"pairs {' and '.join(labels)} share the {name} "
                                               f"{_quote(item.cells[column - 1])}", fact_by_left.get(normalise(item.cells[0]))))
        for label, left, right, item in rows:
            found += self._values(ctx, item.cells[1], fact_by_left.get(left), f"pair {label}")
        return found

    def _statements(self, ctx: _Context) -> list[Finding]:
        found = []
        for position, item in enumerate(ctx.question.items):
            text = item.cells[0]
            subject = self._subject(text, ctx.facts, position, len(ctx.question.items))
            found += self._values(ctx, text, subject, f"statement {item.label}")
            if subject is None:
                continue
            padded = _padded(text)
            own = self._own(subject)
            for name, value, owners in self._values_of_kind(subject.kind):
                if subject in owners or not _contains(padded, value):
                    continue
                if any(_contains(padded, v) for v in own.get(name, ())):
                    continue  # the statement shows the subject's own value for this field
                if any(_contains(f" {v} ", value) for values in own.values() for v in values):
                    continue  # part of the subject's own wording
                owner_ids = {o.id for o in owners}
                shown_facts = {f.id for f in ctx.facts}
                if owners[0].id in shown_facts and self._identifying(subject.kind, name):
                    found.append(self._finding(
                        ctx, "swapped-statement",
                        f"statement {item.label} gives {subject.id} the {name} of {owners[0].id}, "
                        f"also on show: {_quote(text)}", subject))
                clash = self._category_clash(subject, owners, (CATEGORY_FIELD,))
                if clash:
                    found.append(self._finding(
                        ctx, "other-category",
                        f"statement {item.label} gives {subject.id} ({clash[0]} {clash[1]}) the {name} of "
                        f"{'/'.join(sorted(owner_ids))} ({clash[0]} {clash[2]}): {_quote(text)}", subject))
        return found

    def _single(self, ctx: _Context) -> list[Finding]:
        q, template = ctx.question, ctx.template
        found: list[Finding] = []
        key_fact = ctx.facts[0] if ctx.facts else None
        for i, option in enumerate(q.options):
            found += self._values(ctx, option, key_fact, f"option ({LETTERS[i]})", is_option=True)
        if template is None or key_fact is None or not template.spec.get("answer"):
            return found
        owners = self._owners_of_answer(template)
        fields = (CATEGORY_FIELD, *template.spec.get("similar", ()))
        for i, option in enumerate(q.options):
            if i == q.answer:
                continue
            clash = self._category_clash(key_fact, owners.get(normalise(option), []), fields)
            if clash:
                found.append(self._finding(ctx, "other-category",
                                           f"option ({LETTERS[i]}) {_quote(option)} belongs to {clash[0]} "
                                           f"{clash[2]}; the key's fact has {clash[0]} {clash[1]}", key_fact))
                break
        return found

    def _values(self, ctx: _Context, text: str, fact: Fact | None, what: str,
                is_option: bool = False) -> list[Finding]:
        """Domain checks on a shown value: percentages within 0-100, counts whole and non-negative,
        years within the lifetime of the people the question names."""
        found = []
        for match in _PERCENT.finditer(text):
            value = float(match[1].replace(",", ""))
            if not 0 <= value <= 100:
                found.append(self._finding(ctx, "out-of-domain", f"{what} shows {match[0]}: {_quote(text)}", fact))
        unit = normalise(fact.fields.get("unit", "")) if fact else ""
        if is_option and not _PERCENT.search(text):
            value = numeric_value(text)
            if value is not None and unit in PERCENT_UNITS and not 0 <= value <= 100:
                found.append(self._finding(ctx, "out-of-domain", f"{what} {_quote(text)} is not a percentage", fact))
        if unit in COUNT_UNITS:
            if (decimal := _DECIMAL.search(text)) or (is_option and (numeric_value(text) or 0) < 0):
                shown = decimal[0] if decimal else text
                found.append(self._finding(ctx, "out-of-domain",
                                           f"{what} shows {shown} for a count (whole numbers only): {_quote(text)}", fact))
        found += self._lifetime(ctx, text, what, is_option)
        return found

    def _lifetime(self, ctx: _Context, text: str, what: str, is_option: bool) -> list[Finding]:
        if not self._lifetimes:
            return []
        named_in = _padded(f"{ctx.question.lead} {text}" if is_option else text)
        years = [int(y) for y in _YEAR.findall(text)]
        found = []
        for name, start, end, person in self._lifetimes:
            if not _contains(named_in, name):
                continue
            for year in years:
                if (start and year < start.year) or (end and year > end.year):
                    span = f"{start.year if start else '…'}–{end.year if end else '…'}"
                    found.append(self._finding(ctx, "outside-lifetime",
                                               f"{what} puts {person.fields['name']} ({span}) in {year}: "
                                               f"{_quote(text)}", person))
                    return found
        return found

    def _dates(self, ctx: _Context) -> list[Finding]:
        """No option or statement names a year or date after the bank's `as_of` date."""
        q = ctx.question
        as_of = self._as_of.get(q.bank)
        if as_of is None and ctx.facts:
            as_of = self._as_of.get(ctx.facts[0].bank)
        if as_of is None:
            return []
        key_fact = ctx.facts[0] if ctx.facts else None
        texts = [(f"option ({LETTERS[i]})", o, key_fact) for i, o in enumerate(q.options)]
        texts += [(f"item {item.label}", cell, self._subject(cell, ctx.facts, position, len(q.items)))
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
                return [self._finding(ctx, "after-as-of",
                                      f"{what} shows {late}, after the bank's as_of date {as_of.isoformat()}: "
                                      f"{_quote(text)}", fact)]
        return []

    def _self_reference(self, ctx: _Context) -> list[Finding]:
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
                fact = self._subject(text, ctx.facts, position, len(q.items))
                return [self._finding(ctx, "self-reference",
                                      f"{what} is dated against \"{match['ref']}\" and names it: {_quote(text, 110)}",
                                      fact)]
        return []

    def _form(self, ctx: _Context) -> list[Finding]:
        q = ctx.question
        options, key = q.options, q.answer
        found = []
        lengths = [len(o) for o in options]
        others = [n for i, n in enumerate(lengths) if i != key]
        if lengths[key] >= LENGTH_RATIO * max(others) and lengths[key] - max(others) >= LENGTH_GAP:
            found.append(self._finding(ctx, "odd-length", f"the key ({LETTERS[key]}) {_quote(options[key], 50)} "
                                                          f"is by far the longest option ({lengths[key]} characters "
                                                          f"against at most {max(others)})"))
        elif lengths[key] * LENGTH_RATIO <= min(others) and min(others) - lengths[key] >= LENGTH_GAP:
            found.append(self._finding(ctx, "odd-length", f"the key ({LETTERS[key]}) {_quote(options[key], 50)} "
                                                          f"is by far the shortest option ({lengths[key]} characters "
                                                          f"against at least {min(others)})"))
        odd = [feature for feature in odd_features(options).get(key, []) if feature in FORM_GIVEAWAYS]
        if odd and all(len(o.split()) <= SHORT_OPTION_WORDS for o in options):
            found.append(self._finding(ctx, "odd-form", f"the key ({LETTERS[key]}) {_quote(options[key], 50)} alone "
                                                        f"differs from the other options in {', '.join(odd)}"))
        return found

    # ------------------------------------------------------------ style-wide

    def _template_where(self, template_id: str) -> str:
        template = self.library.template(template_id)
        return str(template.location) if template else template_id

    def key_spread(self, questions: Sequence[Question], distinct: Counter | None = None) -> list[Finding]:
        """Per style, each key letter's share stays near 25 % (beyond chance variation).

        `distinct`: per style, how many of `questions` differ (the sample size for the margin)."""
        by_style: dict[str, list[Question]] = defaultdict(list)
        for q in questions:
            by_style[q.style].append(q)
        found = []
        for style, members in by_style.items():
            n = len(members)
            sample = min(n, distinct[style]) if distinct else n
            if sample < MIN_QUESTIONS:
                continue
            counts = Counter(q.answer for q in members)
            sigma = math.sqrt(CHANCE * (1 - CHANCE) / sample)
            shares = {letter: counts[i] / n for i, letter in enumerate(LETTERS)}
            worst = max(range(4), key=lambda i: abs(counts[i] / n - CHANCE))
            deviation = abs(counts[worst] / n - CHANCE)
            if deviation > KEY_SPREAD_MARGIN and deviation > KEY_SPREAD_Z * sigma:
                skewed = Counter(q.template for q in members if q.answer == worst)
                template = skewed.most_common(1)[0][0] if skewed else members[0].template
                spread = ", ".join(f"({letter}) {share:.0%}" for letter, share in shares.items())
                found.append(Finding("uneven-keys", f"style {style}", self._template_where(template), template, "", "",
                                     f"keys over {n} questions built ({sample} distinct): {spread}; expected 25 % each "
                                     f"(± {max(KEY_SPREAD_MARGIN, KEY_SPREAD_Z * sigma):.0%})"))
        return found

    def solver_findings(self, scores: dict[str, StyleScore]) -> list[Finding]:
        found = []
        for style, score in sorted(scores.items()):
            if not score.leaks:
                continue
            strategy = score.strategies.most_common(1)[0][0]
            template = max(score.seen_by_template,
                           key=lambda t: (score.right_by_template[t] / score.seen_by_template[t],
                                          score.seen_by_template[t]))
            detail = (f"a fact-blind solver ({strategy}) answers {score.correct} of {score.questions} questions "
                      f"({score.distinct} distinct) ({score.accuracy:.0%}; chance {CHANCE:.0%}, reported above "
                      f"{CHANCE + MARGIN:.0%}, p = {score.p_value:.1g}); it does best on template {template} "
                      f"({score.right_by_template[template]} of {score.seen_by_template[template]})")
            found.append(Finding("blind-solver", f"style {style}", self._template_where(template), template,
                                 "", "", detail))
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


def summary(report: LintReport) -> str:
    counts = report.counts()
    patterns = ", ".join(f"{pattern} {counts[pattern]}" for pattern in PATTERNS)
    solver = "; ".join(f"{style} {score.accuracy:.0%} of {score.questions} ({score.distinct} distinct)"
                       for style, score in sorted(report.solver.items()))
    return (f"{report.questions} distinct questions linted ({report.built} built over {len(report.runs)} run{'s' if len(report.runs) != 1 else ''}); "
            f"{len(report.findings)} findings: {patterns}; fact-blind solver by style: {solver or 'no questions'}")


__all__ = ["Finding", "LintReport", "ItemLinter", "lint_library", "lint_runs", "load_questions", "bank_as_of",
           "summary", "PATTERNS", "PRIOR"]

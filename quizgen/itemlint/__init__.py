"""The item linter: build every recipe under several seeds and report questions that a known
giveaway pattern would solve without the fact.

It reads questions as an aspirant sees them (stem, numbered items, options) and checks them
against the library: which pairs are true, which fact owns a value, a bank's `as_of` date, a
fact's category. Each finding names the question, the template and the fact with file:line.
Style-wide patterns (uneven keys, the fact-blind solver of quizgen.blindsolver) name the style.
"""

from __future__ import annotations

import inspect
import json
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Hashable, Iterable, Sequence

from quizgen.blindsolver import StyleScore, score_styles
from quizgen.errors import LoadError
from quizgen.generate import generate
from quizgen.itemlint.checks import lint_question
from quizgen.itemlint.findings import PATTERNS, Finding
from quizgen.itemlint.lookup import LibraryLookup, bank_as_of
from quizgen.itemlint.stylewide import key_spread, solver_findings
from quizgen.library import Library
from quizgen.model import Question

DEFAULT_SEEDS = 5
DIFFICULTIES = ("easy", "hard")


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


def lint_library(library: Library, seeds: Iterable[int] = range(DEFAULT_SEEDS),
                 difficulties: Sequence[str] = DIFFICULTIES) -> LintReport:
    """Generate every question the library allows under each seed and difficulty, and lint them."""
    # Every question a student may meet: a generator that composes papers (turning away
    # questions that answer each other) is asked for its whole pool instead.
    pool = {"paper": False} if "paper" in inspect.signature(generate).parameters else {}
    runs = []
    for seed in seeds:
        for difficulty in difficulties:
            selection = generate(library, count=10 ** 9, seed=seed, difficulty=difficulty, **pool)
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
    except RecursionError:
        raise LoadError("not a list of questions: nested too deeply", path) from None
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
    lookup = LibraryLookup(library)
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
            for finding in lint_question(lookup, question, label):
                if (finding.question, finding.pattern) not in reported:
                    reported.add((finding.question, finding.pattern))
                    report.findings.append(finding)
    report.questions = len(distinct)
    distinct_by_style = Counter(q.style for q in distinct)
    report.findings.extend(key_spread(library, built, distinct_by_style))
    report.solver = score_styles([folds[k] for k in folds], distinct_by_style) if built else {}
    report.findings.extend(solver_findings(library, report.solver))
    return report


def summary(report: LintReport) -> str:
    counts = report.counts()
    patterns = ", ".join(f"{pattern} {counts[pattern]}" for pattern in PATTERNS)
    solver = "; ".join(f"{style} {score.accuracy:.0%} of {score.questions} ({score.distinct} distinct)"
                       for style, score in sorted(report.solver.items()))
    runs = f"{len(report.runs)} run{'s' if len(report.runs) != 1 else ''}"
    return (f"{report.questions} distinct questions linted ({report.built} built over {runs}); "
            f"{len(report.findings)} findings: {patterns}; fact-blind solver by style: {solver or 'no questions'}")


__all__ = ["Finding", "LintReport", "PATTERNS", "bank_as_of", "lint_library", "lint_runs", "load_questions", "summary"]

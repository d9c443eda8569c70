"""Style-wide checks: key letters spread evenly within a style, and the fact-blind solver
(quizgen.blindsolver) does no better than chance on it."""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from typing import Sequence

from quizgen.blindsolver import CHANCE, MARGIN, MIN_QUESTIONS, StyleScore
from quizgen.itemlint.findings import Finding
from quizgen.library import Library
from quizgen.model import LETTERS, Question

KEY_SPREAD_MARGIN = 0.10  # a letter's share may stray this far from 25 % ...
KEY_SPREAD_Z = 3.0  # ...unless the sample is too small to tell (binomial z-score)


def _template_where(library: Library, template_id: str) -> str:
    template = library.template(template_id)
    return str(template.location) if template else template_id


def key_spread(library: Library, questions: Sequence[Question], distinct: Counter | None = None) -> list[Finding]:
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
            found.append(Finding("uneven-keys", f"style {style}", _template_where(library, template), template, "", "",
                                 f"keys over {n} questions built ({sample} distinct): {spread}; expected 25 % each "
                                 f"(± {max(KEY_SPREAD_MARGIN, KEY_SPREAD_Z * sigma):.0%})"))
    return found


def solver_findings(library: Library, scores: dict[str, StyleScore]) -> list[Finding]:
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
        found.append(Finding("blind-solver", f"style {style}", _template_where(library, template), template,
                             "", "", detail))
    return found

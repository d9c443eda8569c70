"""Generation from a large archive without enumerating every recipe first.

`generate` shuffles every recipe the library supports and builds from the front until it has
enough questions. On 50,000 facts that is 100,000 recipes made, hashed and shuffled to ask 100
questions. Past SAMPLE_ABOVE facts, recipes are enumerated from a seeded sample of the facts
instead (the templates, kinds, topics and every fact still there for distractors and for
judging which values are true); only if the sample gives too few questions is the whole
library used. The output is still fixed by the inputs and the seed.
"""

from __future__ import annotations

import random
from dataclasses import replace
from typing import Callable

from quizgen.library import Library
from quizgen.model import Fact

SAMPLE_ABOVE = 4000  # facts; the bundled banks and a typical tutor's bank are far below
FACTS_PER_QUESTION = 20  # sample size per question asked (skips and grouped styles need slack)


def sample_size(library_facts: int, count: int) -> int | None:
    """How many facts to sample for `count` questions, or None to use the whole library."""
    wanted = max(SAMPLE_ABOVE // 2, count * FACTS_PER_QUESTION)
    return wanted if library_facts > SAMPLE_ABOVE and wanted < library_facts // 2 else None


def sampled_library(library: Library, size: int, seed: int, keep: Callable[[Fact], bool] | None = None) -> Library:
    """A view of `library` whose banks hold about `size` of the facts (those `keep` accepts),
    drawn with the seed, in their bank order; everything else is shared with `library`."""
    rng = random.Random(f"sample|{seed}")
    if keep is None:  # draw positions, without a pass over every fact
        total = sum(len(bank.facts) for bank in library.banks)
        picked = sorted(_position(library, n) for n in rng.sample(range(total), min(size, total)))
    else:
        candidates = [(b, i) for b, bank in enumerate(library.banks) for i, fact in enumerate(bank.facts)
                      if keep(fact)]
        picked = sorted(rng.sample(candidates, min(size, len(candidates))))
    chosen: list[list[Fact]] = [[] for _ in library.banks]
    for b, i in picked:
        chosen[b].append(library.banks[b].facts[i])
    view = replace(library, banks=[replace(bank, facts=facts) for bank, facts in zip(library.banks, chosen)])
    view.problems, view.warnings = library.problems, library.warnings
    return view


def _position(library: Library, n: int) -> tuple[int, int]:
    """(bank index, fact index) of the n-th fact of the library."""
    for b, bank in enumerate(library.banks):
        if n < len(bank.facts):
            return b, n
        n -= len(bank.facts)
    raise IndexError(n)

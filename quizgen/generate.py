"""The pipeline's middle: enumerate recipes from a library, choose some, build questions.

One seeded random generator, passed down, drives every choice: the same inputs and seed give
the same questions in the same order.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from typing import Iterable, Iterator

from quizgen.build import Builder, Recipe, Skip
from quizgen.distractors import Pools
from quizgen.errors import UsageError
from quizgen.library import Library
from quizgen.model import Question
from quizgen.sampling import sample_size, sampled_library
from quizgen.styles import REGISTRY, build_question


@dataclass
class Selection:
    questions: list[Question]
    available: int  # distinct questions the filters allow
    skipped: list[tuple[Recipe, str]] = field(default_factory=list)
    library: Library | None = None  # what the questions came from (quizgen.coverage says why none)


def enumerate_recipes(library: Library, seed: int = 0) -> Iterator[Recipe]:
    """Every (template, facts) combination the library supports, in a stable order."""
    for template in library.templates:
        style = REGISTRY.get(template.style)
        if style is not None:  # claim templates make statements, not questions
            yield from style.recipes(library, template, seed)


def balanced_slots(count: int, rng: random.Random) -> list[int]:
    """Key positions spread evenly over (a)-(d): each block of four uses every slot once."""
    slots: list[int] = []
    while len(slots) < count:
        block = [0, 1, 2, 3]
        rng.shuffle(block)
        slots.extend(block)
    return slots[:count]


def generate(
    library: Library,
    *,
    count: int,
    seed: int = 0,
    topics: Iterable[str] = (),
    styles: Iterable[str] = (),
    difficulty: str = "hard",
    facts: Iterable[str] = (),
    exclude_families: Iterable[str] = (),
    _sampled: bool = False,
) -> Selection:
    """Choose `count` distinct questions matching the filters, deterministically for the seed.

    Recipes whose id is in `exclude_families` (e.g. asked in the last few papers) are used only
    when the others run out. A large archive's recipes come from a seeded sample of its facts
    (quizgen.sampling).
    """
    styles, wanted_facts = set(styles), set(facts)
    topics = library.resolve_topics(topics)
    source = library  # where recipes come from: a sample of a large archive (quizgen.sampling)
    size = sample_size(len(library.facts), count) if not wanted_facts and not _sampled else None
    if size is not None:
        source = sampled_library(library, size, seed, (lambda f: any(
            library.topic_key(f.bank, t) in topics for t in f.topics)) if topics else None)
    rng = random.Random(seed)
    builder = Builder(library, Pools(library), hard=difficulty == "hard")
    recipes = [
        r for r in enumerate_recipes(source, seed)
        if (not styles or r.template.style in styles)
        and (not topics or r.topic in topics
             or any(library.topic_key(f.bank, t) in topics for f in r.facts for t in f.topics))
        and (not wanted_facts or any(f.id in wanted_facts for f in r.facts))
    ]
    unique = {r.id: r for r in recipes}
    recipes = _interleave(list(unique.values()), rng)
    excluded = set(exclude_families)
    if excluded:  # stable: the fresh recipes first, the excluded ones only as a fallback
        recipes = ([r for r in recipes if r.id not in excluded]
                   + [r for r in recipes if r.id in excluded])
    slots = balanced_slots(len(recipes), rng)
    questions: list[Question] = []
    skipped: list[tuple[Recipe, str]] = []
    slot_index = 0
    for recipe in recipes:
        if len(questions) >= count:
            break
        try:
            question = build_question(builder, recipe, slots[slot_index], rng)
        except Skip as skip:
            skipped.append((recipe, str(skip)))
            continue
        slot_index += 1
        questions.append(question)
    if len(questions) < count and source is not library:  # the sample fell short: all of it
        return generate(library, count=count, seed=seed, topics=topics, styles=styles,
                        difficulty=difficulty, facts=facts, exclude_families=excluded, _sampled=True)
    available = len(questions)
    if len(questions) >= count:
        # Count what the rest would give only when asked for less than everything.
        available = len(recipes) - len(skipped)
    return Selection(questions, available, skipped, library)


def _interleave(recipes: list[Recipe], rng: random.Random) -> list[Recipe]:
    """Shuffle, then deal the styles round-robin so a short quiz mixes styles as the paper does."""
    rng.shuffle(recipes)
    by_style: dict[str, list[Recipe]] = {}
    for recipe in recipes:
        by_style.setdefault(recipe.template.style, []).append(recipe)
    queues = [list(reversed(q)) for q in by_style.values()]
    ordered: list[Recipe] = []
    while queues:
        for queue in queues:
            ordered.append(queue.pop())
        queues = [q for q in queues if q]
    return ordered

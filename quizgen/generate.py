"""The pipeline's middle: enumerate recipes from a library, choose some, build questions.

One seeded random generator, passed down, drives every choice: the same inputs and seed give
the same questions in the same order.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from typing import Iterable, Iterator

from quizgen.build import Builder, Recipe, Skip
from quizgen.distractors import Pools, true_values
from quizgen.errors import UsageError
from quizgen.library import Library, Template
from quizgen.model import Fact, Question

# How many different fact groupings a topic- or kind-wide template offers per seed.
GROUP_VARIANTS = 6
MAX_LIST_ANSWERS = 3


@dataclass
class Selection:
    questions: list[Question]
    available: int  # distinct questions the filters allow
    skipped: list[tuple[Recipe, str]] = field(default_factory=list)
    library: Library | None = None  # what the questions came from (quizgen.coverage says why none)


def _topic_of(library: Library, facts: tuple[Fact, ...] | list[Fact]) -> str:
    """The topic a question is filed under: one all its facts share, else the first fact's
    first topic; "" for a fact without topics. Never a kind: topics are what `--topic` takes."""
    first = facts[0]
    shared = [t for t in first.topics if all(t in f.topics for f in facts[1:])]
    topic = (shared or list(first.topics) or [""])[0]
    return library.topic_key(first.bank, topic) if topic else ""


def enumerate_recipes(library: Library, seed: int = 0) -> Iterator[Recipe]:
    """Every (template, facts) combination the library supports, in a stable order."""
    for template in library.templates:
        if template.style == "claim":
            continue
        yield from _recipes_for(library, template, seed)


def _recipes_for(library: Library, template: Template, seed: int) -> Iterator[Recipe]:
    style, about = template.style, template.about
    if style == "single":
        name = template.spec["answer"]
        for fact in library.facts_of_kind(template.kind):
            if template.applies_to(fact):
                answers = len(true_values(fact, name))
                if answers == 1:
                    yield Recipe(template, (fact,), fact.bank, _topic_of(library, (fact,)))
                else:
                    for i in range(min(answers, MAX_LIST_ANSWERS)):
                        yield Recipe(template, (fact,), fact.bank, _topic_of(library, (fact,)), str(i))
    elif style in ("statements", "how-many") and about == "fact":
        for fact in library.facts_of_kind(template.kind):
            if template.applies_to(fact):
                yield Recipe(template, (fact,), fact.bank, _topic_of(library, (fact,)))
    elif style == "assertion-reason":
        for bank in library.banks:
            if not template.in_scope(bank.id):
                continue
            facts = [f for f in bank.facts if template.applies_to(f)]
            for i, fact in enumerate(facts):
                others = facts[i + 1:] + facts[:i]
                yield Recipe(template, (fact, *others[:1]), bank.id, _topic_of(library, (fact,)))
    else:  # statements / how-many about a topic; pairs about a kind or topic
        key = "pairs" if style == "pairs" else "statements"
        counts = template.spec.get(key, [3, 4] if style != "statements" else [2, 3])
        counts = sorted(counts if isinstance(counts, list) else [counts])
        claims = [library.template(c) for c in template.spec.get("claims", [])]
        for bank in library.banks:
            if not template.in_scope(bank.id):
                continue
            groups: list[tuple[str | None, list[Fact]]] = []
            if about == "topic":
                for topic in bank.topics:
                    members = [f for f in bank.facts if topic in f.topics and _usable(template, claims, f)]
                    groups.append((library.topic_key(bank.id, topic), members))
            else:  # kind-wide: the topic follows the facts picked
                members = [f for f in bank.facts if template.applies_to(f)]
                groups.append((None, members))
            for topic, members in groups:
                if len(members) < counts[0]:
                    continue
                rng = random.Random(f"{seed}|{template.id}|{bank.id}|{topic or template.kind}")
                seen = set()
                for _ in range(GROUP_VARIANTS * 3):
                    n = max(c for c in counts if c <= len(members))
                    picked = tuple(sorted(rng.sample(range(len(members)), n)))
                    if picked in seen:
                        continue
                    seen.add(picked)
                    facts = tuple(members[i] for i in picked)
                    yield Recipe(template, facts, bank.id, topic if topic is not None else _topic_of(library, facts))
                    if len(seen) >= GROUP_VARIANTS:
                        break


def _usable(template: Template, claims: list, fact: Fact) -> bool:
    if template.style == "pairs":
        return template.applies_to(fact) if template.kind else False
    return any(c is not None and c.applies_to(fact) for c in claims)


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
) -> Selection:
    """Choose `count` distinct questions matching the filters, deterministically for the seed."""
    styles, wanted_facts = set(styles), set(facts)
    topics = library.resolve_topics(topics)
    rng = random.Random(seed)
    builder = Builder(library, Pools(library), hard=difficulty == "hard")
    recipes = [
        r for r in enumerate_recipes(library, seed)
        if (not styles or r.template.style in styles)
        and (not topics or r.topic in topics
             or any(library.topic_key(f.bank, t) in topics for f in r.facts for t in f.topics))
        and (not wanted_facts or any(f.id in wanted_facts for f in r.facts))
    ]
    unique = {r.id: r for r in recipes}
    recipes = _interleave(list(unique.values()), rng)
    slots = balanced_slots(len(recipes), rng)
    questions: list[Question] = []
    skipped: list[tuple[Recipe, str]] = []
    slot_index = 0
    for recipe in recipes:
        if len(questions) >= count:
            break
        try:
            question = builder.build(recipe, slots[slot_index], rng)
        except Skip as skip:
            skipped.append((recipe, str(skip)))
            continue
        slot_index += 1
        questions.append(question)
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

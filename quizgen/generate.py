"""The pipeline's middle: enumerate recipes from a library, choose some, build questions.

One seeded random generator, passed down, drives every choice: the same inputs and seed give
the same questions in the same order.

The questions chosen make a paper that does not give itself away (see `Paper`): no stem or
statement twice, no two questions of one family, no question asking about what another one
asks about or shows as true, no fact in more than MAX_PER_FACT questions and no template making
more than TEMPLATE_SHARE of them.
"""

from __future__ import annotations

import math
import random
from dataclasses import dataclass, field
from typing import Callable, Iterable, Iterator

from quizgen.build import Builder, Recipe, Skip
from quizgen.distractors import Pools, normalise, true_values
from quizgen.errors import UsageError
from quizgen.library import Library
from quizgen.model import Fact, Question
from quizgen.sampling import sample_size, sampled_library
from quizgen.styles import REGISTRY, build_question


MAX_PER_FACT = 3  # questions a paper may hold about one fact (each on a different field)
TEMPLATE_SHARE = 0.15  # of a paper's questions one template may make (at least 2)


@dataclass
class Selection:
    questions: list[Question]
    available: int  # distinct questions the filters allow
    skipped: list[tuple[Recipe, str]] = field(default_factory=list)
    library: Library | None = None  # what the questions came from (quizgen.coverage says why none)
    # How many leading questions make a paper in which none gives another away; with
    # overflow=True the rest follow them.
    clean: int = 0


class Paper:
    """The questions on one paper so far, and whether another may join them.

    Two checks keep one question from answering another: by fields, no question tests a (fact,
    field) another tests or shows as true; by text, no statement, pair, event or single stem
    with an option reads out the answer of another question next to what that question's stem
    says about the fact (the same association can live in two facts: a dialogue's Indian EAM
    and a person's office)."""

    def __init__(self, size: int, fact: Callable[[str], Fact | None]) -> None:
        self.fact = fact  # a fact by id
        self.asks: list[tuple[str, tuple[str, ...]]] = []
        self.shown_texts: list[str] = []
        self.per_template_limit = max(2, math.ceil(TEMPLATE_SHARE * size))
        self.per_template: dict[str, int] = {}
        self.families: set[str] = set()
        self.texts: set[str] = set()
        self.tested: set[tuple[str, str]] = set()
        self.shown: set[tuple[str, str]] = set()  # tested or revealed
        self.per_fact: dict[str, int] = {}

    @staticmethod
    def texts_of(question: Question) -> set[str]:
        """The stem and every statement, pair or event, normalised."""
        return {normalise(question.stem)} | {normalise(" — ".join(item.cells)) for item in question.items}

    def _asks(self, question: Question) -> list[tuple[str, tuple[str, ...]]]:
        """Per tested field: its true value, and the fact's other values the stem shows."""
        stem = f" {normalise(question.stem)} "
        asks = []
        for fact_id, name in sorted(question.tests):
            fact = self.fact(fact_id)
            clues = tuple(text for other, value in fact.fields.items()
                          if other != name and not isinstance(value, list)
                          and len(text := normalise(value)) >= 4 and f" {text} " in stem)
            if clues:
                asks.extend((normalise(value), clues) for value in true_values(fact, name))
        return asks

    @staticmethod
    def _shown(question: Question) -> list[str]:
        """What the question puts in front of the candidate as said: items; a stem with an option."""
        texts = [normalise(" ".join(item.cells)) for item in question.items]
        if not question.items:
            texts += [normalise(f"{question.lead} {option}") for option in question.options]
        return [f" {text} " for text in texts]

    @staticmethod
    def _answers(texts: list[str], asks: list[tuple[str, tuple[str, ...]]]) -> bool:
        return any(f" {answer} " in text and any(f" {clue} " in text for clue in clues)
                   for answer, clues in asks for text in texts)

    def admits(self, question: Question) -> bool:
        if not self._admits_by_fields(question):
            return False
        shown = self._shown(question)
        return not self._answers(shown, self.asks) and not self._answers(self.shown_texts, self._asks(question))

    def _admits_by_fields(self, question: Question) -> bool:
        return (question.family not in self.families
                and not (question.tests & self.shown)
                and not (question.reveals & self.tested)
                and all(self.per_fact.get(f, 0) < MAX_PER_FACT for f in question.facts)
                and self.per_template.get(question.template, 0) < self.per_template_limit
                and not (self.texts_of(question) & self.texts))

    def may_take(self, recipe: Recipe) -> bool:
        """Whether a question of this recipe could join at all, before building it: its template
        and facts still have room (building one costs far more than this look)."""
        return (self.per_template.get(recipe.template.id, 0) < self.per_template_limit
                and all(self.per_fact.get(f.id, 0) < MAX_PER_FACT for f in recipe.facts))

    def add(self, question: Question) -> None:
        self.asks += self._asks(question)
        self.shown_texts += self._shown(question)
        self.families.add(question.family)
        self.texts |= self.texts_of(question)
        self.tested |= question.tests
        self.shown |= question.tests | question.reveals
        self.per_template[question.template] = self.per_template.get(question.template, 0) + 1
        for fact in question.facts:
            self.per_fact[fact] = self.per_fact.get(fact, 0) + 1


def enumerate_recipes(library: Library, seed: int = 0) -> Iterator[Recipe]:
    """Every (template, facts) combination the library supports, in a stable order."""
    for template in library.templates:
        style = REGISTRY.get(template.style)
        if style is not None:  # claim templates make statements, not questions
            yield from style.recipes(library, template, seed)


def matches(library: Library, recipe: Recipe, styles: set[str], topics: set[str], facts: set[str]) -> bool:
    """Whether a recipe passes generate's filters (each empty set lets everything through)."""
    return ((not styles or recipe.template.style in styles)
            and (not topics or recipe.topic in topics
                 or any(library.topic_key(f.bank, t) in topics for f in recipe.facts for t in f.topics))
            and (not facts or any(f.id in facts for f in recipe.facts)))


class StyleSlots:
    """Key positions spread evenly within each style: a slot a recipe cannot take (SlotSkip)
    goes to the next question of the same style, never to another style's, so no style
    collects the slots another style turns down ("(c)" for chronology whenever a pairs
    question cannot have all its rows false)."""

    def __init__(self, rng: random.Random) -> None:
        self._rng = rng
        self._queues: dict[str, list[int]] = {}

    def next(self, style: str) -> int:
        queue = self._queues.setdefault(style, [])
        if not queue:
            queue.extend(balanced_slots(4, self._rng))
        return queue[0]

    def used(self, style: str) -> None:
        self._queues[style].pop(0)


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
    paper: bool = True,
    overflow: bool = True,
    _sampled: bool = False,
) -> Selection:
    """Choose `count` distinct questions matching the filters, deterministically for the seed.

    Recipes whose id is in `exclude_families` (e.g. asked in the last few papers) are used only
    when the others run out. A large archive's recipes come from a seeded sample of its facts
    (quizgen.sampling).

    paper=True (a quiz, a mock, a PDF): the questions make a paper that does not give itself
    away, as far as the banks allow; `Selection.clean` says how many. With overflow=True, when
    asked for more than that, the questions the paper turned away follow, up to `count`;
    overflow=False stops at the clean paper. paper=False: every distinct question in the
    generator's order, as a pool to choose from (review)."""
    styles, wanted_facts = set(styles), set(facts)
    topics = library.resolve_topics(topics)
    source = library  # where recipes come from: a sample of a large archive (quizgen.sampling)
    size = sample_size(library.fact_count, count) if not wanted_facts and not _sampled else None
    if size is not None:
        source = sampled_library(library, size, seed, (lambda f: any(
            library.topic_key(f.bank, t) in topics for t in f.topics)) if topics else None)
    rng = random.Random(seed)
    builder = Builder(library, Pools(library), hard=difficulty == "hard")
    recipes = [r for r in enumerate_recipes(source, seed) if matches(library, r, styles, topics, wanted_facts)]
    unique = {r.id: r for r in recipes}
    recipes = _interleave(list(unique.values()), rng)
    excluded = set(exclude_families)
    if excluded:  # stable: the fresh recipes first, the excluded ones only as a fallback
        recipes = ([r for r in recipes if r.id not in excluded]
                   + [r for r in recipes if r.id in excluded])
    slots = StyleSlots(rng)
    questions: list[Question] = []
    skipped: list[tuple[Recipe, str]] = []
    turned_away: list[Recipe] = []
    on_paper = Paper(count, library.fact)
    for recipe in recipes:
        if len(questions) >= count:
            break
        if paper and not on_paper.may_take(recipe):
            turned_away.append(recipe)
            continue
        style = recipe.template.style
        try:
            question = build_question(builder, recipe, slots.next(style), rng)
        except Skip as skip:
            skipped.append((recipe, str(skip)))
            continue
        if paper and not on_paper.admits(question):
            turned_away.append(recipe)
            continue
        on_paper.add(question)
        slots.used(style)
        questions.append(question)
    clean = len(questions) if paper else 0
    if overflow and turned_away and len(questions) < count:
        questions += _overflow(builder, turned_away, count - len(questions), seed, {q.id for q in questions})
    if len(questions) < count and source is not library:  # the sample fell short: all of it
        return generate(library, count=count, seed=seed, topics=topics, styles=styles,
                        difficulty=difficulty, facts=facts, exclude_families=excluded, paper=paper,
                        overflow=overflow, _sampled=True)
    available = len(questions)
    if len(questions) >= count:
        # Count what the rest would give only when asked for less than everything.
        available = len(recipes) - len(skipped)
    return Selection(questions, available, skipped, library, clean)


def _overflow(builder: Builder, recipes: list[Recipe], count: int, seed: int, ids: set[str]) -> list[Question]:
    """The recipes a paper turned away, built again with their own evenly spread keys."""
    rng = random.Random(f"{seed}|overflow")
    slots = StyleSlots(rng)
    questions: list[Question] = []
    for recipe in recipes:
        if len(questions) >= count:
            break
        style = recipe.template.style
        try:
            question = build_question(builder, recipe, slots.next(style), rng)
        except Skip:
            continue
        if question.id not in ids:
            ids.add(question.id)
            slots.used(style)
            questions.append(question)
    return questions


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

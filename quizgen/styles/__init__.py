"""The question styles, one module each, behind a small registry.

`quizgen.vocabulary.STYLES` names them for the CLI without importing anything; this registry
holds their behaviour, in the same order. A new style is one module with a `Style` subclass and
its instance `STYLE`, listed below and in STYLES; its items carry a model.ITEM_KINDS kind, which
is all the quiz screens, the PDF and the Markdown writer need to lay them out.
"""

from __future__ import annotations

import random
from typing import TYPE_CHECKING

from quizgen.styles import assertion_reason, chronology, how_many, pairs, single, statements
from quizgen.styles.base import Style
from quizgen.vocabulary import STYLES

if TYPE_CHECKING:
    from quizgen.build import Builder, Recipe
    from quizgen.library import Library
    from quizgen.model import Question

REGISTRY: dict[str, Style] = {
    style.name: style
    for style in (single.STYLE, statements.STYLE, how_many.STYLE, pairs.STYLE, assertion_reason.STYLE,
                  chronology.STYLE)
}
assert tuple(REGISTRY) == STYLES, "quizgen.vocabulary.STYLES and the registry disagree"


def style_named(name: str) -> Style:
    return REGISTRY[name]


def prepare_indexes(library: "Library") -> None:
    """Every index over the library its templates' questions read: the distractors' field
    indexes and each style's own (for the compiled bank cache, so a cached archive's facts
    are decoded only when a question uses them)."""
    from quizgen.distractors import Pools

    Pools(library).build_indexes()
    library.fact_positions()
    for template in library.templates:
        style = REGISTRY.get(template.style)
        if style is not None:
            style.prepare(library, template)


def build_question(builder: "Builder", recipe: "Recipe", slot: int, rng: random.Random) -> "Question":
    """The question `recipe` makes with its key asked for at option `slot`; raises build.Skip."""
    builder.begin()
    return REGISTRY[recipe.template.style].build(builder, recipe, slot, rng)


__all__ = ["REGISTRY", "Style", "build_question", "prepare_indexes", "style_named"]

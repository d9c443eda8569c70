"""What every question style declares: its template keys, recipes, build, options and items.

A style module defines one `Style` subclass and an instance of it, `STYLE`; the registry in
`quizgen.styles` lists them. Pieces several styles share live in `quizgen.build`.
"""

from __future__ import annotations

import random
from typing import TYPE_CHECKING, Any, Callable, Iterator

if TYPE_CHECKING:
    from quizgen.build import Builder, Recipe
    from quizgen.library import Library, Template
    from quizgen.model import Question

Report = Callable[[Any, str], None]  # (line, message)


class Style:
    name: str = ""
    keys: frozenset[str] = frozenset()  # template keys allowed besides the common ones
    required: frozenset[str] = frozenset()  # template keys it must have (`kind` dropped for about: topic)
    abouts: tuple[str, ...] = ("fact",)  # valid `about:` values, the default first
    counts: dict[str, tuple[int, ...]] = {}  # count keys (statements, pairs) -> the values allowed
    shuffle_options: bool = False  # may a booklet series reorder the options?
    item_kinds: tuple[str, ...] = ()  # the model.Item kinds its questions show
    field_keys: tuple[str, ...] = ()  # template keys naming a field the facts must have (joins `needs`)
    text_keys: tuple[str, ...] = ()  # template keys compiled as Jinja2 texts besides the common ones

    def validate(self, spec: Any, what: str, report: Report) -> bool:
        """Checks beyond the keys; report each problem and return False if there was one."""
        ok = True
        for key, limits in self.counts.items():
            if key in spec:
                counts = spec[key]
                counts = counts if isinstance(counts, list) else [counts]
                if not counts or any(c not in limits for c in counts):
                    report(spec.line_of(key), f"{what}: {key} must be among {limits}")
                    ok = False
        return ok

    def recipes(self, library: "Library", template: "Template", seed: int) -> Iterator["Recipe"]:
        raise NotImplementedError

    def build(self, builder: "Builder", recipe: "Recipe", slot: int, rng: random.Random) -> "Question":
        raise NotImplementedError

    def prepare(self, library: "Library", template: "Template") -> None:
        """Build the indexes over the whole library this style's questions read (kept in
        `library.indexes`, so the compiled bank cache stores them). Most styles need none."""

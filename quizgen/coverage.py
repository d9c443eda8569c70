"""Why a bank yields no questions: which of its kinds no loaded template reaches, and why.

A tutor's bank beside the bundled templates can come out empty without any schema problem
(a kind no template is written for, a field the templates need, templates scoped to other
banks); `check` and `generate` say so in these words instead of "0 questions".
"""

from __future__ import annotations

from collections import defaultdict

from quizgen.build import Recipe
from quizgen.generate import enumerate_recipes
from quizgen.library import Bank, Library


def kinds_reached(library: Library, seed: int = 0) -> dict[str, set[str]]:
    """bank id -> the kinds of its facts that at least one recipe uses."""
    reached: dict[str, set[str]] = defaultdict(set)
    for recipe in enumerate_recipes(library, seed):
        for fact in recipe.facts:
            reached[fact.bank].add(fact.kind)
    return reached


def why_kind_unreached(library: Library, bank: Bank, kind: str) -> str:
    """One sentence: why no template makes a question of this bank's facts of `kind`."""
    templates = [t for t in library.templates if t.kind == kind]
    if not templates:
        return f"no template is written for kind {kind!r}"
    in_scope = [t for t in templates if t.in_scope(bank.id)]
    if not in_scope:
        others = sorted({b for t in templates for b in (t.banks or ())})
        return (f"the templates for kind {kind!r} are written for other banks ({', '.join(others)}; "
                "see `banks:` in docs/FORMATS.md)")
    facts = [f for f in bank.facts if f.kind == kind]
    present = {name for f in facts for name in f.fields}
    missing: dict[str, list[str]] = defaultdict(list)
    for template in in_scope:
        for name in template.needs:
            if name not in present:
                missing[name].append(template.id)
    if len(missing) and all(any(n not in present for n in t.needs) for t in in_scope):
        parts = [f"field {name!r} (needed by {', '.join(ids[:3])}{' …' if len(ids) > 3 else ''})"
                 for name, ids in sorted(missing.items())]
        return f"kind {kind!r} lacks " + "; ".join(parts)
    return (f"the templates for kind {kind!r} apply but make no question: too few facts of the kind "
            f"({len(facts)}) for pairs or statement sets, or claims used by no statements template")


def _reference_only(library: Library, bank: Bank, kind: str) -> bool:
    """Facts kept only to bound the years a statement may name (a leader's `from`/`to`), with no
    template written for their kind: no question is expected of them."""
    facts = [f for f in bank.facts if f.kind == kind]
    return (all("from" in f.fields or "to" in f.fields for f in facts)
            and not any(t.kind == kind for t in library.templates))


def unreached(library: Library, seed: int = 0) -> dict[str, list[str]]:
    """bank id -> one reason per kind of its facts that yields no question (empty: all reached)."""
    reached = kinds_reached(library, seed)
    found: dict[str, list[str]] = {}
    for bank in library.banks:
        kinds = [k for k in dict.fromkeys(f.kind for f in bank.facts) if not _reference_only(library, bank, k)]
        missing = [why_kind_unreached(library, bank, k) for k in kinds if k not in reached.get(bank.id, set())]
        if missing:
            found[bank.id] = missing
    return found


def no_questions_reason(library: Library, skipped: list[tuple[Recipe, str]] = (), seed: int = 0) -> str:
    """Why generation found nothing: the banks that yield no question and why, the template-fact
    pairs that were all skipped, or the filters."""
    reached = kinds_reached(library, seed)
    empty = [b for b in library.banks if not reached.get(b.id)]
    if not empty and skipped:
        recipe, why = skipped[0]
        return (f"no questions: every matching template-fact pair was skipped, e.g. template "
                f"{recipe.template.id!r} for {', '.join(f.id for f in recipe.facts)}: {why} "
                "(run 'quizgen check' to list them all)")
    if not empty:
        return "no questions match the chosen topics, styles and facts; widen the filters"
    reasons = []
    for bank in empty:
        kinds = list(dict.fromkeys(f.kind for f in bank.facts))
        why = "; ".join(why_kind_unreached(library, bank, k) for k in kinds) or (
            "its facts are all drafts (remove `draft: true` from those you have reviewed)"
            if bank.drafts else "it has no facts")
        reasons.append(f"bank {bank.id!r} ({bank.path}) yields no questions under the loaded templates: {why}")
    return " ".join(reasons)

"""Validate banks and templates: schema problems plus every template x fact built once."""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from typing import Callable, Iterator

from quizgen.build import Builder, NotAsked, Skip, SlotSkip
from quizgen.coverage import unreached
from quizgen.distractors import Pools
from quizgen.errors import TemplateError
from quizgen.generate import enumerate_recipes
from quizgen.library import Library, Problem, is_bundled_template
from quizgen.styles import build_question
from quizgen.quotes import QuoteReport, verify_quotes


@dataclass
class CheckReport:
    errors: list[Problem] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)
    questions: int = 0
    questions_by_bank: dict[str, int] = field(default_factory=dict)
    quotes: QuoteReport = field(default_factory=QuoteReport)
    facts: int = 0
    templates: int = 0


def check_library(library: Library, seed: int = 0) -> CheckReport:
    report = CheckReport(errors=list(library.problems), warnings=list(library.warnings), facts=len(library.facts),
                         templates=len(library.templates))
    used_templates: set[str] = set()
    for template in library.templates:
        for ref in template.spec.get("claims", []) + [template.spec.get("assertion"), template.spec.get("reason")]:
            if ref:
                used_templates.add(ref)
    builder = Builder(library, Pools(library), hard=True)
    rng = random.Random(seed)
    seen_errors: set[tuple[str, str]] = set()
    for recipe in enumerate_recipes(library, seed):
        used_templates.add(recipe.template.id)
        # Every key position: a recipe that works for (a) may not for (d) (e.g. a statement
        # that cannot be made false), and generation may ask for any of them.
        # A SlotSkip (the key cannot sit at that slot, e.g. the latest plausible year) is fine
        # as long as some slot builds.
        built_somewhere, slot_skip = False, None
        for slot in _slot_order(lambda: built_somewhere):
            try:
                build_question(builder, recipe, slot, rng)
                built_somewhere = True
            except NotAsked:
                built_somewhere = None  # deliberately never asked: neither built nor a warning
                break
            except SlotSkip as skip:
                slot_skip = skip
            except Skip as skip:
                facts = ", ".join(f.id for f in recipe.facts)
                report.warnings.append(Problem(recipe.template.location.path, recipe.template.location.line,
                                               f"template {recipe.template.id!r} skipped for {facts}: {skip}"))
                break
            except TemplateError as error:
                key = (error.path or "", error.message)
                if key not in seen_errors:
                    seen_errors.add(key)
                    facts = ", ".join(f.id for f in recipe.facts)
                    report.errors.append(Problem(error.path or "", error.line, f"{error.message} (fact {facts})"))
                break
        else:
            if built_somewhere:
                report.questions += 1
                report.questions_by_bank[recipe.bank] = report.questions_by_bank.get(recipe.bank, 0) + 1
            elif built_somewhere is False:
                facts = ", ".join(f.id for f in recipe.facts)
                report.warnings.append(Problem(recipe.template.location.path, recipe.template.location.line,
                                               f"template {recipe.template.id!r} skipped for {facts}: {slot_skip}"))
    for template in library.templates:
        if template.id not in used_templates and not template.standard \
                and not is_bundled_template(template.location.path, library):
            what = "claim is used by no template" if template.style == "claim" else "applies to no fact"
            report.warnings.append(Problem(template.location.path, template.location.line,
                                           f"template {template.id!r} {what}"))
    for bank in library.banks:
        for fact in bank.drafts:
            report.warnings.append(Problem(fact.location.path, fact.location.line,
                                           f"fact {fact.id!r} ({fact.kind}) is a draft: review it and remove "
                                           "`draft: true` to ask about it"))
    _report_coverage(library, report, seed)
    report.quotes = verify_quotes(library)
    report.errors.extend(report.quotes.problems)
    report.warnings = list(dict.fromkeys(report.warnings))  # list-valued answers repeat a pair
    return report


def _report_coverage(library: Library, report: CheckReport, seed: int) -> None:
    """Say which banks and kinds yield no question, and why. A bank no template reaches at all
    is an error (nothing would ever be asked from it); one whose pairs were all skipped, and a
    kind no template reaches, are warnings (the skips are listed above them)."""
    missing = unreached(library, seed)
    for bank in library.banks:
        reasons = missing.get(bank.id, [])
        if report.questions_by_bank.get(bank.id):
            for reason in reasons:
                report.warnings.append(Problem(bank.path, None, f"bank {bank.id!r}: no question about some of "
                                                                f"its facts: {reason}"))
            continue
        kinds = {f.kind for f in bank.facts}
        if not bank.facts and bank.drafts:  # only drafts, listed above
            continue
        if len(reasons) == len(kinds):  # no recipe at all
            report.errors.append(Problem(bank.path, None, f"bank {bank.id!r} yields no questions under the "
                                                          f"loaded templates: {'; '.join(reasons)}"))
        else:
            reasons = [*reasons, "every other template-fact pair was skipped (see the warnings)"]
            report.warnings.append(Problem(bank.path, None, f"bank {bank.id!r} yields no questions under the "
                                                            f"loaded templates: {'; '.join(reasons)}"))


SLOT_ROUNDS = 3


def _slot_order(built: Callable[[], bool | None]) -> Iterator[int]:
    """The four key slots, again (up to SLOT_ROUNDS times) while none has built: whether a slot
    builds can depend on a draw of the generator (an amount ladder's step), and generation
    draws afresh for every paper."""
    for round_ in range(SLOT_ROUNDS):
        if round_ and built() is not False:
            return
        yield from range(4)

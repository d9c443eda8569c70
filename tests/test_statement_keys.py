"""For every statement-style question, the key must equal what the facts say.

Truth is decided here from the facts alone: a statement is true when some claim template,
rendered with a fact's real values, reads exactly like it. The expected option is then
derived from UPSC's conventions, independently of the generator's own bookkeeping.
"""

from __future__ import annotations

import pytest

from conftest import MINI_BANK, MINI_TEMPLATES
from quizgen.distractors import normalise, true_values
from quizgen.generate import generate
from quizgen.library import load_library

WORDS = {1: "one", 2: "two", 3: "three", 4: "four"}


def true_statements(library, claim_ids=None) -> dict[str, set[str]]:
    """normalised true statement -> ids of the facts it is about."""
    found: dict[str, set[str]] = {}
    for claim in library.templates:
        if claim.style != "claim" or (claim_ids and claim.id not in claim_ids):
            continue
        name = claim.spec["vary"]
        for fact in library.facts:
            if not claim.applies_to(fact):
                continue
            for value in true_values(fact, name):
                context = dict(fact.fields, value=value, **{name: value})
                text = claim.texts["statement"].render(context)
                found.setdefault(normalise(text), set()).add(fact.id)
    return found


def expected_statements_code(truths: list[bool]) -> str:
    numbers = [str(i + 1) for i, t in enumerate(truths) if t]
    if len(truths) == 2:
        return {("1",): "1 only", ("2",): "2 only", ("1", "2"): "Both 1 and 2", (): "Neither 1 nor 2"}[tuple(numbers)]
    if len(numbers) == 1:
        return f"{numbers[0]} only"
    joined = ", ".join(numbers[:-1]) + " and " + numbers[-1]
    return joined if len(numbers) == len(truths) else joined + " only"


def expected_how_many(count: int, total: int, noun: str = "") -> str:
    plural = f" {noun}s" if noun else ""
    if count == 0:
        return f"None of the {noun}s" if noun else "None"
    if count == total:
        return f"All {WORDS[total]}{plural}"
    if count == 1:
        return f"Only one {noun}".rstrip()
    return f"Only {WORDS[count]}{plural}"


def libraries():
    yield "mini", load_library([MINI_BANK], [MINI_TEMPLATES], strict=True)
    bundled = load_library(strict=True)
    if bundled.templates:
        yield "bundled", bundled


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_statement_style_keys_match_the_facts(seed):
    checked = {"statements": 0, "how-many": 0, "pairs": 0, "assertion-reason": 0}
    for name, library in libraries():
        truth = true_statements(library)
        questions = generate(library, count=100_000, seed=seed,
                             styles=["statements", "how-many", "pairs", "assertion-reason"]).questions
        for q in questions:
            key = q.options[q.answer]
            if q.style in ("statements", "how-many"):
                # About one fact (the intro names it): true of that fact. About a topic: each
                # statement names its own subject, so true of any fact.
                about = set(q.facts) if len(q.facts) == 1 else None
                truths = [normalise(item.cells[0]) in truth and (about is None or bool(truth[normalise(item.cells[0])] & about))
                          for item in q.items]
                expected = expected_statements_code(truths) if q.style == "statements" \
                    else expected_how_many(sum(truths), len(truths))
            elif q.style == "pairs":
                template = library.template(q.template)
                real = {
                    (normalise(template.texts["left"].render(dict(f.fields))), normalise(v))
                    for f in library.facts if template.applies_to(f)
                    for v in true_values(f, template.spec["right"])
                }
                option = template.texts.get("option")
                if option is not None:
                    real = {
                        (normalise(template.texts["left"].render(dict(f.fields))),
                         normalise(option.render({"value": v})))
                        for f in library.facts if template.applies_to(f)
                        for v in true_values(f, template.spec["right"])
                    }
                truths = [(normalise(i.cells[0]), normalise(i.cells[1])) in real for i in q.items]
                expected = expected_how_many(sum(truths), len(truths), "pair")
            else:
                template = library.template(q.template)
                assertions = true_statements(library, {template.spec["assertion"]})
                reasons = true_statements(library, {template.spec["reason"]})
                first, second = (normalise(i.cells[0]) for i in q.items)
                first_true, second_true = first in assertions, second in reasons
                explains = first_true and second_true and bool(assertions[first] & reasons[second])
                if first_true and second_true:
                    expected = q.options[0] if explains else q.options[1]
                    assert ("is the correct explanation" in expected) == explains
                elif first_true:
                    expected = "Statement-I is correct but Statement-II is incorrect"
                else:
                    assert second_true, f"{q.id}: both statements false is not a UPSC option"
                    expected = "Statement-I is incorrect but Statement-II is correct"
            assert key == expected, f"{name} {q.id} ({q.template}): key {key!r}, facts say {expected!r}\n{q.stem}"
            checked[q.style] += 1
    assert all(checked.values()), checked

"""What the item linter reports: one finding per giveaway, naming where to fix it."""

from __future__ import annotations

from dataclasses import dataclass

# Pattern names, in the order the summary lists them.
PATTERNS = (
    "swapped-pair", "repeated-pair", "swapped-statement", "out-of-domain", "after-as-of",
    "outside-lifetime", "other-category", "self-reference", "odd-length", "odd-form",
    "uneven-keys", "blind-solver",
)


@dataclass(frozen=True)
class Finding:
    pattern: str
    question: str  # the question id, or "style <name>" for a style-wide pattern
    where: str  # the template's file:line
    template: str
    fact: str
    fact_at: str
    detail: str
    run: str = ""  # which build showed it ("seed 3, hard"), to reproduce with `generate`

    def __str__(self) -> str:
        who = f"template {self.template}"
        if self.fact:
            who += f", fact {self.fact} ({self.fact_at})"
        run = f" [{self.run}]" if self.run else ""
        return f"{self.where}: {self.question}: {self.pattern}: {self.detail} ({who}){run}"

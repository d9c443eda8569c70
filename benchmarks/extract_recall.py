"""Recall of `quizgen extract` against the rows of ../shared/FACTS.md (a script, not a test).

    python benchmarks/extract_recall.py [ARTICLES_DIR]

Runs the extractor on the four articles and, for each FACTS.md row, says whether some proposal
carries the row's core fact with the right value (the predicates below are the judgement, written
down). It then lists every proposal, for judging precision by reading them.
"""

from __future__ import annotations

import sys
from pathlib import Path

from quizgen.extract import propose

ROOT = Path(__file__).resolve().parent.parent
ARTICLES = Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "question_banks" / "articles"


def has(props, kind, **fields):
    return any(p.kind == kind and all(p.fields.get(k) == v for k, v in fields.items()) for p in props)


def event_with(props, year, words):
    return any(p.kind == "event" and p.fields.get("year") == year and all(w in p.sentence.text for w in words)
               for p in props)


ROWS = {
    1: ("first 2+2, New Delhi, 2018", lambda p: event_with(p, 2018, ["inaugural", "New Delhi"])),
    2: ("the four participants", lambda p: all(has(p, "person", name=n) for n in
                                               ("Sushma Swaraj", "Nirmala Sitharaman", "James Mattis"))
        and (has(p, "person", name="Mike Pompeo") or has(p, "person", name="Michael R Pompeo"))),
    3: ("COMCASA, CISMOA, valid 10 years", lambda p: has(p, "agreement", name="COMCASA")
        and has(p, "agreement", name="CISMOA") and has(p, "figure", amount=10)),
    4: ("GSOMIA 2002, LEMOA 2016, BECA", lambda p: has(p, "agreement", name="GSOMIA", year=2002)
        and has(p, "agreement", name="LEMOA", year=2016) and has(p, "agreement", name="BECA")),
    5: ("ISA", lambda p: has(p, "agreement", name="ISA")),
    6: ("STA-1", lambda p: any(x.name == "STA-1" for x in p)),
    7: ("DIU and DIO-iDEX", lambda p: has(p, "organisation", name="DIU") and has(p, "organisation", name="DIO-iDEX")),
    8: ("DTTI launched 2012", lambda p: event_with(p, 2012, ["DTTI"])),
    9: ("two hotlines", lambda p: any("hotline" in x.sentence.text for x in p)),
    10: ("Tiger Triumph exercise", lambda p: any("Tiger Triumph" in x.sentence.text for x in p)),
    11: ("NAVCENT", lambda p: has(p, "organisation", name="NAVCENT")),
    12: ("US$15 billion of arms sales", lambda p: has(p, "figure", amount=15, unit="US$ billion")),
    13: ("US$23 billion trade surplus", lambda p: has(p, "figure", amount=23, unit="US$ billion")),
    14: ("Sea Guardian drones", lambda p: any("Sea Guardian" in x.sentence.text for x in p)),
    15: ("S-400 / SA-21 Growler", lambda p: any("S-400" in x.sentence.text for x in p)),
    16: ("CAATSA", lambda p: any("CAATSA" in x.sentence.text for x in p)),
    17: ("Iran sanctions re-imposed in November 2018", lambda p: any("re-imposed" in x.sentence.text for x in p)),
    18: ("Civil Nuclear Agreement 2008", lambda p: any(x.kind == "agreement" and "Civil Nuclear" in x.name
                                                      and x.fields.get("year") == 2008 for x in p)),
    19: ("later 2+2 dialogues (2019-2023)", lambda p: event_with(p, 2019, ["Washington"])),
}


def main() -> None:
    proposals, by_article = [], {}
    for article in sorted(ARTICLES.glob("*.txt")):
        found = propose(article.read_text(encoding="utf-8"))
        by_article[article.name] = found
        proposals += found
    hits = 0
    for row, (what, predicate) in ROWS.items():
        hit = predicate(proposals)
        hits += hit
        print(f"row {row:2}: {'found ' if hit else 'missed'}  {what}")
    print(f"recall: {hits} of {len(ROWS)} FACTS.md rows ({hits / len(ROWS):.0%})")
    print(f"proposals: {len(proposals)} (judge each: usable or not)")
    for name, found in by_article.items():
        print(f"== {name}: {len(found)}")
        for p in found:
            shown = {k: v for k, v in p.fields.items() if k != "name" or p.kind not in ("figure", "event")}
            print(f"  {p.kind:12} {str(shown)[:150]}")


if __name__ == "__main__":
    main()

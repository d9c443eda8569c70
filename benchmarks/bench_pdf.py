"""How fast `quizgen pdf` lays out a full mock: 100 questions x 4 booklet series with keys.

    python benchmarks/bench_pdf.py [--questions 100] [--repeat 5]

Prints the time for one series, the cost of each extra series, and the full job (4 series,
per-series keys, explanations, OMR sheets), best of --repeat runs in one process (fonts are
registered once per process, as in the CLI). Target (issue 5): the full job under 1 s on a
2-core machine, each extra series well under the first. The questions are made here, in all
five styles, so the figure measures the PDF stage alone and does not depend on the banks.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from quizgen.model import Item, Question, SourceRef  # noqa: E402

AGREEMENTS = [
    ("COMCASA", "Communications Compatibility and Security Agreement", 2018),
    ("LEMOA", "Logistics Exchange Memorandum of Agreement", 2016),
    ("BECA", "Basic Exchange and Cooperation Agreement", 2020),
    ("GSOMIA", "General Security of Military Information Agreement", 2002),
    ("iCET", "Initiative on Critical and Emerging Technology", 2023),
]


def sample_questions(count: int) -> list[Question]:
    """`count` realistic questions cycling through the five styles, with ₹, dashes and quotes."""
    makers = [_single, _statements, _how_many, _pairs, _assertion_reason]
    return [makers[i % len(makers)](i) for i in range(count)]


def _source(i: int) -> tuple[SourceRef, ...]:
    return (SourceRef(f"src-{i}", f"India–US ties: what the “2+2” dialogue delivered ({i})",
                      "A defence agreement worth ₹ 1,200 crore was signed — officials said.",
                      "The Hindu", "2018-09-06"),)


def _base(i: int, style: str, **fields) -> Question:
    return Question(id=f"q{i:03d}-{style}", style=style, topic="india-us", template=f"t-{style}",
                    facts=(f"fact-{i}",), bank="bench", sources=_source(i),
                    explanation=(f"{AGREEMENTS[i % 5][0]} is one of the foundational agreements; "
                                 "the key follows the joint statement of 6 September 2018, which "
                                 "names the agreement and the year it was signed."),
                    **fields)


def _single(i: int) -> Question:
    name, full, year = AGREEMENTS[i % 5]
    return _base(i, "single", lead=f"In which year was the {full} ({name}) signed between India "
                 "and the USA?", items=(), ask="",
                 options=(str(year), str(year - 2), str(year + 1), str(year - 4)), answer=0)


def _statements(i: int) -> Question:
    name, full, year = AGREEMENTS[i % 5]
    return _base(i, "statements", lead=f"With reference to the {full}, consider the following "
                 "statements:",
                 items=(Item("1", (f"It was signed in {year} at the first India–US 2+2 "
                                   "Ministerial Dialogue in New Delhi.",)),
                        Item("2", ("It is valid for ten years and allows transfer of encrypted "
                                   "communication equipment to India.",)),
                        Item("3", ("It was the first of the four foundational agreements to be "
                                   "signed by India.",))),
                 ask="Which of the statements given above are correct?",
                 options=("1 and 2 only", "2 and 3 only", "1 and 3 only", "1, 2 and 3"), answer=0)


def _how_many(i: int) -> Question:
    q = _statements(i)
    return _base(i, "how-many", lead=q.lead, items=q.items,
                 ask="How many of the statements given above are correct?",
                 options=("Only one", "Only two", "All three", "None"), answer=1)


def _pairs(i: int) -> Question:
    rows = AGREEMENTS[i % 5:] + AGREEMENTS[: i % 5]
    return _base(i, "pairs", lead="Consider the following pairs:",
                 items=tuple(Item(str(n), (full, str(year + (n == 2))))
                             for n, (_, full, year) in enumerate(rows[:3], start=1)),
                 item_header=("Agreement", "Year of signing"),
                 ask="How many of the pairs given above are correctly matched?",
                 options=("Only one pair", "Only two pairs", "All three pairs",
                          "None of the pairs"), answer=1)


def _assertion_reason(i: int) -> Question:
    name = AGREEMENTS[i % 5][0]
    return _base(i, "assertion-reason", lead="Consider the following statements:",
                 items=(Item("Statement-I", (f"India signed {name} with the USA to gain access to "
                                             "encrypted, secure communication systems.",)),
                        Item("Statement-II", ("Interoperability between the armed forces of the "
                                              "two countries needs compatible secure links.",))),
                 ask="Which one of the following is correct in respect of the above statements?",
                 options=("Both Statement-I and Statement-II are correct and Statement-II is the "
                          "correct explanation for Statement-I",
                          "Both Statement-I and Statement-II are correct and Statement-II is not "
                          "the correct explanation for Statement-I",
                          "Statement-I is correct but Statement-II is incorrect",
                          "Statement-I is incorrect but Statement-II is correct"), answer=0)


def _best(jobs: dict[str, object], repeat: int) -> dict[str, float]:
    """Best time of each job, the jobs interleaved so machine load affects them alike. The
    text-width cache is cleared first, as each CLI run starts with it empty."""
    from quizgen.pdf.text import _unit_width

    best = {name: float("inf") for name in jobs}
    for _ in range(repeat):
        for name, build in jobs.items():
            _unit_width.cache_clear()
            start = time.perf_counter()
            build()
            best[name] = min(best[name], time.perf_counter() - start)
    return best


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--questions", type=int, default=100)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()

    start = time.perf_counter()
    from quizgen.pdf import WorksheetOptions, build_worksheet
    from quizgen.pdf.fonts import register_fonts

    register_fonts()
    startup = time.perf_counter() - start
    questions = sample_questions(args.questions)

    def job(sets: tuple[str, ...], **extra):
        options = WorksheetOptions(series=sets, institute="Sunrise IAS Academy",
                                   date="12 May 2026", **extra)
        return lambda: build_worksheet(questions, options)

    best = _best({
        "one": job(("A",)),
        "two": job(("A", "B")),
        "four": job(("A", "B", "C", "D")),
        "full": job(("A", "B", "C", "D"), explanations=True, omr=True),
    }, args.repeat)
    one, two, four, full = best["one"], best["two"], best["four"], best["full"]
    sheet = build_worksheet(questions, WorksheetOptions(series=("A", "B", "C", "D"),
                                                        explanations=True, omr=True))
    per_extra = statistics.mean([two - one, (four - one) / 3])
    print(f"questions: {args.questions}, best of {args.repeat} runs")
    print(f"startup (import reportlab, register fonts): {startup * 1000:7.1f} ms")
    print(f"first series (A, with key):                 {one * 1000:7.1f} ms")
    print(f"each extra series:                          {per_extra * 1000:7.1f} ms")
    print(f"4 series with keys:                         {four * 1000:7.1f} ms")
    print(f"4 series, keys, explanations, OMR sheets:   {full * 1000:7.1f} ms "
          f"({len(sheet.pdf) // 1024} KiB, {sum(sheet.booklet_pages.values())} booklet pages "
          f"+ {sheet.key_pages} key pages)")
    print(f"total with startup:                         {(startup + full) * 1000:7.1f} ms "
          f"(target < 1000 ms)")


if __name__ == "__main__":
    main()

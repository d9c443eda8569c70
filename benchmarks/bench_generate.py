"""Generation speed on a synthetic 5,000-fact bank, and `quizgen --help` start-up time.

Run: python benchmarks/bench_generate.py
Targets: >= 10,000 questions/s; `quizgen --help` within 100 ms of bare `python -c pass`.
"""

from __future__ import annotations

import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from quizgen.generate import generate  # noqa: E402
from quizgen.library import load_library  # noqa: E402

FACTS = int(sys.argv[1]) if len(sys.argv) > 1 else 5000
QUESTIONS = 10_000


def synthetic_bank(path: Path, facts: int) -> None:
    rng = random.Random(1)
    words = ["Strategic", "Maritime", "Logistics", "Security", "Defence", "Trade", "Space", "Cyber",
             "Nuclear", "Energy", "Innovation", "Technology", "Exchange", "Cooperation", "Framework"]
    items = []
    for i in range(facts):
        if i % 2:
            name = f"AG{i:05d}"
            items.append({"id": f"ag-{i}", "kind": "agreement", "topics": [f"t{i % 50}"],
                          "fields": {"name": name, "full_name": " ".join(rng.sample(words, 4)) + f" Agreement {i}",
                                     "year": rng.randrange(1990, 2025)},
                          "sources": [{"source": "s", "quote": f"{name} was signed"}]})
        else:
            items.append({"id": f"p-{i}", "kind": "person", "topics": [f"t{i % 50}"],
                          "fields": {"name": f"Person {i}", "office": f"Office {i}",
                                     "country": rng.choice(["India", "USA"])},
                          "sources": [{"source": "s", "quote": f"Person {i} held office {i}"}]})
    bank = {
        "id": "synthetic", "title": "Synthetic", "subjects": ["Benchmark"],
        "kinds": {"agreement": {"name": "text", "full_name": "text", "year": "year"},
                  "person": {"name": "text", "office": "text", "country": "text"}},
        "topics": {f"t{i}": f"topic {i}" for i in range(50)},
        "sources": {"s": {"title": "Synthetic source", "outlet": "bench", "date": "2020-01-01"}},
        "facts": items,
    }
    path.write_text(yaml.safe_dump(bank, sort_keys=False), encoding="utf-8")


TEMPLATES = """
templates:
  - {id: year, style: single, kind: agreement, needs: [name, year], answer: year,
     stem: "In which year was {{ name }} signed?", distractors: [siblings, nearby],
     explanation: "{{ name }} was signed in {{ year }}."}
  - {id: abbreviation, style: single, kind: agreement, needs: [name, full_name], answer: name,
     stem: "Which one of the following stands for the {{ full_name }}?", distractors: [siblings]}
  - {id: office, style: single, kind: person, needs: [name, office], answer: name, given: [office],
     similar: [country], stem: "Who held the office of {{ office }}?", distractors: [siblings]}
  - {id: year-claim, style: claim, kind: agreement, needs: [name, year], vary: year,
     statement: "{{ name }} was signed in {{ year }}.", distractors: [nearby]}
  - {id: office-claim, style: claim, kind: person, needs: [name, office], vary: office,
     statement: "{{ name }} held the office of {{ office }}.", distractors: [siblings]}
  - {id: abbreviation-claim, style: claim, kind: agreement, needs: [name, full_name], vary: full_name,
     statement: "{{ name }} stands for {{ full_name }}.", distractors: [siblings]}
  - {id: agreement-statements, style: statements, kind: agreement, needs: [name],
     intro: "With reference to {{ name }}, consider the following statements:",
     claims: [year-claim, abbreviation-claim], statements: [2]}
  - {id: topic-how-many, style: how-many, about: topic, claims: [year-claim, office-claim],
     intro: "With reference to {{ topic }}, consider the following statements:", statements: [3, 4]}
  - {id: year-pairs, style: pairs, kind: agreement, needs: [name, year], columns: [Agreement, Year],
     left: "{{ name }}", right: year, pairs: [4]}
"""


def time_command(argv: list[str], runs: int = 7) -> float:
    samples = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(argv, check=True, stdout=subprocess.DEVNULL)
        samples.append(time.perf_counter() - start)
    return statistics.median(samples)


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        bank = Path(tmp) / "synthetic.yaml"
        synthetic_bank(bank, FACTS)
        start = time.perf_counter()
        templates = Path(tmp) / "templates.yaml"
        templates.write_text(TEMPLATES, encoding="utf-8")
        library = load_library([bank], [templates], strict=True)
        loaded = time.perf_counter() - start
        start = time.perf_counter()
        selection = generate(library, count=QUESTIONS, seed=1)
        elapsed = time.perf_counter() - start
    n = len(selection.questions)
    print(f"load {FACTS} facts: {loaded:.2f} s")
    print(f"generate {n} questions: {elapsed:.2f} s = {n / elapsed:,.0f} questions/s (target >= 10,000)")
    bare = time_command([sys.executable, "-c", "pass"])
    script = Path(sys.executable).parent / "quizgen"  # what a user types, as installed
    command = [str(script)] if script.exists() else [sys.executable, "-m", "quizgen"]
    helped = time_command([*command, "--help"])
    print(f"python -c pass: {bare * 1000:.0f} ms; quizgen --help: {helped * 1000:.0f} ms; "
          f"difference {1000 * (helped - bare):.0f} ms (target <= 100 ms)")


if __name__ == "__main__":
    main()

"""Scale: a coaching institute's archive of 5k, 20k and 50k facts, and a year of daily answers.

For each archive size, whole process (a fresh `quizgen` per run, as a user runs it):
`generate --count 100` without the cache, cold (empty bank cache) and warm (the cache written by
the cold run), `check` (its first run builds every question; warm, its report is cached too),
`pdf --count 100`, each with its peak memory, and the ratio to parsing the same files with
PyYAML's C loader in this script (the floor a cache must beat). Then
`review --list` and `stats --format json` after a year of 100 answers a day (36,500 answers).

An archive is several bank files of 5,000 facts (1 MB) each: quizgen refuses a single YAML file
over 4 MB (quizgen/yamlsource.py), as an institute adds a file a few months at a time.

Run: python benchmarks/bench_scale.py [SIZES...]      e.g. python benchmarks/bench_scale.py 5000
     python benchmarks/bench_scale.py --history-only     (only review/stats after a year)
Targets (issue 12): 50k warm generate <= 0.5 s and <= 150 MB, under 5 % of the C-loader parse;
50k cold <= 0.3x the C-loader parse and <= 400 MB; review --list and stats <= 0.2 s;
`quizgen --help` within 100 ms of bare Python; bundled-bank generate < 0.3 s.
"""

from __future__ import annotations

import importlib.util
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import datetime, timedelta, timezone
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

FACTS_PER_FILE = 5000
HISTORY_ONLY = "--history-only" in sys.argv[1:]
SIZES = [int(a) for a in sys.argv[1:] if a != "--history-only"] or ([] if HISTORY_ONLY else [5000, 20000, 50000])
# Least CPU seconds (user + system) per command line: on a shared machine the wall time includes
# waiting for a core, the CPU time does not.
CPU_SECONDS: dict[tuple, float] = {}


def _bench_generate():
    spec = importlib.util.spec_from_file_location("bench_generate", ROOT / "benchmarks" / "bench_generate.py")
    module = importlib.util.module_from_spec(spec)
    argv, sys.argv = sys.argv, sys.argv[:1]  # bench_generate reads its own argv at import
    try:
        spec.loader.exec_module(module)
    finally:
        sys.argv = argv
    return module


def make_archive(folder: Path, facts: int) -> list[Path]:
    """`facts` synthetic facts in files of FACTS_PER_FILE, each its own bank."""
    folder.mkdir(parents=True, exist_ok=True)
    generator = _bench_generate()
    files = []
    for index in range(0, facts, FACTS_PER_FILE):
        path = folder / f"archive_{index // FACTS_PER_FILE:02d}.yaml"
        generator.synthetic_bank(path, min(FACTS_PER_FILE, facts - index))
        text = path.read_text(encoding="utf-8")
        # Distinct banks with distinct fact ids, as months of an archive would be.
        text = text.replace("id: synthetic", f"id: archive-{index // FACTS_PER_FILE:02d}", 1)
        text = text.replace("- id: ag-", f"- id: a{index // FACTS_PER_FILE}-ag-").replace(
            "- id: p-", f"- id: a{index // FACTS_PER_FILE}-p-")
        path.write_text(text, encoding="utf-8")
        files.append(path)
    return files


def quizgen_command() -> list[str]:
    script = Path(sys.executable).parent / "quizgen"
    return [str(script)] if script.exists() else [sys.executable, "-m", "quizgen"]


def run(argv: list[str], env: dict[str, str], ok=(0,)) -> tuple[float, float]:
    """Wall seconds and peak resident MB of one whole process (by GNU time: a child's rusage
    after fork would start from this script's own size)."""
    start = time.perf_counter()
    process = subprocess.run(["/usr/bin/time", "-f", "maxrss %M cpu %U %S", *argv], stdout=subprocess.DEVNULL,
                             stderr=subprocess.PIPE, env=env)
    elapsed = time.perf_counter() - start
    err = process.stderr.decode()
    if process.returncode not in ok:
        raise SystemExit(f"{' '.join(argv)} failed ({process.returncode}): {err[-500:]}")
    line = next((line.split() for line in reversed(err.splitlines()) if line.startswith("maxrss ")), None)
    peak, cpu = (int(line[1]), float(line[3]) + float(line[4])) if line else (0, elapsed)
    CPU_SECONDS[tuple(argv)] = min(cpu, CPU_SECONDS.get(tuple(argv), cpu))
    return elapsed, peak / 1024


def best_of(runs: int, argv: list[str], env: dict[str, str], before=None, ok=(0,)) -> tuple[float, float]:
    samples = []
    for _ in range(runs):
        if before:
            before()
        samples.append(run(argv, env, ok))
    return min(s[0] for s in samples), max(s[1] for s in samples)


def c_loader_parse(files: list[Path]) -> float:
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    start = time.perf_counter()
    for path in files:
        yaml.load(path.read_text(encoding="utf-8"), Loader=loader)  # noqa: S506 - a SafeLoader
    return time.perf_counter() - start


def archive_figures(tmp: Path, facts: int, env: dict[str, str]) -> None:
    files = make_archive(tmp / f"archive{facts}", facts)
    templates = tmp / "templates.yaml"
    templates.write_text(_bench_generate().TEMPLATES, encoding="utf-8")
    megabytes = sum(p.stat().st_size for p in files) / 1e6
    floor = min(c_loader_parse(files) for _ in range(2))  # best of two, as the runs below
    cache = Path(env["QUIZGEN_CACHE_DIR"])
    banks = [a for p in files for a in ("--bank", str(p))]
    selection = [*banks, "--templates", str(templates)]
    generate = [*quizgen_command(), "generate", *selection, "--count", "100", "--seed", "1"]

    check = [*quizgen_command(), "check", "--quiet", *map(str, files), str(templates)]

    def clear():
        shutil.rmtree(cache, ignore_errors=True)

    print(f"\n{facts:,} facts in {len(files)} files, {megabytes:.1f} MB; "
          f"PyYAML C loader parse of the same files in this script (best of 2): {floor:.2f} s")
    pdf = [*quizgen_command(), "pdf", *selection, "--count", "100", "-o", str(tmp / "paper.pdf")]
    rows = [
        ("generate --count 100, no cache", [*generate, "--no-cache"], best_of(1, [*generate, "--no-cache"], env)),
        ("generate --count 100, cold", generate, best_of(3, generate, env, before=clear)),
        ("generate --count 100, warm", generate, best_of(3, generate, env)),
        ("check, first run", check, best_of(1, check, env, ok=(0, 1))),
        ("check, warm", check, best_of(2, check, env, ok=(0, 1))),
        ("pdf --count 100, warm", pdf, best_of(1, pdf, env)),
    ]
    print(f"  {'':32s} {'wall':>8s}  {'peak':>9s}  {'wall/parse':>10s}")
    for label, argv, (seconds, peak) in rows:
        print(f"  {label:32s} {seconds:6.2f} s  {peak:6.0f} MB  {seconds / floor:10.1%}")
    warm = CPU_SECONDS[tuple(generate)]
    print(f"  warm generate CPU time {warm:.2f} s = {warm / floor:.1%} of the parse; "
          f"check warm CPU {CPU_SECONDS[tuple(check)]:.2f} s")


def write_history(path: Path, days: int = 365, per_day: int = 100) -> None:
    """A year of daily papers answered through quizgen.history, as benchmarks/srs_replay.py does,
    each ended as a quiz session ends one (quizgen.upkeep keeps the cards and tallies)."""
    from quizgen.history import open_history
    from quizgen.library import load_library
    from quizgen.generate import generate
    from quizgen.upkeep import attempt_ended

    questions = generate(load_library(), count=1_000_000, seed=1).questions
    rng = random.Random(1)
    start = datetime(2025, 1, 1, 9, tzinfo=timezone.utc)
    with open_history(path) as db:
        db.conn.execute("PRAGMA synchronous = OFF")
        for day in range(days):
            at = start + timedelta(days=day)
            paper = rng.sample(questions, min(per_day, len(questions)))
            attempt = db.create_attempt(paper, started_at=at)
            for position, question in enumerate(paper):
                chosen = rng.randrange(4)
                db.record_answer(attempt, position, question, chosen=chosen,
                                 outcome="correct" if chosen == question.answer else "wrong",
                                 seconds=30.0, answered_at=at + timedelta(seconds=30 * position))
            db.finish_attempt(attempt, at + timedelta(hours=1))
            attempt_ended(db)


def history_figures(tmp: Path, env: dict[str, str]) -> None:
    path = tmp / "history.sqlite3"
    started = time.perf_counter()
    write_history(path)
    import sqlite3

    answers = sqlite3.connect(path).execute("SELECT COUNT(*) FROM answers").fetchone()[0]
    print(f"\nA year of daily papers: {answers:,} answers (written in {time.perf_counter() - started:.0f} s)")
    command = quizgen_command()
    first = run([*command, "review", "--list", "--db", str(path), "--count", "20"], env)
    rows = [
        ("review --list, first run", first),
        ("review --list", best_of(3, [*command, "review", "--list", "--db", str(path), "--count", "20"], env)),
        ("stats --format json", best_of(3, [*command, "stats", "--format", "json", "--db", str(path)], env)),
    ]
    for label, (seconds, peak) in rows:
        print(f"  {label:32s} {seconds:6.2f} s  {peak:6.0f} MB")
    listing = CPU_SECONDS[(*command, "review", "--list", "--db", str(path), "--count", "20")]
    stats = CPU_SECONDS[(*command, "stats", "--format", "json", "--db", str(path))]
    print(f"  CPU time: review --list {listing:.2f} s, stats --format json {stats:.2f} s")


def startup_figures(env: dict[str, str]) -> None:
    bare = statistics.median(run([sys.executable, "-c", "pass"], env)[0] for _ in range(5))
    helped = statistics.median(run([*quizgen_command(), "--help"], env)[0] for _ in range(5))
    generate = [*quizgen_command(), "generate", "--count", "100", "--seed", "1"]
    run(generate, env)  # fill the cache
    bundled = best_of(3, generate, env)
    print(f"\npython -c pass {bare * 1000:.0f} ms; quizgen --help {helped * 1000:.0f} ms "
          f"(+{(helped - bare) * 1000:.0f} ms); bundled banks generate --count 100, warm: "
          f"{bundled[0]:.2f} s, {bundled[1]:.0f} MB")


def main() -> None:
    with tempfile.TemporaryDirectory() as folder:
        tmp = Path(folder)
        env = dict(os.environ, QUIZGEN_CACHE_DIR=str(tmp / "cache"), QUIZGEN_DB=str(tmp / "none.sqlite3"))
        # As installed: Python's compiled bytecode is there (a shell with PYTHONDONTWRITEBYTECODE
        # would otherwise time compiling quizgen's source on every run).
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        import compileall

        compileall.compile_dir(ROOT / "quizgen", quiet=1)
        print(f"Python {sys.version.split()[0]}, {os.cpu_count()} CPUs; times are the best of the runs, "
              "memory the peak resident size")
        if os.environ.get("PYTHONDONTWRITEBYTECODE"):
            print("PYTHONDONTWRITEBYTECODE is set here; unset for the timed runs, whose bytecode is "
                  "compiled first (as an installed quizgen has it)")
        if HISTORY_ONLY:
            run([*quizgen_command(), "generate", "--count", "1"], env)  # the bundled banks' cache, as below
            history_figures(tmp, env)
            return
        startup_figures(env)
        for facts in SIZES:
            archive_figures(tmp, facts, env)
        # The cold runs above emptied the cache folder: the bundled banks' cache again, so that
        # "first run" below is the first review after a year of answers, not a cold bank load.
        run([*quizgen_command(), "generate", "--count", "1"], env)
        history_figures(tmp, env)


if __name__ == "__main__":
    main()

"""The second sweep of bad input (issue 18), as a tally: each case runs the real `quizgen` in a
small launcher process (wall time, peak memory) and is counted as ok, crash (a traceback or an
internal error), hang (over 5 s or over 200 MB) or mislead (a wrong exit code, a missing or
wrong message, raw control characters on a terminal, a silent success).

    .venv/bin/python tests/hostile_sweep.py            # the tally, group by group
    .venv/bin/python tests/hostile_sweep.py -v         # and each case that is not ok
    .venv/bin/python tests/hostile_sweep.py --code-at 00a66f3   # the same cases, older code

tests/test_hostile_sweep.py runs every case and wants each one ok.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import sqlite3
import stat
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

TESTS = Path(__file__).parent
DATA = TESTS / "data"
HOSTILE = DATA / "hostile"
MINI_BANK = DATA / "mini" / "bank.yaml"
MINI_TEMPLATES = DATA / "mini" / "templates.yaml"
SECONDS = 5.0
PEAK_BYTES = 200 * 1024 * 1024
GROUPS = ("YAML", "templates", "CLI", "databases", "streams", "PDF text")

# The hostile files this sweep added (the first sweep's are counted by tests/test_hostile.py).
YAML_FILES = ("impossible_date", "impossible_month", "date_year_one_nearby", "date_year_9999_nearby",
              "nan_number_nearby", "inf_number_nearby", "huge_float_nearby", "many_digit_number",
              "url_list", "decoys_mixed_types", "conflict_claims_string")
GENERATE_FILES = ("date_year_one_nearby", "date_year_9999_nearby", "nan_number_nearby", "inf_number_nearby",
                  "huge_float_nearby")
TEMPLATE_FILES = ("template_style_list", "template_kind_list", "claims_plain_string",
                  "claims_nested_list", "claims_mapping", "assertion_list", "given_string",
                  "given_numbers", "similar_string", "similar_nested", "difficulty_list",
                  "nested_parentheses")

# Run from a launcher so the peak is the child's own (a child forked from pytest would count
# pytest's memory, copied at fork); see run_limited in tests/test_hostile.py.
_LAUNCHER = r"""
import json, os, resource, subprocess, sys, time
spec = json.loads(sys.argv[1])
resource.setrlimit(resource.RLIMIT_AS, (1024**3, 1024**3))  # a safety net only
stdout = open(spec["stdout"], "wb") if spec["stdout"] else subprocess.PIPE
child = subprocess.Popen(spec["args"], stdin=subprocess.DEVNULL, stdout=stdout, stderr=subprocess.PIPE,
                         env=spec["env"], cwd=spec["cwd"])
started = time.monotonic()
try:
    out, err = child.communicate(timeout=spec["timeout"])
    timed_out = False
except subprocess.TimeoutExpired:
    child.kill()
    out, err = child.communicate()
    timed_out = True
seconds = time.monotonic() - started
usage = resource.getrusage(resource.RUSAGE_CHILDREN)  # the one child, reaped
json.dump({"code": child.returncode, "out": (out or b"").decode("utf-8", "replace"),
           "err": err.decode("utf-8", "replace"), "seconds": seconds, "timed_out": timed_out,
           "peak": usage.ru_maxrss * 1024}, sys.stdout)
"""


@dataclass
class Run:
    code: int
    out: str
    err: str
    seconds: float
    timed_out: bool
    peak: int


@dataclass
class Case:
    name: str
    group: str
    make: Callable[[Path], dict]  # tmp folder -> {"args": [...], "env": {...}, "stdout": path}
    code: int
    message: str  # must appear in stderr (or stdout when code is 0)
    check: Callable[[Run, Path], str | None] = lambda run, tmp: None  # a further problem, or None
    one_line: bool = True  # a failure is one `Error:` line on stderr


@dataclass
class Verdict:
    case: Case
    outcome: str  # ok, crash, hang, mislead, or unclear (right exit code, message lacks the text/line)
    detail: str = ""
    run: Run | None = field(default=None, repr=False)


def quizgen_command(python: str, code_root: str | None) -> list[str]:
    if code_root:
        return [python, "-c", "import sys; sys.path.insert(0, sys.argv.pop(1)); "
                "from quizgen.cli import main; sys.exit(main())", code_root]
    return [str(Path(python).with_name("quizgen"))]


def run_case(case: Case, command: list[str], code_root: str | None = None) -> Verdict:
    with tempfile.TemporaryDirectory() as folder:
        tmp = Path(folder)
        spec = case.make(tmp)
        env = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "HOME": str(tmp), "LANG": "C.UTF-8",
               "QUIZGEN_DB": str(tmp / "none" / "history.sqlite3"), "COLUMNS": "100",
               **spec.get("env", {})}
        if code_root:
            env["PYTHONPATH"] = code_root
        launch = {"args": [*command, *map(str, spec["args"])], "env": env, "cwd": str(tmp),
                  "stdout": spec.get("stdout"), "timeout": SECONDS * 2}
        done = subprocess.run([sys.executable, "-c", _LAUNCHER, json.dumps(launch)],
                              capture_output=True, text=True, timeout=60)
        try:
            run = Run(**json.loads(done.stdout))
        except ValueError:
            return Verdict(case, "crash", f"launcher failed: {done.stderr.strip()[-300:]}")
        verdict = judge(case, run, tmp)
        for path in tmp.rglob("*"):  # read-only folders and files made by a case
            if path.is_dir():
                path.chmod(0o755)
        return verdict


def judge(case: Case, run: Run, tmp: Path) -> Verdict:
    text = run.err + run.out
    if run.timed_out or run.seconds > SECONDS:
        return Verdict(case, "hang", f"{run.seconds:.1f} s", run)
    if run.peak > PEAK_BYTES:
        return Verdict(case, "hang", f"{run.peak / 1024**2:.0f} MB", run)
    if "Traceback" in text or "internal error" in text or run.code < 0:
        return Verdict(case, "crash", _first_line(run.err), run)
    if run.code != case.code:
        return Verdict(case, "mislead", f"exit {run.code}, expected {case.code}: {_first_line(text)}", run)
    problem = case.check(run, tmp)
    if problem:
        return Verdict(case, "mislead" if case.code == 0 else "unclear", problem, run)
    if case.message not in text:
        return Verdict(case, "unclear", f"no {case.message!r} in: {_first_line(text)}", run)
    if case.code == 2 and case.one_line:
        lines = run.err.strip().splitlines()
        if len(lines) != 1 or not lines[0].startswith("Error: "):
            return Verdict(case, "unclear", f"{len(lines)} lines on stderr: {_first_line(run.err)}", run)
    return Verdict(case, "ok", "", run)


def _first_line(text: str) -> str:
    lines = [line for line in text.strip().splitlines() if line.strip()]
    if not lines:
        return "(nothing)"
    line = lines[-1] if lines[0].startswith("Traceback") else lines[0]
    return line[:160] + ("…" if len(line) > 160 else "")


# ---------------------------------------------------------------------------- the cases


def _expectation(path: Path) -> tuple[int, int, str]:
    first = path.read_bytes().split(b"\n", 1)[0].decode("ascii")
    match = re.match(r'# expect: (\d) exit, line (\d+), "(.+)"', first)
    assert match, f"{path} lacks an expectation line"
    return int(match[1]), int(match[2]), match[3]


def _hostile_case(name: str, group: str) -> Case:
    path = HOSTILE / f"{name}.yaml"
    code, line, text = _expectation(path)
    args = ["check", MINI_BANK, path] if group == "templates" else ["check", path]

    def where(run: Run, tmp: Path) -> str | None:
        wanted = f"{path}:{line}: " if line else f"{path}: "
        return None if wanted in run.err + run.out else f"the message does not name {wanted!r}"

    return Case(name, group, lambda tmp: {"args": args}, code, text, where, one_line=False)


def _generate_hostile_case(name: str, group: str) -> Case:
    """`generate` with a hostile bank: the bad value must not reach question building."""
    path = HOSTILE / f"{name}.yaml"
    _, line, text = _expectation(path)
    args = ["generate", "--bank", path, "--templates", MINI_TEMPLATES, "--count", "4"]
    return Case(f"generate_{name}", group, lambda tmp: {"args": args}, 2, f"{path}:{line}: ")


ESCAPES = "BECA\x1b]0;TITLE\x07\x1b[2J"


def _bank_with(tmp: Path, name: str = "BECA", file: str = "bank.yaml") -> Path:
    quoted = '"' + "".join(f"\\x{ord(c):02x}" if ord(c) < 32 else c for c in name) + '"'
    text = MINI_BANK.read_text("utf-8").replace("name: BECA,", f"name: {quoted},")
    path = tmp / file
    path.write_text(text, encoding="utf-8")
    return path


def _no_raw_escapes(run: Run, tmp: Path) -> str | None:
    for sequence in ("\x1b]0;", "\x1b[2J", "\x07"):
        if sequence in run.out:
            return f"{sequence!r} reached the terminal raw"
    return None


def _generate(bank: Path, *more) -> list:
    return ["generate", "--bank", bank, "--templates", MINI_TEMPLATES, "--count", "4", "--seed", "3", *more]


def _fifo(tmp: Path) -> dict:
    os.mkfifo(tmp / "fifo.yaml")
    return {"args": _generate(tmp / "fifo.yaml")}


def _empty_folder(tmp: Path) -> dict:
    (tmp / "empty").mkdir()
    return {"args": _generate(tmp / "empty")}


def _folder_without_yaml(tmp: Path) -> dict:
    (tmp / "notes").mkdir()
    (tmp / "notes" / "readme.txt").write_text("not a bank\n")
    return {"args": ["check", tmp / "notes"]}


def _long_value(tmp: Path) -> dict:
    path = tmp / "long.yaml"
    path.write_text(MINI_BANK.read_text("utf-8").replace("year: 2002}", f"year: {'x' * 1_000_000}}}"))
    return {"args": _generate(path)}


def _short_error(run: Run, tmp: Path) -> str | None:
    return None if len(run.err) < 2000 else f"an error line of {len(run.err):,} characters"


def _read_only_target(tmp: Path) -> dict:
    target = tmp / "paper.pdf"
    target.write_text("{}\n")
    target.chmod(0o444)
    return {"args": _pdf(target)}


def _pdf(target) -> list:
    return ["pdf", "--bank", MINI_BANK, "--templates", MINI_TEMPLATES, "--count", "4", "-o", target]


def _untouched_target(run: Run, tmp: Path) -> str | None:
    target = tmp / "paper.pdf"
    if target.read_bytes() != b"{}\n":
        return "the read-only file was replaced"
    return None


def _read_only_forced(tmp: Path) -> dict:
    args = _read_only_target(tmp)["args"]
    return {"args": [*args, "--force"]}


def _mode_kept(run: Run, tmp: Path) -> str | None:
    target = tmp / "paper.pdf"
    mode = stat.S_IMODE(target.stat().st_mode)  # a PDF written over the old file
    if target.read_bytes() == b"{}\n":
        return "not written"
    return None if mode == 0o444 else f"mode became {mode:o}"


def _mode_640(tmp: Path) -> dict:
    target = tmp / "paper.pdf"
    target.write_text("{}\n")
    target.chmod(0o640)
    return {"args": _pdf(target)}


def _mode_640_kept(run: Run, tmp: Path) -> str | None:
    mode = stat.S_IMODE((tmp / "paper.pdf").stat().st_mode)
    return None if mode == 0o640 else f"mode became {mode:o}"


# -- databases


def make_history(path: Path, *, attempts: int = 1, version: int | None = None,
                 started_at: str | None = None, journal: str = "delete") -> Path:
    """A real attempt database written by quizgen's own HistoryDB, then altered as asked."""
    sys.path.insert(0, str(TESTS.parent))
    from datetime import datetime, timezone

    from quizgen.history import open_history
    from quizgen.library import load_library
    from quizgen.generate import generate

    library = load_library([MINI_BANK], [MINI_TEMPLATES])
    questions = generate(library, count=3, seed=1).questions
    when = datetime(2026, 11, 1, 9, 0, tzinfo=timezone.utc)
    with open_history(path) as db:
        for _ in range(attempts):
            attempt = db.create_attempt(questions, started_at=when, seed=1)
            for position, question in enumerate(questions):
                db.record_answer(attempt, position, question, chosen=question.answer, outcome="correct",
                                 seconds=12.0, answered_at=when)
            db.finish_attempt(attempt, when)
    conn = sqlite3.connect(path)
    if started_at is not None:
        conn.execute("UPDATE attempts SET started_at = ?", (started_at,))
    if version is not None:
        conn.execute(f"PRAGMA user_version = {version}")
    conn.execute(f"PRAGMA journal_mode = {journal}")
    conn.commit()
    conn.close()
    return path


def _read_only_folder(*command: str) -> Callable[[Path], dict]:
    def make(tmp: Path) -> dict:
        share = tmp / "share"
        share.mkdir()
        db = make_history(share / "class.sqlite3", journal="wal")
        db.chmod(0o444)
        share.chmod(0o555)
        args = [*command, "--db", db]
        if command[0] == "review":
            args += ["--bank", MINI_BANK, "--templates", MINI_TEMPLATES]
        return {"args": args}
    return make


def _share_untouched(run: Run, tmp: Path) -> str | None:
    # Tests may run as root, who may write anywhere: so the check is that nothing was written.
    names = sorted(p.name for p in (tmp / "share").iterdir())
    return None if names == ["class.sqlite3"] else f"files written in the read-only folder: {names}"


def _future_schema(*command: str) -> Callable[[Path], dict]:
    def make(tmp: Path) -> dict:
        db = make_history(tmp / "future.sqlite3", version=999)
        args = [*command, "--db", db]
        if command[0] in ("review", "quiz"):
            args += ["--bank", MINI_BANK, "--templates", MINI_TEMPLATES]
        return {"args": args}
    return make


def _corrupt_started_at(tmp: Path) -> dict:
    return {"args": ["history", "--db", make_history(tmp / "h.sqlite3", started_at="yesterday-ish")]}


def _escapes_in_history(tmp: Path) -> dict:
    """A database whose stored questions hold escape sequences (as an older quizgen stored a
    bank value), answered often enough for `stats --items` to list the questions."""
    sys.path.insert(0, str(TESTS.parent))
    from datetime import datetime, timezone

    from quizgen.history import open_history
    from quizgen.library import load_library
    from quizgen.generate import generate

    library = load_library([MINI_BANK], [MINI_TEMPLATES])
    questions = [q for q in generate(library, count=40, seed=1).questions if "BECA" in q.stem + "".join(
        str(o) for o in q.options)][:3]
    when = datetime(2026, 11, 1, 9, 0, tzinfo=timezone.utc)
    db_path = tmp / "esc.sqlite3"
    with open_history(db_path) as db:
        for _ in range(20):
            attempt = db.create_attempt(questions, started_at=when, seed=1)
            for position, question in enumerate(questions):
                db.record_answer(attempt, position, question, chosen=question.answer, outcome="correct",
                                 seconds=5.0, answered_at=when)
            db.finish_attempt(attempt, when)
    conn = sqlite3.connect(db_path)
    conn.execute("UPDATE attempt_questions SET question = replace(question, 'BECA', ?)",
                 (json.dumps(ESCAPES)[1:-1],))
    conn.commit()
    conn.close()
    return {"args": ["stats", "--items", "--db", db_path]}


# -- streams


def _to_device(device: str, *args) -> Callable[[Path], dict]:
    def make(tmp: Path) -> dict:
        resolved = [make_history(tmp / "h.sqlite3") if a == "DB" else a for a in args]
        return {"args": resolved, "stdout": device}
    return make


def _with_env(env: dict, *args) -> Callable[[Path], dict]:
    def make(tmp: Path) -> dict:
        resolved = [make_history(tmp / "h.sqlite3") if a == "DB" else a for a in args]
        return {"args": resolved, "env": env}
    return make


def _ascii_only(run: Run, tmp: Path) -> str | None:
    if run.code == 0 and not run.out:
        return "nothing written"
    return None


# -- PDF text


def _pdf_missing_glyphs(tmp: Path) -> dict:
    bank = _bank_with(tmp, "BECA 中文 ∮ ☃ ✈ ♞ 𝔅")
    return {"args": ["pdf", "--bank", bank, "--templates", MINI_TEMPLATES, "--count", "20", "--seed", "3",
                     "-o", tmp / "paper.pdf"]}


def _one_warning_per_font(run: Run, tmp: Path) -> str | None:
    warnings = [line for line in run.err.splitlines() if "font" in line and "has no" in line]
    if not warnings:
        return "no warning about the missing characters"
    if len(warnings) > 1:  # the paper uses one font family: one line
        return f"{len(warnings)} warning lines for the missing characters"
    if not all(char in warnings[0] for char in "中文∮☃✈♞𝔅"):
        return f"the warning does not list every missing character: {warnings[0]}"
    return None


def _pdf_control_characters(tmp: Path) -> dict:
    bank = _bank_with(tmp, ESCAPES)
    return {"args": ["pdf", "--bank", bank, "--templates", MINI_TEMPLATES, "--count", "20", "--seed", "3",
                     "--answer-key", "none", "-o", tmp / "paper.pdf"]}


def _control_as_text(run: Run, tmp: Path) -> str | None:
    from pypdf import PdfReader

    text = "".join(page.extract_text() for page in PdfReader(tmp / "paper.pdf").pages)
    if "\x1b" in text:
        return "a raw ESC in the PDF text"
    return None if "BECA\\x1b]0;TITLE" in text else "BECA's control characters are not shown as text"


def cases() -> list[Case]:
    found = [_hostile_case(name, "YAML") for name in YAML_FILES]
    found += [_generate_hostile_case(name, "YAML") for name in GENERATE_FILES]
    found += [_hostile_case(name, "templates") for name in TEMPLATE_FILES]
    found += [
        Case("control_characters_warned_by_check", "YAML", lambda tmp: {"args": ["check", _bank_with(tmp, ESCAPES),
             MINI_TEMPLATES]}, 0, "control character"),
        Case("one_megabyte_bad_value_is_cut", "YAML", _long_value, 2, "expected a year like 2018", _short_error),
        # CLI
        Case("fifo_as_bank", "CLI", _fifo, 2, "not a regular file"),
        Case("dev_zero_as_bank", "CLI", lambda tmp: {"args": _generate(Path("/dev/zero"))}, 2, "not a regular file"),
        Case("dev_urandom_as_bank", "CLI", lambda tmp: {"args": _generate(Path("/dev/urandom"))}, 2,
             "not a regular file"),
        Case("empty_folder_as_bank", "CLI", _empty_folder, 2, "holds no bank"),
        Case("check_folder_without_yaml", "CLI", _folder_without_yaml, 2, "holds no bank"),
        Case("escapes_in_markdown", "CLI", lambda tmp: {"args": _generate(_bank_with(tmp, ESCAPES), "--format",
             "markdown", "--count", "40")}, 0, "BECA", _no_raw_escapes),
        Case("read_only_output_refused", "CLI", _read_only_target, 2, "read-only", _untouched_target),
        Case("read_only_output_forced_keeps_mode", "CLI", _read_only_forced, 0, "", _mode_kept),
        Case("replaced_output_keeps_mode", "CLI", _mode_640, 0, "", _mode_640_kept),
        # databases
        Case("corrupt_started_at", "databases", _corrupt_started_at, 2, "yesterday-ish"),
        Case("read_only_folder_history", "databases", _read_only_folder("history"), 0, "Started", _share_untouched),
        Case("read_only_folder_stats", "databases", _read_only_folder("stats"), 0, "Attempts", _share_untouched),
        Case("read_only_folder_stats_items", "databases", _read_only_folder("stats", "--items"), 0, "chosen", _share_untouched),
        Case("read_only_folder_review_list", "databases", _read_only_folder("review", "--list"), 0, "due", _share_untouched),
        Case("future_schema_history", "databases", _future_schema("history"), 2, "newer quizgen"),
        Case("future_schema_review", "databases", _future_schema("review", "--list"), 2, "newer quizgen"),
        Case("future_schema_stats", "databases", _future_schema("stats"), 2, "newer quizgen"),
        Case("future_schema_stats_items", "databases", _future_schema("stats", "--items"), 2, "newer quizgen"),
        Case("escapes_in_stats_items", "databases", _escapes_in_history, 0, "BECA", _no_raw_escapes),
        # streams
        Case("generate_to_full_device", "streams", _to_device("/dev/full", *_generate(MINI_BANK)), 2,
             "cannot write to standard output"),
        Case("history_to_full_device", "streams", _to_device("/dev/full", "history", "--db", "DB"), 2,
             "cannot write to standard output"),
        Case("pdf_to_full_device", "streams", _to_device("/dev/full", "pdf", "--bank", MINI_BANK, "--templates",
             MINI_TEMPLATES, "--count", "4", "-o", "-"), 2, "cannot write to standard output"),
        Case("generate_ascii_stdout", "streams", _with_env({"PYTHONIOENCODING": "ascii"}, *_generate(MINI_BANK)),
             0, "India", _ascii_only),
        Case("generate_c_locale_stdout", "streams", _with_env({"LANG": "C", "LC_ALL": "C", "PYTHONUTF8": "0"},
             *_generate(MINI_BANK)), 0, "India", _ascii_only),
        Case("history_ascii_stdout", "streams", _with_env({"PYTHONIOENCODING": "ascii"}, "history", "--db", "DB"),
             0, "Started", _ascii_only),
        # PDF text
        Case("pdf_missing_glyphs_one_line_per_font", "PDF text", _pdf_missing_glyphs, 0, "", _one_warning_per_font),
        Case("pdf_control_characters", "PDF text", _pdf_control_characters, 0, "Wrote", _control_as_text),
    ]
    return found


def tally(verdicts: list[Verdict]) -> str:
    outcomes = ("ok", "crash", "hang", "mislead", "unclear")
    lines = [f"{'group':<10} {'cases':>5}" + "".join(f" {o:>7}" for o in outcomes)]
    for group in (*GROUPS, None):
        mine = [v for v in verdicts if group is None or v.case.group == group]
        lines.append(f"{group or 'all':<10} {len(mine):>5}"
                     + "".join(f" {sum(v.outcome == o for v in mine):>7}" for o in outcomes))
    return "\n".join(lines)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("-v", action="store_true", help="list each case that is not ok")
    parser.add_argument("--code-at", metavar="COMMIT", help="run quizgen as it was at this commit")
    parser.add_argument("-k", metavar="TEXT", help="only the cases whose name contains TEXT")
    args = parser.parse_args()
    code_root = None
    if args.code_at:
        code_root = tempfile.mkdtemp(prefix="quizgen-at-")
        archive = subprocess.run(["git", "-C", str(TESTS.parent), "archive", args.code_at, "quizgen",
                                  "question_banks", "templates"], capture_output=True, check=True).stdout
        subprocess.run(["tar", "-x", "-C", code_root], input=archive, check=True)
    command = quizgen_command(sys.executable, code_root)
    chosen = [c for c in cases() if not args.k or args.k in c.name]
    with ThreadPoolExecutor(max_workers=2) as pool:
        verdicts = list(pool.map(lambda case: run_case(case, command, code_root), chosen))
    if args.v:
        for verdict in verdicts:
            if verdict.outcome != "ok":
                print(f"{verdict.outcome:>8}  {verdict.case.group}/{verdict.case.name}: {verdict.detail}")
    print(tally(verdicts))
    return 0


if __name__ == "__main__":
    sys.exit(main())

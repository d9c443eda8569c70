"""Hostile banks and templates: every attack class in tests/data/hostile/ is refused with one
line naming the file and line, quickly and in little memory.

Each file states on its first line what `check` must say (exit code, line, text), like
tests/data/broken/. `generate` must refuse the same file with one `Error:` line and exit 2.
The real-process test runs the installed `quizgen` script and measures its wall time and
peak memory (ru_maxrss from wait4), with an address-space limit as a safety net.
"""

from __future__ import annotations

import os
import re
import resource
import subprocess
import sys
import time
from pathlib import Path

import pytest

from conftest import DATA, MINI_BANK, MINI_TEMPLATES, run_cli

HOSTILE = sorted((DATA / "hostile").glob("*.yaml"))
QUIZGEN = str(Path(sys.executable).with_name("quizgen"))
SECONDS = 2.0
PEAK_BYTES = 200 * 1024 * 1024


def expectation(path: Path) -> tuple[int, int, str]:
    first = path.read_bytes().split(b"\n", 1)[0].decode("ascii")
    match = re.match(r'# expect: (\d) exit, line (\d+), "(.+)"', first)
    assert match, f"{path} lacks an expectation line"
    return int(match[1]), int(match[2]), match[3]


def is_template_file(path: Path) -> bool:
    return "\ntemplates:" in path.read_text("utf-8")


def check_args(path: Path) -> list:
    return [MINI_BANK, path] if is_template_file(path) else [path]


def generate_args(path: Path) -> list:
    if is_template_file(path):
        return ["--bank", MINI_BANK, "--templates", path]
    return ["--bank", path, "--templates", MINI_TEMPLATES]


@pytest.mark.parametrize("path", HOSTILE, ids=[p.stem for p in HOSTILE])
def test_check_reports_the_attack_at_its_line(path):
    code, line, text = expectation(path)
    result = run_cli("check", *check_args(path))
    output = result.out + result.err
    assert result.code == code, output
    assert (f"{path}:{line}: " if line else f"{path}: ") in output, output
    assert text in output
    assert "Traceback" not in output


@pytest.mark.parametrize("path", HOSTILE, ids=[p.stem for p in HOSTILE])
def test_generate_refuses_the_attack_with_one_line(path):
    result = run_cli("generate", *generate_args(path))
    assert result.code == 2
    assert result.out == ""
    lines = result.err.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith(f"Error: {path}"), result.err


# The child is measured from a small launcher process: a child forked straight from pytest
# would count pytest's own resident memory (copied at fork) in its peak.
_LAUNCHER = """
import os, resource, subprocess, sys
resource.setrlimit(resource.RLIMIT_AS, (1024**3, 1024**3))  # a safety net only
resource.setrlimit(resource.RLIMIT_CPU, (10, 10))
child = subprocess.Popen(sys.argv[1:], stdout=subprocess.DEVNULL)
_, status, usage = os.wait4(child.pid, 0)
sys.stdout.write(f"{os.waitstatus_to_exitcode(status)} {usage.ru_maxrss * 1024}")
"""


def run_limited(args: list) -> tuple[int, str, float, int]:
    """Run the real quizgen; return exit code, stderr, wall seconds, peak RSS in bytes."""
    started = time.monotonic()
    done = subprocess.run([sys.executable, "-c", _LAUNCHER, QUIZGEN, *map(str, args)],
                          capture_output=True, text=True, timeout=60)
    seconds = time.monotonic() - started
    code, peak = (int(x) for x in done.stdout.split())
    return code, done.stderr, seconds, peak


def _huge_file(tmp_path: Path) -> Path:
    path = tmp_path / "huge.yaml"
    with open(path, "wb") as out:
        out.write(b"id: huge\ntitle: " + b"x" * (5 * 1024 * 1024) + b"\n")
    return path


def _many_values(tmp_path: Path) -> Path:
    path = tmp_path / "many.yaml"
    path.write_text("id: many\ntitle: [" + "a," * 300_000 + "a]\n", encoding="utf-8")
    return path


def _deep_block(tmp_path: Path) -> Path:
    path = tmp_path / "deep.yaml"
    path.write_text("".join(" " * i + f"k{i}:\n" for i in range(200)) + " " * 200 + "v\n", encoding="utf-8")
    return path


def _many_templates(tmp_path: Path) -> Path:
    path = tmp_path / "templates.yaml"
    one = ("  - {{id: t{0}, style: single, kind: agreement, needs: [name, year], answer: year, "
           "stem: \"{{{{ name }}}} {{{{ year }}}}?\"}}\n")
    path.write_text("templates:\n" + "".join(one.format(i) for i in range(600)), encoding="utf-8")
    return path


def _fifo(tmp_path: Path) -> Path:
    path = tmp_path / "fifo.yaml"
    os.mkfifo(path)
    return path


GENERATED = {"huge_file": _huge_file, "many_values": _many_values, "deep_block_nesting": _deep_block,
             "many_templates": _many_templates, "fifo": _fifo, "dev_zero": lambda tmp_path: Path("/dev/zero")}


@pytest.mark.parametrize("name", [*[p.stem for p in HOSTILE], *GENERATED])
def test_real_process_refuses_quickly_in_little_memory(name, tmp_path):
    if name in GENERATED:
        path = GENERATED[name](tmp_path)
        args = (["generate", "--bank", MINI_BANK, "--templates", path] if name == "many_templates"
                else ["generate", "--bank", path, "--templates", MINI_TEMPLATES])
    else:
        args = ["generate", *generate_args(DATA / "hostile" / f"{name}.yaml")]
    code, stderr, seconds, peak = run_limited(args)
    assert code == 2, stderr
    lines = stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("Error: "), stderr
    assert seconds < SECONDS, f"{name}: {seconds:.2f} s"
    assert peak < PEAK_BYTES, f"{name}: {peak / 1024**2:.0f} MB"

from __future__ import annotations

import atexit
import io
import json
import os
import shutil
import tempfile
import textwrap
from dataclasses import dataclass
from pathlib import Path

import pytest

from quizgen.cli import Env, main
from quizgen.lang import Text
from quizgen.linedata import LineDict, LineList

# The compiled bank cache of every test (in-process or a child process) goes to a folder of its
# own, removed afterwards: no test reads or writes the user's real cache.
_CACHE = tempfile.mkdtemp(prefix="quizgen-test-cache-")
os.environ["QUIZGEN_CACHE_DIR"] = _CACHE
atexit.register(shutil.rmtree, _CACHE, ignore_errors=True)

DATA = Path(__file__).parent / "data"
MINI_BANK = DATA / "mini" / "bank.yaml"
MINI_TEMPLATES = DATA / "mini" / "templates.yaml"


@dataclass
class Result:
    code: int
    out: str
    err: str

    def json(self):
        return json.loads(self.out)


def run_cli(*argv: str, environ: dict | None = None) -> Result:
    """Run the whole CLI in-process with captured streams."""
    out, err = io.StringIO(), io.StringIO()
    env = Env(stdin=io.StringIO(""), stdout=out, stderr=err, environ=environ or {})
    code = main([str(a) for a in argv], env)
    return Result(code, out.getvalue(), err.getvalue())


@pytest.fixture
def cli():
    return run_cli


@pytest.fixture
def write(tmp_path):
    """Write a dedented text file under tmp_path and return its path."""

    def _write(name: str, text: str) -> Path:
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")
        return path

    return _write


def english_only(data):
    """Raw bank or template YAML with each bilingual text `{en: ..., hi: ...}` as its English,
    for tests that read the files themselves rather than through the library."""
    if isinstance(data, dict):
        if set(data) == {"en", "hi"} and all(isinstance(v, str) for v in data.values()):
            return data["en"]
        return {k: english_only(v) for k, v in data.items()}
    if isinstance(data, list):
        return [english_only(v) for v in data]
    return data


def same_yaml(fast, slow, where="") -> None:
    """A fast YAML loader's result equals the thorough loader's: values, types and every line."""
    assert type(fast) is type(slow), where
    if isinstance(slow, LineDict):
        assert fast.line == slow.line, where
        assert list(fast) == list(slow), where
        assert fast.key_lines == slow.key_lines, where
        for key in slow:
            same_yaml(fast[key], slow[key], f"{where}/{key}")
    elif isinstance(slow, LineList):
        assert (fast.line, fast.item_lines, len(fast)) == (slow.line, slow.item_lines, len(slow)), where
        for index, (a, b) in enumerate(zip(fast, slow)):
            same_yaml(a, b, f"{where}[{index}]")
    elif isinstance(slow, Text):
        assert (str(fast), fast.hi, fast.line) == (str(slow), slow.hi, slow.line), where
    elif isinstance(slow, float) and slow != slow:
        assert fast != fast, where
    else:
        assert fast == slow, where

"""The one-pass event loader builds exactly what PyYAML's SafeLoader builds, lines included."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
import yaml

from conftest import same_yaml as same
from quizgen import yamlsource
from quizgen.errors import LoadError
from quizgen.fastload import FALLBACK, load_events

ROOT = Path(__file__).resolve().parent.parent
FILES = sorted({*ROOT.glob("question_banks/**/*.yaml"), *ROOT.glob("templates/**/*.yaml"),
                *ROOT.glob("tests/data/**/*.yaml")})


def thorough(text: str):
    return yaml.load(text, Loader=yamlsource._LineLoader)  # noqa: S506 - a SafeLoader


@pytest.mark.parametrize("path", FILES, ids=lambda p: str(p.relative_to(ROOT)))
def test_every_repository_file_loads_alike(path):
    text = path.read_bytes().decode("utf-8", errors="replace")
    try:
        slow = thorough(text)
    except (yaml.YAMLError, ValueError, OverflowError, RecursionError):
        return  # a hostile file: its error comes from load_yaml (tests/test_hostile*.py)
    try:
        fast = load_events(text, path, 10**9, 10**6)
    except yaml.YAMLError:
        pytest.fail("the event loader refused a file SafeLoader reads")
    if fast is not FALLBACK:
        same(fast, slow)


SCALARS = """
plain: text
quoted: "2018"
single: '1e3'
ints: [0, -7, 0x1F, 0o17, 1_000, +3]
floats: [1.5, -2e3, .inf, -.Inf, .nan, 6.]
bools: [true, False, yes, no, on, Off, y, n]
nulls: [~, null, Null]
bare:
dates: [2018-09-06, 2001-12-14t21:59:43.10-05:00]
flow: {a: 1, b: [x, {c: d}]}
folded: >
  two
  lines
literal: |
  kept
  lines
empty_list: []
empty_map: {}
unicode: "₹ 2,000 crore — Ministry"
? plain key
: value
1: an integer key
2018-01-02: a date key
"""


def test_scalars_resolve_as_safeloader_resolves_them(tmp_path):
    same(load_events(SCALARS, tmp_path / "x.yaml", 10**6, 100), thorough(SCALARS))


@pytest.mark.parametrize("text", [
    "a: &x 1\nb: *x\n",          # anchors and aliases
    "a: !!str 5\n",              # explicit tags
    "base: {a: 1}\nmore:\n  <<: {b: 2}\n",  # merge key
    "a: 1\na: 2\n",              # duplicate key: worded by the thorough loader
    "? [a, b]\n: c\n",           # complex key
    "--- 1\n--- 2\n",            # several documents
])
def test_rare_forms_go_the_thorough_way(text, tmp_path):
    assert load_events(text, tmp_path / "x.yaml", 10**6, 100) is FALLBACK


def test_budgets_are_checked_in_the_same_pass(tmp_path):
    deep = "a:\n" + "".join("  " * i + " b:\n" for i in range(1, 30)) + "  " * 30 + " c: 1\n"
    with pytest.raises(LoadError, match="nested more than 24 levels deep"):
        load_events(deep, tmp_path / "x.yaml", 10**6, 24)
    with pytest.raises(LoadError, match="more than 5 values") as error:
        load_events("[1, 2, 3,\n 4, 5, 6]\n", tmp_path / "x.yaml", 5, 24)
    assert error.value.line == 2


def test_load_yaml_gives_the_same_data_either_way(tmp_path):
    path = tmp_path / "bank.yaml"
    path.write_text("id: b\ndate: 2020-01-02\nfacts:\n  - {id: f1, n: 3}\n", encoding="utf-8")
    data = yamlsource.load_yaml(path)
    assert data["date"] == dt.date(2020, 1, 2)
    assert data["facts"].line_of(0) == 4 and data.line_of("facts") == 3

"""The line loader for block-style YAML builds exactly what PyYAML's SafeLoader builds, lines
included, or leaves the file to the event loader; a library loads alike either way."""

from __future__ import annotations

import dataclasses
import datetime as dt
import functools
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import same_yaml as same

from quizgen import library as libmod
from quizgen import yamlsource
from quizgen.blockload import load_block
from quizgen.errors import LoadError
from quizgen.fastload import FALLBACK
from quizgen.lang import Text

ROOT = Path(__file__).resolve().parent.parent
FILES = sorted({*ROOT.glob("question_banks/**/*.yaml"), *ROOT.glob("templates/**/*.yaml"),
                *ROOT.glob("tests/data/**/*.yaml"), ROOT / "quizgen/starter_bank.yaml"})
BIG = 10**9


def thorough(text: str):
    loader = yamlsource._LineLoader(text)  # a SafeLoader
    loader.control_lines = []
    try:
        return loader.get_single_data()
    finally:
        loader.dispose()


def check(text: str, path: Path = Path("x.yaml")):
    """The line loader's result for `text`, after checking it against SafeLoader: the same
    data and lines, or FALLBACK; never a file SafeLoader refuses."""
    try:
        slow = thorough(text)
    except (yaml.YAMLError, ValueError, OverflowError, RecursionError):
        slow = FALLBACK
    fast = load_block(text, path, BIG, 10**6)
    if fast is not FALLBACK:
        assert slow is not FALLBACK, "the line loader took a file SafeLoader refuses"
        same(fast, slow)
    return fast


def plain_data(value):
    """Loaded YAML as plain Python values, to be written out again with yaml.safe_dump."""
    if isinstance(value, Text):
        return {"en": str(value), "hi": value.hi} if value.hi is not None else str(value)
    if isinstance(value, dict):
        return {plain_data(k): plain_data(v) for k, v in value.items()}
    if isinstance(value, list):
        return [plain_data(v) for v in value]
    return value


@pytest.mark.parametrize("path", FILES, ids=lambda p: str(p.relative_to(ROOT)))
def test_every_repository_file_loads_alike(path):
    check(path.read_bytes().decode("utf-8", errors="replace"), path)


def block_copies():
    """Every loadable repository file written out in block style, as yaml.safe_dump (and so
    `quizgen extract` and `import`) writes it, in a narrow and a wide layout."""
    for path in FILES:
        try:  # (the shape check first: an alias bomb written out in full would fill the memory)
            data = plain_data(yamlsource.load_yaml(path, fast=False))
        except LoadError:
            continue
        for width, indent in ((40, 2), (100, 4)):
            yield path, yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=width, indent=indent)


def test_block_style_copies_of_the_repository_files_load_alike():
    taken = tried = 0
    for path, text in block_copies():
        tried += 1
        taken += check(text, path) is not FALLBACK
    # Only escapes ("\x1b", a line break in a value) and the like are left to the event loader.
    assert tried > 150 and taken >= 0.9 * tried, (taken, tried)


def test_a_long_quote_over_several_lines_is_folded_as_yaml_folds_it():
    text = ("facts:\n- id: f1\n  quote: The dialogue was held in New Delhi\n    on 6 September 2018\n"
            "    between the two ministers\n  note: 'it''s a quoted one:\n    over two lines '\n"
            "- 'item: quoted\n  ' \n- plain item\n  going on\n")
    data = check(text)
    assert data is not FALLBACK
    assert data["facts"][0]["quote"] == "The dialogue was held in New Delhi on 6 September 2018 between the two ministers"
    assert data["facts"][0]["note"] == "it's a quoted one: over two lines "
    assert data["facts"][2] == "plain item going on"
    assert data["facts"][1] == "item: quoted "
    assert data["facts"].item_lines == [2, 8, 10]


SCALARS = """\
# a comment
plain: text with 'quotes' and "more", [brackets] and a#hash
quoted: "2018"
single: '1e3'
ints:
- 0
- -7
- 0x1F
- 0o17
- 1_000
- +3
floats: [1.5, -2e3, .inf, -.Inf, .nan, 6., 0o17, 1_000, -7, yes, ~, 2018-09-06, 'it''s', "q", it's]
flow: {a: 1, b: [x, {c: d}], e: [], f: {}, g: [ ], "h": 1}
flow_bilingual: {en: "₹ 2,000 crore — Ministry", hi: 'हिंदी शब्द'}
more_floats:
  - 1.5
  - -2e3
  - .inf
  - -.Inf
  - .nan
  - 6.
bools: [yes, No, on, OFF, y, n]
more_bools:
- true
- False
- yes
- no
- on
- Off
- y
- n
nulls:
- ~
- null
- Null
bare:
dates:
- 2018-09-06
- 2001-12-14t21:59:43.10-05:00
unicode: "₹ 2,000 crore — Ministry"
yes: a key that is a bool
null: a key that is null
url: http://example.org/a#b?c=d:e
commented:   # the value is on the next lines
  plain: a value  # a comment
  quoted: 'a # in quotes' # a comment
  double: "a # in quotes"   # a comment
  escapes: "a \\"quoted\\" \\\\ and \\/"
  flow_escapes: ["\\"", '\\']
  flow: [a, 'b #', "c"]  # a comment
  list:
  - item # a comment
"""


def test_scalars_resolve_as_safeloader_resolves_them():
    assert check(SCALARS) is FALLBACK  # the quoted "h" key in a flow mapping
    data = check(SCALARS.replace('"h": 1', "h: 1"))
    assert data is not FALLBACK
    assert data["floats"][-3:] == ["it's", "q", "it's"] and data["flow"]["b"][1] == {"c": "d"}
    assert data["flow_bilingual"].hi == "हिंदी शब्द" and data["flow_bilingual"].line == 14
    assert data["more_bools"][:6] == [True, False, True, False, True, False]
    assert data["more_bools"][6:] == ["y", "n"]
    assert data["dates"][0] == dt.date(2018, 9, 6)
    assert data[True] == "a key that is a bool" and data[None] == "a key that is null"
    assert data["commented"] == {"plain": "a value", "quoted": "a # in quotes", "double": "a # in quotes",
                                 "flow": ["a", "b #", "c"], "list": ["item"], "escapes": 'a "quoted" \\ and /',
                                 "flow_escapes": ['"', "\\"]}


def test_an_explicit_document_start_is_taken():
    assert check("# a bank\n---\nid: b\nfacts:\n- id: f\n") == {"id": "b", "facts": [{"id": "f"}]}
    assert check("---\n- a\n---\n- b\n") is FALLBACK  # two documents: refused there


@pytest.mark.parametrize("text", [
    "--- a: 1\n",
    "a: 1\n---\n",
    "a: 1\n...\n",
    "%YAML 1.1\n---\na: 1\n",
    "a: [1,\n  2]\n",              # a flow collection over several lines
    "a: [1, 2,]\n",               # a trailing comma
    "a: [1, 2] x\n",
    "a: 'q' x\n",
    "- # a comment where the item would be\n",
    "a: {b:1}\n",                  # a plain "b:1" key in flow: not a key/value pair
    "a: {b: }\n",
    "a: [b: c]\n",                 # a pair in a flow list
    "a: [10:30]\n",                # ':' in a flow scalar, where PyYAML and libyaml differ
    "a: [x #y]\n",
    "a: [- x]\n",
    'a: {"quoted": key}\n',
    "[a, b]\n",                     # a flow collection as the whole document
    "a: |\n  kept\n",              # block scalars
    "a: >\n  folded\n",
    "a: &x 1\nb: *x\n",            # anchors and aliases
    "a: !!str 5\n",                # explicit tags
    "a: 1\na: 2\n",                # duplicate key: worded by the thorough loader
    "yes: 1\non: 2\n",             # two keys that are both True
    "--- 1\n--- 2\n",              # documents
    'a: "escaped \\n line break"\n',   # (\\ \" and \/ are taken)
    'a: "escaped \\x1b control"\n',
    "a:\tb\n",                     # tabs
    "a: 1\r\nb: 2\r\n",            # carriage returns
    "a: x\x1bz\n",                 # control characters: shown as text by the thorough loader
    "a: 1\n  b: 2\n",              # an indentation error
    "- a\nb: 1\n",                 # a key after the root list
    "a: b: c\n",                   # a mapping where a value stands
    "a:\n  text on its own line\n",
    "- - nested\n",
    "-\n  a: 1\n",
    "'quoted key': 1\n",
    "a: 2018-02-30\n",             # an impossible date: worded with its line there
    "a: 'unclosed\n",
    "a: plain\n\n  after a blank line\n",   # a line break kept in the value
    "a: 'quoted\n\n  after a blank line'\n",
    "a: <<\n",
])
def test_rare_forms_go_the_event_loaders_way(text):
    assert check(text) is FALLBACK


def test_budgets_are_left_to_the_event_loader_which_words_them(tmp_path):
    assert load_block("a: [1, [2, [3]]]\n", Path("x"), BIG, 3) is FALLBACK
    assert load_block("a: [1, [2, [3]]]\n", Path("x"), BIG, 4) is not FALLBACK
    deep = "".join("  " * i + f"k{i}:\n" for i in range(30)) + "  " * 30 + "c: 1\n"
    assert load_block(deep, Path("x"), BIG, 24) is FALLBACK
    assert load_block(deep, Path("x"), BIG, 40) is not FALLBACK
    path = tmp_path / "many.yaml"
    path.write_text("".join(f"k{i}: {i}\n" for i in range(80_000)), encoding="utf-8")
    assert load_block(path.read_text(), path, yamlsource.MAX_VALUES, 24) is FALLBACK
    with pytest.raises(LoadError, match="more than 150,000 values") as error:
        yamlsource.load_yaml(path)
    assert error.value.line == 75_000
    path.write_text(deep, encoding="utf-8")
    with pytest.raises(LoadError, match="nested more than 24 levels deep") as error:
        yamlsource.load_yaml(path)
    assert error.value.line == 25


# ---------------------------------------------------------------- generated YAML

# Keys as banks write them; True and None come out as `true:` and `null:` (a string "yes" is
# quoted by the dumper, which leaves the file to the event loader).
KEYS = st.sampled_from(["id", "kind", "name", "year", "a.b", "x-y", "_k", "fields", "e", "t0", "yes", True, None])
TEXTS = st.one_of(
    st.sampled_from(["", " ", "yes", "No", "on", "~", "null", "1_000", "0o17", "0x1F", "-7", "+3", "1e3",
                     "6.", ".nan", "-.inf", "2018-09-06", "2018-02-30", "2001-12-14 21:59:43.10",
                     "a: b", "a #b", "a#b", "#c", "- x", "-x", "? x", ":x", "'", "''", '"', "it's", "[a]",
                     "{b}", "a, b", "x:", "---", "...", "&a", "*a", "!t", "|", ">", "%", "@", "`", "<<", "=",
                     "Delhi — ₹ 2,000 crore", "हिंदी शब्द", " leading", "trailing ", "two  spaces"]),
    st.text(alphabet=st.sampled_from("ab :#'\"-,[]{}?\\é₹ "), max_size=12),
    st.lists(st.sampled_from(["word", "longer", "words:", "#x", "a", "'q'", "the"]), min_size=10, max_size=40)
    .map(" ".join),
)
SCALAR_VALUES = st.one_of(TEXTS, st.integers(-10**6, 10**6), st.floats(allow_nan=False, width=32),
                          st.booleans(), st.none(), st.dates(dt.date(1000, 1, 1), dt.date(2999, 12, 31)))
DATA = st.recursive(SCALAR_VALUES, lambda inner: st.one_of(
    st.lists(inner, min_size=1, max_size=4),
    st.dictionaries(KEYS, inner, min_size=1, max_size=4),
    st.fixed_dictionaries({"en": TEXTS, "hi": TEXTS})), max_leaves=25)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.dictionaries(KEYS, DATA, min_size=1, max_size=5), st.sampled_from([20, 40, 80, 1000]),
       st.sampled_from([2, 4]), st.sampled_from([False, None]))
def test_generated_block_yaml_loads_as_safeloader_loads_it(data, width, indent, flow):
    """Written as yaml.safe_dump writes it: all in block style, or the innermost lists and
    mappings in flow style (`[a, b]`, `{en: .., hi: ..}`) as people write them."""
    text = yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=width, indent=indent,
                          default_flow_style=flow)
    check(text)


LINES = st.lists(st.tuples(st.sampled_from(["", " ", "  ", "    ", "     "]),
                           st.sampled_from(["", "- ", "-  ", "-"]),
                           st.sampled_from(["", "a: ", "b:", "yes: ", "c:  ", "'q': ", "a b: ", "a: [", "- {k: ",
                                            "b: {en: "]),
                           st.one_of(TEXTS, st.sampled_from(["x]", "x, y]", "]", "}", "x}", "x, hi: y}",
                                                             "[a, b]", "{a: b}", "{a: [b, c]}", "x, [y]]"]))),
                 min_size=1, max_size=12)


@settings(max_examples=400, deadline=None)
@given(LINES)
def test_nearly_yaml_lines_never_load_differently(lines):
    """Lines of indentation, dashes, keys and awkward values, mostly not valid YAML: whatever
    the line loader takes, SafeLoader reads alike (check() asserts it)."""
    check("\n".join("".join(parts) for parts in lines) + "\n")


# ---------------------------------------------------------------- a whole library


def library_digest(library: libmod.Library):
    def plain(value):
        if dataclasses.is_dataclass(value) and not isinstance(value, type):
            return (type(value).__name__, {f.name: plain(getattr(value, f.name)) for f in dataclasses.fields(value)
                                           if f.name not in ("texts",)})
        if isinstance(value, yamlsource.LineDict):
            return ("LineDict", value.line, value.key_lines, {k: plain(v) for k, v in value.items()})
        if isinstance(value, yamlsource.LineList):
            return ("LineList", value.line, value.item_lines, [plain(v) for v in value])
        if isinstance(value, Text):
            return ("Text", str(value), value.hi, value.line)
        if isinstance(value, dict):
            return {k: plain(v) for k, v in value.items()}
        if isinstance(value, (list, tuple)):
            return [plain(v) for v in value]
        if isinstance(value, (set, frozenset)):
            return sorted(map(repr, value))
        if isinstance(value, float) and value != value:
            return "nan"
        return value
    return plain([library.banks, library.templates, library.kinds, library.problems, library.periods,
                  library.warnings])


def load_both_ways(banks: list[Path], templates: list[Path]):
    results = []
    for fast in (True, False):
        try:
            library = libmod._build_library(banks, templates, load=functools.partial(yamlsource.load_yaml, fast=fast))
            results.append(library_digest(library))
        except LoadError as error:
            results.append(("LoadError", str(error)))
    return results


def test_block_copies_of_the_bundled_banks_give_the_same_library(tmp_path):
    """The bundled banks and templates and tests/data, written in block style: every fact, field,
    line and problem comes out the same from the line loader as from the thorough loader."""
    groups = [(sorted((ROOT / "question_banks").glob("*.yaml")), sorted((ROOT / "templates").rglob("*.yaml")))]
    for folder in ("mini", "bilingual", "standard", "plausibility", "broken"):
        files = sorted((ROOT / "tests/data" / folder).glob("*.yaml"))
        groups.append(([f for f in files if "templates" not in f.name] or files[:1],
                       [f for f in files if "templates" in f.name] or sorted((ROOT / "templates").glob("*.yaml"))))
    compared = 0
    for index, (banks, templates) in enumerate(groups):
        copies = []
        for path in [*banks, *templates]:
            try:
                data = plain_data(yamlsource.load_yaml(path, fast=False))
            except LoadError:
                copies.append(path)
                continue
            copy = tmp_path / f"{index}-{path.parent.name}-{path.name}"
            copy.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=60), encoding="utf-8")
            copies.append(copy)
        fast, thorough_way = load_both_ways(copies[:len(banks)], copies[len(banks):])
        assert fast == thorough_way, banks
        compared += fast[0] != "LoadError"
    assert compared >= 4


@pytest.mark.parametrize("path", sorted((ROOT / "tests/data/hostile").glob("*.yaml")), ids=lambda p: p.name)
def test_hostile_files_give_the_same_library_or_error(path):
    bundled = sorted((ROOT / "question_banks").glob("*.yaml"))
    banks, templates = ([path], sorted((ROOT / "templates").glob("*.yaml"))) if "templates:" not in path.read_text(
        errors="replace") else (bundled, [path])
    fast, thorough_way = load_both_ways(banks, templates)
    assert fast == thorough_way


def test_an_archive_bank_takes_the_line_loader_and_loads_alike(tmp_path):
    """A bank as benchmarks/bench_scale.py makes them (written by yaml.safe_dump)."""
    facts = [{"id": f"p-{i}", "kind": "person", "topics": [f"t{i % 5}"],
              "fields": {"name": f"Person {i}", "office": f"Office {i}", "country": "India", "year": 1990 + i},
              "sources": [{"source": "s", "quote": f"Person {i} held office {i} " * (i % 4)}]} for i in range(300)]
    bank = {"id": "archive", "title": "Archive", "subjects": ["Benchmark"],
            "kinds": {"person": {"name": "text", "office": "text", "country": "text", "year": "year"}},
            "topics": {f"t{i}": f"topic {i}" for i in range(5)},
            "sources": {"s": {"title": "A source", "outlet": "bench", "date": "2020-01-01"}}, "facts": facts}
    path = tmp_path / "archive.yaml"
    path.write_text(yaml.safe_dump(bank, sort_keys=False), encoding="utf-8")
    assert check(path.read_text(encoding="utf-8"), path) is not FALLBACK
    templates = tmp_path / "templates.yaml"
    templates.write_text(yaml.safe_dump({"templates": [
        {"id": "office", "style": "direct", "kind": "person", "stem": "Which office did {{ name }} hold?",
         "answer": "office"}]}, sort_keys=False), encoding="utf-8")
    fast, thorough_way = load_both_ways([path], [templates])
    assert fast == thorough_way and fast[0] != "LoadError"
    # Some facts fail validation (an empty quote, a year after as_of): their problems match too.
    assert len(fast[3]) > 0

"""Fuzzing: random and malformed banks and templates never crash quizgen.

Hypothesis builds banks and templates with wrong types, deep nesting, aliases, huge values,
unicode oddities and hostile Jinja2, and runs `check` and `generate` in-process under an
address-space limit and a per-example deadline. Every run must end with exit 0, 1 or 2, no
traceback, stderr lines in the documented shapes, and no file written anywhere.

Example counts are bounded (and derandomized) so the suite takes well under a minute.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import resource
import tempfile
from contextlib import contextmanager
from pathlib import Path

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import MINI_BANK, MINI_TEMPLATES, run_cli

FUZZ = settings(max_examples=40, deadline=3000, derandomize=True, database=None,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
MEMORY_HEADROOM = 400 * 1024 * 1024

STDERR_LINE = re.compile(r"^(Error: |Note: |OK: |FAILED: |Warning: |.+?:\d+: |[^ ]+: )")

# ---------------------------------------------------------------- strategies

ODD_TEXT = st.sampled_from([
    "", " ", "\u200b", "\u202e reversed", "e\u0301", "🙂" * 3, "\x00", "\ufeffBOM", "a" * 5000,
    "{{ name }}", "{% raw %}", "*alias", "&anchor", "- item", "key: value", "'", '"', "\\", "\t",
    "9" * 30, "1e999", "NaN", "null", "~", "yes", "2018-02-30", "2018-09-06",
])
SCALARS = st.one_of(
    st.none(), st.booleans(), st.integers(min_value=-10**30, max_value=10**30),
    st.floats(allow_nan=True, allow_infinity=True), st.dates(min_value=dt.date(1, 1, 1)),
    st.text(max_size=40), ODD_TEXT,
)


def nested(leaves, max_leaves=20):
    return st.recursive(leaves, lambda children: st.one_of(
        st.lists(children, max_size=4), st.dictionaries(st.text(max_size=8), children, max_size=4)),
        max_leaves=max_leaves)


ANY_VALUE = nested(SCALARS)


def deep_list(depth: int):
    value = "x"
    for _ in range(depth):
        value = [value]
    return value


HOSTILE_VALUE = st.one_of(ANY_VALUE, st.integers(1, 60).map(deep_list), st.just("x" * 200_000))


@st.composite
def banks(draw):
    """A bank close to valid, with some values swapped for anything at all."""
    fact = {"id": "f1", "kind": "person", "topics": ["t"],
            "fields": {"name": "Rajnath Singh", "office": "Defence Minister"},
            "sources": [{"source": "s", "quote": "Rajnath Singh, Defence Minister"}]}
    bank = {"id": "fz", "title": "Fuzzed", "subjects": ["GS II"],
            "kinds": {"person": {"name": "text", "office": "text"}},
            "topics": {"t": "a topic"}, "sources": {"s": {"title": "T", "outlet": "O", "date": "2018-09-06"}},
            "decoys": {"person.name": ["Nirmala Sitharaman", "Sushma Swaraj"]},
            "facts": [fact, dict(fact, id="f2", fields={"name": "Sushma Swaraj", "office": "External Affairs Minister"})]}
    places = [(bank, "id"), (bank, "title"), (bank, "subjects"), (bank, "kinds"), (bank, "topics"),
              (bank, "sources"), (bank, "decoys"), (bank, "facts"), (fact, "id"), (fact, "kind"),
              (fact, "fields"), (fact, "sources"), (fact, "topics"), (fact["fields"], "name"),
              (fact["fields"], "office"), (bank["decoys"], "person.name"), (bank["sources"], "s")]
    for _ in range(draw(st.integers(0, 4))):
        container, key = draw(st.sampled_from(places))
        container[key] = draw(HOSTILE_VALUE)
    if draw(st.booleans()):
        shared = draw(ANY_VALUE)  # the same object twice: safe_dump writes an anchor and alias
        bank["decoys"] = {"person.name": shared, "person.office": shared}
    return yaml.safe_dump(bank, allow_unicode=True, sort_keys=False)


JINJA_PIECES = st.sampled_from([
    "{{ name }}", "{{ name * 100000000 }}", "{{ 9 ** 9 ** 9 }}", "{{ name|center(999999999) }}",
    "{{ name|indent(999999) }}", "{{ '%999999999s'|format(name) }}", "{{ '{:>99999999}'.format(name) }}",
    "{{ name|truncate(999999999) }}", "{{ name|wordwrap(1) }}", "{% for i in range(999999) %}x{% endfor %}",
    "{% for i in range(999) %}{% for j in range(999) %}{{ i }}{% endfor %}{% endfor %}",
    "{% macro m() %}{{ m() }}{% endmacro %}{{ m() }}", "{{ ''.__class__.__mro__ }}",
    "{{ name.__init__ }}", "{{ cycler.__init__.__globals__ }}", "{{ lipsum() }}", "{{ name|random }}",
    "{% set x = name ~ name %}{{ x ~ x ~ x }}", "{{ [name] * 99999999 }}", "{{ name.replace('', name) }}",
    "{{ undefined_field }}", "{{ name|longdate }}", "{{ year|monthyear }}", "{{ name[::-1] }}",
    "{{ 1 / 0 }}", "{{ name|int }}", "{{ (name|list)|join(name * 9999) }}", "{%", "{{", "}}", "{# x",
    "{% if name %}yes{% else %}no{% endif %}", "{{ name|upper }}", "🙂", "\u202e", "\\n",
    "{% for x in [1] recursive %}{{ loop([x]) }}{% endfor %}", "{{ range(10)|list|sum }}",
    "{{ dict(a=name)|tojson(999999) }}", "{{ name|format(name) }}", "{{ name % name }}",
    "{% set ns = namespace(a=[name]) %}{% for i in range(40) %}{% set ns.a = [ns.a, ns.a] %}{% endfor %}{{ ns }}",
    "{% set x %}{% for i in range(999) %}{% for j in range(99) %}{{ name * 999 }}{% endfor %}{% endfor %}{% endset %}",
    "{{ {'a': name}.items() }}", "{{ [[1], [2]]|sum(start=[]) }}", "{{ name.encode() * 99999999 }}",
    "{% filter upper %}{% for i in range(999) %}{{ name * 99 }}{% endfor %}{% endfilter %}",
    "{% set a = [name] %}{% for i in range(99) %}{% set _ = a.extend(a) %}{% endfor %}",
])


@st.composite
def template_files(draw):
    stem = "".join(draw(st.lists(st.one_of(JINJA_PIECES, st.text(max_size=10)), min_size=1, max_size=5)))
    spec = {"id": draw(st.sampled_from(["t", "", "dup"])), "style": "single", "kind": "agreement",
            "needs": ["name", "year"], "answer": "year", "stem": stem}
    for _ in range(draw(st.integers(0, 2))):
        key = draw(st.sampled_from(["needs", "answer", "distractors", "given", "similar", "explanation",
                                    "style", "kind", "statements", "columns", "option"]))
        spec[key] = draw(st.one_of(HOSTILE_VALUE, JINJA_PIECES))
    return yaml.safe_dump({"templates": [spec]}, allow_unicode=True, sort_keys=False)


@st.composite
def mangled(draw, original: Path):
    """The bundled test bank or templates with lines dropped, doubled or corrupted."""
    lines = original.read_text("utf-8").splitlines()
    for _ in range(draw(st.integers(1, 5))):
        index = draw(st.integers(0, len(lines) - 1))
        action = draw(st.sampled_from(["drop", "double", "indent", "junk", "alias"]))
        if action == "drop":
            del lines[index]
        elif action == "double":
            lines.insert(index, lines[index])
        elif action == "indent":
            lines[index] = "  " + lines[index]
        elif action == "junk":
            lines[index] += draw(st.sampled_from([": x", " [", " {", " *a", " &a [1]", " !!python/object:os.system", " |", "\t"]))
        else:
            lines.insert(index, "x: &a [*a]")
    return "\n".join(lines) + "\n"


# ---------------------------------------------------------------- the checks


@contextmanager
def memory_limit():
    """Cap this process's address space (soft limit) a few hundred MB above its current size."""
    soft, hard = resource.getrlimit(resource.RLIMIT_AS)
    with open("/proc/self/statm") as statm:
        current = int(statm.read().split()[0]) * resource.getpagesize()
    limit = current + MEMORY_HEADROOM
    if hard != resource.RLIM_INFINITY:
        limit = min(limit, hard)
    resource.setrlimit(resource.RLIMIT_AS, (limit, hard))
    try:
        yield
    finally:
        resource.setrlimit(resource.RLIMIT_AS, (soft, hard))


def snapshot(folder: Path) -> dict:
    return {p: p.stat().st_mtime_ns for p in folder.rglob("*")}


def assert_clean_run(result, allowed=(0, 1, 2)):
    output = result.out + result.err
    assert result.code in allowed, output[-2000:]
    assert "Traceback" not in output
    for line in result.err.splitlines():
        assert STDERR_LINE.match(line), line


def run_both(bank_text: str | None, template_text: str | None):
    with tempfile.TemporaryDirectory() as folder:
        folder = Path(folder)
        bank = folder / "bank.yaml"
        templates = folder / "templates.yaml"
        bank.write_text(bank_text, "utf-8") if bank_text is not None else None
        templates.write_text(template_text, "utf-8") if template_text is not None else None
        bank_path = bank if bank_text is not None else MINI_BANK
        template_path = templates if template_text is not None else MINI_TEMPLATES
        before = snapshot(folder), snapshot(MINI_BANK.parent)
        cwd = os.getcwd()
        os.chdir(folder)
        try:
            with memory_limit():
                checked = run_cli("check", bank_path, template_path)
                generated = run_cli("generate", "--bank", bank_path, "--templates", template_path,
                                    "--count", "5")
        finally:
            os.chdir(cwd)
        assert (snapshot(folder), snapshot(MINI_BANK.parent)) == before, "a file was written"
    assert_clean_run(checked)
    assert_clean_run(generated, allowed=(0, 2))


@FUZZ
@given(banks())
def test_fuzzed_banks(bank_text):
    run_both(bank_text, None)


@FUZZ
@given(template_files())
def test_fuzzed_templates(template_text):
    run_both(None, template_text)


@FUZZ
@given(mangled(MINI_BANK))
def test_mangled_bank(bank_text):
    run_both(bank_text, None)


@FUZZ
@given(mangled(MINI_TEMPLATES))
def test_mangled_templates(template_text):
    run_both(None, template_text)


@settings(FUZZ, max_examples=60)
@given(st.binary(max_size=400))
def test_random_bytes_as_a_bank(raw):
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "bank.yaml"
        path.write_bytes(raw)
        with memory_limit():
            result = run_cli("check", path, MINI_TEMPLATES)
    assert_clean_run(result)

"""Load question banks and fact templates, validating them into a Library.

Schema problems are collected (so `check` can list them all) rather than raised; a file that
cannot be read or parsed at all raises LoadError.
"""

from __future__ import annotations

import datetime as dt
import re
import math
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Iterable

from quizgen.errors import LoadError, TemplateError, UsageError, ValidationError, shorten, shorten_words
from quizgen.factstore import POSITION_BITS, POSITION_MASK, LazyFacts, LazyIndexes, fact_position
from quizgen.gcpause import paused_gc
from quizgen.lang import squash
from quizgen.model import Conflict, Evidence, Fact, Location, Source
from quizgen.plausibility import Period, as_date, folded_name, parse_domain, type_domain
from quizgen.render import CompiledText
from quizgen.standard import (STANDARD_SCOPE, adopt_standard_kinds, merge_periods, set_aside_drafts,
                              standard_scope)
from quizgen.styles import REGISTRY
from quizgen.linedata import LineDict, LineList

FIELD_TYPES = ("text", "year", "date", "number", "list", "percent", "count")
DIFFICULTIES = ("easy", "medium", "hard")
STRATEGIES = ("siblings", "nearby", "decoys")
NEARBY_TYPES = ("year", "date", "number", "percent", "count")
# Each template is compiled and tried on every fact of its kind: the bundled files hold at
# most 27 templates each, so this leaves room while bounding the work of a hostile file.
MAX_TEMPLATES_PER_FILE = 500
MAX_NUMBER = 10**15


@dataclass(frozen=True)
class Problem:
    path: str
    line: int | None
    message: str

    def __str__(self) -> str:
        message = shorten_words(self.message)
        return f"{self.path}:{self.line}: {message}" if self.line else f"{self.path}: {message}"


@dataclass
class Bank:
    id: str
    title: str
    subjects: tuple[str, ...]
    path: str
    sources: dict[str, Source]
    topics: dict[str, str]
    decoys: dict[str, list[Any]]  # "kind.field" -> values
    facts: list[Fact]
    # Per decoy (aligned with `decoys`): the field values it is tagged with, e.g. a decoy office
    # {country: India}; a template's `same` fields keep only decoys tagged alike.
    decoy_tags: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    as_of: dt.date | None = None  # no wrong year or date after it (default: see _default_as_of)
    as_of_declared: bool = False
    own_kinds: frozenset[str] = frozenset()  # declared under `kinds:`
    standard_kinds: frozenset[str] = frozenset()  # taken from the standard library (quizgen/standard.py)
    # Facts marked `draft: true` (proposed by `quizgen extract`, not yet reviewed): validated
    # with the others, then kept out of every question (see standard.set_aside_drafts).
    drafts: list[Fact] = field(default_factory=list)
    draft_ids: set[str] = field(default_factory=set)
    topic_lines: dict[str, int] = field(default_factory=dict)  # where each topic's phrase is

    def __getstate__(self) -> dict[str, Any]:
        # Pickled (by the compiled bank cache) with each fact packed on its own: a command
        # decodes only the facts it reads (quizgen/factstore.py).
        state = dict(self.__dict__)
        state["facts"] = LazyFacts.of(self.facts, self.id, self.path)
        return state


@dataclass
class Template:
    id: str
    style: str  # one of STYLES, or "claim"
    location: Location
    spec: dict[str, Any]  # the validated YAML mapping
    texts: dict[str, CompiledText]  # compiled Jinja2 texts by key
    kind: str | None = None
    needs: tuple[str, ...] = ()
    about: str = "fact"
    strategies: tuple[str, ...] = ("siblings", "nearby", "decoys")
    # The banks the template was written for (its text names their context, e.g. the
    # India–US 2+2); None: any bank's facts of the kind.
    banks: tuple[str, ...] | None = None
    standard: bool = False  # `banks: standard`: for the banks using the standard kinds

    def line_of(self, key: str) -> int | None:
        return self.spec.line_of(key) if isinstance(self.spec, LineDict) else self.location.line

    def applies_to(self, fact: Fact) -> bool:
        return (fact.kind == self.kind and self.in_scope(fact.bank)
                and all(n in fact.fields for n in self.needs)
                and not (fact.untested and self.tested in fact.untested))

    def in_scope(self, bank_id: str) -> bool:
        return self.banks is None or bank_id in self.banks

    @property
    def tested(self) -> str | None:
        """The field a question or claim of this template tests (answer, vary or right)."""
        for key in ("answer", "vary", "right"):
            if key in self.spec:
                return self.spec[key]
        return None


@dataclass
class Library:
    banks: list[Bank] = field(default_factory=list)
    templates: list[Template] = field(default_factory=list)
    kinds: dict[str, dict[str, str]] = field(default_factory=dict)  # kind -> field -> type
    problems: list[Problem] = field(default_factory=list)
    periods: list[Period] = field(default_factory=list)  # from facts with `from`/`to` fields
    # Templates are shared across banks: one naming a kind or field these banks lack just
    # does not apply here, which `check` mentions without failing.
    warnings: list[Problem] = field(default_factory=list)
    # The bank and template files it was loaded from, in order (what the cache is keyed on).
    input_files: tuple[tuple[str, ...], tuple[str, ...]] = field(default=((), ()), repr=False)
    _template_index: dict[str, Template] = field(default_factory=dict, repr=False)
    # Indexes over every fact, built once and stored in the compiled cache with the library
    # (a view made with dataclasses.replace starts without them: they hold fact positions).
    indexes: LazyIndexes = field(default_factory=LazyIndexes, init=False, repr=False, compare=False)
    _clashes: tuple[int, set[str]] | None = field(default=None, repr=False)

    @property
    def facts(self) -> list[Fact]:
        """Every fact: on a cached archive this decodes them all; see fact_count, fact_at, fact."""
        return [fact for bank in self.banks for fact in bank.facts]

    @property
    def fact_count(self) -> int:
        return sum(len(bank.facts) for bank in self.banks)

    def fact_at(self, position: int) -> Fact:
        """The fact at a position (fact_position) as the indexes keep them."""
        return self.banks[position >> POSITION_BITS].facts[position & POSITION_MASK]

    def fact(self, fact_id: str) -> Fact | None:
        """The fact with this id (the last one loaded, if two share it)."""
        position = self.fact_positions().get(fact_id)
        return None if position is None else self.fact_at(position)

    def fact_positions(self) -> dict[str, int]:
        """Fact id -> position (fact_at), read from the ids a cached bank keeps unpacked."""
        def build() -> dict[str, int]:
            return {fact_id: fact_position(b, i) for b, bank in enumerate(self.banks)
                    for i, fact_id in enumerate(getattr(bank.facts, "ids", None) or [f.id for f in bank.facts])}

        return self.indexes.built("fact ids", build)

    def facts_of_kind(self, kind: str | None) -> list[Fact]:
        return [fact for bank in self.banks for fact in bank.facts if fact.kind == kind]

    def template(self, template_id: str) -> Template | None:
        if len(self._template_index) != len(self.templates):  # templates are appended while loading
            self._template_index = {t.id: t for t in self.templates}
        return self._template_index.get(template_id)

    def bank_of(self, fact: Fact) -> Bank:
        for bank in self.banks:  # a handful of banks: a scan beats keeping an index in step
            if bank.id == fact.bank:
                return bank
        raise KeyError(fact.bank)

    def field_type(self, kind: str, name: str) -> str | None:
        return self.kinds.get(kind, {}).get(name)

    def domain(self, fact: Fact, name: str):
        """The numeric domain of a fact's field: the fact's own `domain:`, else its type's."""
        return fact.domains.get(name) or type_domain(self.field_type(fact.kind, name))

    def as_of(self, fact: Fact):
        for bank in self.banks:
            if bank.id == fact.bank:
                return bank.as_of
        return None
    # ------------------------------------------------------------ topics

    def topic_key(self, bank_id: str, topic: str) -> str:
        """How a bank's topic is named outside the bank (questions, tables, `--topic`): its id,
        or `bank:topic` when another loaded bank declares the same id with another phrase."""
        return f"{bank_id}:{topic}" if topic in self._clashing_topics() else topic

    def topic_phrase(self, bank_id: str, key: str) -> str:
        bank = next((b for b in self.banks if b.id == bank_id), None)
        if bank is None:
            return key
        bare = key[len(bank_id) + 1:] if key.startswith(f"{bank_id}:") else key
        return bank.topics.get(bare, bare)

    def topic_keys(self) -> list[str]:
        """Every topic `--topic` accepts, in bank order."""
        return list(dict.fromkeys(self.topic_key(b.id, t) for b in self.banks for t in b.topics))

    def resolve_topics(self, wanted: Iterable[str]) -> set[str]:
        """`--topic` values -> topic keys; a bare id that clashes means every bank's topic of that id."""
        keys = self.topic_keys()
        resolved: set[str] = set()
        for topic in wanted:
            if topic in keys:
                resolved.add(topic)
                continue
            qualified = [k for k in keys if k.endswith(f":{topic}")]
            if not qualified:
                raise UsageError(f"unknown topic {topic!r}; the loaded banks have: {', '.join(keys) or 'none'}")
            resolved.update(qualified)
        return resolved

    def _clashing_topics(self) -> set[str]:
        if self._clashes is not None and self._clashes[0] == len(self.banks):
            return self._clashes[1]
        phrases: dict[str, set[str]] = {}
        for bank in self.banks:
            for topic, phrase in bank.topics.items():
                phrases.setdefault(topic, set()).add(" ".join(phrase.split()))
        clashes = {topic for topic, seen in phrases.items() if len(seen) > 1}
        self._clashes = (len(self.banks), clashes)
        return clashes

    def related_banks(self, bank_id: str) -> frozenset[str]:
        """The bank and every bank sharing a scoped template with it: where a fact's sibling
        and decoy distractors may come from (another topic's values would be off-topic, and
        could carry that topic's context into the question)."""
        related = {bank_id}
        for template in self.templates:
            if template.banks is not None and not template.standard and bank_id in template.banks:
                related.update(template.banks)
        return frozenset(related)


# ---------------------------------------------------------------- where files are


def _bundled_dir(name: str) -> Path:
    installed = Path(__file__).parent / "_bundled" / name
    if installed.is_dir():
        return installed
    return Path(__file__).resolve().parent.parent / name  # a source checkout


def bundled_bank_dir() -> Path:
    return _bundled_dir("question_banks")


def bundled_template_dir() -> Path:
    return _bundled_dir("templates")


def is_bundled_template(path: str | Path, library: "Library | None" = None) -> bool:
    """A template from the bundled folder, checked without the bundled banks: a library for many
    banks, so one that fits none of the loaded banks is expected (unlike a tutor's own template
    that fits nothing: a typo?). With a bundled bank loaded, its templates are held to it."""
    if library is not None and any(bundled_bank_dir().resolve() in Path(b.path).resolve().parents
                                   for b in library.banks):
        return False
    return bundled_template_dir().resolve() in Path(path).resolve().parents


def yaml_files(paths: Iterable[str | Path], what: str = "bank or template") -> list[Path]:
    """The .yaml files named or inside the folders named. A folder without any is an error:
    falling back to the bundled banks instead would quietly ask about something else."""
    found: list[Path] = []
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            inside = sorted(p for p in path.rglob("*") if p.suffix in (".yaml", ".yml"))
            if not inside:
                raise LoadError(f"the folder holds no {what} (no .yaml or .yml file in it)", path)
            found.extend(inside)
        else:
            found.append(path)  # a missing file is reported by the loader
    return found


def resolve_bank_paths(names: Iterable[str]) -> list[Path]:
    """Turn --bank values (bank id, bundled file name, or path) into files; none means all bundled."""
    names = list(names)
    bundled = yaml_files([bundled_bank_dir()])
    if not names:
        return bundled
    paths: list[Path] = []
    for name in names:
        candidate = Path(name)
        if candidate.exists() or candidate.suffix in (".yaml", ".yml") or "/" in name:
            paths.extend(yaml_files([candidate], "bank"))
            continue
        wanted = name.replace("-", "_").lower()
        match = [p for p in bundled if p.stem.replace("-", "_").lower() == wanted]
        if not match:
            from quizgen.yamlsource import load_yaml

            for path in bundled:
                data = load_yaml(path)
                if isinstance(data, dict) and data.get("id") == name:
                    match = [path]
                    break
        if not match:
            known = ", ".join(p.stem for p in bundled) or "none"
            raise UsageError(f"unknown bank {name!r}; give a bank id, a file path, or one of: {known}")
        paths.extend(match)
    return paths


# ---------------------------------------------------------------- loading


def load_library(
    bank_paths: Iterable[str | Path] | None = None,
    template_paths: Iterable[str | Path] | None = None,
    strict: bool = False,
    added_template_paths: Iterable[str | Path] = (),
    cache_dir: Path | None = None,
) -> Library:
    """Load banks and templates (default: the bundled ones); `added_template_paths` are loaded
    after them (a tutor's own templates beside the bundled ones).

    With strict=True, any schema problem raises ValidationError naming the first one. With a
    `cache_dir`, the validated library comes from the compiled cache there when it is current
    (quizgen/cache.py), and is stored there when it is not.
    """
    bank_files = yaml_files(bank_paths, "bank") if bank_paths else yaml_files([bundled_bank_dir()])
    template_files = (yaml_files(template_paths, "template") if template_paths
                      else yaml_files([bundled_template_dir()]))
    template_files += [p for p in yaml_files(added_template_paths, "template") if p not in template_files]
    if not bank_files:
        raise LoadError("no question bank found; give a bank file or folder", bundled_bank_dir())
    if cache_dir is not None:
        from quizgen.cache import cached_library

        library = cached_library(cache_dir, bank_files, template_files,
                                 lambda: _build_library(bank_files, template_files))
    else:
        library = _build_library(bank_files, template_files)
    library.input_files = (tuple(map(str, bank_files)), tuple(map(str, template_files)))
    if strict and library.problems:
        first = library.problems[0]
        more = len(library.problems) - 1
        suffix = f" ({more} more; run 'quizgen check' to list them)" if more else ""
        raise ValidationError(first.message + suffix, first.path, first.line)
    return library


def _build_library(bank_files: list[Path], template_files: list[Path],
                   load: Callable[[Path], Any] | None = None) -> Library:
    # The YAML loaders are imported only here: a library read from the compiled cache needs none.
    if load is None:
        from quizgen.yamlsource import load_yaml as load
    library = Library()
    with paused_gc():
        for path in bank_files:
            _load_bank(path, load(path), library)
        for path in template_files:
            _load_templates(path, load(path), library)
        _check_cross_references(library)
        set_aside_drafts(library)
        merge_periods(library)
    return library


def load_paths(paths: Iterable[str | Path], added_template_paths: Iterable[str | Path] = (),
               cache_dir: Path | None = None) -> Library:
    """Load a mix of bank and template files (for `check PATH...`), sorting them by content."""
    banks: list[Path] = []
    templates: list[Path] = []
    for path in yaml_files(paths):
        (templates if _is_template_file(path) else banks).append(path)
    return load_library(banks or None, templates or None, added_template_paths=added_template_paths,
                        cache_dir=cache_dir)


_TOP_LEVEL_KEY = re.compile(rb"^(templates|facts)[ \t]*:", re.MULTILINE)


def _is_template_file(path: Path) -> bool:
    """Does the file hold `templates:`? Told from a top-level key at the start of a line when
    there is one (no need to parse a large bank twice), else from the parsed file."""
    from quizgen.yamlsource import load_yaml, read_regular_file

    try:
        found = _TOP_LEVEL_KEY.search(read_regular_file(path))
    except LoadError:
        found = None  # the loader reports the file
    if found:
        return found[1] == b"templates"
    data = load_yaml(path)
    return isinstance(data, dict) and "templates" in data


def _warn_control_characters(path: Path, data: LineDict, library: Library) -> None:
    for line in data.control_lines:
        library.warnings.append(Problem(str(path), line, "a value holds control characters (an escape "
                                        "sequence can retitle or clear a terminal); they are shown as text "
                                        "like \\x1b: remove them"))


class _Reporter:
    def __init__(self, library: Library, path: Path):
        self.library = library
        self.path = str(path)

    def __call__(self, line: int | None, message: str) -> None:
        self.library.problems.append(Problem(self.path, line, message))


def _line(node: Any, key: Any = None) -> int | None:
    if isinstance(node, LineDict):
        return node.line_of(key) if key is not None else node.line
    if isinstance(node, LineList):
        return node.line_of(key) if key is not None else node.line
    return None


def _check_keys(node: LineDict, allowed: Iterable[str], required: Iterable[str], what: str, report: _Reporter) -> bool:
    allowed = allowed if isinstance(allowed, (set, frozenset)) else set(allowed)
    if node.keys() <= allowed and all(key in node for key in required):
        return True  # the common case, for each of 50,000 facts and their sources
    ok = True
    for key in node:
        if key not in allowed:
            report(node.line_of(key), f"{what}: unknown field {key!r} (allowed: {', '.join(sorted(allowed))})")
            ok = False
    for key in required:
        if key not in node:
            report(node.line, f"{what}: missing required field {key!r}")
            ok = False
    return ok


def _is_scalar(value: Any) -> bool:
    return isinstance(value, (str, int, float, dt.date)) and not isinstance(value, bool)


def _is_field_value(value: Any) -> bool:
    return _is_scalar(value) or (isinstance(value, list) and all(_is_text(v) for v in value))


def _is_text(value: Any) -> bool:
    return isinstance(value, str) and value.strip() != ""


def shown_value(value: Any) -> str:
    """A value as a message shows it: dates as 2024-01-06 (not datetime.date(2024, 1, 6)),
    texts quoted, lists element by element."""
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    if isinstance(value, list):
        return shorten("[" + ", ".join(shown_value(v) for v in value) + "]")
    return shorten(repr(value))


def _type_error(expected: str, value: Any) -> str | None:
    """None if value has the field type `expected`, else what is wrong."""
    if expected == "text":
        return None if _is_text(value) else f"expected text, got {shown_value(value)}"
    if expected == "year":
        ok = isinstance(value, int) and not isinstance(value, bool) and 1000 <= value <= 2999
        return None if ok else f"expected a year like 2018, got {shown_value(value)}"
    if expected == "date":
        ok = isinstance(value, dt.date) and not isinstance(value, dt.datetime)
        if ok and not 1000 <= value.year <= 2999:  # as for years; `nearby` moves a date by years
            return f"expected a date from 1000 to 2999, got {shown_value(value)}"
        return None if ok else f"expected a date like 2018-09-06, got {shown_value(value)}"
    if expected in ("number", "count") and isinstance(value, float) and not math.isfinite(value):
        return f"expected a finite number, got {'.nan' if value != value else '.inf' if value > 0 else '-.inf'}"
    if expected in ("number", "count") and isinstance(value, (int, float)) and abs(value) >= MAX_NUMBER:
        # `nearby` scales numbers: beyond this, floats lose whole units and overflow
        return f"expected a number under 10^15 in size, got {shown_value(value)}"
    if expected == "number":
        ok = isinstance(value, (int, float)) and not isinstance(value, bool)
        return None if ok else f"expected a number, got {shown_value(value)}"
    if expected == "percent":
        ok = isinstance(value, (int, float)) and not isinstance(value, bool) and 0 <= value <= 100
        return None if ok else f"expected a percentage from 0 to 100, got {shown_value(value)}"
    if expected == "count":
        ok = isinstance(value, int) and not isinstance(value, bool) and value >= 0
        return None if ok else f"expected a whole number of things, got {shown_value(value)}"
    if expected == "list":
        ok = isinstance(value, list) and value and all(_is_text(v) for v in value)
        return None if ok else f"expected a non-empty list of texts, got {shown_value(value)}"
    return f"unknown type {expected!r}"


def _date_text(value: Any) -> str:
    return value.isoformat() if isinstance(value, dt.date) else str(value) if value is not None else ""


def _load_bank(path: Path, data: Any, library: Library) -> None:
    report = _Reporter(library, path)
    if data is None:
        raise LoadError("the bank is empty; a bank needs an id, a title, sources and facts", path)
    if not isinstance(data, LineDict):
        raise LoadError("a bank must be a YAML mapping with id, title, sources and facts", path, 1)
    _warn_control_characters(path, data, library)
    if data.alias_lines:
        raise LoadError("a bank may not use YAML anchors and aliases (&name, *name); "
                        "write each value out", path, data.alias_lines[0])
    _check_keys(data, ("id", "title", "subjects", "kinds", "extend", "topics", "sources", "decoys", "facts",
                 "as_of"),
                ("id", "title", "sources", "facts"), "bank", report)
    bank_id = data.get("id")
    if not _is_text(bank_id):
        report(data.line_of("id"), "bank: id must be text")
        bank_id = path.stem
    if "title" in data and not _is_text(data["title"]):
        report(data.line_of("title"), "bank: title must be text")
    other = next((b for b in library.banks if b.id == bank_id), None)
    if other is not None:
        report(data.line_of("id"), f"duplicate bank id {bank_id!r} (also at {other.path})")

    subjects = data.get("subjects") or []
    if not isinstance(subjects, list) or not all(_is_text(s) for s in subjects):
        report(data.line_of("subjects"), "bank: subjects must be a list of texts")
        subjects = []

    _load_kinds(data.get("kinds") or LineDict(), library, report, data.line_of("kinds"))

    topics: dict[str, str] = {}
    raw_topics = data.get("topics") or {}
    if not isinstance(raw_topics, dict):
        report(data.line_of("topics"), "bank: topics must map a topic id to its phrase")
    else:
        for key, phrase in raw_topics.items():
            if not _is_text(phrase):
                report(_line(raw_topics, key), f"topic {key!r}: the phrase must be text")
            topics[str(key)] = phrase if isinstance(phrase, str) else str(phrase)  # keeps a bilingual phrase

    sources: dict[str, Source] = {}
    raw_sources = data.get("sources")
    if not isinstance(raw_sources, dict):
        report(data.line_of("sources"), "bank: sources must map a source id to title, outlet, date")
    else:
        for key, spec in raw_sources.items():
            line = _line(raw_sources, key)
            if not isinstance(spec, LineDict):
                report(line, f"source {key!r}: expected title, outlet and date")
                continue
            _check_keys(spec, ("title", "outlet", "date", "url", "file"), ("title", "outlet"),
                        f"source {key!r}", report)
            if not _is_text(spec.get("title")):
                report(spec.line_of("title"), f"source {key!r}: title must be text")
            for name in ("outlet", "date", "url", "file"):
                if name in spec and not _is_scalar(spec[name]):
                    report(spec.line_of(name), f"source {key!r}: {name} must be a single value, not a list or mapping")
            file = spec.get("file")
            if file is not None and not _is_text(file):
                report(spec.line_of("file"), f"source {key!r}: file must be a path relative to the bank")
                file = None
            sources[str(key)] = Source(str(key), str(spec.get("title", "")), str(spec.get("outlet", "")),
                                       _date_text(spec.get("date")), spec.get("url"),
                                       str(path.parent / file) if file else None,
                                       spec.line_of("file") if file else None)

    decoys: dict[str, list[Any]] = {}
    decoy_tags: dict[str, list[dict[str, Any]]] = {}
    raw_decoys = data.get("decoys") or {}
    if not isinstance(raw_decoys, dict):
        report(data.line_of("decoys"), "bank: decoys must map 'kind.field' to a list of values")
    else:
        for key, values in raw_decoys.items():
            line = _line(raw_decoys, key)
            kind, _, name = str(key).partition(".")
            if not name:
                report(line, f"decoys {key!r}: the key must be 'kind.field', e.g. 'person.name'")
                continue
            if not isinstance(values, list) or not values:
                report(line, f"decoys {key!r}: expected a non-empty list")
                continue
            plain, tags = [], []
            for index, value in enumerate(values):
                if isinstance(value, dict):  # {value: ..., <field>: ...}: a decoy tagged with a category
                    if "value" not in value:
                        report(_line(values, index), f"decoys {key!r}: a tagged decoy needs `value` "
                                                     "and the fields it shares, e.g. {value: ..., country: India}")
                        continue
                    if not _is_scalar(value["value"]):
                        report(_line(values, index), f"decoys {key!r}: each decoy must be a single value "
                                                     f"(text, number or date), got {value['value']!r:.60}")
                        continue
                    plain.append(value["value"])
                    tags.append({str(k): v for k, v in value.items() if k != "value"})
                elif not _is_scalar(value):
                    report(_line(values, index), f"decoys {key!r}: each decoy must be a single value "
                                                 f"(text, number or date), got {value!r:.60}")
                    continue
                else:
                    plain.append(value)
                    tags.append({})
            decoys[str(key)] = plain
            decoy_tags[str(key)] = tags

    as_of = data.get("as_of")
    if as_of is not None and not (isinstance(as_of, dt.date) and not isinstance(as_of, dt.datetime)):
        report(data.line_of("as_of"), f"bank: as_of must be a date like 2023-11-10, got {as_of!r}")
        as_of = None
    declared = as_of is not None
    if as_of is None and isinstance(raw_sources, dict):  # default: the newest dated source
        dated = [spec.get("date") for spec in raw_sources.values() if isinstance(spec, dict)]
        dated = [d for d in dated if isinstance(d, dt.date)]
        as_of = max(dated, default=None)

    bank = Bank(str(bank_id), str(data.get("title", "")), tuple(subjects), str(path), sources, topics,
                decoys, [], decoy_tags, as_of, declared,
                topic_lines={str(key): _line(raw_topics, key) for key in topics} if isinstance(raw_topics, dict) else {})
    raw_facts = data.get("facts")
    if not isinstance(raw_facts, list) or not raw_facts:
        report(data.line_of("facts") if "facts" in data else data.line,
               "bank: facts must be a non-empty list; add at least one fact")
    else:
        for index, spec in enumerate(raw_facts):
            fact = _load_fact(spec, raw_facts.line_of(index), bank, report)
            if fact:
                bank.facts.append(fact)
                if isinstance(spec, LineDict) and "draft" in spec:
                    if not isinstance(spec["draft"], bool):
                        report(spec.line_of("draft"), f"fact {fact.id!r}: draft must be true or false")
                    elif spec["draft"]:
                        bank.draft_ids.add(fact.id)
    raw_kinds = data.get("kinds")
    bank.own_kinds = frozenset(str(k) for k in raw_kinds) if isinstance(raw_kinds, dict) else frozenset()
    adopt_standard_kinds(library, bank, data.get("extend"), data.line_of("extend") or data.line, report)
    library.banks.append(bank)


def _load_kinds(raw: Any, library: Library, report: _Reporter, line: int | None) -> None:
    if not isinstance(raw, dict):
        report(line, "bank: kinds must map a kind to its fields and their types")
        return
    for kind, fields in raw.items():
        kline = _line(raw, kind)
        if not isinstance(fields, dict) or not fields:
            report(kline, f"kind {kind!r}: expected a mapping of field name to type ({', '.join(FIELD_TYPES)})")
            continue
        known = library.kinds.setdefault(str(kind), {})
        for name, ftype in fields.items():
            fline = _line(fields, name)
            if ftype not in FIELD_TYPES:
                report(fline, f"kind {kind!r}, field {name!r}: unknown type {ftype!r} (use {', '.join(FIELD_TYPES)})")
                continue
            if name in known and known[name] != ftype:
                report(fline, f"kind {kind!r}, field {name!r}: declared {ftype!r} here but {known[name]!r} in another bank")
                continue
            known[str(name)] = ftype


_FACT_KEYS = frozenset(("id", "kind", "fields", "topics", "difficulty", "sources", "conflicts",
                        "domain", "implausible", "untested", "decoys", "draft"))
_FACT_REQUIRED = ("id", "kind", "fields", "sources")
_FACT_REQUIRED_SET = frozenset(_FACT_REQUIRED)
_CITE_KEYS = frozenset(("source", "quote", "paraphrase"))
_PLAUSIBILITY_KEYS = frozenset(("domain", "implausible", "decoys", "untested"))


def _load_fact(spec: Any, line: int, bank: Bank, report: _Reporter) -> Fact | None:
    if not isinstance(spec, LineDict):
        report(line, "fact: expected a mapping with id, kind, fields and sources")
        return None
    fid = spec.get("id")
    what = f"fact {fid!r}" if fid else "fact"
    keys = spec.keys()
    ok = (keys <= _FACT_KEYS and keys >= _FACT_REQUIRED_SET) or _check_keys(spec, _FACT_KEYS, _FACT_REQUIRED, what, report)
    if not _is_text(fid):
        report(spec.line, "fact: id must be text")
        return None
    kind = spec.get("kind")
    if not _is_text(kind):
        report(spec.line_of("kind"), f"{what}: kind must be text")
        ok = False
    fields = spec.get("fields")
    if not isinstance(fields, LineDict) or not fields:
        report(spec.line_of("fields"), f"{what}: fields must be a mapping of field values")
        fields = LineDict()
        fields.key_lines = {}
        ok = False
    topics = spec.get("topics") or []
    if not isinstance(topics, list) or not all(_is_text(t) for t in topics):
        report(spec.line_of("topics"), f"{what}: topics must be a list of topic ids")
        topics = []
    difficulty = spec.get("difficulty")
    if difficulty is not None and difficulty not in DIFFICULTIES:
        report(spec.line_of("difficulty"), f"{what}: difficulty must be one of {', '.join(DIFFICULTIES)}")
        difficulty = None
    evidence: list[Evidence] = []
    raw_sources = spec.get("sources")
    if not isinstance(raw_sources, list) or not raw_sources:
        report(spec.line_of("sources") if "sources" in spec else spec.line,
               f"{what}: a fact needs at least one source with a quote")
        ok = False
    else:
        for index, cite in enumerate(raw_sources):
            cline = raw_sources.line_of(index)
            if not isinstance(cite, LineDict) or not _is_text(cite.get("source")) or not _is_text(cite.get("quote")):
                report(cline, f"{what}: each source needs `source` (a source id) and a non-empty `quote`")
                ok = False
                continue
            if not cite.keys() <= _CITE_KEYS:
                _check_keys(cite, _CITE_KEYS, (), f"{what} source", report)
            paraphrase = cite.get("paraphrase", False)
            if paraphrase is not False and not isinstance(paraphrase, bool):
                report(cite.line_of("paraphrase"), f"{what} source: paraphrase must be true or false")
                paraphrase = False
            evidence.append(Evidence(cite["source"], " ".join(cite["quote"].split()), paraphrase,
                                     cite.line_of("quote")))
    conflicts = _load_conflicts(spec["conflicts"], spec.line_of("conflicts"), what, report) if "conflicts" in spec else []
    domains = {}
    implausible: dict[str, tuple[Any, ...]] = {}
    own_decoys: dict[str, tuple[Any, ...]] = {}
    untested: Any = ()
    if not spec.keys().isdisjoint(_PLAUSIBILITY_KEYS):
        for name, raw in _field_map(spec, "domain", what, report).items():
            domain = parse_domain(raw)
            if isinstance(domain, str):
                report(spec.line_of("domain"), f"{what}, domain of {name!r}: {domain}")
            else:
                domains[name] = domain
        implausible = {name: tuple(v if isinstance(v, list) else [v])
                       for name, v in _field_map(spec, "implausible", what, report).items()}
        own_decoys = {name: tuple(v if isinstance(v, list) else [v])
                      for name, v in _field_map(spec, "decoys", what, report).items()}
        untested = spec.get("untested") or []
        if not isinstance(untested, list) or not all(_is_text(u) for u in untested):
            report(spec.line_of("untested"), f"{what}: untested must be a list of field names")
            untested = []
    if not ok:
        return None
    return Fact(
        id=fid, kind=kind, fields=dict(fields), topics=tuple(topics), evidence=tuple(evidence),
        bank=bank.id, location=Location(bank.path, spec.line), difficulty=difficulty,
        conflicts=tuple(conflicts), field_lines=dict(fields.key_lines),
        domains=domains, implausible=implausible, untested=tuple(untested), decoys=own_decoys,
    )


def _field_map(spec: LineDict, key: str, what: str, report: _Reporter) -> dict[str, Any]:
    """An optional fact key mapping field names to values (domain, implausible, decoys)."""
    raw = spec.get(key)
    if raw is None:
        return {}
    if not isinstance(raw, dict) or not all(_is_text(k) for k in raw):
        report(spec.line_of(key), f"{what}: {key} must map field names to values")
        return {}
    return {str(k): v for k, v in raw.items()}


def _load_conflicts(raw: Any, line: int, what: str, report: _Reporter) -> list[Conflict]:
    if raw is None:
        return []
    if not isinstance(raw, list):
        report(line, f"{what}: conflicts must be a list")
        return []
    conflicts = []
    for index, spec in enumerate(raw):
        cline = raw.line_of(index)
        if not isinstance(spec, LineDict):
            report(cline, f"{what}: a conflict needs field, claims and resolution")
            continue
        _check_keys(spec, ("field", "claims", "resolution"), ("field", "claims"), f"{what} conflict", report)
        claims = []
        raw_claims = spec.get("claims") or []
        if not isinstance(raw_claims, list):
            report(spec.line_of("claims"), f"{what} conflict: claims must be a list of {{source, value, quote}}")
            raw_claims = []
        for cindex, claim in enumerate(raw_claims):
            if not isinstance(claim, LineDict) or not {"source", "value", "quote"} <= set(claim):
                report(_line(spec.get("claims"), cindex), f"{what} conflict: each claim needs source, value and quote")
                continue
            if not _is_field_value(claim["value"]):
                report(claim.line_of("value"), f"{what} conflict: a claim's value must be a value or a list of texts")
                continue
            claims.append((str(claim["source"]), claim["value"], " ".join(str(claim["quote"]).split())))
        resolution = spec.get("resolution")
        if not isinstance(resolution, LineDict) or "value" not in resolution or not _is_text(resolution.get("reference")):
            report(spec.line_of("resolution") if "resolution" in spec else spec.line,
                   f"{what}: conflict on {spec.get('field')!r} has no resolution; add resolution: "
                   "{value: ..., reference: <source id>, note: ...}")
            continue
        if not _is_field_value(resolution["value"]):
            report(resolution.line_of("value"), f"{what} conflict: the resolved value must be a value or a list of texts")
            continue
        conflicts.append(Conflict(
            field=str(spec.get("field")), claims=tuple(claims), resolved_value=resolution["value"],
            reference=str(resolution["reference"]), note=squash(resolution.get("note", "")),
        ))
    return conflicts


# ---------------------------------------------------------------- templates

_COMMON = {"id", "style", "kind", "needs", "difficulty", "explanation", "banks"}
# A claim is not a question style: a statement template the statement styles draw on.
_CLAIM_KEYS = ({"statement", "vary", "option", "distractors", "similar", "same"}, {"kind", "statement", "vary"})
_TEXT_KEYS = ("stem", "statement", "intro", "left", "option", "explanation")


def _load_templates(path: Path, data: Any, library: Library) -> None:
    report = _Reporter(library, path)
    if not isinstance(data, LineDict) or not isinstance(data.get("templates"), list):
        raise LoadError("a template file must be a mapping with a `templates:` list", path, 1)
    for key in data:
        if key not in ("templates", "banks"):
            report(data.line_of(key), f"unknown top-level field {key!r}; a template file holds "
                                      "`templates:` and optionally `banks:`")
    _warn_control_characters(path, data, library)
    file_banks = _load_scope(data, "template file", report)
    raw = data["templates"]
    if len(raw) > MAX_TEMPLATES_PER_FILE:
        raise LoadError(f"more than {MAX_TEMPLATES_PER_FILE} templates in one file; split it into "
                        "several files", path, raw.line_of(MAX_TEMPLATES_PER_FILE))
    for index, spec in enumerate(raw):
        line = raw.line_of(index)
        if not isinstance(spec, LineDict):
            report(line, "template: expected a mapping with id, style and kind")
            continue
        standard = spec.get("banks", file_banks) in (STANDARD_SCOPE, (STANDARD_SCOPE,))
        template = _load_template(spec, Location(str(path), line), library, report,
                                  quiet=standard or is_bundled_template(path, library))
        if template is None:
            continue
        template.banks = _load_scope(spec, f"template {template.id!r}", report) if "banks" in spec else file_banks
        if standard:  # a library of templates: silent about the kinds no loaded bank uses
            template.standard, template.banks = True, standard_scope(library, template.kind)
        _warn_unscoped_context(template, library)
        other = library.template(template.id)
        if other is not None:
            report(spec.line_of("id"), f"duplicate template id {template.id!r} (also at {other.location})")
            continue
        library.templates.append(template)


def _load_template(spec: LineDict, location: Location, library: Library, report: _Reporter,
                   quiet: bool = False) -> Template | None:
    tid = spec.get("id")
    if not _is_text(tid):
        report(spec.line, "template: id must be text")
        return None
    what = f"template {tid!r}"
    style = spec.get("style")
    rules = REGISTRY.get(style) if isinstance(style, str) else None
    if rules is None and style != "claim":
        report(spec.line_of("style"), f"{what}: style must be one of {', '.join([*REGISTRY, 'claim'])}")
        return None
    extra, required = (set(rules.keys), set(rules.required)) if rules else _CLAIM_KEYS
    abouts = rules.abouts if rules else ("fact",)
    about = spec.get("about", abouts[0])
    if about == "topic":
        required = required - {"kind"}
    if not _check_keys(spec, _COMMON | extra, required, what, report):
        return None
    if about not in abouts:
        report(spec.line_of("about"), f"{what}: about {about!r} is not valid for style {style}")
        return None
    needs = spec.get("needs") or []
    if not isinstance(needs, list) or not all(_is_text(n) for n in needs):
        report(spec.line_of("needs"), f"{what}: needs must be a list of field names")
        return None
    kind = spec.get("kind")
    ok = True
    if kind is not None and not _is_text(kind):
        report(spec.line_of("kind"), f"{what}: kind must be text")
        return None
    warn = lambda line, message: library.warnings.append(Problem(location.path, line, message))  # noqa: E731
    for key in (rules.field_keys if rules else ("vary",)):
        if key in spec:
            if not _is_text(spec[key]):
                report(spec.line_of(key), f"{what}: {key} must be a field name")
                ok = False
            elif spec[key] not in needs:
                needs = [*needs, spec[key]]
    if kind is not None and not quiet:
        if kind not in library.kinds:
            warn(spec.line_of("kind"), f"{what}: no loaded bank declares kind {kind!r}; the template applies to no fact")
        else:
            for name in needs:
                if name not in library.kinds[kind]:
                    warn(spec.line_of("needs"), f"{what}: kind {kind!r} has no field {name!r} in the loaded "
                                                "banks; the template applies to no fact (a typo?)")
    for key in ("given", "similar", "same"):
        value = spec.get(key)
        if value is not None and (not isinstance(value, list) or not all(_is_text(v) for v in value)):
            report(spec.line_of(key), f"{what}: {key} must be a list of field names")
            ok = False
    claims = spec.get("claims")
    if claims is not None and (not isinstance(claims, list) or not all(_is_text(c) for c in claims)):
        report(spec.line_of("claims"), f"{what}: claims must be a list of claim template ids")
        return None
    for key in ("assertion", "reason"):
        if key in spec and not _is_text(spec[key]):
            report(spec.line_of(key), f"{what}: {key} must be a claim template id")
            return None
    difficulty = spec.get("difficulty")
    if difficulty is not None and difficulty not in DIFFICULTIES:
        report(spec.line_of("difficulty"), f"{what}: difficulty must be one of {', '.join(DIFFICULTIES)}")
        ok = False
    strategies = spec.get("distractors", ["siblings", "nearby", "decoys"])
    if not isinstance(strategies, list) or not strategies or any(s not in STRATEGIES for s in strategies):
        report(spec.line_of("distractors"), f"{what}: distractors must be a list of {', '.join(STRATEGIES)}")
        ok = False
    texts: dict[str, CompiledText] = {}
    for key in _TEXT_KEYS + (rules.text_keys if rules else ()):
        if key in spec:
            if not _is_text(spec[key]):
                report(spec.line_of(key), f"{what}: {key} must be text")
                ok = False
                continue
            try:
                texts[key] = CompiledText(spec[key], tid, key, Location(location.path, spec.line_of(key)))
            except TemplateError as error:
                report(error.line, error.message)
                ok = False
    if rules is not None and not rules.validate(spec, what, report):
        ok = False
    if not ok:
        return None
    return Template(id=tid, style=style, location=location, spec=spec, texts=texts, kind=kind,
                    needs=tuple(needs), about=about, strategies=tuple(strategies))


def _check_plausibility(library: Library, fact: Fact, problem, as_of: dt.date | None,
                        dated: frozenset[str]) -> None:
    """The fact's plausibility keys name its own fields sensibly; a period becomes known.
    `as_of` is the fact's bank's; `dated` the fields of its kind that hold a year or a date."""
    line = fact.location.line
    if fact.domains or fact.implausible or fact.untested or fact.decoys:
        _check_plausibility_keys(fact, problem)
    if as_of is not None:
        for name, value in fact.fields.items():
            if name in dated and name not in ("from", "to"):
                first = as_date(value)
                if first is not None and first > as_of:
                    problem(fact.field_lines.get(name, line),
                            f"fact {fact.id!r}: {name} {value!r} is after the bank's as_of {as_of}; "
                            "give the bank a later `as_of:`")
    if "from" in fact.fields or "to" in fact.fields:
        _check_period(library, fact, problem)


def _check_plausibility_keys(fact: Fact, problem) -> None:
    line = fact.location.line
    for key, names in (("domain", fact.domains), ("implausible", fact.implausible),
                       ("untested", fact.untested), ("decoys", fact.decoys)):
        for name in names:
            if name not in fact.fields:
                problem(line, f"fact {fact.id!r}: {key} names {name!r}, a field the fact does not have")
    for name, domain in fact.domains.items():
        value = fact.fields.get(name)
        if name in fact.fields and (isinstance(value, bool) or not isinstance(value, (int, float))):
            problem(line, f"fact {fact.id!r}: domain of {name!r} applies to numbers, not {value!r}")
        elif name in fact.fields and not domain.allows(value):
            problem(line, f"fact {fact.id!r}: {name} {value!r} is outside its domain {domain.name}")
    for key, table in (("implausible", fact.implausible), ("decoys", fact.decoys)):
        for name, values in table.items():
            truths = fact.fields.get(name)
            truths = truths if isinstance(truths, list) else [truths]
            for value in values:
                if value in truths:
                    problem(line, f"fact {fact.id!r}: {key} for {name!r} lists its true value {value!r}")


def _check_period(library: Library, fact: Fact, problem) -> None:
    """A fact with `from`/`to`: a period statements may name, once its ends make sense."""
    line = fact.location.line
    start, end = fact.fields.get("from"), fact.fields.get("to")
    names = [fact.fields.get("name")] + list(fact.fields.get("also") or [])
    names = [n for n in names if isinstance(n, str) and n.strip()]
    start_date, end_date = as_date(start), as_date(end, end=True)
    if (start is not None and start_date is None) or (end is not None and end_date is None):
        problem(line, f"fact {fact.id!r}: from/to must be years or dates")
    elif not names:
        problem(line, f"fact {fact.id!r}: a period (from/to) needs the `name` statements call it by")
    elif start_date and end_date and start_date > end_date:
        problem(line, f"fact {fact.id!r}: from {start} is after to {end}")
    else:
        library.periods.append(Period(fact.id, tuple(folded_name(n) for n in names), start_date, end_date))


# ---------------------------------------------------------------- template scope

# What marks a text as written for one particular context (documented in docs/FORMATS.md,
# "Template scope"): the 2+2 format, a named pair joined by a dash ("India–US"), and a
# named pair of parties ("between India and the USA", "with the USA").
_CONTEXT_MARKERS = (
    re.compile(r"\b2\s*\+\s*2\b"),
    re.compile(r"\b[A-Z][a-z]+\s?[–—-]\s?(?!(?:I|II|III|IV)\b)(?:[A-Z][a-z]+|[A-Z]{2,3})\b"),
    re.compile(r"\bbetween\s+[A-Z]\w+\s+and\s+(?:the\s+)?[A-Z]\w+"),
    re.compile(r"\bwith\s+the\s+(?:USA?|UK|UAE|EU)\b"),
)


def context_named(text: str) -> str | None:
    """The first phrase in `text` that ties it to a particular context, or None."""
    for marker in _CONTEXT_MARKERS:
        found = marker.search(text)
        if found:
            return found.group(0)
    return None


def _load_scope(node: LineDict, what: str, report: _Reporter) -> tuple[str, ...] | None:
    if "banks" not in node:
        return None
    banks = node["banks"]
    if banks == STANDARD_SCOPE:
        return (STANDARD_SCOPE,)
    if not isinstance(banks, list) or not banks or not all(_is_text(b) for b in banks):
        report(node.line_of("banks"), f"{what}: banks must be a non-empty list of bank ids")
        return None
    return tuple(str(b) for b in banks)


def _warn_unscoped_context(template: Template, library: Library) -> None:
    """An unscoped template whose text names a context would say it of every bank's facts."""
    if template.banks is not None:
        return
    texts = [(key, template.spec[key]) for key in (*_TEXT_KEYS, "columns") if key in template.spec]
    for key, text in texts:
        phrase = context_named(" ".join(map(str, text)) if isinstance(text, list) else str(text))
        if phrase:
            library.warnings.append(Problem(
                template.location.path, template.line_of(key),
                f"template {template.id!r}: its {key} names {phrase!r} but the template has no "
                f"`banks:`, so it applies to every bank's {template.kind or 'topic'} facts; "
                "add `banks: [<bank id>, ...]` for the banks it was written for"))
            return


def _check_cross_references(library: Library) -> None:
    """Rules that need everything loaded: fact kinds and fields, sources, topics, claims, conflicts."""
    seen: dict[str, Fact] = {}
    by_name: dict[tuple[str, str], Fact] = {}
    # Per kind, the fields holding a year or a date; per bank id, the first such bank's as_of.
    dated = {kind: frozenset(name for name, ftype in fields.items() if ftype in ("year", "date"))
             for kind, fields in library.kinds.items()}
    as_of_by_bank: dict[str, dt.date | None] = {}
    for bank in library.banks:
        if not bank.as_of_declared and bank.as_of is not None:
            # Undeclared: the newest source date, or the newest date a fact gives if later
            # (sources older than the facts they back are common in hand-made banks).
            dates = [as_date(v) for f in bank.facts for n, v in f.fields.items() if n not in ("from", "to")
                     and n in dated.get(f.kind, ())]
            bank.as_of = max([bank.as_of, *(d for d in dates if d is not None)])
        as_of = as_of_by_bank.setdefault(bank.id, bank.as_of)
        for fact in bank.facts:
            path, line = fact.location.path, fact.location.line
            problem = lambda l, m: library.problems.append(Problem(path, l, m))  # noqa: E731
            if fact.id in seen:
                problem(line, f"duplicate fact id {fact.id!r} (also at {seen[fact.id].location})")
            seen[fact.id] = fact
            schema = library.kinds.get(fact.kind)
            if schema is None:
                problem(line, f"fact {fact.id!r}: unknown kind {fact.kind!r}; declare it under `kinds:`")
            else:
                for name, value in fact.fields.items():
                    fline = fact.field_lines.get(name, line)
                    if name not in schema:
                        problem(fline, f"fact {fact.id!r}: unknown field {name!r} for kind {fact.kind!r}")
                        continue
                    expected = schema[name]
                    if expected == "text" and type(value) is str and value.strip():
                        continue  # most fields: spared a call
                    error = _type_error(expected, value)
                    if error:
                        problem(fline, f"fact {fact.id!r}, field {name!r}: {error}")
            for cite in fact.evidence:
                if cite.source not in bank.sources:
                    problem(line, f"fact {fact.id!r}: unknown source {cite.source!r}; add it under `sources:`")
            for topic in fact.topics:
                if topic not in bank.topics:
                    problem(line, f"fact {fact.id!r}: unknown topic {topic!r}; add it under `topics:`")
            for conflict in fact.conflicts:
                if conflict.field not in fact.fields:
                    problem(line, f"fact {fact.id!r}: conflict on {conflict.field!r}, a field the fact does not have")
                elif conflict.resolved_value != fact.fields[conflict.field]:
                    problem(line, f"fact {fact.id!r}: conflict on {conflict.field!r} resolves to "
                                  f"{shown_value(conflict.resolved_value)} but the fact says {shown_value(fact.fields[conflict.field])}")
                if conflict.reference not in bank.sources:
                    problem(line, f"fact {fact.id!r}: conflict reference {conflict.reference!r} is not a source")
                for source, _, _ in conflict.claims:
                    if source not in bank.sources:
                        problem(line, f"fact {fact.id!r}: conflict claim cites unknown source {source!r}")
            _check_plausibility(library, fact, problem, as_of, dated.get(fact.kind, frozenset()))
            name = fact.fields.get("name")
            if isinstance(name, str):
                other = by_name.get((fact.kind, name.casefold()))
                # One person in several offices is several facts, one per period.
                if other and fact.fields.get("from") == other.fields.get("from") \
                        and fact.fields.get("to") == other.fields.get("to"):
                    for key in fact.fields:  # (in the fact's order: the same report every run)
                        if key in other.fields and fact.fields[key] != other.fields[key]:
                            problem(line, f"fact {fact.id!r} contradicts {other.id!r} ({other.location}): "
                                          f"{name} has {key} {shown_value(fact.fields[key])} here and {shown_value(other.fields[key])} there")
                by_name[(fact.kind, name.casefold())] = fact
        for key in bank.decoys:
            kind, _, name = key.partition(".")
            if library.field_type(kind, name) is None:
                library.problems.append(Problem(bank.path, None, f"decoys {key!r}: kind {kind!r} has no field {name!r}"))
            for tags in bank.decoy_tags.get(key, []):
                for tag in tags:
                    if library.field_type(kind, tag) is None:
                        library.problems.append(Problem(bank.path, None, f"decoys {key!r}: a decoy is tagged with "
                                                                         f"{tag!r}, which kind {kind!r} does not have"))
    for template in library.templates:
        spec = template.spec
        for key in ("claims", "assertion", "reason"):
            if key not in spec:
                continue
            refs = spec[key] if isinstance(spec[key], list) else [spec[key]]
            for ref in refs:
                claim = library.template(ref) if isinstance(ref, str) else None
                if claim is None or claim.style != "claim":
                    library.problems.append(Problem(template.location.path, template.line_of(key),
                                                    f"template {template.id!r}: {ref!r} is not a claim template"))
                elif key != "claims" and claim.kind != template.kind:
                    library.problems.append(Problem(template.location.path, template.line_of(key),
                                                    f"template {template.id!r}: claim {ref!r} is about kind "
                                                    f"{claim.kind!r}, not {template.kind!r}"))

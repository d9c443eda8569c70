"""Load question banks and fact templates, validating them into a Library.

Schema problems are collected (so `check` can list them all) rather than raised; a file that
cannot be read or parsed at all raises LoadError.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable

from quizgen.errors import LoadError, TemplateError, UsageError, ValidationError
from quizgen.model import Conflict, Evidence, Fact, Location, Source
from quizgen.render import CompiledText
from quizgen.yamlsource import LineDict, LineList, load_yaml

FIELD_TYPES = ("text", "year", "date", "number", "list")
DIFFICULTIES = ("easy", "medium", "hard")
STRATEGIES = ("siblings", "nearby", "decoys")
NEARBY_TYPES = ("year", "date", "number")
# Each template is compiled and tried on every fact of its kind: the bundled files hold at
# most 27 templates each, so this leaves room while bounding the work of a hostile file.
MAX_TEMPLATES_PER_FILE = 500


@dataclass(frozen=True)
class Problem:
    path: str
    line: int | None
    message: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.message}" if self.line else f"{self.path}: {self.message}"


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

    def line_of(self, key: str) -> int | None:
        return self.spec.line_of(key) if isinstance(self.spec, LineDict) else self.location.line

    def applies_to(self, fact: Fact) -> bool:
        return fact.kind == self.kind and all(n in fact.fields for n in self.needs)


@dataclass
class Library:
    banks: list[Bank] = field(default_factory=list)
    templates: list[Template] = field(default_factory=list)
    kinds: dict[str, dict[str, str]] = field(default_factory=dict)  # kind -> field -> type
    problems: list[Problem] = field(default_factory=list)
    # Templates are shared across banks: one naming a kind or field these banks lack just
    # does not apply here, which `check` mentions without failing.
    warnings: list[Problem] = field(default_factory=list)
    _template_index: dict[str, Template] = field(default_factory=dict, repr=False)

    @property
    def facts(self) -> list[Fact]:
        return [fact for bank in self.banks for fact in bank.facts]

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


def yaml_files(paths: Iterable[str | Path]) -> list[Path]:
    found: list[Path] = []
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            found.extend(sorted(p for p in path.rglob("*") if p.suffix in (".yaml", ".yml")))
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
            paths.extend(yaml_files([candidate]))
            continue
        wanted = name.replace("-", "_").lower()
        match = [p for p in bundled if p.stem.replace("-", "_").lower() == wanted]
        if not match:
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
    preloaded: dict[Path, Any] | None = None,
) -> Library:
    """Load banks and templates (default: the bundled ones).

    With strict=True, any schema problem raises ValidationError naming the first one.
    """
    bank_files = yaml_files(bank_paths) if bank_paths else yaml_files([bundled_bank_dir()])
    template_files = yaml_files(template_paths) if template_paths else yaml_files([bundled_template_dir()])
    if not bank_files:
        raise LoadError("no question bank found; give a bank file or folder", bundled_bank_dir())
    library = Library()
    preloaded = preloaded or {}
    load = lambda path: preloaded[path] if path in preloaded else load_yaml(path)  # noqa: E731
    for path in bank_files:
        _load_bank(path, load(path), library)
    for path in template_files:
        _load_templates(path, load(path), library)
    _check_cross_references(library)
    if strict and library.problems:
        first = library.problems[0]
        more = len(library.problems) - 1
        suffix = f" ({more} more; run 'quizgen check' to list them)" if more else ""
        raise ValidationError(first.message + suffix, first.path, first.line)
    return library


def load_paths(paths: Iterable[str | Path]) -> Library:
    """Load a mix of bank and template files (for `check PATH...`), sorting them by content."""
    banks: list[Path] = []
    templates: list[Path] = []
    loaded: dict[Path, Any] = {}
    for path in yaml_files(paths):
        data = loaded[path] = load_yaml(path)
        (templates if isinstance(data, dict) and "templates" in data else banks).append(path)
    return load_library(banks or None, templates or None, preloaded=loaded)


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
    ok = True
    allowed = set(allowed)
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


def _type_error(expected: str, value: Any) -> str | None:
    """None if value has the field type `expected`, else what is wrong."""
    if expected == "text":
        return None if _is_text(value) else f"expected text, got {value!r}"
    if expected == "year":
        ok = isinstance(value, int) and not isinstance(value, bool) and 1000 <= value <= 2999
        return None if ok else f"expected a year like 2018, got {value!r}"
    if expected == "date":
        ok = isinstance(value, dt.date) and not isinstance(value, dt.datetime)
        return None if ok else f"expected a date like 2018-09-06, got {value!r}"
    if expected == "number":
        ok = isinstance(value, (int, float)) and not isinstance(value, bool)
        return None if ok else f"expected a number, got {value!r}"
    if expected == "list":
        ok = isinstance(value, list) and value and all(_is_text(v) for v in value)
        return None if ok else f"expected a non-empty list of texts, got {value!r}"
    return f"unknown type {expected!r}"


def _date_text(value: Any) -> str:
    return value.isoformat() if isinstance(value, dt.date) else str(value) if value is not None else ""


def _load_bank(path: Path, data: Any, library: Library) -> None:
    report = _Reporter(library, path)
    if data is None:
        raise LoadError("the bank is empty; a bank needs an id, a title, sources and facts", path)
    if not isinstance(data, LineDict):
        raise LoadError("a bank must be a YAML mapping with id, title, sources and facts", path, 1)
    if data.alias_lines:
        raise LoadError("a bank may not use YAML anchors and aliases (&name, *name); "
                        "write each value out", path, data.alias_lines[0])
    _check_keys(data, ("id", "title", "subjects", "kinds", "topics", "sources", "decoys", "facts"),
                ("id", "title", "sources", "facts"), "bank", report)
    bank_id = data.get("id")
    if not _is_text(bank_id):
        report(data.line_of("id"), "bank: id must be text")
        bank_id = path.stem
    if "title" in data and not _is_text(data["title"]):
        report(data.line_of("title"), "bank: title must be text")
    if any(b.id == bank_id for b in library.banks):
        report(data.line_of("id"), f"duplicate bank id {bank_id!r}")

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
            topics[str(key)] = str(phrase)

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
            sources[str(key)] = Source(str(key), str(spec.get("title", "")), str(spec.get("outlet", "")),
                                       _date_text(spec.get("date")), spec.get("url"))

    decoys: dict[str, list[Any]] = {}
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
            wrong = next((i for i, v in enumerate(values) if not _is_scalar(v)), None)
            if wrong is not None:
                report(values.line_of(wrong), f"decoys {key!r}: each decoy must be a single value "
                                              f"(text, number or date), got {values[wrong]!r:.60}")
                continue
            decoys[str(key)] = list(values)

    bank = Bank(str(bank_id), str(data.get("title", "")), tuple(subjects), str(path), sources, topics,
                decoys, [])
    raw_facts = data.get("facts")
    if not isinstance(raw_facts, list) or not raw_facts:
        report(data.line_of("facts") if "facts" in data else data.line,
               "bank: facts must be a non-empty list; add at least one fact")
    else:
        for index, spec in enumerate(raw_facts):
            fact = _load_fact(spec, raw_facts.line_of(index), bank, report)
            if fact:
                bank.facts.append(fact)
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


def _load_fact(spec: Any, line: int, bank: Bank, report: _Reporter) -> Fact | None:
    if not isinstance(spec, LineDict):
        report(line, "fact: expected a mapping with id, kind, fields and sources")
        return None
    fid = spec.get("id")
    what = f"fact {fid!r}" if fid else "fact"
    ok = _check_keys(spec, ("id", "kind", "fields", "topics", "difficulty", "sources", "conflicts"),
                     ("id", "kind", "fields", "sources"), what, report)
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
            _check_keys(cite, ("source", "quote"), (), f"{what} source", report)
            evidence.append(Evidence(cite["source"], " ".join(cite["quote"].split())))
    conflicts = _load_conflicts(spec.get("conflicts"), spec.line_of("conflicts"), what, report)
    if not ok:
        return None
    return Fact(
        id=fid, kind=kind, fields=dict(fields), topics=tuple(topics), evidence=tuple(evidence),
        bank=bank.id, location=Location(bank.path, spec.line), difficulty=difficulty,
        conflicts=tuple(conflicts), field_lines=dict(fields.key_lines),
    )


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
        for cindex, claim in enumerate(spec.get("claims") or []):
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
            reference=str(resolution["reference"]), note=" ".join(str(resolution.get("note", "")).split()),
        ))
    return conflicts


# ---------------------------------------------------------------- templates

_COMMON = {"id", "style", "kind", "needs", "difficulty", "explanation"}
_STYLE_KEYS: dict[str, tuple[set[str], set[str]]] = {
    # style: (allowed extra keys, required keys)
    "single": ({"stem", "answer", "given", "option", "distractors", "similar"}, {"kind", "stem", "answer"}),
    "claim": ({"statement", "vary", "option", "distractors", "similar"}, {"kind", "statement", "vary"}),
    "statements": ({"about", "intro", "claims", "statements"}, {"intro", "claims"}),
    "how-many": ({"about", "intro", "claims", "statements"}, {"intro", "claims"}),
    "pairs": ({"about", "columns", "left", "right", "option", "distractors", "similar", "pairs", "intro"},
              {"kind", "columns", "left", "right"}),
    "assertion-reason": ({"assertion", "reason"}, {"kind", "assertion", "reason"}),
}
_TEXT_KEYS = ("stem", "statement", "intro", "left", "option", "explanation")


def _load_templates(path: Path, data: Any, library: Library) -> None:
    report = _Reporter(library, path)
    if not isinstance(data, LineDict) or not isinstance(data.get("templates"), list):
        raise LoadError("a template file must be a mapping with a `templates:` list", path, 1)
    for key in data:
        if key != "templates":
            report(data.line_of(key), f"unknown top-level field {key!r}; a template file holds `templates:` only")
    raw = data["templates"]
    if len(raw) > MAX_TEMPLATES_PER_FILE:
        raise LoadError(f"more than {MAX_TEMPLATES_PER_FILE} templates in one file; split it into "
                        "several files", path, raw.line_of(MAX_TEMPLATES_PER_FILE))
    for index, spec in enumerate(raw):
        line = raw.line_of(index)
        if not isinstance(spec, LineDict):
            report(line, "template: expected a mapping with id, style and kind")
            continue
        template = _load_template(spec, Location(str(path), line), library, report)
        if template is None:
            continue
        if library.template(template.id):
            report(spec.line_of("id"), f"duplicate template id {template.id!r}")
            continue
        library.templates.append(template)


def _load_template(spec: LineDict, location: Location, library: Library, report: _Reporter) -> Template | None:
    tid = spec.get("id")
    if not _is_text(tid):
        report(spec.line, "template: id must be text")
        return None
    what = f"template {tid!r}"
    style = spec.get("style")
    if not isinstance(style, str) or style not in _STYLE_KEYS:
        report(spec.line_of("style"), f"{what}: style must be one of {', '.join(_STYLE_KEYS)}")
        return None
    extra, required = _STYLE_KEYS[style]
    about = spec.get("about", "kind" if style == "pairs" else "fact")
    if about == "topic":
        required = required - {"kind"}
    if not _check_keys(spec, _COMMON | extra, required, what, report):
        return None
    if about not in (("fact", "topic") if style in ("statements", "how-many") else ("kind", "topic") if style == "pairs" else ("fact",)):
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
    for key in ("answer", "vary", "right"):
        if key in spec:
            if not _is_text(spec[key]):
                report(spec.line_of(key), f"{what}: {key} must be a field name")
                ok = False
            elif spec[key] not in needs:
                needs = [*needs, spec[key]]
    if kind is not None:
        if kind not in library.kinds:
            warn(spec.line_of("kind"), f"{what}: no loaded bank declares kind {kind!r}; the template applies to no fact")
        else:
            for name in needs:
                if name not in library.kinds[kind]:
                    warn(spec.line_of("needs"), f"{what}: kind {kind!r} has no field {name!r} in the loaded "
                                                "banks; the template applies to no fact (a typo?)")
    for key in ("given", "similar"):
        if key in spec and not (isinstance(spec[key], list) and all(_is_text(n) for n in spec[key])):
            report(spec.line_of(key), f"{what}: {key} must be a list of field names")
            ok = False
    strategies = spec.get("distractors", ["siblings", "nearby", "decoys"])
    if not isinstance(strategies, list) or not strategies or any(s not in STRATEGIES for s in strategies):
        report(spec.line_of("distractors"), f"{what}: distractors must be a list of {', '.join(STRATEGIES)}")
        ok = False
    texts: dict[str, CompiledText] = {}
    for key in _TEXT_KEYS:
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
    for key in ("statements", "pairs"):
        if key in spec:
            counts = spec[key]
            counts = counts if isinstance(counts, list) else [counts]
            limits = (3, 4) if style == "how-many" or key == "pairs" else (2, 3)
            if not counts or any(c not in limits for c in counts):
                report(spec.line_of(key), f"{what}: {key} must be among {limits}")
                ok = False
    if style == "pairs":
        columns = spec.get("columns")
        if not isinstance(columns, list) or len(columns) != 2 or not all(_is_text(c) for c in columns):
            report(spec.line_of("columns"), f"{what}: columns must be two headings")
            ok = False
    if not ok:
        return None
    return Template(id=tid, style=style, location=location, spec=spec, texts=texts, kind=kind,
                    needs=tuple(needs), about=about, strategies=tuple(strategies))


def _check_cross_references(library: Library) -> None:
    """Rules that need everything loaded: fact kinds and fields, sources, topics, claims, conflicts."""
    seen: dict[str, Fact] = {}
    by_name: dict[tuple[str, str], Fact] = {}
    for bank in library.banks:
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
                    error = _type_error(schema[name], value)
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
                                  f"{conflict.resolved_value!r} but the fact says {fact.fields[conflict.field]!r}")
                if conflict.reference not in bank.sources:
                    problem(line, f"fact {fact.id!r}: conflict reference {conflict.reference!r} is not a source")
                for source, _, _ in conflict.claims:
                    if source not in bank.sources:
                        problem(line, f"fact {fact.id!r}: conflict claim cites unknown source {source!r}")
            name = fact.fields.get("name")
            if isinstance(name, str):
                other = by_name.get((fact.kind, name.casefold()))
                if other:
                    for key in set(fact.fields) & set(other.fields):
                        if fact.fields[key] != other.fields[key]:
                            problem(line, f"fact {fact.id!r} contradicts {other.id!r} ({other.location}): "
                                          f"{name} has {key} {fact.fields[key]!r} here and {other.fields[key]!r} there")
                by_name[(fact.kind, name.casefold())] = fact
        for key in bank.decoys:
            kind, _, name = key.partition(".")
            if library.field_type(kind, name) is None:
                library.problems.append(Problem(bank.path, None, f"decoys {key!r}: kind {kind!r} has no field {name!r}"))
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

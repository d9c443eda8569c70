"""Banks to and from spreadsheets: one .xlsx sheet per kind (or one CSV with a `kind` column).

Columns: `id, kind, topics, difficulty, source, source_title, source_outlet, source_date,
source_url, source_file, quote`, then the kind's fields. Only `id`, `source` and `quote` must
be present. Lists are written `a; b` (a one-element list `a;`); `topics` is a list of topic
ids. A row repeating an `id` adds another source to that fact. An optional `topics` sheet (an
`<name>.topics.csv` beside a CSV) holds `id, phrase`; otherwise a topic's id is its phrase.

A field's type comes from a `name:type` header, else from its name and cells: any cell with
`;` makes a list; all ISO dates (or date cells) a date; whole numbers 1000-2999 under a name
like `year`, `*_year` or `year_*` a year; all numbers a number; anything else text. A column
named like a year or a date with a cell that is not one is an error, not text.

Every problem is a SheetError naming the file, sheet, row and column; nothing is written then.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from quizgen.errors import QuizgenError
from quizgen.lang import has_hindi
from quizgen.library import DIFFICULTIES, FIELD_TYPES, Library

FIXED = ("id", "kind", "topics", "difficulty", "source", "source_title", "source_outlet", "source_date",
         "source_url", "source_file", "quote")
REQUIRED = ("id", "source", "quote")
SOURCE_COLUMNS = {"source_title": "title", "source_outlet": "outlet", "source_date": "date",
                  "source_url": "url", "source_file": "file"}
TOPICS_SHEET = "topics"

_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_INTEGER = re.compile(r"^[+-]?\d+$")
_DECIMAL = re.compile(r"^[+-]?(\d+\.\d*|\.\d+|\d+)([eE][+-]?\d+)?$")


class SheetError(QuizgenError):
    """A spreadsheet cell, row or sheet that cannot become a bank."""

    def __init__(self, path: Path, message: str, sheet: str | None = None, row: int | None = None,
                 column: str | None = None):
        where = [f"sheet {sheet!r}"] if sheet else []
        where += [f"row {row}"] if row else []
        where += [f"column {column!r}"] if column else []
        super().__init__(f"{', '.join(where)}: {message}" if where else message, path)


@dataclass
class Table:
    """One sheet (or CSV): its header and data rows with their spreadsheet row numbers."""

    name: str | None  # the sheet name (an .xlsx sheet is named after its kind); None for CSV
    header: list[str]
    rows: list[tuple[int, list[Any]]] = field(default_factory=list)


# ---------------------------------------------------------------- reading files


def _cell(value: Any) -> Any:
    if isinstance(value, dt.datetime):
        return value.date() if value.time() == dt.time(0) else value
    if isinstance(value, str):
        value = value.strip()
        return value or None
    return value


def _from_rows(name: str | None, rows: list[list[Any]]) -> Table:
    rows = [[_cell(v) for v in row] for row in rows]
    header = [str(v) if v is not None else "" for v in (rows[0] if rows else [])]
    while header and not header[-1]:
        header.pop()
    table = Table(name, header)
    for number, row in enumerate(rows[1:], start=2):
        cells = (list(row) + [None] * len(header))[:len(header)]
        if any(c is not None for c in cells):
            table.rows.append((number, cells))
    return table


def read_tables(path: Path) -> list[Table]:
    """The sheets of an .xlsx workbook, or the one table of a CSV (plus `<stem>.topics.csv`)."""
    if path.suffix.lower() == ".xlsx":
        from openpyxl import load_workbook  # heavy: only when a workbook is read

        try:
            workbook = load_workbook(path, read_only=True, data_only=True)
        except FileNotFoundError:
            raise SheetError(path, "no such file; check the path") from None
        except Exception as error:  # openpyxl raises many kinds on a file that is not a workbook
            raise SheetError(path, f"not a readable .xlsx workbook ({type(error).__name__})") from None
        try:
            return [_from_rows(sheet.title, [list(r) for r in sheet.iter_rows(values_only=True)])
                    for sheet in workbook.worksheets]
        finally:
            workbook.close()
    if path.suffix.lower() != ".csv":
        raise SheetError(path, "give a .csv or .xlsx file")
    tables = [_from_rows(None, _read_csv(path))]
    topics = path.with_name(f"{path.stem}.topics.csv")
    if topics.exists():
        tables.append(_from_rows(TOPICS_SHEET, _read_csv(topics)))
    return tables


def _read_csv(path: Path) -> list[list[Any]]:
    try:
        with open(path, encoding="utf-8-sig", newline="") as handle:
            return [list(row) for row in csv.reader(handle)]
    except FileNotFoundError:
        raise SheetError(path, "no such file; check the path") from None
    except UnicodeDecodeError:
        raise SheetError(path, "not UTF-8 text; save the CSV as UTF-8") from None
    except csv.Error as error:
        raise SheetError(path, f"not a readable CSV: {error}") from None


# ---------------------------------------------------------------- types


def _year_like(name: str) -> bool:
    return name == "year" or name.endswith("_year") or name.startswith("year_")


def _date_like(name: str) -> bool:
    return name == "date" or name.endswith("_on") or name.endswith("_date")


def _is_date(value: Any) -> bool:
    return isinstance(value, dt.date) or (isinstance(value, str) and bool(_ISO_DATE.match(value)))


def _is_int(value: Any) -> bool:
    return (isinstance(value, int) and not isinstance(value, bool)) or \
        (isinstance(value, str) and bool(_INTEGER.match(value)))


def _is_number(value: Any) -> bool:
    return (isinstance(value, (int, float)) and not isinstance(value, bool)) or \
        (isinstance(value, str) and bool(_DECIMAL.match(value)))


def infer_type(name: str, values: list[Any]) -> str:
    values = [v for v in values if v is not None]
    if any(isinstance(v, str) and ";" in v for v in values):
        return "list"
    if values and all(_is_date(v) for v in values):
        return "date"
    if values and _year_like(name) and all(_is_int(v) and 1000 <= int(v) <= 2999 for v in values):
        return "year"
    if values and all(_is_number(v) for v in values):
        return "number"
    return "text"


def convert(value: Any, ftype: str) -> Any:
    """A cell as a value of the field type; raises ValueError with what is wrong."""
    if ftype == "list":
        items = [part.strip() for part in str(value).split(";")]
        items = [i for i in items if i]
        if not items:
            raise ValueError(f"expected a list like 'a; b', got {value!r}")
        return items
    if ftype == "date":
        if isinstance(value, dt.date):
            return value
        try:
            return dt.date.fromisoformat(str(value))
        except ValueError:
            raise ValueError(f"expected a date like 2018-09-06, got {value!r}") from None
    if ftype == "year":
        if _is_int(value) and 1000 <= int(value) <= 2999:
            return int(value)
        raise ValueError(f"expected a year like 2018, got {value!r}")
    if ftype == "number":
        if not _is_number(value):
            raise ValueError(f"expected a number, got {value!r}")
        if isinstance(value, (int, float)):
            return value
        return int(value) if _INTEGER.match(value) else float(value)
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value) if not isinstance(value, str) else value


# ---------------------------------------------------------------- spreadsheet -> bank


@dataclass
class _Column:
    name: str
    index: int
    declared: str | None  # from a `name:type` header


def _columns(table: Table, path: Path) -> dict[str, _Column]:
    columns: dict[str, _Column] = {}
    for index, raw in enumerate(table.header):
        if not raw:
            raise SheetError(path, "a column has no header", table.name, 1)
        name, _, declared = raw.partition(":")
        name, declared = name.strip(), declared.strip() or None
        if declared and declared not in FIELD_TYPES:
            raise SheetError(path, f"unknown type {declared!r} (use {', '.join(FIELD_TYPES)})", table.name, 1, raw)
        if name in columns:
            raise SheetError(path, f"column {name!r} appears twice", table.name, 1, raw)
        columns[name] = _Column(name, index, declared)
    for name in REQUIRED:
        if name not in columns:
            raise SheetError(path, f"missing column {name!r} (needed: {', '.join(REQUIRED)})", table.name, 1)
    return columns


def _topic_phrases(table: Table, path: Path) -> dict[str, str]:
    header = [h.strip() for h in table.header]
    if header[:2] != ["id", "phrase"]:
        raise SheetError(path, "the topics sheet needs the columns id, phrase", table.name, 1)
    phrases: dict[str, str] = {}
    for number, cells in table.rows:
        topic, phrase = cells[0], cells[1]
        if topic is None or phrase is None:
            raise SheetError(path, "a topic needs an id and a phrase", table.name, number,
                             "id" if topic is None else "phrase")
        if str(topic) in phrases:
            raise SheetError(path, f"topic {topic!r} is declared twice", table.name, number, "id")
        phrases[str(topic)] = str(phrase)
    return phrases


def spreadsheet_to_bank(path: Path, bank_id: str, title: str, kind: str | None = None) -> dict[str, Any]:
    """The bank (a plain mapping, ready for YAML) a spreadsheet describes, facts in row order."""
    tables = read_tables(path)
    phrases: dict[str, str] = {}
    fact_tables = []
    for table in tables:
        if table.name == TOPICS_SHEET:
            phrases = _topic_phrases(table, path)
        elif table.header or table.rows:
            fact_tables.append(table)
    if not any(t.rows for t in fact_tables):
        raise SheetError(path, "no fact rows found; the first row holds the column names")

    kinds: dict[str, dict[str, str]] = {}
    sources: dict[str, dict[str, Any]] = {}
    source_rows: dict[str, tuple[str | None, int]] = {}
    facts: dict[str, dict[str, Any]] = {}
    topics_used: list[str] = []
    for table in fact_tables:
        columns = _columns(table, path)
        fields = [c for c in columns.values() if c.name not in FIXED]

        def cell(cells: list[Any], name: str) -> Any:
            column = columns.get(name)
            return cells[column.index] if column else None

        def kind_of(number: int, cells: list[Any]) -> str:
            value = cell(cells, "kind")
            found = str(value) if value is not None else table.name or kind
            if found is None:
                raise SheetError(path, "no kind: add a `kind` column or give --kind", table.name, number, "kind")
            if table.name and value is not None and str(value) != table.name:
                raise SheetError(path, f"kind {value!r} on sheet {table.name!r}; a sheet holds the facts of "
                                       "the kind it is named after", table.name, number, "kind")
            return found

        # Types per kind and field, from the header or the column's cells.
        types: dict[tuple[str, str], str] = {}
        for column in fields:
            by_kind: dict[str, list[Any]] = {}
            for number, cells in table.rows:
                if cells[column.index] is not None:
                    by_kind.setdefault(kind_of(number, cells), []).append(cells[column.index])
            for fact_kind, values in by_kind.items():
                types[(fact_kind, column.name)] = column.declared or _expected_type(column.name, values)

        for number, cells in table.rows:
            fact_kind = kind_of(number, cells)
            where = (table.name, number)
            for name in REQUIRED:
                if cell(cells, name) is None:
                    raise SheetError(path, f"{name} is empty", *where, name)
            fid, source_id, quote = str(cell(cells, "id")), str(cell(cells, "source")), str(cell(cells, "quote"))
            values: dict[str, Any] = {}
            for column in fields:
                raw = cells[column.index]
                if raw is None:
                    continue
                ftype = types[(fact_kind, column.name)]
                try:
                    values[column.name] = convert(raw, ftype)
                except ValueError as error:
                    raise SheetError(path, str(error), *where, column.name) from None
                declared = kinds.setdefault(fact_kind, {})
                if declared.setdefault(column.name, ftype) != ftype:
                    raise SheetError(path, f"field {column.name!r} of kind {fact_kind!r} is "
                                           f"{declared[column.name]} elsewhere but {ftype} here", *where, column.name)
            topic_ids = convert(cell(cells, "topics"), "list") if cell(cells, "topics") is not None else []
            difficulty = cell(cells, "difficulty")
            if difficulty is not None and difficulty not in DIFFICULTIES:
                raise SheetError(path, f"difficulty must be one of {', '.join(DIFFICULTIES)}", *where, "difficulty")
            _add_source(path, sources, source_rows, source_id, cells, columns, where)
            citation = {"source": source_id, "quote": " ".join(quote.split())}
            fact = facts.get(fid)
            if fact is None:
                if not values:
                    raise SheetError(path, f"fact {fid!r} has no field values", *where)
                fact = {"id": fid, "kind": fact_kind}
                if topic_ids:
                    fact["topics"] = topic_ids
                if difficulty:
                    fact["difficulty"] = difficulty
                fact["fields"] = values
                fact["sources"] = [citation]
                facts[fid] = fact
                topics_used.extend(topic_ids)
                continue
            # A repeated id adds a source; anything else on the row must agree with the first.
            if fact["kind"] != fact_kind:
                raise SheetError(path, f"fact {fid!r} is a {fact['kind']} above", *where, "kind")
            for name, value in values.items():
                if fact["fields"].get(name) != value:
                    raise SheetError(path, f"fact {fid!r} has another {name} above; a repeated id only adds a "
                                           "source (leave the other cells empty)", *where, name)
            if topic_ids and topic_ids != fact.get("topics"):
                raise SheetError(path, f"fact {fid!r} has other topics above", *where, "topics")
            fact["sources"].append(citation)
    for topic in topics_used:
        phrases.setdefault(topic, topic)
    bank: dict[str, Any] = {"id": bank_id, "title": title, "kinds": kinds}
    if phrases:
        bank["topics"] = phrases
    bank["sources"] = _finish_sources(sources)
    bank["facts"] = list(facts.values())
    return bank


def _expected_type(name: str, values: list[Any]) -> str:
    """The inferred type; a year- or date-named column is held to it where most cells fit."""
    inferred = infer_type(name, values)
    if inferred == "text":
        if _year_like(name) and any(_is_int(v) for v in values):
            return "year"
        if _date_like(name) and any(_is_date(v) for v in values):
            return "date"
    return inferred


def _add_source(path: Path, sources: dict, source_rows: dict, source_id: str, cells: list[Any],
                columns: dict[str, _Column], where: tuple) -> None:
    """Record a source's details; a title defaults to the source id, an outlet to nothing."""
    details: dict[str, Any] = {}
    for column, key in SOURCE_COLUMNS.items():
        value = cells[columns[column].index] if column in columns else None
        if value is None:
            continue
        if key == "date":
            try:
                value = value if isinstance(value, dt.date) else dt.date.fromisoformat(str(value))
            except ValueError:
                raise SheetError(path, f"expected a date like 2018-09-06, got {value!r}", *where, column) from None
        details[key] = value if key == "date" else str(value)
    known = sources.setdefault(source_id, {})
    for key, value in details.items():
        if key in known and known[key] != value:
            first = source_rows[(source_id, key)]
            raise SheetError(path, f"source {source_id!r} has another {key} at row {first[1]}"
                                   + (f" of sheet {first[0]!r}" if first[0] else ""), *where, f"source_{key}")
        known[key] = value
        source_rows.setdefault((source_id, key), where)


def _finish_sources(sources: dict[str, dict[str, Any]]) -> dict[str, dict[str, Any]]:
    order = ("title", "outlet", "date", "url", "file")
    return {sid: {k: ({"title": sid, "outlet": ""} | d)[k] for k in order if k in ({"title": sid, "outlet": ""} | d)}
            for sid, d in sources.items()}


def bank_yaml(bank: dict[str, Any], origin: Path) -> str:
    import yaml

    header = (f"# Imported from {origin.name} by `quizgen import`; edit here or re-import.\n"
              "# Formats: docs/FORMATS.md.\n\n")
    return header + yaml.safe_dump(bank, sort_keys=False, allow_unicode=True, width=100)


# ---------------------------------------------------------------- bank -> spreadsheet


def bank_to_tables(library: Library, csv_layout: bool) -> tuple[list[Table], list[str]]:
    """The loaded bank as tables in the layout `import` reads, and notes on what a spreadsheet
    cannot hold (decoys, conflicts, subjects)."""
    bank = library.banks[0]
    notes = []
    if bank.decoys:
        notes.append(f"decoys ({len(bank.decoys)} lists)")
    conflicts = sum(len(f.conflicts) for f in bank.facts)
    if conflicts:
        notes.append(f"{conflicts} conflicts between sources")
    if bank.subjects:
        notes.append("subjects")
    if bank.drafts:  # not reviewed yet: a spreadsheet row would lose the mark
        notes.append(f"{len(bank.drafts)} draft facts (draft: true)")
    hindi = sum(has_hindi(v) for f in bank.facts for value in f.fields.values()
                for v in (value if isinstance(value, list) else [value]))
    hindi += sum(has_hindi(p) for p in bank.topics.values())
    if hindi:
        notes.append(f"the Hindi of {hindi} texts (a sheet holds the English)")
    kinds = list(dict.fromkeys(f.kind for f in bank.facts))
    groups = [(None, bank.facts)] if csv_layout else [(k, [f for f in bank.facts if f.kind == k]) for k in kinds]
    tables = []
    cited: set[str] = set()
    for sheet, facts in groups:
        names = list(dict.fromkeys(n for f in facts for n in library.kinds.get(f.kind, {}) if n in f.fields))
        fixed = [c for c in FIXED if not (c == "kind" and not csv_layout)]
        rows = []
        for fact in facts:
            for index, cite in enumerate(fact.evidence):
                source = bank.sources.get(cite.source)
                row: dict[str, Any] = {"id": fact.id, "kind": fact.kind, "source": cite.source, "quote": cite.quote}
                if source is not None and cite.source not in cited:
                    cited.add(cite.source)
                    row.update({"source_title": source.title if source.title != cite.source else None,
                                "source_outlet": source.outlet or None, "source_date": source.date or None,
                                "source_url": source.url, "source_file": _relative_file(source.file, bank.path)})
                if index == 0:
                    row.update({"topics": "; ".join(fact.topics) if fact.topics else None,
                                "difficulty": fact.difficulty})
                    row.update({n: fact.fields[n] for n in names if n in fact.fields})
                rows.append(row)
        header = fixed + [_header(n, [r.get(n) for r in rows], facts, library) for n in names]
        table = Table(sheet, header)
        for number, row in enumerate(rows, start=2):
            table.rows.append((number, [_export_cell(row.get(h.partition(":")[0]), csv_layout) for h in header]))
        tables.append(table)
    if bank.topics and any(phrase != topic for topic, phrase in bank.topics.items()):
        topics = Table(TOPICS_SHEET, ["id", "phrase"])
        topics.rows = [(i, [t, p]) for i, (t, p) in enumerate(bank.topics.items(), start=2)]
        tables.append(topics)
    return tables, notes


def _relative_file(file: str | None, bank_path: str) -> str | None:
    if not file:
        return None
    try:
        return Path(file).relative_to(Path(bank_path).parent).as_posix()
    except ValueError:
        return file


def _list_cell(values: list[Any]) -> str:
    return "; ".join(map(str, values)) if len(values) > 1 else f"{values[0]};"


def _header(name: str, values: list[Any], facts, library: Library) -> str:
    declared = {library.field_type(f.kind, name) for f in facts if name in f.fields} - {None}
    ftype = declared.pop() if len(declared) == 1 else "text"
    shown = [_export_cell(v, True) for v in values if v is not None]
    return name if infer_type(name, shown) == ftype else f"{name}:{ftype}"


def _export_cell(value: Any, as_text: bool) -> Any:
    if value is None:
        return None
    if isinstance(value, list):
        return _list_cell(value)
    if isinstance(value, dt.date):
        return value.isoformat() if as_text else value
    if isinstance(value, str) and not as_text and _ISO_DATE.match(value):
        return dt.date.fromisoformat(value)  # a source date: a date cell, as typed in a sheet
    return str(value) if as_text else value


def tables_to_csv(tables: list[Table]) -> dict[str, bytes]:
    """'' -> the facts CSV; 'topics' -> the topics CSV (if any)."""
    files = {}
    for table in tables:
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(table.header)
        for _, cells in table.rows:
            writer.writerow(["" if c is None else c for c in cells])
        files["topics" if table.name == TOPICS_SHEET else ""] = out.getvalue().encode("utf-8")
    return files


def tables_to_xlsx(tables: list[Table]) -> bytes:
    from openpyxl import Workbook  # heavy: only when a workbook is written

    workbook = Workbook()
    workbook.remove(workbook.active)
    fixed = dt.datetime(2000, 1, 1)
    workbook.properties.created = workbook.properties.modified = fixed
    for table in tables:
        sheet = workbook.create_sheet(table.name or "facts")
        sheet.append(table.header)
        for _, cells in table.rows:
            sheet.append(cells)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()

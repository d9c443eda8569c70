"""`quizgen import` (CSV and XLSX -> bank YAML) and `quizgen export-bank` (the way back)."""

from __future__ import annotations

import csv
import datetime as dt

import yaml
from openpyxl import Workbook, load_workbook

from conftest import run_cli

HEADER = ["id", "kind", "topics", "difficulty", "source", "source_title", "source_outlet", "source_date",
          "source_url", "source_file", "quote"]
SRC = ["isro", "ISRO mission pages", "ISRO", "2024-01-06", "", ""]
MILESTONES = [
    ["ch1", "milestone", "moon; timeline", "easy", *SRC, "Chandrayaan-1 was launched on 22 October 2008.",
     "ISRO launched Chandrayaan-1", "2008", "2008-10-22", ""],
    ["ch1", "milestone", "", "", "pib", "Press Information Bureau", "PIB", "", "", "", "Chandrayaan-1 lifted off in 2008.",
     "", "", "", ""],
    ["mom", "milestone", "timeline", "", "isro", "", "", "", "", "", "MOM entered Mars orbit on 24 September 2014.",
     "The Mars Orbiter Mission entered orbit around Mars", "2014", "2014-09-24", "PSLV-C25;"],
    ["ch2", "milestone", "moon", "", "isro", "", "", "", "", "", "Chandrayaan-2 was launched on 22 July 2019.",
     "ISRO launched Chandrayaan-2", "2019", "2019-07-22", "GSLV Mk III; Vikram lander"],
    ["ch3", "milestone", "moon; timeline", "hard", "isro", "", "", "", "", "", "Chandrayaan-3 landed on 23 August 2023.",
     "Chandrayaan-3 landed near the Moon's south pole", "2023", "2023-08-23", ""],
]
FIELDS = ["event", "year", "date", "carried"]
TOPICS = [["id", "phrase"], ["moon", "India's missions to the Moon"], ["timeline", "the course of India's space programme"]]


def write_csv(path, rows):
    with open(path, "w", encoding="utf-8", newline="") as handle:
        csv.writer(handle, lineterminator="\n").writerows(rows)


def read_csv(path):
    with open(path, encoding="utf-8", newline="") as handle:
        return list(csv.reader(handle))


def sheet_cells(path):
    book = load_workbook(path)
    return {name: [[c.value for c in row] for row in book[name].iter_rows()] for name in book.sheetnames}


def test_csv_import_writes_a_bank_that_passes_check(tmp_path):
    source = tmp_path / "space.csv"
    write_csv(source, [HEADER + FIELDS, *MILESTONES])
    write_csv(tmp_path / "space.topics.csv", TOPICS)
    bank = tmp_path / "space.yaml"
    result = run_cli("import", source, "-o", bank, "--title", "India's space missions")
    assert result.code == 0, result.err
    data = yaml.safe_load(bank.read_text(encoding="utf-8"))
    assert data["id"] == "space" and data["title"] == "India's space missions"
    assert data["kinds"] == {"milestone": {"event": "text", "year": "year", "date": "date", "carried": "list"}}
    assert [f["id"] for f in data["facts"]] == ["ch1", "mom", "ch2", "ch3"]  # row order
    ch1, mom = data["facts"][0], data["facts"][1]
    assert [s["source"] for s in ch1["sources"]] == ["isro", "pib"]  # a repeated id adds a source
    assert ch1["topics"] == ["moon", "timeline"] and ch1["difficulty"] == "easy"
    assert ch1["fields"]["date"] == dt.date(2008, 10, 22) and ch1["fields"]["year"] == 2008
    assert mom["fields"]["carried"] == ["PSLV-C25"]
    assert data["topics"]["moon"] == "India's missions to the Moon"
    assert data["sources"]["isro"] == {"title": "ISRO mission pages", "outlet": "ISRO", "date": dt.date(2024, 1, 6)}
    checked = run_cli("check", bank)
    assert checked.code == 0, checked.out + checked.err


def test_xlsx_import_one_sheet_per_kind(tmp_path):
    book = Workbook()
    book.remove(book.active)
    milestones = book.create_sheet("milestone")
    milestones.append(["id", "topics", "source", "source_title", "quote", "event", "year"])
    for row in MILESTONES:
        if row[10] and row[11]:
            milestones.append([row[0], row[2] or None, row[4], row[5] or None, row[10], row[11], int(row[12])])
    figures = book.create_sheet("figure")
    figures.append(["id", "source", "quote", "name", "label", "amount", "unit"])
    figures.append(["mom-cost", "isro", "It cost 450 crore rupees.", "MOM cost", "the cost of MOM in crore rupees", 450, "count"])
    figures.append(["pslv-c37", "isro", "PSLV-C37 placed 104 satellites.", "PSLV-C37", "the satellites PSLV-C37 placed", 104, "count"])
    topics = book.create_sheet("topics")
    for row in TOPICS:
        topics.append(row)
    source = tmp_path / "notes.xlsx"
    book.save(source)
    bank = tmp_path / "notes.yaml"
    assert run_cli("import", source, "-o", bank).code == 0
    data = yaml.safe_load(bank.read_text(encoding="utf-8"))
    assert [f["kind"] for f in data["facts"]] == ["milestone"] * 4 + ["figure"] * 2
    assert data["kinds"]["figure"] == {"name": "text", "label": "text", "amount": "number", "unit": "text"}
    assert data["sources"]["isro"]["title"] == "ISRO mission pages"
    assert run_cli("check", bank).code == 0


def test_bad_xlsx_row_names_sheet_row_and_column_and_writes_nothing(tmp_path):
    book = Workbook()
    sheet = book.active
    sheet.title = "milestone"
    sheet.append(["id", "source", "quote", "event", "year"])
    sheet.append(["ch1", "isro", "q", "ISRO launched Chandrayaan-1", 2008])
    sheet.append(["ch2", "isro", "q", "ISRO launched Chandrayaan-2", "twenty nineteen"])
    source = tmp_path / "bad.xlsx"
    book.save(source)
    bank = tmp_path / "bad.yaml"
    result = run_cli("import", source, "-o", bank)
    assert result.code == 2
    assert result.err == (f"Error: {source}: sheet 'milestone', row 3, column 'year': "
                          "expected a year like 2018, got 'twenty nineteen'\n")
    assert not bank.exists()


def test_bad_csv_row_names_row_and_column(tmp_path):
    source = tmp_path / "bad.csv"
    rows = [HEADER + FIELDS, *MILESTONES]
    rows[3] = rows[3][:10] + [""] + rows[3][11:]  # no quote on row 4
    write_csv(source, rows)
    result = run_cli("import", source, "-o", tmp_path / "bad.yaml")
    assert result.code == 2
    assert result.err == f"Error: {source}: row 4, column 'quote': quote is empty\n"
    assert not (tmp_path / "bad.yaml").exists()
    no_kind = tmp_path / "nokind.csv"
    write_csv(no_kind, [["id", "source", "quote", "event"], ["a", "s", "q", "Something happened"]])
    result = run_cli("import", no_kind, "-o", tmp_path / "nokind.yaml")
    assert result.code == 2 and "row 2, column 'kind': no kind: add a `kind` column or give --kind" in result.err
    assert run_cli("import", no_kind, "-o", tmp_path / "nokind.yaml", "--kind", "milestone").code == 0


def test_csv_round_trip_gives_the_same_cells(tmp_path):
    source = tmp_path / "space.csv"
    write_csv(source, [HEADER + FIELDS, *MILESTONES])
    write_csv(tmp_path / "space.topics.csv", TOPICS)
    bank = tmp_path / "space.yaml"
    assert run_cli("import", source, "-o", bank).code == 0
    again = tmp_path / "again.csv"
    result = run_cli("export-bank", bank, "-o", again)
    assert result.code == 0, result.err
    assert read_csv(again) == read_csv(source)
    assert read_csv(tmp_path / "again.topics.csv") == TOPICS


def test_xlsx_round_trip_gives_the_same_cells(tmp_path):
    bank = tmp_path / "space.yaml"
    csv_source = tmp_path / "space.csv"
    write_csv(csv_source, [HEADER + FIELDS, *MILESTONES])
    write_csv(tmp_path / "space.topics.csv", TOPICS)
    assert run_cli("import", csv_source, "-o", bank).code == 0
    first = tmp_path / "first.xlsx"
    assert run_cli("export-bank", bank, "-o", first).code == 0  # a workbook in the layout export writes
    reimported = tmp_path / "re.yaml"
    assert run_cli("import", first, "-o", reimported, "--id", "space").code == 0
    second = tmp_path / "second.xlsx"
    assert run_cli("export-bank", reimported, "-o", second).code == 0
    cells = sheet_cells(first)
    assert list(cells) == ["milestone", "topics"]
    assert cells["milestone"][1][:2] == ["ch1", "moon; timeline"]
    assert cells == sheet_cells(second)


def test_export_of_the_bundled_bank_says_what_a_sheet_cannot_hold(tmp_path):
    out = tmp_path / "bundled.xlsx"
    result = run_cli("export-bank", "question_banks/india_us_2plus2.yaml", "-o", out)
    assert result.code == 0
    assert "Not exported" in result.err and "conflicts between sources" in result.err
    assert "the Hindi of" in result.err  # a sheet holds the English of {en, hi} texts
    back = tmp_path / "back.yaml"
    assert run_cli("import", out, "-o", back, "--id", "india-us-2plus2").code == 0
    original = yaml.safe_load(open("question_banks/india_us_2plus2.yaml", encoding="utf-8"))
    imported = yaml.safe_load(back.read_text(encoding="utf-8"))

    def english(value):
        if isinstance(value, dict) and set(value) == {"en", "hi"}:
            return value["en"]
        return [english(v) for v in value] if isinstance(value, list) else value

    assert [f["fields"] for f in imported["facts"]] == \
        [{k: english(v) for k, v in f["fields"].items()} for f in original["facts"]]
    assert [f["sources"] for f in imported["facts"]] == [f["sources"] for f in original["facts"]]

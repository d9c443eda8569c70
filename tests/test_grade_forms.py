"""`quizgen grade --forms`: Google Forms responses scored with UPSC negative marking against the
exported .gs key, into a result CSV and a real attempt database."""

from __future__ import annotations

import csv
import io
import json
import re

from conftest import MINI_BANK, MINI_TEMPLATES, run_cli
from quizgen.history import open_history

MINI = ["--bank", MINI_BANK, "--templates", MINI_TEMPLATES]


def make_key(tmp_path, count=5):
    key = tmp_path / "mock.gs"
    result = run_cli("export", "--format", "forms", "-o", key, *MINI, "--count", str(count),
                     "--seed", "4")
    assert result.code == 0, result.err
    text = key.read_text(encoding="utf-8")
    quiz = json.loads(re.search(r"^var QUIZ = (.*);$", text, re.M).group(1))
    return key, quiz["questions"]


def responses_csv(tmp_path, items, rows):
    """A response sheet laid out as Forms downloads it: Timestamp, Score, the name item, then
    one column per item titled as the item."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["Timestamp", "Score", "Name or roll number", *(i["title"] for i in items)])
    for stamp, name, cells in rows:
        writer.writerow([stamp, "", name, *cells])
    path = tmp_path / "responses.csv"
    path.write_text(out.getvalue(), encoding="utf-8")
    return path


def test_grades_with_negative_marking_into_results_and_db(tmp_path):
    key, items = make_key(tmp_path)
    right = [i["choices"][i["answer"]] for i in items]
    wrong = [i["choices"][(i["answer"] + 1) % 4] for i in items]
    mixed = [right[0], right[1], wrong[2], "", ""]
    path = responses_csv(tmp_path, items, [
        ("2026/11/30 2:34:56 PM GMT+5:30", "Asha", right),
        ("2026/11/30 2:40:00 PM GMT+5:30", "Bilal", wrong),
        ("2026/11/30 2:41:00 PM GMT+5:30", "Chitra", mixed),
    ])
    results, db = tmp_path / "results.csv", tmp_path / "class.sqlite3"
    result = run_cli("grade", "--forms", path, "--key", key, "-o", results, "--db", db)
    assert result.code == 0, result.err
    rows = list(csv.DictReader(io.StringIO(results.read_text(encoding="utf-8-sig"), newline="")))
    scores = {r["respondent"]: (r["score"], r["correct"], r["wrong"], r["unanswered"]) for r in rows}
    # 5 x 2 = 10; five wrong lose 5 x 2/3 = 3.33; two right, one wrong: 4 - 0.67 = 3.33
    assert scores == {"Asha": ("10.00", "5", "0", "0"), "Bilal": ("-3.33", "0", "5", "0"),
                      "Chitra": ("3.33", "2", "1", "2")}
    assert rows[2]["answers"][3:] == "--"
    assert "Chitra" in result.out and "3.33" in result.out

    with open_history(db, create=False) as history:
        summaries = history.summaries()
        attempts = history.attempts()
    assert [(s.score, s.correct, s.wrong, s.unanswered) for s in summaries] == [
        (10.0, 5, 0, 0), (-3.33, 0, 5, 0), (3.33, 2, 1, 2)]
    assert all(a.mode == "forms" and a.finished for a in attempts)
    assert attempts[0].started_at == "2026-11-30T09:04:56+00:00"
    assert attempts[0].settings["respondent"] == "Asha"

    again = run_cli("grade", "--forms", path, "--key", key, "--db", db)
    assert again.code == 0 and "3 already there" in again.err
    with open_history(db, create=False) as history:
        assert len(history.attempts()) == 3


def test_a_json_export_is_a_key_too(tmp_path):
    _, items = make_key(tmp_path, count=3)
    json_key = tmp_path / "key.json"
    assert run_cli("export", "--format", "json", "-o", json_key, *MINI, "--count", "3",
                   "--seed", "4").code == 0
    path = responses_csv(tmp_path, items, [("", "Dev", [i["choices"][i["answer"]] for i in items])])
    result = run_cli("grade", "--forms", path, "--key", json_key, "-o", "-")
    assert result.code == 0, result.err
    (row,) = csv.DictReader(io.StringIO(result.out))
    assert row["respondent"] == "Dev" and row["score"] == "6.00"


def test_bad_responses_are_one_line_with_the_line_number(tmp_path):
    key, items = make_key(tmp_path, count=3)
    cells = [i["choices"][0] for i in items]
    cells[1] = "something else"
    path = responses_csv(tmp_path, items, [("", "Asha", [i["choices"][0] for i in items]),
                                           ("", "Bilal", cells)])
    result = run_cli("grade", "--forms", path, "--key", key, "-o", tmp_path / "r.csv")
    assert result.code == 2
    assert result.err.startswith(f"Error: {path}:3: ") and len(result.err.strip().splitlines()) == 1
    assert not (tmp_path / "r.csv").exists()

    short = responses_csv(tmp_path, items[:2], [("", "Asha", ["", ""])])
    result = run_cli("grade", "--forms", short, "--key", key)
    assert result.code == 2 and "no column for Q3" in result.err

    result = run_cli("grade", "--forms", short, "--key", MINI_BANK)
    assert result.code == 2 and "not a key" in result.err

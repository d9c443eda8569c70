"""Personalised papers (`quizgen pdf --students ROSTER.csv`): one booklet per student with the
name and roll number printed, its own order and key, and sheets graded by the roll in the QR
code."""

from __future__ import annotations

import csv
import json
import random
from fractions import Fraction

import pytest
from pypdf import PdfReader

from tests.conftest import run_cli

ROSTER = "roll,name\n1001,Asha Verma\n1002,Rahul Nair\n1003,Meera Iyer\n1004,Vikram Singh\n"
QUESTIONS = 12


@pytest.fixture(scope="module")
def printed(tmp_path_factory):
    folder = tmp_path_factory.mktemp("personal")
    (folder / "roster.csv").write_text(ROSTER, encoding="utf-8")
    result = run_cli("pdf", "-o", folder / "class.pdf", "--count", QUESTIONS, "--omr",
                     "--students", folder / "roster.csv", "--sets", "A,B",
                     "--key-csv", folder / "key.csv")
    assert result.code == 0, result.err
    keys = {}
    for row in csv.DictReader((folder / "key.csv").open(encoding="utf-8")):
        keys.setdefault(row["roll"], {})[int(row["question"])] = (row["answer"],
                                                                   row["question_id"])
    layout = json.loads((folder / "class.omr.json").read_text(encoding="utf-8"))
    return folder, keys, layout, result


def test_each_student_has_a_booklet_with_name_and_roll(printed):
    folder, keys, layout, result = printed
    assert "4 personalised booklets" in result.out
    assert sorted(keys) == ["00001001", "00001002", "00001003", "00001004"]
    reader = PdfReader(folder / "class.pdf")
    covers = [page.extract_text() for page in reader.pages
              if "INSTRUCTIONS" in (page.extract_text() or "")]
    assert len(covers) == 4
    for cover, name in zip(covers, ("Asha Verma", "Rahul Nair", "Meera Iyer", "Vikram Singh")):
        assert name in cover
    assert [(p["roll"], p["series"]) for p in layout["pages"]] == [
        ("00001001", "A"), ("00001002", "B"), ("00001003", "A"), ("00001004", "B")]
    for page in layout["pages"]:
        assert page["qr"]["payload"].endswith(f";{page['roll']};1")


def test_each_student_has_an_own_order_and_key(printed):
    folder, keys, layout, result = printed
    orders = {roll: tuple(qid for _, (_, qid) in sorted(rows.items()))
              for roll, rows in keys.items()}
    assert len(set(orders.values())) == 4  # four different question orders
    for roll, rows in keys.items():  # every booklet holds the same questions
        assert sorted(qid for _, qid in rows.values()) == sorted(orders["00001001"])


def test_a_second_run_gives_the_same_booklets(printed, tmp_path):
    folder, keys, layout, result = printed
    (tmp_path / "roster.csv").write_text(ROSTER, encoding="utf-8")
    again = run_cli("pdf", "-o", tmp_path / "class.pdf", "--count", QUESTIONS, "--omr",
                    "--students", tmp_path / "roster.csv", "--sets", "A,B")
    assert again.code == 0
    assert (tmp_path / "class.pdf").read_bytes() == (folder / "class.pdf").read_bytes()


def test_sheets_are_graded_with_the_key_of_the_roll_in_the_qr_code(printed):
    cv2 = pytest.importorskip("cv2")
    pytest.importorskip("pypdfium2")
    from tests.test_omr_grade import bubble, bubble_roll, jpeg, render, rotate, fill

    folder, keys, layout, result = printed
    rng = random.Random(4)
    chosen = {}
    scans = []
    for n, page in enumerate(layout["pages"]):
        roll = page["roll"]
        image = render(folder / "class.pdf", page["page"])
        if n == 1:
            bubble_roll(image, page, "00009999")  # a student bubbling someone else's roll
        chosen[roll] = {q: rng.choice("abcd") for q in range(1, QUESTIONS + 1)}
        for question, letter in chosen[roll].items():
            fill(image, bubble(page, question, letter))
        path = folder / f"scan-{n}.jpg"
        cv2.imwrite(str(path), jpeg(rotate(image, (-1) ** n * 2.5), 70))
        scans.append(path)
    graded = run_cli("grade", *scans, "--layout", folder / "class.omr.json",
                     "-o", folder / "results.csv")
    assert graded.code == 0, graded.err
    assert "the bubbled roll number 00009999 is not the printed 00001002" in graded.out
    totals = {row["roll"]: row for row in csv.DictReader(
        (folder / "results-totals.csv").open(encoding="utf-8"))}
    assert sorted(totals) == sorted(keys)
    for roll, answers in chosen.items():
        right = sum(1 for q, letter in answers.items() if keys[roll][q][0] == letter)
        score = 2 * right - Fraction(2, 3) * (QUESTIONS - right)
        assert Fraction(totals[roll]["score"]).limit_denominator(3) == score
    names = {row["roll"]: row["name"] for row in totals.values()}
    assert names["00001003"] == "Meera Iyer"


@pytest.mark.parametrize("roster, says", [
    ("roll,name\n1001,A\n1001,B\n", "roster.csv:3: roll number 00001001 is also on line 2"),
    ("roll,name\n12a,A\n", "roster.csv:2: roll number '12a' is not 1-8 digits"),
    ("roll,name\n123456789,A\n", "roster.csv:2: roll number '123456789' is not 1-8 digits"),
    ("name,class\nA,7\n", "roster.csv:1: the first row must name the columns roll,name"),
    ("roll,name\n", "roster.csv: no students under the roll,name header"),
])
def test_a_bad_roster_is_one_error_line(tmp_path, roster, says):
    (tmp_path / "roster.csv").write_text(roster, encoding="utf-8")
    result = run_cli("pdf", "-o", tmp_path / "x.pdf", "--count", 3, "--students",
                     tmp_path / "roster.csv")
    assert result.code == 2
    assert result.err.count("\n") == 1 and says in result.err
    assert not (tmp_path / "x.pdf").exists()


def test_omr_layout_needs_a_file_not_standard_output(tmp_path):
    result = run_cli("pdf", "-o", "-", "--count", 3, "--omr")
    assert result.code == 2
    assert "--omr writes FILE.omr.json beside FILE" in result.err

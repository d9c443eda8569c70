"""Printed OMR sheets graded back from degraded scans.

Sheets are printed by `quizgen pdf --omr`, rasterised with pypdfium2, filled by drawing at the
bubble positions in FILE.omr.json, degraded (rotation, perspective, blur, JPEG, uneven light,
pencil-grey, faint, erased and double marks) and graded with `quizgen grade`. Expected scores
come from the chosen answers and the key CSV written by `pdf --key-csv`, not from the grader.
"""

from __future__ import annotations

import csv
import json
import random
import sqlite3
import sys
from fractions import Fraction
from pathlib import Path

import pytest

from tests.conftest import run_cli

cv2 = pytest.importorskip("cv2")
pypdfium2 = pytest.importorskip("pypdfium2")
np = pytest.importorskip("numpy")

DPI = 150
SCALE = DPI / 72
QUESTIONS = 30


@pytest.fixture(scope="module")
def paper(tmp_path_factory):
    folder = tmp_path_factory.mktemp("omr")
    pdf = folder / "mock.pdf"
    result = run_cli("pdf", "-o", pdf, "--count", QUESTIONS, "--sets", "A,B", "--omr",
                     "--key-csv", folder / "key.csv", "--seed", "5")
    assert result.code == 0, result.err
    layout = json.loads((folder / "mock.omr.json").read_text(encoding="utf-8"))
    keys = {(row["set"], int(row["question"])): row["answer"]
            for row in csv.DictReader((folder / "key.csv").open(encoding="utf-8"))}
    return folder, pdf, layout, keys


def sheet_page(layout, series):
    return next(p for p in layout["pages"] if p["series"] == series)


def render(pdf: Path, page_number: int) -> "np.ndarray":
    document = pypdfium2.PdfDocument(str(pdf))
    image = document[page_number - 1].render(scale=SCALE, grayscale=True).to_numpy().copy()
    document.close()
    return image if image.ndim == 2 else cv2.cvtColor(image, cv2.COLOR_BGR2GRAY)


def fill(image, bubble, gray=25, share=0.95):
    """Ink a bubble as a pen would: a filled disc at the layout's centre."""
    height = image.shape[0]
    centre = (int(round(bubble["x"] * SCALE)), int(round(height - bubble["y"] * SCALE)))
    cv2.circle(image, centre, int(bubble["r"] * SCALE * share), gray, -1, cv2.LINE_AA)


def erase(image, bubble):
    """A mark rubbed out: a light grey smear left over the bubble."""
    fill(image, bubble, gray=25)
    height = image.shape[0]
    centre = (int(round(bubble["x"] * SCALE)), int(round(height - bubble["y"] * SCALE)))
    cv2.circle(image, centre, int(bubble["r"] * SCALE * 0.95), 205, -1, cv2.LINE_AA)


def bubble(page, question, option):
    return next(b for b in page["bubbles"] if b["q"] == question and b["option"] == option)


def bubble_roll(image, page, roll):
    for column, digit in enumerate(roll, start=1):
        fill(image, next(b for b in page["roll_grid"]
                         if b["column"] == column and b["digit"] == digit))


def bubble_series(image, page, series):
    fill(image, next(b for b in page["series_grid"] if b["series"] == series))


def rotate(image, degrees, background=170):
    padded = cv2.copyMakeBorder(image, 80, 80, 80, 80, cv2.BORDER_CONSTANT, value=background)
    centre = (padded.shape[1] / 2, padded.shape[0] / 2)
    matrix = cv2.getRotationMatrix2D(centre, degrees, 1.0)
    return cv2.warpAffine(padded, matrix, (padded.shape[1], padded.shape[0]),
                          borderValue=background)


def perspective(image, background=150):
    """A phone held a little off square: the top edge narrower than the bottom."""
    h, w = image.shape
    padded = cv2.copyMakeBorder(image, 60, 60, 60, 60, cv2.BORDER_CONSTANT, value=background)
    h2, w2 = padded.shape
    source = np.float32([[0, 0], [w2, 0], [w2, h2], [0, h2]])
    target = np.float32([[w2 * 0.05, h2 * 0.03], [w2 * 0.96, 0], [w2, h2], [0, h2 * 0.98]])
    matrix = cv2.getPerspectiveTransform(source, target)
    return cv2.warpPerspective(padded, matrix, (w2, h2), borderValue=background)


def uneven_light(image):
    """Darker towards one corner, as under a desk lamp."""
    ys, xs = np.mgrid[0:image.shape[0], 0:image.shape[1]]
    light = 0.6 + 0.4 * (xs / image.shape[1]) * (1 - 0.3 * ys / image.shape[0])
    return np.clip(image.astype(np.float32) * light, 0, 255).astype(np.uint8)


def jpeg(image, quality=60):
    ok, encoded = cv2.imencode(".jpg", image, [cv2.IMWRITE_JPEG_QUALITY, quality])
    return cv2.imdecode(encoded, cv2.IMREAD_GRAYSCALE)


def noisy(image, seed):
    rng = np.random.default_rng(seed)
    return np.clip(image + rng.normal(0, 6, image.shape), 0, 255).astype(np.uint8)


def upsc(correct: int, wrong: int) -> Fraction:
    return 2 * correct - Fraction(2, 3) * wrong


def results_rows(path: Path):
    return list(csv.DictReader(path.open(encoding="utf-8")))


FAINT_GRAY = 200  # a light pencil touch: too light to trust either way
MULTI, ERASED, FAINT = 3, 7, 11  # the questions given a double, an erased and a faint mark


def plan_answers(rng: random.Random) -> dict[int, tuple]:
    """What each question gets: ("mark", letter, gray), ("blank",), ("multi", l1, l2),
    ("erased", kept, rubbed_out) or ("faint", letter)."""
    plan = {}
    for question in range(1, QUESTIONS + 1):
        letter = rng.choice("abcd")
        if rng.random() < 0.15:
            plan[question] = ("blank",)
        else:  # every fifth mark in grey pencil
            plan[question] = ("mark", letter, 110 if question % 5 == 0 else 25)
    plan[MULTI] = ("multi", "a", "c")
    plan[ERASED] = ("erased", "b", "d")
    plan[FAINT] = ("faint", "c")
    return plan


def draw_plan(image, page, plan):
    for question, (what, *rest) in plan.items():
        if what == "mark":
            fill(image, bubble(page, question, rest[0]), gray=rest[1])
        elif what == "multi":
            for letter in rest:
                fill(image, bubble(page, question, letter))
        elif what == "erased":
            fill(image, bubble(page, question, rest[0]))
            erase(image, bubble(page, question, rest[1]))
        elif what == "faint":
            fill(image, bubble(page, question, rest[0]), gray=FAINT_GRAY)


STUDENTS = (("00001234", "A", "rotated-jpeg"), ("00005678", "B", "perspective-light"),
            ("00009012", "A", "pdf-scan"))


@pytest.fixture(scope="module")
def graded(paper):
    """Three students' sheets, degraded in different ways, graded in one run."""
    folder, pdf, layout, keys = paper
    rng = random.Random(13)
    plans = {}
    scans = []
    for roll, series, kind in STUDENTS:
        page = sheet_page(layout, series)
        image = render(pdf, page["page"])
        bubble_roll(image, page, roll)
        bubble_series(image, page, series)
        plan = plan_answers(rng)
        draw_plan(image, page, plan)
        plans[roll] = (series, plan)
        if kind == "rotated-jpeg":
            image = jpeg(cv2.GaussianBlur(noisy(rotate(image, 5), 1), (3, 3), 0), 60)
            path = folder / f"{roll}.jpg"
            cv2.imwrite(str(path), image)
        elif kind == "perspective-light":
            image = uneven_light(perspective(rotate(image, -3)))
            path = folder / f"{roll}.png"
            cv2.imwrite(str(path), image)
        else:
            from PIL import Image

            image = jpeg(rotate(image, 1.5, background=235), 75)
            path = folder / f"{roll}.pdf"
            Image.fromarray(image).save(path, resolution=DPI)
        scans.append(path)
    result = run_cli("grade", *scans, "--layout", folder / "mock.omr.json",
                     "-o", folder / "results.csv", "--db", folder / "class.sqlite3")
    return folder, layout, keys, plans, result


def expected(plan_entry, key):
    """(marked, status, score) the grader must give, from what was drawn and the key."""
    what, *rest = plan_entry
    if what == "mark":
        return rest[0], "ok", Fraction(2) if rest[0] == key else Fraction(-2, 3)
    if what == "blank":
        return "", "blank", Fraction(0)
    if what == "multi":
        return "multi", "multi", Fraction(-2, 3)
    return "", "doubtful", Fraction(0)


def test_every_mark_is_read_as_drawn(graded):
    folder, layout, keys, plans, result = graded
    assert result.code == 0, result.err
    rows = results_rows(folder / "results.csv")
    assert {row["roll"] for row in rows} == set(plans)
    for row in rows:
        series, plan = plans[row["roll"]]
        question = int(row["question"])
        assert row["series"] == series
        assert row["key"] == keys[(series, question)]
        marked, status, score = expected(plan[question], keys[(series, question)])
        assert (row["marked"], row["status"]) == (marked, status), (row, plan[question])
        assert Fraction(row["score"]).limit_denominator(3) == score
    assert len(rows) == QUESTIONS * len(plans)


def test_totals_follow_upsc_marking_from_the_chosen_answers(graded):
    folder, layout, keys, plans, result = graded
    totals = {row["roll"]: row for row in csv.DictReader(
        (folder / "results-totals.csv").open(encoding="utf-8"))}
    for roll, (series, plan) in plans.items():
        right = sum(1 for q, p in plan.items() if p[0] == "mark" and p[1] == keys[(series, q)])
        wrong = sum(1 for q, p in plan.items()
                    if (p[0] == "mark" and p[1] != keys[(series, q)]) or p[0] == "multi")
        assert Fraction(totals[roll]["score"]).limit_denominator(3) == upsc(right, wrong)
        assert (int(totals[roll]["correct"]), int(totals[roll]["wrong"]),
                int(totals[roll]["doubtful"])) == (right, wrong, 2)
    ranked = sorted(totals.values(), key=lambda row: int(row["rank"]))
    assert [float(row["score"]) for row in ranked] == sorted(
        (float(row["score"]) for row in ranked), reverse=True)


def test_doubtful_rows_are_listed_with_a_picture(graded):
    folder, layout, keys, plans, result = graded
    for roll in plans:
        for question in (ERASED, FAINT):
            picture = folder / "results-doubtful" / f"{roll}-q{question}.png"
            assert f"question {question}" in result.out and str(picture) in result.out
            image = cv2.imread(str(picture), cv2.IMREAD_GRAYSCALE)
            assert image is not None and image.shape[1] > 3 * image.shape[0]


def test_doubtful_sheets_wait_for_a_decision_before_the_database(graded):
    folder, layout, keys, plans, result = graded
    assert "Not recorded until their doubtful bubbles are decided" in result.out
    with sqlite3.connect(folder / "class.sqlite3") as conn:
        assert conn.execute("SELECT COUNT(*) FROM attempts").fetchone()[0] == 0


def test_overrides_and_accept_decide_doubtful_bubbles_then_record_attempts(graded, tmp_path):
    folder, layout, keys, plans, result = graded
    scans = sorted(p for p in folder.iterdir() if p.stem in plans and p.suffix != ".csv")
    db = tmp_path / "class.sqlite3"
    first, second = sorted(plans)[:2]
    decided = run_cli("grade", *scans, "--layout", folder / "mock.omr.json",
                      "-o", tmp_path / "r.csv", "--db", db,
                      "--override", f"{first}:{ERASED}=b", "--override", f"{first}:{FAINT}=blank",
                      "--accept")
    assert decided.code == 0, decided.err
    rows = {(r["roll"], int(r["question"])): r for r in results_rows(tmp_path / "r.csv")}
    assert rows[(first, ERASED)]["marked"] == "b"
    assert rows[(first, FAINT)]["marked"] == ""
    # --accept takes the clear mark beside an erasure, and a lone faint mark
    assert rows[(second, ERASED)]["marked"] == "b"
    assert rows[(second, FAINT)]["marked"] == "c"
    assert {r["status"] for k, r in rows.items() if k[1] in (ERASED, FAINT)} == {"overridden"}
    assert "Recorded 3 sheets" in decided.out

    with sqlite3.connect(db) as conn:
        modes = conn.execute("SELECT DISTINCT mode FROM attempts").fetchall()
        answers = conn.execute("SELECT COUNT(*) FROM final_answers").fetchone()[0]
    assert modes == [("omr",)] and answers == QUESTIONS * 3

    # stats --items counts each bubbled option under the question's own option text, whatever
    # the series printed it as
    items = run_cli("stats", "--db", db, "--items", "--format", "json")
    assert items.code == 0, items.err
    chosen = {(q["question_id"], o["text"]): o["chosen"] for q in items.json()
              for o in q["options"] if o["chosen"]}
    wanted: dict[tuple[str, str], int] = {}
    for roll, (series, plan) in plans.items():
        booklet = next(b for b in layout["booklets"] if b["series"] == series)
        for question, entry in plan.items():
            letter = entry[1] if entry[0] in ("mark", "erased") else None
            if entry[0] == "faint" and roll != first:  # --accept took the lone faint mark
                letter = entry[1]
            if letter is None:
                continue
            printed = next(p for p in booklet["questions"] if p["q"] == question)
            original = layout["questions"][printed["index"]]
            text = original["options"][printed["option_order"]["abcd".index(letter)]]
            wanted[(original["id"], text)] = wanted.get((original["id"], text), 0) + 1
    assert chosen == wanted

    again = run_cli("grade", *scans, "--layout", folder / "mock.omr.json", "--db", db,
                    "--accept", "--override", f"{first}:{ERASED}=b",
                    "--override", f"{first}:{FAINT}=blank")
    assert f"Already recorded with the same answers: {', '.join(sorted(plans))}" in again.out
    with sqlite3.connect(db) as conn:
        assert conn.execute("SELECT COUNT(*) FROM attempts").fetchone()[0] == 3

    # a correction after recording replaces that student's attempt, and only theirs
    corrected = run_cli("grade", *scans, "--layout", folder / "mock.omr.json", "--db", db,
                        "--accept", "--override", f"{first}:{ERASED}=b",
                        "--override", f"{first}:{FAINT}=d")
    assert f"Recorded again with the corrected answers: {first}" in corrected.out
    with sqlite3.connect(db) as conn:
        rows = conn.execute("SELECT settings FROM attempts").fetchall()
        assert len(rows) == 3
        chosen = conn.execute(
            "SELECT f.chosen FROM final_answers f JOIN attempts a ON a.id = f.attempt_id "
            "WHERE a.settings LIKE ? AND f.position = ?", (f'%"{first}"%', FAINT - 1)).fetchone()
    booklet = next(b for b in layout["booklets"] if b["series"] == plans[first][0])
    printed = next(p for p in booklet["questions"] if p["q"] == FAINT)
    assert chosen == (printed["option_order"][3],)


def test_qr_code_and_roll_number_are_read(graded):
    folder, layout, keys, plans, result = graded
    data_run = run_cli("grade", folder / "00005678.png", "--layout", folder / "mock.omr.json",
                       "-o", folder / "one.json")
    assert data_run.code == 0, data_run.err
    data = json.loads((folder / "one.json").read_text(encoding="utf-8"))
    assert data["paper"] == layout["paper"]
    assert [(s["roll"], s["series"]) for s in data["students"]] == [("00005678", "B")]
    assert data["students"][0]["problems"] == []


def test_layout_file_describes_every_bubble(paper):
    folder, pdf, layout, keys = paper
    assert layout["version"] == 1
    assert layout["page_size"] == [595.28, 841.89]
    assert [p["series"] for p in layout["pages"]] == ["A", "B"]
    for page in layout["pages"]:
        assert sorted({b["q"] for b in page["bubbles"]}) == list(range(1, QUESTIONS + 1))
        assert len(page["bubbles"]) == 4 * QUESTIONS
        assert len(page["roll_grid"]) == 80 and len(page["series_grid"]) == 4
        assert [m["id"] for m in page["markers"]] == [0, 1, 2, 3]
        assert page["qr"]["payload"].split(";")[1:4] == [layout["paper"], page["series"], ""]
    for booklet in layout["booklets"]:
        for printed in booklet["questions"]:
            question = layout["questions"][printed["index"]]
            original = printed["option_order"]["abcd".index(printed["key"])]
            assert original == question["answer"]
            assert keys[(booklet["series"], printed["q"])] == printed["key"]


def test_printing_twice_gives_the_same_files(paper, tmp_path):
    folder, pdf, layout, keys = paper
    result = run_cli("pdf", "-o", tmp_path / "again.pdf", "--count", QUESTIONS, "--sets", "A,B",
                     "--omr", "--seed", "5")
    assert result.code == 0
    assert (tmp_path / "again.pdf").read_bytes() == pdf.read_bytes()
    assert (tmp_path / "again.omr.json").read_text(encoding="utf-8") == (
        folder / "mock.omr.json").read_text(encoding="utf-8")


def test_a_picture_without_markers_is_one_error_line(paper, tmp_path):
    folder, pdf, layout, keys = paper
    blank = tmp_path / "blank.png"
    cv2.imwrite(str(blank), np.full((800, 600), 255, np.uint8))
    junk = tmp_path / "junk.jpg"
    junk.write_bytes(b"not an image")
    result = run_cli("grade", blank, junk, "--layout", folder / "mock.omr.json")
    assert result.code == 2
    lines = result.err.strip().splitlines()
    assert len(lines) == 2 and all(line.startswith("Error: ") for line in lines)
    assert "corner markers" in lines[0] and "junk.jpg" in lines[1]


def test_a_bad_layout_file_is_one_error_line(tmp_path):
    layout = tmp_path / "bad.omr.json"
    layout.write_text('{"version": 1, "pages": []}', encoding="utf-8")
    result = run_cli("grade", tmp_path / "x.png", "--layout", layout)
    assert result.code == 2
    assert result.err.startswith(f"Error: {layout}: not a quizgen OMR layout file")
    assert "Traceback" not in result.err


def test_a_layout_with_a_position_that_is_not_a_number_is_one_error_line(paper, tmp_path):
    folder, pdf, layout, keys = paper
    text = (folder / "mock.omr.json").read_text(encoding="utf-8")
    broken = tmp_path / "nan.omr.json"
    broken.write_text(text.replace('"r": 5.6', '"r": NaN', 1), encoding="utf-8")
    result = run_cli("grade", folder / "mock.pdf", "--layout", broken)
    assert result.code == 2
    assert result.err == (f"Error: {broken}: not a quizgen OMR layout file (position nan is "
                          "not a number on a page)\n")


def test_bad_override_is_a_usage_error(paper):
    folder, pdf, layout, keys = paper
    result = run_cli("grade", folder / "mock.pdf", "--layout", folder / "mock.omr.json",
                     "--override", "1234:x=c")
    assert result.code == 2 and "ROLL:QUESTION=LETTER" in result.err


def test_without_opencv_grade_says_how_to_install(monkeypatch, tmp_path):
    monkeypatch.setitem(sys.modules, "cv2", None)
    result = run_cli("grade", tmp_path / "x.png", "--layout", tmp_path / "x.omr.json")
    assert result.code == 2
    assert "pip install 'quizgen[omr]'" in result.err


def test_a_long_paper_continues_on_a_second_sheet_page(tmp_path):
    """130 questions: the second sheet page has no roll grid and is graded as the student's
    whose first page was scanned just before it."""
    result = run_cli("pdf", "-o", tmp_path / "long.pdf", "--count", 130, "--omr",
                     "--answer-key", "none", "--key-csv", tmp_path / "key.csv")
    assert result.code == 0, result.err
    layout = json.loads((tmp_path / "long.omr.json").read_text(encoding="utf-8"))
    keys = {int(r["question"]): r["answer"]
            for r in csv.DictReader((tmp_path / "key.csv").open(encoding="utf-8"))}
    assert [(p["sheet"], len(p["bubbles"]) // 4) for p in layout["pages"]] == [(1, 100), (2, 30)]
    scans = []
    for roll in ("00000111", "00000222"):
        pages = []
        for page in layout["pages"]:
            image = render(tmp_path / "long.pdf", page["page"])
            if page["sheet"] == 1:
                bubble_roll(image, page, roll)
            for b in page["bubbles"]:  # everyone answers (a) on the first page, (d) after
                if b["option"] == ("a" if page["sheet"] == 1 else "d"):
                    fill(image, b)
            pages.append(rotate(image, 1))
        path = tmp_path / f"{roll}.tif"  # a scanner's multi-page TIFF, one per student
        assert cv2.imwritemulti(str(path), pages)
        scans.append(path)
    graded = run_cli("grade", *scans, "--layout", tmp_path / "long.omr.json",
                     "-o", tmp_path / "r.csv")
    assert graded.code == 0, graded.err
    totals = {r["roll"]: r for r in csv.DictReader(
        (tmp_path / "r-totals.csv").open(encoding="utf-8"))}
    right = sum(1 for q, key in keys.items() if key == ("a" if q <= 100 else "d"))
    for roll in ("00000111", "00000222"):
        assert Fraction(totals[roll]["score"]).limit_denominator(3) == upsc(right, 130 - right)


def test_upside_down_sheet_with_the_wrong_series_bubbled_is_doubtful(paper, tmp_path):
    folder, pdf, layout, keys = paper
    page = sheet_page(layout, "A")
    image = render(pdf, page["page"])
    bubble_roll(image, page, "00000042")
    bubble_series(image, page, "B")  # the QR code says A
    for question in range(1, QUESTIONS + 1):
        fill(image, bubble(page, question, keys[("A", question)]))  # all right
    scan = tmp_path / "upside-down.png"
    cv2.imwrite(str(scan), rotate(image, 180 + 2))
    graded = run_cli("grade", scan, "--layout", folder / "mock.omr.json", "-o", tmp_path / "r.csv")
    assert graded.code == 0, graded.err
    assert "series B is bubbled but the sheet's QR code says A" in graded.out
    rows = results_rows(tmp_path / "r.csv")
    assert {(r["roll"], r["series"], r["status"], r["score"]) for r in rows} == {
        ("00000042", "A", "doubtful", "0")}
    accepted = run_cli("grade", scan, "--layout", folder / "mock.omr.json",
                       "-o", tmp_path / "r.csv", "--accept")
    assert accepted.code == 0
    rows = results_rows(tmp_path / "r.csv")
    assert {(r["status"], r["score"]) for r in rows} == {("overridden", "2")}
    assert [r["marked"] for r in rows] == [keys[("A", q)] for q in range(1, QUESTIONS + 1)]


def test_a_corrected_key_csv_regrades_the_class(graded, tmp_path):
    folder, layout, keys, plans, result = graded
    scans = sorted(p for p in folder.iterdir() if p.stem in plans and p.suffix != ".csv")
    rows = list(csv.DictReader((folder / "key.csv").open(encoding="utf-8")))
    target = next(r for r in rows if r["set"] == "A" and r["question"] == "1")
    new_key = "d" if target["answer"] != "d" else "a"
    target["answer"] = new_key
    corrected = tmp_path / "key.csv"
    with corrected.open("w", encoding="utf-8", newline="") as out:
        writer = csv.DictWriter(out, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    regraded = run_cli("grade", *scans, "--layout", folder / "mock.omr.json", "--key", corrected,
                       "-o", tmp_path / "r.csv")
    assert regraded.code == 0, regraded.err
    assert "1 differ from the printed key" in regraded.out
    for row in results_rows(tmp_path / "r.csv"):
        if row["series"] == "A" and row["question"] == "1":
            assert row["key"] == new_key
            if row["status"] == "ok":
                assert (row["score"] == "2") == (row["marked"] == new_key)


def test_a_key_csv_of_another_paper_is_refused(paper, tmp_path):
    folder, pdf, layout, keys = paper
    key = tmp_path / "other.csv"
    key.write_text("set,question,answer,question_id\nA,1,b,q-000000000000\n", encoding="utf-8")
    result = run_cli("grade", folder / "mock.pdf", "--layout", folder / "mock.omr.json",
                     "--key", key)
    assert result.code == 2
    assert result.err.startswith(f"Error: {key}:2: question 1 of series A is q-")
    assert "this key is for another paper" in result.err


def test_a_sheet_without_a_roll_number_is_named_with_roll(paper, tmp_path):
    folder, pdf, layout, keys = paper
    page = sheet_page(layout, "B")
    image = render(pdf, page["page"])
    fill(image, bubble(page, 1, keys[("B", 1)]))
    scan = tmp_path / "noroll.png"
    cv2.imwrite(str(scan), image)
    unnamed = run_cli("grade", scan, "--layout", folder / "mock.omr.json")
    assert unnamed.code == 0
    assert f"no roll number bubbled (give it with --roll '{scan}=ROLL')" in unnamed.out
    assert unnamed.out.startswith("unknown-1 (series B): 2.00")
    named = run_cli("grade", scan, "--layout", folder / "mock.omr.json",
                    "--roll", f"{scan}=4711")
    assert named.out.startswith("00004711 (series B): 2.00"), named.out
    assert "check:" not in named.out
    wrong = run_cli("grade", scan, "--layout", folder / "mock.omr.json", "--roll", "other.png=1")
    assert wrong.code == 2 and "--roll names no sheet that was read: other.png" in wrong.err


def test_a_smudged_qr_code_falls_back_to_the_bubbled_series(paper, tmp_path):
    folder, pdf, layout, keys = paper
    page = sheet_page(layout, "B")
    image = render(pdf, page["page"])
    x, y, size = page["qr"]["x"], page["qr"]["y"], page["qr"]["size"]
    height = image.shape[0]
    cv2.rectangle(image, (int(x * SCALE), int(height - (y + size) * SCALE)),
                  (int((x + size) * SCALE), int(height - y * SCALE)), 90, -1)  # an ink blot
    bubble_roll(image, page, "00000077")
    bubble_series(image, page, "B")
    for question in range(1, QUESTIONS + 1):
        fill(image, bubble(page, question, keys[("B", question)]))
    scan = tmp_path / "blot.png"
    cv2.imwrite(str(scan), rotate(image, -2))
    graded = run_cli("grade", scan, "--layout", folder / "mock.omr.json", "-o", tmp_path / "r.csv")
    assert graded.code == 0, graded.err
    assert "the QR code could not be read; graded as the bubbled series B" in graded.out
    rows = results_rows(tmp_path / "r.csv")
    assert {(r["series"], r["status"], r["score"]) for r in rows} == {("B", "ok", "2")}

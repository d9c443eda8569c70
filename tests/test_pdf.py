"""`quizgen pdf`: worksheets read back with pypdf, as a tutor's printer would get them."""

from __future__ import annotations

import csv
import re
from pathlib import Path

import pypdf
import pytest

from conftest import DATA, MINI_BANK, MINI_TEMPLATES, run_cli
from quizgen.errors import ValidationError
from quizgen.model import Item, Question, SourceRef
from quizgen.pdf import WorksheetOptions, build_worksheet
from quizgen.pdf.layout import MARGIN_BOTTOM, MARGIN_X, PAGE_WIDTH
from quizgen.pdf.text import Run, line_width, wrap_runs

MINI = ("--bank", MINI_BANK, "--templates", MINI_TEMPLATES)
MARKUP = ("--bank", DATA / "pdf_markup" / "bank.yaml",
          "--templates", DATA / "pdf_markup" / "templates.yaml")
COUNT = 24
SERIES = "ABCD"


def squash(text: str) -> str:
    return " ".join(text.split())


def generated(*selection: str) -> list[Question]:
    """The questions `quizgen pdf` prints for the same selection options."""
    result = run_cli("generate", *selection, "--format", "json")
    assert result.code == 0, result.err
    return [Question.from_dict(d) for d in result.json()]


def page_text(reader: pypdf.PdfReader) -> list[str]:
    return [page.extract_text() for page in reader.pages]


def body_text(page: pypdf.PageObject) -> str:
    """A page's text without its footer (so text running on to the next page joins up)."""
    pieces = []

    def visit(text, cm, tm, font, size):
        if cm[5] + tm[5] >= MARGIN_BOTTOM - 10:
            pieces.append(text)

    page.extract_text(visitor_text=visit)
    return "".join(pieces)


def booklet_pages(reader: pypdf.PdfReader, series: str) -> list[pypdf.PageObject]:
    return [page for page in reader.pages
            if f"Booklet Series {series}" in (text := page.extract_text())
            and "OMR ANSWER SHEET" not in text]


def printed_questions(pages: list[pypdf.PageObject]) -> dict[int, tuple[str, list[str]]]:
    """Question number -> (stem text, option texts under (a)..(d)), from the drawn text.

    Question numbers are the bold "N." drawn at the left margin; options follow their
    "(a)".."(d)" labels; the footer (below the bottom margin) is left out.
    """
    questions: dict[int, tuple[list[str], list[list[str]]]] = {}
    current = None
    for page in pages:
        pieces = []

        def visit(text, cm, tm, font, size, pieces=pieces):
            if text.strip():
                pieces.append((text, str(font.get("/BaseFont", "")) if font else "",
                               cm[4] + tm[4], cm[5] + tm[5]))

        page.extract_text(visitor_text=visit)
        for text, font, x, y in pieces:
            if y < MARGIN_BOTTOM - 10:
                continue
            stripped = text.strip()
            if "Bold" in font and re.fullmatch(r"\d+\.", stripped) and abs(x - MARGIN_X) < 1:
                current = int(stripped[:-1])
                questions[current] = ([], [])
            elif current is None:
                continue
            elif re.fullmatch(r"\([abcd]\)", stripped):
                questions[current][1].append([])
            elif questions[current][1]:
                questions[current][1][-1].append(text)
            else:
                questions[current][0].append(text)
    return {n: (squash(" ".join(stem)), [squash(" ".join(o)) for o in options])
            for n, (stem, options) in questions.items()}


def read_key_csv(path: Path) -> dict[str, dict[int, tuple[str, str]]]:
    keys: dict[str, dict[int, tuple[str, str]]] = {}
    with open(path, newline="", encoding="utf-8") as f:
        rows = list(csv.reader(f))
    assert rows[0] == ["set", "question", "answer", "question_id"]
    for series, number, letter, question_id in rows[1:]:
        keys.setdefault(series, {})[int(number)] = (letter, question_id)
    return keys


@pytest.fixture(scope="module")
def mock(tmp_path_factory):
    """A 4-series mock with OMR sheets, explanations and a key CSV, printed once."""
    folder = tmp_path_factory.mktemp("mock")
    out, key_csv = folder / "mock.pdf", folder / "key.csv"
    result = run_cli("pdf", "-o", out, *MINI, "--count", COUNT, "--seed", 3,
                     "--sets", ",".join(SERIES), "--omr", "--explanations",
                     "--key-csv", key_csv, "--institute", "Sunrise IAS Academy",
                     "--date", "12 May 2026")
    assert result.code == 0, result.err
    questions = generated(*MINI, "--count", str(COUNT), "--seed", "3")
    return out, key_csv, questions, result


@pytest.fixture(scope="module")
def printed(mock):
    """Series letter -> its booklet's questions as read back (pypdf is slow: read once)."""
    reader = pypdf.PdfReader(mock[0])
    return {series: printed_questions(booklet_pages(reader, series)) for series in SERIES}


def test_every_question_and_option_of_every_series_is_printed(mock, printed):
    questions = mock[2]
    for series in SERIES:
        booklet = printed[series]
        assert sorted(booklet) == list(range(1, len(questions) + 1)), series
        seen = set()
        for question in questions:
            wanted = (expected_stem(question), sorted(squash(o) for o in question.options))
            matches = [n for n, (stem, options) in booklet.items()
                       if (stem, sorted(options)) == wanted and n not in seen]
            assert matches, f"series {series}: {question.stem!r} not printed with its options"
            seen.add(matches[0])
        assert len(seen) == len(questions)


def expected_stem(question: Question) -> str:
    """The stem as it reads off the page: lead, column headings, numbered items, closing line."""
    parts = [question.lead, *question.item_header]
    for item in question.items:
        parts.append(f"{item.label}:" if item.label.startswith("Statement") else f"{item.label}.")
        parts.extend(item.cells)
    parts.append(question.ask)
    return squash(" ".join(parts))


def test_each_series_key_matches_its_printed_order(mock, printed):
    _, key_csv, questions, _ = mock
    by_id = {q.id: q for q in questions}
    keys = read_key_csv(key_csv)
    assert sorted(keys) == list(SERIES)
    orders = {}
    for series in SERIES:
        assert sorted(keys[series]) == sorted(printed[series])
        for number, (letter, question_id) in keys[series].items():
            question = by_id[question_id]
            stem, options = printed[series][number]
            assert stem == expected_stem(question)
            # The option under the key's letter is the correct answer ...
            assert options["abcd".index(letter)] == squash(question.options[question.answer])
            # ... and statement-code options keep their conventional order in every series.
            if question.style != "single":
                assert options == [squash(o) for o in question.options], (series, number)
        orders[series] = [keys[series][n][1] for n in sorted(keys[series])]
    # Series differ in question order (and the key CSV covers every question in each).
    assert len({tuple(order) for order in orders.values()}) == len(SERIES)
    assert all(sorted(order) == sorted(by_id) for order in orders.values())


def test_printed_key_pages_agree_with_the_csv(mock):
    out, key_csv, _, _ = mock
    keys = read_key_csv(key_csv)
    text = "\n".join(page_text(pypdf.PdfReader(out)))
    key_part = text[text.index("Answer key:"):text.index("Explanations")]
    for i, series in enumerate(SERIES):
        start = key_part.index(f"Series {series}")
        end = key_part.index(f"Series {SERIES[i + 1]}") if i + 1 < len(SERIES) else None
        grid = dict((int(n), letter) for n, letter in
                    re.findall(r"(\d+)\s*\(([abcd])\)", key_part[start:end]))
        assert grid == {n: letter for n, (letter, _) in keys[series].items()}


def test_single_options_are_shuffled_between_series(mock, printed):
    _, key_csv, questions, _ = mock
    keys = read_key_csv(key_csv)
    options_by_id = {}
    for series in SERIES:
        for number, (_, question_id) in keys[series].items():
            options_by_id.setdefault(question_id, set()).add(tuple(printed[series][number][1]))
    singles = [q.id for q in questions if q.style == "single"]
    assert singles
    assert any(len(options_by_id[qid]) > 1 for qid in singles)


def test_explanations_and_sources_are_in_the_key(mock):
    out, _, questions, _ = mock
    text = squash(" ".join(body_text(page) for page in pypdf.PdfReader(out).pages))
    explanations = text[text.index("Explanations"):]
    for question in questions:
        assert squash(question.reason or question.explanation) in explanations
        for source in question.sources:
            assert squash(source.title) in explanations


def test_omr_sheet_has_a_row_for_every_question(mock):
    out, _, questions, _ = mock
    reader = pypdf.PdfReader(out)
    sheets = [t for t in page_text(reader) if "OMR ANSWER SHEET" in t]
    assert len(sheets) == len(SERIES)
    for sheet in sheets:
        assert "ROLL NUMBER" in sheet and "BOOKLET SERIES" in sheet
        numbers = set(re.findall(r"^\s*(\d+)\s*a\s*b\s*c\s*d\s*$", sheet, flags=re.M))
        assert numbers == {str(n) for n in range(1, len(questions) + 1)}


def test_pages_are_numbered_and_fonts_embedded(mock):
    out, *_ = mock
    reader = pypdf.PdfReader(out)
    texts = page_text(reader)
    for series in SERIES:
        pages = [t for t in texts if f"Booklet Series {series}" in t]
        total = len(pages)
        for n, t in enumerate(pages, start=1):
            assert f"Page {n} of {total}" in t
    for page in reader.pages:
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            assert re.fullmatch(r"/[A-Z]{6}\+DejaVuSerifCondensed(-Bold|-Italic)?",
                                font["/BaseFont"])
            assert "/FontFile2" in font["/FontDescriptor"].get_object()


def test_two_runs_are_byte_identical(tmp_path):
    first, second = tmp_path / "one.pdf", tmp_path / "two.pdf"
    for out in (first, second):
        result = run_cli("pdf", "-o", out, *MINI, "--count", 12, "--seed", 5, "--sets", "A,B",
                         "--omr", "--explanations", "--title", "Weekly test")
        assert result.code == 0, result.err
    assert first.read_bytes() == second.read_bytes()
    other = tmp_path / "other.pdf"
    assert run_cli("pdf", "-o", other, *MINI, "--count", 12, "--seed", 6, "--sets", "A,B").code == 0
    assert other.read_bytes() != first.read_bytes()


def test_markup_characters_and_rupee_print_as_written(tmp_path):
    out = tmp_path / "deals.pdf"
    result = run_cli("pdf", "-o", out, *MARKUP, "--count", 4, "--explanations",
                     "--title", "Deals & <Prices>", "--institute", "A&B <Academy>")
    assert result.code == 0, result.err
    text = squash(" ".join(page_text(pypdf.PdfReader(out))))
    for expected in ("Tata & Sons <Defence> contract", "L&T K9 Vajra > 100 guns order",
                     "Bharat Forge “Kalyani” artillery deal", "₹ 1,200 crore", "₹ 950 crore",
                     "(a < b & c > d)", "Deals <signed> & sealed", "Deals & <Prices>",
                     "A&B <ACADEMY>", "Bharat Forge — Kalyani group — ₹ 950 crore"):
        assert expected in text, expected
    assert "&amp;" not in text and "&lt;" not in text


def test_separate_key_and_no_key(tmp_path):
    out = tmp_path / "paper.pdf"
    result = run_cli("pdf", "-o", out, *MINI, "--count", 8, "--answer-key", "separate",
                     "--explanations")
    assert result.code == 0, result.err
    key = tmp_path / "paper-key.pdf"
    booklet_text = " ".join(page_text(pypdf.PdfReader(out)))
    key_text = " ".join(page_text(pypdf.PdfReader(key)))
    assert "Answer key" not in booklet_text
    assert "Answer key" in key_text and "Explanations" in key_text
    assert str(key) in result.out

    bare = tmp_path / "bare.pdf"
    assert run_cli("pdf", "-o", bare, *MINI, "--count", 8, "--answer-key", "none").code == 0
    assert "Answer key" not in " ".join(page_text(pypdf.PdfReader(bare)))
    assert not (tmp_path / "bare-key.pdf").exists()


@pytest.mark.parametrize("case", ["missing-folder", "folder", "under-a-file", "bad-csv-path"])
def test_unwritable_output_is_one_line_exit_2_and_leaves_nothing(tmp_path, case):
    (tmp_path / "a-file").write_text("x")
    (tmp_path / "folder").mkdir()
    out = {"missing-folder": tmp_path / "no" / "such" / "x.pdf",
           "folder": tmp_path / "folder",
           "under-a-file": tmp_path / "a-file" / "x.pdf",
           "bad-csv-path": tmp_path / "good.pdf"}[case]
    extra = ("--key-csv", tmp_path / "nowhere" / "k.csv") if case == "bad-csv-path" else ()
    before = sorted(p.name for p in tmp_path.rglob("*"))
    result = run_cli("pdf", "-o", out, *MINI, "--count", 5, *extra)
    assert result.code == 2
    lines = result.err.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("Error: ")
    assert "Traceback" not in result.err
    assert sorted(p.name for p in tmp_path.rglob("*")) == before  # no partial or temp file


@pytest.mark.parametrize("args, says", [
    (("--sets", "A,E"), "unknown booklet series 'E'"),
    (("--sets", "A,A"), "twice"),
    (("--count", "0"), "at least 1"),
    (("--time-allowed", "0"), "at least 1 minute"),
])
def test_bad_options_are_one_line_exit_2(tmp_path, args, says):
    out = tmp_path / "x.pdf"
    result = run_cli("pdf", "-o", out, *MINI, *args)
    assert result.code == 2
    assert says in result.err and len(result.err.strip().splitlines()) == 1
    assert not out.exists()
    assert list(tmp_path.iterdir()) == []


def _question(style: str, **fields) -> Question:
    base = dict(id=f"q-{style}", style=style, lead="", items=(), ask="",
                options=("one", "two", "three", "four"), answer=2,
                explanation="Because.", sources=(SourceRef("s", "A source", "a quote"),),
                topic="t", template="tpl", facts=("f",), bank="b")
    base.update(fields)
    return Question(**base)


def test_long_words_wrap_inside_the_column():
    from quizgen.pdf.fonts import register_fonts

    register_fonts()
    word = "Pneumonoultramicroscopicsilicovolcanoconiosis" * 6
    lines = wrap_runs([Run(f"A stem with {word} inside it and more words after.")], 200)
    assert all(line_width(line) <= 200 + 0.01 for line in lines)
    assert "".join(s.text for line in lines for s in line).replace(" ", "") == \
        f"Astemwith{word}insideitandmorewordsafter."

    question = _question("single", lead=f"Which one is {word}?",
                         options=(word, "two", "three", "four"), answer=0)
    pdf = build_worksheet([question], WorksheetOptions()).pdf
    reader = pypdf.PdfReader(__import__("io").BytesIO(pdf))
    right_edges = []

    def visit(text, cm, tm, font, size):
        if text.strip() and font:
            from quizgen.pdf.text import text_width
            name = "QuizgenSerif-Bold" if "Bold" in font["/BaseFont"] else (
                "QuizgenSerif-Italic" if "Italic" in font["/BaseFont"] else "QuizgenSerif")
            for line in text.splitlines():
                right_edges.append(cm[4] + tm[4] + text_width(line, name, size))

    reader.pages[0].extract_text(visitor_text=visit)
    assert right_edges and max(right_edges) <= PAGE_WIDTH - MARGIN_X + 1
    assert word in squash(reader.pages[0].extract_text()).replace(" ", "").replace("\n", "")


def test_a_question_too_long_for_a_page_is_reported():
    items = tuple(Item(str(n), (f"Statement number {n} is rather long. " * 4,))
                  for n in range(1, 80))
    question = _question("statements", lead="Consider:", items=items, ask="Which?")
    with pytest.raises(ValidationError, match="too long to print on one A4 page"):
        build_worksheet([question], WorksheetOptions())


def test_all_five_styles_from_hand_made_questions():
    """Layouts of every style, including a pairs table under its column headings."""
    questions = [
        _question("single", lead="Which one of the following signed COMCASA?"),
        _question("statements", lead="Consider the following statements:",
                  items=(Item("1", ("COMCASA was signed in 2018.",)),
                         Item("2", ("LEMOA was signed in 2016.",))),
                  ask="Which of the statements given above is/are correct?",
                  options=("1 only", "2 only", "Both 1 and 2", "Neither 1 nor 2")),
        _question("how-many", lead="Consider the following statements:",
                  items=tuple(Item(str(n), (f"Statement {n}.",)) for n in (1, 2, 3)),
                  ask="How many of the statements given above are correct?",
                  options=("Only one", "Only two", "All three", "None")),
        _question("pairs", lead="Consider the following pairs:",
                  items=(Item("1", ("COMCASA", "2018")), Item("2", ("LEMOA", "2016"))),
                  item_header=("Agreement", "Year of signing"),
                  ask="How many of the pairs given above are correctly matched?",
                  options=("Only one pair", "Both pairs", "None of the pairs", "Cannot say")),
        _question("assertion-reason", lead="Consider the following statements:",
                  items=(Item("Statement-I", ("India signed COMCASA.",)),
                         Item("Statement-II", ("It allows encrypted links.",))),
                  ask="Which one of the following is correct?",
                  options=("Both correct, II explains I", "Both correct, II does not explain I",
                           "I correct, II incorrect", "I incorrect, II correct")),
    ]
    sheet = build_worksheet(questions, WorksheetOptions(series=("A", "B", "C", "D"), seed=1))
    reader = pypdf.PdfReader(__import__("io").BytesIO(sheet.pdf))
    for series in sheet.series:
        printed = printed_questions(booklet_pages(reader, series.letter))
        assert len(printed) == 5
        for number, index in enumerate(series.order, start=1):
            stem, options = printed[number]
            question = questions[index]
            assert options[series.answers[number - 1]] == question.options[question.answer]
            if question.style == "pairs":
                assert "Agreement Year of signing" in stem
                assert "COMCASA 2018" in stem
            if question.style == "assertion-reason":
                assert "Statement-I: India signed COMCASA." in stem


def test_booklet_pages_are_filled_to_the_bottom():
    """No half-empty pages: every booklet page but the last ends near the bottom margin, even
    when tall questions come at the wrong moment for a plain page-by-page fill."""
    import io

    from quizgen.pdf.layout import FRAME_HEIGHT

    tall_options = tuple(f"Option {k}: " + "a long verdict on both statements " * 4
                         for k in range(4))
    questions = [
        _question("assertion-reason", id=f"q{i}", lead="Consider the following statements:",
                  items=(Item("Statement-I", ("A claim that runs to two lines of text. " * 3,)),
                         Item("Statement-II", ("A reason that runs on as well. " * 4,))),
                  ask="Which one of the following is correct?", options=tall_options)
        if i % 5 == 4 else
        _question("single", id=f"q{i}", lead=f"Short question number {i}?")
        for i in range(60)
    ]
    sheet = build_worksheet(questions, WorksheetOptions(series=("A", "B"), answer_key="none"))
    reader = pypdf.PdfReader(io.BytesIO(sheet.pdf))
    for series in ("A", "B"):
        pages = booklet_pages(reader, series)
        for number, page in enumerate(pages[:-1], start=1):
            lowest = []

            def visit(text, cm, tm, font, size, lowest=lowest):
                y = cm[5] + tm[5]
                if text.strip() and y >= MARGIN_BOTTOM - 10:
                    lowest.append(y)

            page.extract_text(visitor_text=visit)
            assert min(lowest) < MARGIN_BOTTOM + 0.1 * FRAME_HEIGHT, (series, number)


def test_characters_the_font_lacks_are_reported():
    # Tamil has no bundled font (Devanagari has: see test_pdf_hindi.py).
    question = _question("single", lead="Which city is தமிழ்நாடு's capital? 🙂")
    sheet = build_worksheet([question], WorksheetOptions())
    assert any("U+0BA4" in w and "question q-single" in w for w in sheet.warnings)
    assert any("U+1F642" in w for w in sheet.warnings)
    assert build_worksheet([_question("single", lead="₹ – — “quoted” café भारत की राजधानी")],
                           WorksheetOptions()).warnings == []


def test_explanations_without_a_key_is_refused(tmp_path):
    result = run_cli("pdf", "-o", tmp_path / "x.pdf", *MINI, "--explanations",
                     "--answer-key", "none")
    assert result.code == 2 and "--answer-key end or separate" in result.err
    assert list(tmp_path.iterdir()) == []

"""`quizgen export`: every format read back with a real parser (sqlite3 inside the .apkg zip,
an XML parser, a GIFT reader, the csv module, LibreOffice), stable Anki GUIDs, bad input."""

from __future__ import annotations

import csv
import html
import io
import json
import re
import shutil
import sqlite3
import subprocess
import zipfile
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from hypothesis import given, settings, strategies as st

from conftest import MINI_BANK, MINI_TEMPLATES, run_cli
from quizgen.export import ExportOptions, REGISTRY
from quizgen.export import gift
from quizgen.model import Item, Question, SourceRef

MINI = ["--bank", MINI_BANK, "--templates", MINI_TEMPLATES]
STAMP = ["--timestamp", "1764460800"]  # 2025-11-30


def export(tmp_path: Path, fmt: str, *args: str, name: str | None = None) -> Path:
    out = tmp_path / (name or f"out-{fmt}")
    result = run_cli("export", "--format", fmt, "-o", out, *MINI, *STAMP, *args)
    assert result.code == 0, result.err
    assert result.out == ""
    return out


def questions_json(*args: str) -> list[dict]:
    result = run_cli("generate", *MINI, "--count", "100000", *args)
    assert result.code == 0, result.err
    return result.json()


def apkg_notes(path: Path, tmp_path: Path) -> tuple[list[dict], dict]:
    """The notes and note types in the collection inside an .apkg."""
    with zipfile.ZipFile(path) as package:
        assert {"collection.anki2", "media"} <= set(package.namelist())
        db_file = tmp_path / f"{path.name}.anki2"
        db_file.write_bytes(package.read("collection.anki2"))
    conn = sqlite3.connect(db_file)
    try:
        models = json.loads(conn.execute("SELECT models FROM col").fetchone()[0])
        notes = [{"guid": guid, "mid": mid, "fields": flds.split("\x1f"), "tags": tags.split(),
                  "mod": mod}
                 for guid, mid, flds, tags, mod in conn.execute(
                     "SELECT guid, mid, flds, tags, mod FROM notes ORDER BY id")]
        cards = conn.execute("SELECT COUNT(*) FROM cards").fetchone()[0]
    finally:
        conn.close()
    return notes, {"models": models, "cards": cards}


# -- registry ------------------------------------------------------------------------------------

def test_the_command_lists_the_registry_formats():
    from quizgen.commands.export import FORMATS

    assert FORMATS == tuple(REGISTRY)
    assert {"anki", "anki-facts", "moodle", "gift", "forms", "csv", "json", "markdown"} == set(FORMATS)


# -- Anki ------------------------------------------------------------------------------------------

ANKI_FIELDS = ["Stem", "OptionA", "OptionB", "OptionC", "OptionD", "Key", "Answer", "Reason",
               "Sources", "Family", "QuestionId"]


def test_anki_one_note_per_question_with_the_fixed_note_type(tmp_path):
    path = export(tmp_path, "anki", "--seed", "3", name="deck.apkg")
    expected = questions_json("--seed", "3")
    notes, col = apkg_notes(path, tmp_path)
    assert len(notes) == len(expected) == col["cards"]
    (model,) = col["models"].values()
    assert [f["name"] for f in model["flds"]] == ANKI_FIELDS  # never change: Anki skips updates
    assert int(model["id"]) == 1_587_306_449
    assert all(n["mid"] == 1_587_306_449 for n in notes)
    by_id = {q["id"]: q for q in expected}
    for note in notes:
        fields = dict(zip(ANKI_FIELDS, note["fields"]))
        question = by_id[fields["QuestionId"]]
        assert fields["Family"] == question["family"]
        assert html.unescape(fields[f"Option{'ABCD'[question['answer']]}"]) == question["options"][question["answer"]]
        assert fields["Key"] == "abcd"[question["answer"]]
        assert f"topic::{question['topic']}" in note["tags"]
        assert f"style::{question['style']}" in note["tags"] and "bank::mini" in note["tags"]
        assert note["mod"] == 1764460800
        for item in question["items"]:
            assert html.escape(item["cells"][0], quote=False) in fields["Stem"]
    assert len({n["guid"] for n in notes}) == len(notes)


def test_anki_export_is_byte_identical_for_the_same_timestamp(tmp_path):
    first = export(tmp_path, "anki", name="a.apkg").read_bytes()
    second = export(tmp_path, "anki", name="b.apkg").read_bytes()
    assert first == second


def test_anki_guids_follow_the_family_across_seeds(tmp_path):
    notes_a, _ = apkg_notes(export(tmp_path, "anki", "--seed", "1", "--count", "12", name="s1.apkg"), tmp_path)
    notes_b, _ = apkg_notes(export(tmp_path, "anki", "--seed", "2", "--count", "12", name="s2.apkg"), tmp_path)
    guid_a = {n["fields"][9]: n["guid"] for n in notes_a}
    guid_b = {n["fields"][9]: n["guid"] for n in notes_b}
    shared = set(guid_a) & set(guid_b)
    assert shared, "two seeds should share some families"
    assert all(guid_a[f] == guid_b[f] for f in shared)
    # and the question itself may differ (options, key slot) while the GUID stays
    text_a = {n["fields"][9]: n["fields"][:5] for n in notes_a}
    text_b = {n["fields"][9]: n["fields"][:5] for n in notes_b}
    assert any(text_a[f] != text_b[f] for f in shared)


def test_anki_guids_survive_a_fact_wording_edit_and_text_is_escaped(tmp_path):
    bank = tmp_path / "bank.yaml"
    original = MINI_BANK.read_text(encoding="utf-8")
    edited = original.replace("Communications Compatibility and Security Agreement",
                              "Communications Compatibility <and> Security Agreement & Co")
    assert edited != original
    bank.write_text(original, encoding="utf-8")
    before = tmp_path / "before.apkg"
    assert run_cli("export", "--format", "anki", "-o", before, "--bank", bank, "--templates",
                   MINI_TEMPLATES, *STAMP).code == 0
    bank.write_text(edited, encoding="utf-8")
    after = tmp_path / "after.apkg"
    result = run_cli("export", "--format", "anki", "-o", after, "--bank", bank, "--templates",
                     MINI_TEMPLATES, *STAMP)
    assert result.code == 0, result.err
    old, _ = apkg_notes(before, tmp_path)
    new, _ = apkg_notes(after, tmp_path)
    old_guids = {n["fields"][9]: n["guid"] for n in old}
    new_guids = {n["fields"][9]: n["guid"] for n in new}
    assert old_guids == new_guids
    changed = [n for n in new if "&lt;and&gt; Security Agreement &amp; Co" in "".join(n["fields"])]
    assert changed, "the new wording reaches the notes"
    assert not any("<and>" in "".join(n["fields"]) for n in new)


def test_anki_card_preview_fills_every_field():
    from quizgen.export.anki import preview_html

    page = preview_html(hostile_question())
    assert "{{" not in page and "Answer: (c) Both 1 and 2" in page
    assert "Consider &lt;these&gt; &amp; those" in page and "<these>" not in page
    assert page.count('<li value="1">') == 2  # front, and the front again on the back


def test_anki_facts_cloze_cards_one_per_claim(tmp_path):
    notes, col = apkg_notes(export(tmp_path, "anki-facts", name="facts.apkg"), tmp_path)
    (model,) = col["models"].values()
    assert model["type"] == 1  # cloze
    assert [f["name"] for f in model["flds"]] == ["Text", "Sources", "Fact", "Claim"]
    texts = [n["fields"][0] for n in notes]
    assert "COMCASA was signed in {{c1::2018}}." in texts  # the resolved year, not 2019
    assert "India signed LEMOA with the USA in {{c1::2016}}." not in texts  # not a mini claim
    assert "LEMOA stands for {{c1::Logistics Exchange Memorandum of Agreement}}." in texts
    assert all(t.count("{{c1::") == 1 for t in texts)
    assert len({n["guid"] for n in notes}) == len(notes)
    assert col["cards"] == len(notes)


# -- Moodle XML ------------------------------------------------------------------------------------

# Moodle's allowed grades (question_bank::fraction_options_full), in percent.
MOODLE_GRADES = {100, 90, 83.33333, 80, 75, 70, 66.66667, 60, 50, 40, 33.33333, 30, 25, 20,
                 16.66667, 14.28571, 12.5, 11.11111, 10, 5, 0}
MOODLE_GRADES |= {-g for g in MOODLE_GRADES}


def test_moodle_xml_has_the_structure_moodle_imports(tmp_path):
    path = export(tmp_path, "moodle", name="bank.xml")
    expected = {q["id"]: q for q in questions_json()}
    root = ET.parse(path).getroot()
    assert root.tag == "quiz"
    kinds = [q.get("type") for q in root.findall("question")]
    assert kinds[0] == "category" and set(kinds) == {"category", "multichoice"}
    categories = [q.findtext("category/text") for q in root.findall("question[@type='category']")]
    assert categories and all(c.startswith("$course$/top/quizgen/mini/") for c in categories)
    multichoice = root.findall("question[@type='multichoice']")
    assert len(multichoice) == len(expected)
    layouts = set()
    for q in multichoice:
        question = expected[q.findtext("idnumber")]
        assert q.findtext("single") == "true"
        assert q.find("questiontext").get("format") == "html"
        answers = q.findall("answer")
        assert len(answers) == 4
        fractions = [float(a.get("fraction")) for a in answers]
        assert all(f in MOODLE_GRADES for f in fractions)
        assert fractions.count(100) == 1 and fractions.count(-33.33333) == 3
        key = answers[fractions.index(100)]
        assert html.unescape(key.findtext("text")) == question["options"][question["answer"]]
        feedback = q.findtext("generalfeedback/text")
        assert html.escape(question["reason"], quote=False) in feedback
        stem = q.findtext("questiontext/text")
        if question["items"] and question["item_header"]:
            assert stem.count("<tr>") == len(question["items"]) + 1
            layouts.add("table")
        elif question["style"] in ("statements", "how-many"):
            assert stem.count("<li") == len(question["items"])
            layouts.add("list")
    assert layouts == {"table", "list"}


def hostile_question(**changes) -> Question:
    fields = dict(
        id="q-1", style="statements", lead="Consider <these> & those: {a} ~ b = c # d \\ e",
        items=(Item("1", ("Statement one ]]> ends CDATA",)), Item("2", ("₹ 5,000 करोड़ for ~ roads",))),
        ask="Which of the statements given above is/are correct?",
        options=("1 only", "2 only", "Both 1 and 2", "Neither 1 nor 2 {x}"), answer=2,
        explanation="Both hold. Source: A & B.", reason="Both hold: a <b> tag & ]]> too.",
        sources=(SourceRef("s", "A & B", "said “so” <here>"),), topic="t", template="tpl",
        facts=("f",), bank="b/k", family="fam-1")
    fields.update(changes)
    return Question(**fields)


def test_moodle_escapes_and_cdata_round_trip():
    question = hostile_question()
    root = ET.fromstring(REGISTRY["moodle"].write([question], ExportOptions()))
    q = root.find("question[@type='multichoice']")
    stem = q.findtext("questiontext/text")
    assert "Statement one ]]&gt; ends CDATA" in stem and "Consider &lt;these&gt; &amp; those" in stem
    assert "₹ 5,000 करोड़" in stem
    assert "a &lt;b&gt; tag &amp; ]]&gt; too" in q.findtext("generalfeedback/text")
    assert root.find("question[@type='category']").findtext("category/text") == "$course$/top/quizgen/b//k/t"


def test_cdata_holds_any_text():
    from quizgen.export.moodle import cdata

    text = "a ]]> b ]]]]> <c> & d"
    assert ET.fromstring(f"<t>{cdata(text)}</t>").text == text


# -- GIFT ------------------------------------------------------------------------------------------

@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=40))
def test_gift_escaping_round_trips(text):
    text = text.replace("\r", "")
    escaped = gift.escape(text)
    assert gift.unescape(escaped) == text
    assert "\n" not in escaped
    bare = re.sub(r"\\.", "", escaped)  # what is left once every escape pair is removed
    assert not set(bare) & set("~=#{}:\\")


def read_gift(text: str) -> list[dict]:
    """Moodle's GIFT reader (question/format/gift/format.php: readdata splits at blank lines,
    readquestion) redone for multiple-choice questions: what Moodle would import."""
    placeholders = {"\\:": "&&058;", "\\#": "&&035;", "\\=": "&&061;", "\\{": "&&123;",
                    "\\}": "&&125;", "\\~": "&&126;", "\\n": "&&010"}
    characters = {"&&058;": ":", "&&035;": "#", "&&061;": "=", "&&123;": "{", "&&125;": "}",
                  "&&126;": "~", "&&010": "\n"}

    def pre(string):
        string = string.replace("\\\\", "&&092;")
        for escaped, placeholder in placeholders.items():
            string = string.replace(escaped, placeholder)
        return string.replace("&&092;", "\\")

    def post(string):
        for placeholder, character in characters.items():
            string = string.replace(placeholder, character)
        return string

    def with_format(string):
        fmt = "moodle"
        if string.startswith("["):
            end = string.index("]")
            fmt, string = string[1:end], string[end + 1:]
        return fmt, post(string).strip()

    blocks, current = [], []
    for line in text.split("\n"):
        if line.strip():
            current.append(line)
        elif current:
            blocks.append(current)
            current = []
    if current:
        blocks.append(current)
    questions = []
    for lines in blocks:
        lines = [" " if line.strip().startswith("//") else line for line in lines]
        body = pre("\n".join(lines).strip())
        if not body or body.startswith("$CATEGORY:"):
            continue
        name = None
        if body.startswith("::"):
            body = body[2:]
            name, body = post(body[:body.index("::")]), body[body.index("::") + 2:].strip()
        start, finish = body.index("{"), body.index("}")
        answers = body[start + 1:finish].strip()
        stem = body[:start] + body[finish + 1:]
        feedback = ""
        if "####" in answers:
            at = answers.rindex("####")
            answers, feedback = answers[:at].strip(), answers[at + 4:]
        fmt, stem_text = with_format(stem.strip())
        assert "~" in answers, "Moodle reads a multichoice question only with a ~ answer"
        single = "=" in answers
        parsed = []
        for answer in [a.strip() for a in answers.replace("=", "~=").split("~") if a.strip()]:
            if answer.startswith("="):
                weight, answer = 1.0, answer[1:]
            elif re.match(r"^%-*([0-9]{1,2})\.?([0-9]*)%", answer):
                inner = answer[1:answer.index("%", 1)]
                weight, answer = float(inner) / 100, answer[answer.index("%", 1) + 1:]
            else:
                weight = 0.0
            parsed.append((weight, with_format(answer.split("#", 1)[0].strip())[1]))
        questions.append({"name": name, "format": fmt, "stem": stem_text, "single": single,
                          "answers": parsed, "feedback": with_format(feedback.strip())[1]})
    return questions


def test_gift_file_reads_back(tmp_path):
    path = export(tmp_path, "gift", name="q.gift")
    expected = questions_json()
    parsed = read_gift(path.read_text(encoding="utf-8"))
    assert len(parsed) == len(expected)
    for question, read in zip(expected, parsed):
        assert read["format"] == "html" and read["single"]
        weights = [round(w, 7) for w, _ in read["answers"]]
        assert weights.count(1.0) == 1 and weights.count(-0.3333333) == 3
        assert all(round(w * 100, 5) in MOODLE_GRADES for w in weights)
        key = read["answers"][weights.index(1.0)][1]
        assert html.unescape(key) == question["options"][question["answer"]]
        assert html.escape(question["reason"], quote=False) in read["feedback"]
        if question["items"]:  # the stem keeps one line per item
            assert read["stem"].count("\n") >= len(question["items"])


def test_gift_keeps_hostile_text_intact():
    question = hostile_question()
    (read,) = read_gift(REGISTRY["gift"].write([question], ExportOptions()).decode("utf-8"))
    assert read["name"] == "Q1 q-1"
    assert "Consider &lt;these&gt; &amp; those: {a} ~ b = c # d \\ e" in read["stem"]
    assert "₹ 5,000 करोड़ for ~ roads" in read["stem"]
    assert html.unescape(read["answers"][3][1]) == "Neither 1 nor 2 {x}"
    assert read["answers"][2][0] == 1.0
    assert "a &lt;b&gt; tag &amp; ]]&gt; too" in read["feedback"]


# -- CSV ---------------------------------------------------------------------------------------------

CSV_COLUMNS = ["id", "family", "style", "topic", "stem", "option_a", "option_b", "option_c",
               "option_d", "answer", "explanation", "sources"]


def test_csv_reads_back_with_the_csv_module(tmp_path):
    path = export(tmp_path, "csv", name="q.csv")
    data = path.read_bytes()
    assert data.startswith(b"\xef\xbb\xbf")
    rows = list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"), newline="")))
    expected = questions_json()
    assert list(rows[0]) == CSV_COLUMNS and len(rows) == len(expected)
    for row, question in zip(rows, expected):
        assert row["id"] == question["id"] and row["family"] == question["family"]
        assert row["stem"] == question["stem"]
        assert row[f"option_{row['answer']}"] == question["options"][question["answer"]]


def test_csv_keeps_rupee_and_devanagari_through_libreoffice(tmp_path):
    data = REGISTRY["csv"].write([hostile_question()], ExportOptions())
    path = tmp_path / "hindi.csv"
    path.write_bytes(data)
    (row,) = csv.DictReader(io.StringIO(data.decode("utf-8-sig"), newline=""))
    assert "₹ 5,000 करोड़ for ~ roads" in row["stem"]
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        pytest.skip("LibreOffice is not installed (apt-get install libreoffice-calc-nogui)")
    profile = tmp_path / "lo-profile"
    # Headless conversion takes the character set from the filter options (76: UTF-8; without
    # them it reads the bytes as Latin-1 even after a byte-order mark); the BOM is for Excel.
    subprocess.run([soffice, f"-env:UserInstallation=file://{profile}", "--headless",
                    "--infilter=CSV:44,34,76,1", "--convert-to", "xlsx", "--outdir",
                    str(tmp_path), str(path)],
                   check=True, capture_output=True, timeout=120)
    from openpyxl import load_workbook

    sheet = load_workbook(tmp_path / "hindi.xlsx").active
    header = [c.value for c in sheet[1]]
    assert header == CSV_COLUMNS
    stem = sheet.cell(row=2, column=CSV_COLUMNS.index("stem") + 1).value
    assert "₹ 5,000 करोड़ for ~ roads" in stem


# -- Google Forms ------------------------------------------------------------------------------------

def test_forms_script_creates_a_quiz_and_carries_the_key(tmp_path):
    from quizgen.export.forms import read_key

    path = export(tmp_path, "forms", "--title", "Mock 1", name="mock.gs")
    text = path.read_text(encoding="utf-8")
    assert "function createQuiz()" in text and "form.setIsQuiz(true)" in text
    quiz = json.loads(re.search(r"^var QUIZ = (.*);$", text, re.M).group(1))
    expected = questions_json()
    assert quiz["title"] == "Mock 1" and len(quiz["questions"]) == len(expected)
    titles = [q["title"] for q in quiz["questions"]]
    assert len(set(titles)) == len(titles)
    for number, (item, question) in enumerate(zip(quiz["questions"], expected), start=1):
        assert item["title"].startswith(f"Q{number}. ") and item["points"] == 2
        assert item["choices"][item["answer"]] == f"({'abcd'[question['answer']]}) {question['options'][question['answer']]}"
    assert [q["id"] for q in read_key(text)] == [q["id"] for q in expected]
    node = shutil.which("node")
    if node:  # the script is valid JavaScript
        subprocess.run([node, "--check", str(path.rename(path.with_suffix(".js")))],
                       check=True, capture_output=True)


# -- bad input ---------------------------------------------------------------------------------------

def test_unknown_format_is_one_line_exit_2(tmp_path):
    result = run_cli("export", "--format", "docx", "-o", tmp_path / "x.docx", *MINI)
    assert result.code == 2
    assert len(result.err.strip().splitlines()) == 1 and result.err.startswith("Error: ")
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("where", ["missing-folder", "folder", "under-a-file", "device"])
def test_unwritable_path_is_one_line_exit_2_and_no_file(tmp_path, where):
    if where == "missing-folder":
        target = tmp_path / "nope" / "deck.apkg"
    elif where == "folder":
        target = tmp_path
    elif where == "under-a-file":
        (tmp_path / "notes.txt").write_text("x")
        target = tmp_path / "notes.txt" / "deck.apkg"
    else:
        target = Path("/dev/null")  # renaming over it would replace the device node
    before = sorted(p.name for p in tmp_path.rglob("*"))
    result = run_cli("export", "--format", "anki", "-o", target, *MINI)
    assert result.code == 2, result.err
    assert len(result.err.strip().splitlines()) == 1 and result.err.startswith("Error: ")
    assert sorted(p.name for p in tmp_path.rglob("*")) == before


@pytest.mark.parametrize("stamp", ["nan", "inf", "-5", "soon"])
def test_a_bad_timestamp_is_one_line_exit_2(tmp_path, stamp):
    result = run_cli("export", "--format", "anki", "-o", tmp_path / "d.apkg", *MINI, "--timestamp", stamp)
    assert result.code == 2 and result.err.startswith("Error: ") and len(result.err.splitlines()) == 1
    result = run_cli("export", "--format", "anki", "-o", tmp_path / "d.apkg", *MINI,
                     environ={"SOURCE_DATE_EPOCH": stamp})
    assert result.code == 2 and "SOURCE_DATE_EPOCH" in result.err
    assert list(tmp_path.iterdir()) == []


def test_source_date_epoch_fixes_the_timestamp(tmp_path):
    first, second = tmp_path / "a.apkg", tmp_path / "b.apkg"
    for path in (first, second):
        assert run_cli("export", "--format", "anki", "-o", path, *MINI,
                       environ={"SOURCE_DATE_EPOCH": "1764460800"}).code == 0
    assert first.read_bytes() == second.read_bytes()
    notes, _ = apkg_notes(first, tmp_path)
    assert {n["mod"] for n in notes} == {1764460800}


def test_export_to_standard_output(tmp_path):
    import sys

    result = subprocess.run([sys.executable, "-m", "quizgen", "export", "--format", "moodle",
                             "-o", "-", *map(str, MINI), "--count", "2"],
                            capture_output=True, check=True)
    root = ET.fromstring(result.stdout)
    assert len(root.findall("question[@type='multichoice']")) == 2
    assert b"Wrote standard output: moodle from 2 questions" in result.stderr


FAKE_FORM_APP = """
var made = {items: []};
function chain(record) {
  return new Proxy(record, {get: function (target, name) {
    if (name === 'createChoice') return function (text, correct) { return {text: text, correct: correct}; };
    if (name === 'build') return function () { return target; };
    return function (value) { target[name] = value; return chain(target); };
  }});
}
var FormApp = {
  create: function (title) {
    made.title = title;
    return {
      setIsQuiz: function (v) { made.quiz = v; }, setDescription: function (v) { made.description = v; },
      addTextItem: function () { var r = {kind: 'text'}; made.items.push(r); return chain(r); },
      addMultipleChoiceItem: function () { var r = {kind: 'choice'}; made.items.push(r); return chain(r); },
      getPublishedUrl: function () { return 'share'; }, getEditUrl: function () { return 'edit'; },
    };
  },
  createFeedback: function () { return chain({}); },
};
var Logger = {log: function () {}};
"""


def test_forms_script_runs_against_a_stand_in_for_google_forms(tmp_path):
    """The script's own code, run by node with a FormApp that records what it is asked to make."""
    node = shutil.which("node")
    if node is None:
        pytest.skip("node is not installed")
    path = export(tmp_path, "forms", "--count", "6", "--title", "Mock 1", name="mock.gs")
    runner = tmp_path / "run.js"
    runner.write_text(FAKE_FORM_APP + path.read_text(encoding="utf-8")
                      + "\ncreateQuiz();\nconsole.log(JSON.stringify(made));\n", encoding="utf-8")
    made = json.loads(subprocess.run([node, str(runner)], check=True, capture_output=True,
                                     text=True).stdout)
    expected = questions_json("--count", "6")
    assert made["title"] == "Mock 1" and made["quiz"] is True
    name_item, *items = made["items"]
    assert name_item == {"kind": "text", "setTitle": "Name or roll number", "setRequired": True}
    assert len(items) == len(expected)
    for item, question in zip(items, expected):
        assert item["setPoints"] == 2
        correct = [c["text"] for c in item["setChoices"] if c["correct"]]
        assert correct == [f"({'abcd'[question['answer']]}) {question['options'][question['answer']]}"]
        assert len(item["setChoices"]) == 4
        assert question["reason"] in item["setFeedbackForIncorrect"]["setText"]


# -- languages ---------------------------------------------------------------------------------------

BILINGUAL_DATA = Path(__file__).parent / "data" / "bilingual"
BILINGUAL = ["--bank", BILINGUAL_DATA / "bank.yaml", "--templates", BILINGUAL_DATA / "templates.yaml",
             "--count", "6", "--seed", "3"]


def bilingual_export(tmp_path: Path, fmt: str, lang: str) -> Path:
    out = tmp_path / f"{lang}-{fmt}"
    result = run_cli("export", "--format", fmt, "-o", out, *BILINGUAL, *STAMP, "--lang", lang)
    assert result.code == 0, result.err
    return out


def bilingual_json() -> list[dict]:
    result = run_cli("generate", "--format", "json", "--lang", "both", *BILINGUAL)
    assert result.code == 0, result.err
    return result.json()


@pytest.mark.parametrize("fmt", ["anki", "moodle", "gift", "forms", "csv", "markdown"])
def test_lang_en_exports_what_it_did_before_lang_existed(tmp_path, fmt):
    out = tmp_path / "plain"
    assert run_cli("export", "--format", fmt, "-o", out, *BILINGUAL, *STAMP).code == 0
    assert bilingual_export(tmp_path, fmt, "en").read_bytes() == out.read_bytes()


def test_anki_in_both_languages_shows_the_hindi_after_the_english_same_guids(tmp_path):
    expected = bilingual_json()
    en, _ = apkg_notes(bilingual_export(tmp_path, "anki", "en"), tmp_path)
    both, _ = apkg_notes(bilingual_export(tmp_path, "anki", "both"), tmp_path)
    hi, _ = apkg_notes(bilingual_export(tmp_path, "anki", "hi"), tmp_path)
    assert [n["guid"] for n in both] == [n["guid"] for n in en] == [n["guid"] for n in hi]
    for note, english, hindi, question in zip(both, en, hi, expected):
        stem = html.unescape(note["fields"][0])
        ask_hi = question["ask_hi"] or question["lead_hi"]
        assert stem.index(question["lead"] or question["ask"]) < stem.index(ask_hi)
        assert html.unescape(hindi["fields"][0]).count(ask_hi) and \
            (question["lead"] or question["ask"]) not in html.unescape(hindi["fields"][0])
        for letter, (option, option_hi) in enumerate(zip(question["options"], question["options_hi"])):
            field = html.unescape(note["fields"][1 + letter])
            assert field.startswith(option) and field.endswith(option_hi)
        # The key (answer field) names the same letter in every language.
        assert [n["fields"][5] for n in (note, english, hindi)] == ["abcd"[question["answer"]]] * 3


def test_moodle_in_both_languages_reads_back_with_both(tmp_path):
    expected = {q["id"]: q for q in bilingual_json()}
    root = ET.parse(bilingual_export(tmp_path, "moodle", "both")).getroot()
    multichoice = root.findall("question[@type='multichoice']")
    assert len(multichoice) == len(expected)
    for q in multichoice:
        question = expected[q.findtext("idnumber")]
        text = html.unescape(q.findtext("questiontext/text"))
        assert question["ask_hi"] in text or question["lead_hi"] in text
        answers = q.findall("answer")
        right = [a for a in answers if a.get("fraction") == "100"]
        assert len(right) == 1
        assert html.unescape(right[0].findtext("text")) == \
            f"{question['options'][question['answer']]}<br>{question['options_hi'][question['answer']]}"


def test_gift_in_hindi_reads_back_with_the_english_key(tmp_path):
    expected = bilingual_json()
    for lang in ("hi", "both"):
        parsed = read_gift(bilingual_export(tmp_path, "gift", lang).read_text(encoding="utf-8"))
        assert len(parsed) == len(expected)
        for question, read in zip(expected, parsed):
            assert question["id"] in read["name"]
            weights = [round(w, 7) for w, _ in read["answers"]]
            key = html.unescape(read["answers"][weights.index(1.0)][1])
            hindi = question["options_hi"][question["answer"]]
            assert key == (hindi if lang == "hi" else f"{question['options'][question['answer']]}<br>{hindi}")


def test_forms_in_both_languages_carries_the_english_key(tmp_path):
    from quizgen.export.forms import read_key

    text = bilingual_export(tmp_path, "forms", "both").read_text(encoding="utf-8")
    quiz = json.loads(re.search(r"^var QUIZ = (.*);$", text, re.M).group(1))
    expected = bilingual_json()
    for item, question in zip(quiz["questions"], expected):
        right = item["choices"][item["answer"]]
        assert right.startswith(f"({'abcd'[question['answer']]}) {question['options'][question['answer']]}")
        assert right.endswith(question["options_hi"][question["answer"]])
        assert any(question[k] and question[k] in json.dumps(item, ensure_ascii=False)
                   for k in ("ask_hi", "lead_hi"))
    assert [q["id"] for q in read_key(text)] == [q["id"] for q in expected]


def test_csv_in_both_languages_adds_hindi_columns(tmp_path):
    expected = bilingual_json()
    data = bilingual_export(tmp_path, "csv", "both").read_bytes()
    reader = csv.DictReader(io.StringIO(data.decode("utf-8-sig"), newline=""))
    assert reader.fieldnames[-5:] == ["stem_hi", "option_a_hi", "option_b_hi", "option_c_hi",
                                      "option_d_hi"]
    rows = list(reader)
    assert [r["id"] for r in rows] == [q["id"] for q in expected]
    for row, question in zip(rows, expected):
        assert row["stem"] == question["stem"] and row["stem_hi"] == question["stem_hi"]
        assert [row[f"option_{x}_hi"] for x in "abcd"] == question["options_hi"]
        assert row["answer"] == "abcd"[question["answer"]]
    data = bilingual_export(tmp_path, "csv", "hi").read_bytes()
    rows = list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"), newline="")))
    assert [(r["id"], r["stem"], r["answer"]) for r in rows] == \
        [(q["id"], q["stem_hi"], "abcd"[q["answer"]]) for q in expected]


def test_markdown_export_in_both_languages_is_what_generate_prints(tmp_path):
    result = run_cli("generate", "--format", "markdown", "--lang", "both", *BILINGUAL)
    assert result.code == 0, result.err
    text = bilingual_export(tmp_path, "markdown", "both").read_text(encoding="utf-8")
    assert text == result.out and "## Q1 (हिंदी)." in text

"""Bilingual English–Hindi papers: {en, hi} texts, the Hindi phrasebook, --lang, check --lang hi."""

from __future__ import annotations

import json
import pickle
import re
import unicodedata

import pypdf
import pytest

from conftest import DATA, MINI_BANK, MINI_TEMPLATES, run_cli
from quizgen.exitstatus import ExitStatus
from quizgen.lang import Text, bilingual
from quizgen.model import Question

BANK = DATA / "bilingual" / "bank.yaml"
TEMPLATES = DATA / "bilingual" / "templates.yaml"
BILINGUAL = ("--bank", str(BANK), "--templates", str(TEMPLATES))
MINI = ("--bank", str(MINI_BANK), "--templates", str(MINI_TEMPLATES))
DEVANAGARI = re.compile(r"[\u0900-\u097F]")
ENGLISH_FIELDS = ("stem", "lead", "items", "item_header", "ask", "options", "answer", "explanation",
                  "reason", "sources", "style", "topic", "template", "facts", "difficulty")


def generate(*args: str) -> list[dict]:
    result = run_cli("generate", "--count", "40", "--format", "json", *args)
    assert result.code == ExitStatus.OK, result.err
    return json.loads(result.out)


def english(question: dict) -> dict:
    return {k: question[k] for k in ENGLISH_FIELDS}


@pytest.mark.parametrize("seed", ["1", "2", "3"])
def test_hindi_twin_has_the_english_key_and_every_text_in_hindi(seed):
    en = generate(*BILINGUAL, "--seed", seed)
    both = generate(*BILINGUAL, "--seed", seed, "--lang", "both")
    assert [english(q) for q in both] == [english(q) for q in en]  # same questions, same keys
    assert all("stem_hi" not in q for q in en)
    for q in both:
        assert len(q["options_hi"]) == 4
        assert len(set(q["options_hi"])) == 4, q["options_hi"]
        # Option i in Hindi is option i in English (so the key is the same letter): the
        # numbers it shows (years, dates, statement codes) are the same.
        for en_option, hi_option in zip(q["options"], q["options_hi"]):
            assert re.findall(r"\d+", en_option) == re.findall(r"\d+", hi_option), (en_option, hi_option)
        for name in ("stem_hi", "explanation_hi"):
            assert DEVANAGARI.search(q[name]), (name, q[name])
        # No English sentence is left in the Hindi: only names, acronyms, numbers and the
        # English titles of the sources (after "स्रोत:").
        hindi_text = q["stem_hi"] + " " + " ".join(q["options_hi"])
        assert not re.search(r"\b(the|of|and|which|statements?|only)\b", hindi_text, re.I), hindi_text


def test_bilingual_bank_prints_the_same_english_as_its_english_alone(tmp_path):
    """Adding Hindi changes nothing in the English output, byte for byte."""
    english_only = re.compile(r'\{en: ("[^"]*"|[^,{}]*), hi: ("[^"]*"|[^{}]*?)\}')
    for source in (BANK, TEMPLATES):
        plain = english_only.sub(r"\1", source.read_text(encoding="utf-8"))
        assert "hi:" not in plain
        (tmp_path / source.name).write_text(plain, encoding="utf-8")
    args = ("generate", "--count", "40", "--format", "json", "--seed", "4")
    with_hindi = run_cli(*args, *BILINGUAL)
    without = run_cli(*args, "--bank", str(tmp_path / BANK.name), "--templates", str(tmp_path / TEMPLATES.name))
    assert with_hindi.out == without.out and without.code == ExitStatus.OK


def test_engine_words_in_hindi():
    both = generate(*BILINGUAL, "--seed", "1", "--lang", "both", "--count", "60")
    options = {o for q in both for o in q["options_hi"]}
    stems = "\n".join(q["stem_hi"] for q in both)
    assert {"केवल 1", "1 और 2 दोनों"} <= options
    assert "निम्नलिखित कथनों पर विचार कीजिए:" in stems
    assert "कथन-I और कथन-II दोनों सही हैं और कथन-II, कथन-I की सही व्याख्या है" in options
    assert any(re.fullmatch(r"\d{1,2} (जनवरी|फ़रवरी|मार्च|अप्रैल|मई|जून|जुलाई|अगस्त|सितंबर|अक्तूबर|नवंबर|दिसंबर) \d{4}", o)
               for o in options), options


def test_json_round_trip_keeps_the_hindi():
    data = generate(*BILINGUAL, "--seed", "2", "--lang", "both")
    for raw in data:
        question = Question.from_dict(raw)
        assert question.to_dict() == raw
        assert question.in_language("hi").options == tuple(raw["options_hi"])


def test_text_is_its_english_and_pickles_with_its_hindi():
    text = Text("Defence Minister", "रक्षा मंत्री", 7)
    assert text == "Defence Minister" and json.dumps(text) == '"Defence Minister"'
    again = pickle.loads(pickle.dumps(text))
    assert (again, again.hi, again.line) == ("Defence Minister", "रक्षा मंत्री", 7)


def test_markdown_in_hindi():
    result = run_cli("generate", *BILINGUAL, "--count", "5", "--seed", "1", "--lang", "hi",
                     "--format", "markdown")
    assert result.code == ExitStatus.OK
    assert "उपर्युक्त" in result.out or "निम्नलिखित" in result.out


def test_check_lang_hi_is_clean_on_a_translated_bank():
    result = run_cli("check", "--lang", "hi", str(DATA / "bilingual"))
    assert result.code == ExitStatus.OK, result.out
    assert "no Hindi" not in result.out
    assert "Hindi: bank bilingual: 17 of 17" in result.err


def test_check_lang_hi_names_each_text_without_hindi_by_file_and_line():
    result = run_cli("check", "--lang", "hi", str(DATA / "mini"))
    assert result.code == ExitStatus.PROBLEMS_FOUND
    bank_lines = MINI_BANK.read_text(encoding="utf-8").splitlines()
    swaraj = next(i for i, line in enumerate(bank_lines, 1) if "name: Sushma Swaraj" in line)
    assert f"{MINI_BANK}:{swaraj}: no Hindi for fact 'swaraj', field 'office'" in result.out
    template_lines = MINI_TEMPLATES.read_text(encoding="utf-8").splitlines()
    stem = next(i for i, line in enumerate(template_lines, 1) if "In which year did India" in line)
    assert f"{MINI_TEMPLATES}:{stem}: no Hindi for template 'agreement-year', stem" in result.out
    # Acronyms and numbers need none; `left: "{{ name }}"` has nothing to translate.
    assert "'GSOMIA'" not in result.out and "'agreement-year-pairs', left" not in result.out
    # Without --lang hi nothing about Hindi is said.
    assert "Hindi" not in run_cli("check", str(DATA / "mini")).out


def test_a_hindi_text_that_does_not_render_is_reported(tmp_path):
    broken = TEMPLATES.read_text(encoding="utf-8").replace(
        'hi: "भारत और संयुक्त राज्य अमेरिका ने किस वर्ष {{ name }} पर हस्ताक्षर किए?"',
        'hi: "भारत ने किस वर्ष {{ nmae }} पर हस्ताक्षर किए?"')
    (tmp_path / "templates.yaml").write_text(broken, encoding="utf-8")
    result = run_cli("check", "--lang", "hi", str(BANK), str(tmp_path / "templates.yaml"))
    assert result.code == ExitStatus.PROBLEMS_FOUND
    assert "'agreement-year', stem (hi)" in result.out and "nmae" in result.out


def _pdf(tmp_path, name: str, *args: str) -> bytes:
    out = tmp_path / name
    result = run_cli("pdf", "-o", str(out), *BILINGUAL, "--count", "12", "--seed", "1",
                     "--explanations", *args)
    assert result.code == ExitStatus.OK, result.err
    return out.read_bytes()


def _fonts(path) -> set[str]:
    reader = pypdf.PdfReader(path)
    names = set()
    for page in reader.pages:
        for font in (page["/Resources"].get("/Font") or {}).values():
            font = font.get_object()
            descriptor = font.get("/FontDescriptor")
            if descriptor is not None and "/FontFile2" in descriptor.get_object():
                names.add(str(font["/BaseFont"]).split("+", 1)[-1])
    return names


def test_pdf_in_both_languages_embeds_the_devanagari_font_and_prints_both(tmp_path):
    data = _pdf(tmp_path, "both.pdf", "--lang", "both")
    # Byte-identical per seed, also after this process printed other Hindi (shaping gives
    # conjunct glyphs codes in the order they are met).
    run_cli("pdf", "-o", str(tmp_path / "other.pdf"), "--count", "5", "--seed", "9", "--lang", "hi")
    assert data == _pdf(tmp_path, "again.pdf", "--lang", "both")
    path = tmp_path / "both.pdf"
    assert {"NotoSerifDevanagari-Regular", "NotoSerifDevanagari-Bold",
            "DejaVuSerifCondensed"} <= _fonts(path)
    text = "\n".join(page.extract_text() for page in pypdf.PdfReader(path).pages)
    # Conjuncts and matras come back from a PDF as the font's glyphs, not always as the
    # letters typed; words without them read back exactly.
    assert "In which year did India and the USA sign" in text
    assert "भारत और" in text and "समझौता" in text and "कथन" in text
    assert "INSTRUCTIONS / " in text


def test_pdf_in_english_has_no_devanagari_font(tmp_path):
    _pdf(tmp_path, "en.pdf")
    assert not any("Devanagari" in name for name in _fonts(tmp_path / "en.pdf"))


def test_pdf_in_hindi_only(tmp_path):
    _pdf(tmp_path, "hi.pdf", "--lang", "hi")
    text = pypdf.PdfReader(tmp_path / "hi.pdf").pages[0].extract_text()
    assert "In which year" not in text and "भारत और" in text


def test_a_long_devanagari_word_breaks_only_between_grapheme_clusters():
    from quizgen.pdf.fonts import register_fonts
    from quizgen.pdf.text import Run, grapheme_clusters, text_width, wrap_runs

    register_fonts()
    word = "अन्तर्राष्ट्रीयक्षेत्रस्त्रीत्वविशिष्ट"  # conjuncts and matras throughout
    for width in (12.0, 20.0, 35.0):
        lines = wrap_runs([Run(word)], width)
        pieces = [segment.text for line in lines for segment in line]
        assert "".join(pieces) == word
        for piece in pieces[1:]:
            # never starts with a mark (matra, virama, nukta) or a consonant joined by a virama
            assert unicodedata.category(piece[0]) not in ("Mn", "Mc"), piece
        for before in pieces[:-1]:
            assert not before.endswith("\u094D"), before
        # each piece fits, or is one cluster too wide for any line
        assert all(text_width(p, "QuizgenSerif", 10.0) <= width or len(grapheme_clusters(p)) == 1
                   for p in pieces)


def test_bilingual_only_inside_the_context():
    from quizgen.lang import phrase

    assert type(phrase("consider_statements")) is str
    with bilingual():
        text = phrase("only", n=2)
        assert (text, text.hi) == ("2 only", "केवल 2")


TEMPLATES_DIR = DATA.parent.parent / "templates"
TEMPLATE_FILES = sorted(TEMPLATES_DIR.rglob("*.yaml"))  # the India–US files and templates/standard/


def test_every_bundled_fact_and_template_has_hindi():
    banks = sorted(str(p) for p in (DATA.parent.parent / "question_banks").glob("*.yaml"))
    result = run_cli("check", "--lang", "hi", *banks)
    assert result.code == ExitStatus.OK, result.out[-2000:]
    report = result.out + result.err
    assert "no Hindi" not in report
    assert len(TEMPLATE_FILES) >= 19
    for path in TEMPLATE_FILES:
        found = re.search(rf"Hindi: templates {re.escape(str(path.resolve()))}: (\d+) of (\d+) templates "
                          r"complete; 0 of \d+ texts without Hindi", report)
        assert found and found[1] == found[2] != "0", (path, report[-2000:])
    # The bundled content with no arguments at all, as a user first runs it.
    assert run_cli("check", "--lang", "hi").code == ExitStatus.OK


@pytest.mark.parametrize("seed", ["0", "7", "11"])
def test_bundled_hindi_twins_keep_the_key_and_read_as_hindi(seed):
    en = generate("--seed", seed, "--count", "60")
    both = generate("--seed", seed, "--count", "60", "--lang", "both")
    assert [english(q) for q in both] == [english(q) for q in en]
    for q in both:
        assert len(set(q["options_hi"])) == 4, q["options_hi"]  # four options in Hindi too
        for en_option, hi_option in zip(q["options"], q["options_hi"]):
            assert re.findall(r"\d+", en_option) == re.findall(r"\d+", hi_option), (en_option, hi_option)
        hindi_text = q["stem_hi"] + " " + " ".join(q["options_hi"])
        assert not re.search(r"\b[a-z]{3,}\b", hindi_text), hindi_text  # no English words left


def test_quiz_in_hindi_in_a_real_terminal_warns_once_where_devanagari_may_break(tmp_path):
    import os
    import sqlite3
    import sys
    from pathlib import Path

    import pexpect

    db = tmp_path / "history.sqlite3"
    env = {k: v for k, v in os.environ.items() if k != "QUIZGEN_DB"}
    env.update(TERM="xterm-256color", XTERM_VERSION="XTerm(390)", COLUMNS="100", LINES="40",
               QUIZGEN_DB=str(db), PROMPT_TOOLKIT_NO_CPR="1")
    child = pexpect.spawn(sys.executable, ["-m", "quizgen", "quiz", "--lang", "hi", "--count", "2",
                                           "--seed", "1", *BILINGUAL],
                          env=env, dimensions=(40, 100), encoding="utf-8", timeout=20,
                          cwd=str(Path(__file__).parents[1]))
    child.expect("may not join Devanagari")
    child.expect("start the clock")
    assert "--lang hi" in child.before  # the same-paper command keeps the language
    child.send("\r")
    child.expect("Question 1 of 2")
    child.expect("[\u0900-\u097F]{3,}")  # the question in Hindi
    child.send("a")
    child.expect("Question 2 of 2")
    assert "may not join Devanagari" not in child.before  # once, not per question
    child.sendcontrol("c")
    child.expect(pexpect.EOF)
    with sqlite3.connect(db) as conn:
        stored = [json.loads(row[0]) for row in conn.execute("SELECT question FROM attempt_questions")]
    assert stored and all(DEVANAGARI.search(q["stem"]) for q in stored)


def _sheet_text(path, layout: dict) -> str:
    pages = pypdf.PdfReader(path).pages
    return "\n".join(pages[p["page"] - 1].extract_text() for p in layout["pages"])


def test_omr_sheet_labels_in_hindi_keep_every_mark_where_it_was(tmp_path):
    layouts, texts = {}, {}
    for lang in ("en", "both", "hi"):
        _pdf(tmp_path, f"{lang}.pdf", "--omr", "--lang", lang)
        layouts[lang] = json.loads((tmp_path / f"{lang}.omr.json").read_text(encoding="utf-8"))
        texts[lang] = _sheet_text(tmp_path / f"{lang}.pdf", layouts[lang])
    # Grading reads the layout's sheet pages: bubbles, markers, QR box and grids may not move.
    # Only the sheet's page number differs (the Hindi makes the booklet before it longer), and
    # the questions listed carry their Hindi too.
    def sheet(layout: dict) -> dict:
        return {"page_size": layout["page_size"], "markers": layout["marker_dictionary"],
                "pages": [{k: v for k, v in p.items() if k != "page"} for p in layout["pages"]]}

    assert layouts["en"]["pages"][0]["bubbles"]
    assert sheet(layouts["both"]) == sheet(layouts["en"]) == sheet(layouts["hi"])
    assert [q["answer"] for q in layouts["both"]["questions"]] == \
        [q["answer"] for q in layouts["en"]["questions"]]
    assert "नाम" in texts["both"] and "Candidate's name" in texts["both"]
    assert "Right / सही" in texts["both"] and "ANSWERS / " in texts["both"]
    assert "नाम" in texts["hi"] and "Candidate's name" not in texts["hi"]
    assert "नाम" not in texts["en"] and "ROLL NUMBER" in texts["en"]

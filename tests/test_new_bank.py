"""`quizgen new`: a commented starter bank that passes `check` and yields questions."""

from __future__ import annotations

import re

from conftest import run_cli


def test_starter_bank_passes_check_and_yields_questions(tmp_path):
    bank = tmp_path / "space_basics.yaml"
    result = run_cli("new", bank, "--title", 'India\'s "space" missions')
    assert result.code == 0, result.err
    text = bank.read_text(encoding="utf-8")
    assert text.startswith("# India's \"space\" missions: a question bank started by `quizgen new`.")
    assert "\nid: \"space-basics\"" in text
    checked = run_cli("check", bank)
    assert checked.code == 0, checked.out + checked.err
    assert "0 problems" in checked.err
    generated = run_cli("generate", "--bank", bank, "--count", "50")
    assert generated.code == 0, generated.err
    questions = generated.json()
    assert len(questions) >= 5 and len({q["style"] for q in questions}) >= 2
    # Written for no context: nothing from the India–US templates reaches it.
    assert not any(re.search(r"2\+2|India–US|the USA", q["stem"] + " ".join(q["options"])) for q in questions)


def test_new_never_overwrites(tmp_path):
    bank = tmp_path / "mine.yaml"
    bank.write_text("precious", encoding="utf-8")
    result = run_cli("new", bank, "--title", "Mine")
    assert result.code == 2
    assert result.err == f"Error: {bank} already exists; choose another name (quizgen new never overwrites)\n"
    assert bank.read_text(encoding="utf-8") == "precious"

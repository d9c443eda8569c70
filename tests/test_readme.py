"""The README opens with exactly the two commands CI and a new user run."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def readme_commands() -> list[str]:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    head = text.split("---", 1)[0]
    return re.findall(r"```sh\n(.+?)\n```", head)


def test_readme_opens_with_two_commands():
    commands = readme_commands()
    assert len(commands) == 2
    setup_and_quiz, setup_and_test = commands
    assert setup_and_quiz.startswith("python3 -m venv") and "quizgen quiz" in setup_and_quiz
    assert "pytest" in setup_and_test


def test_ci_runs_the_readme_test_command():
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert readme_commands()[1] in ci

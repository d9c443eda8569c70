"""The command line as a whole: version, help with examples, documentation, start-up cost."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import run_cli
from quizgen import __version__
from quizgen.cli import COMMANDS

ROOT = Path(__file__).resolve().parent.parent


def test_version():
    result = run_cli("--version")
    assert result.code == 0 and result.out.strip() == f"quizgen {__version__}"


@pytest.mark.parametrize("command", COMMANDS)
def test_every_command_has_help_with_an_example(command):
    result = run_cli(command, "--help")
    assert result.code == 0
    assert "Example:" in result.out and f"quizgen {command}" in result.out


@pytest.mark.parametrize("command", COMMANDS)
def test_every_command_is_documented_in_the_readme(command):
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert re.search(rf"`quizgen {command}\b", readme), f"README does not document quizgen {command}"


def test_help_does_not_import_heavy_modules():
    code = ("import sys; from quizgen.cli import main; main(['--help']); "
            "heavy = [m for m in ('reportlab', 'questionary', 'prompt_toolkit', 'rich', 'fsrs', 'jinja2', 'yaml') "
            "if m in sys.modules]; print('HEAVY', heavy)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip().endswith("HEAVY []"), out


def test_no_traceback_on_unreadable_bank(tmp_path):
    bank = tmp_path / "bank.yaml"
    bank.write_text("id: x\n", encoding="utf-8")
    bank.chmod(0o000)
    result = subprocess.run([sys.executable, "-m", "quizgen", "generate", "--bank", str(bank)],
                            capture_output=True, text=True)
    bank.chmod(0o600)
    assert result.returncode == 2
    assert "Traceback" not in result.stderr and result.stderr.startswith("Error: ")

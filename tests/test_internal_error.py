"""An unexpected exception is one line with exit 70, never a traceback (unless --debug)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from conftest import run_cli
from quizgen.exitstatus import ExitStatus
from quizgen.history import open_history

QUIZGEN = Path(sys.executable).with_name("quizgen")


def damaged_history(tmp_path: Path) -> Path:
    """A history file someone edited by hand: a stored question lacks its options.

    quizgen never writes such a row, so reading it is a case the code does not expect.
    """
    path = tmp_path / "h.sqlite3"
    with open_history(path) as db:
        db.conn.execute("INSERT INTO attempts (started_at) VALUES ('2026-01-01T00:00:00+00:00')")
        db.conn.execute("INSERT INTO attempt_questions VALUES (1, 0, 'q', '{\"id\": \"q\"}')")
        db.conn.execute(
            "INSERT INTO answers (attempt_id, position, question_id, chosen, outcome, correct, "
            "seconds, answered_at) VALUES (1, 0, 'q', 1, 'wrong', 0, 3, '2026-01-01T00:00:03+00:00')")
    return path


def test_unexpected_exception_is_one_line_exit_70(tmp_path):
    result = run_cli("stats", "--items", "--db", damaged_history(tmp_path))
    assert result.code == ExitStatus.INTERNAL_ERROR == 70
    lines = result.err.strip().splitlines()
    assert len(lines) == 1, result.err
    assert lines[0].startswith("Error: internal error (")
    assert lines[0].endswith("; rerun with --debug and report it")
    assert "Traceback" not in result.err


def test_debug_shows_the_traceback(tmp_path):
    result = run_cli("stats", "--items", "--debug", "--db", damaged_history(tmp_path))
    assert result.code == 70
    assert "Traceback (most recent call last)" in result.err
    assert result.err.strip().splitlines()[-1].startswith("Error: internal error (")


def test_real_process_exits_70_with_one_line(tmp_path):
    done = subprocess.run([str(QUIZGEN), "stats", "--items", "--db", str(damaged_history(tmp_path))],
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == 70
    assert "Traceback" not in done.stderr
    assert len(done.stderr.strip().splitlines()) == 1


def test_exit_code_is_documented():
    readme = (Path(__file__).parent.parent / "README.md").read_text("utf-8")
    assert "| 70 | internal error" in readme

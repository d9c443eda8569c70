"""Commands that only read the attempt history open it read-only (`mode=ro`, and `immutable=1`
in a folder that cannot be written to), so a tutor can read databases on a read-only share; a
database from a newer quizgen is refused by every command. Real SQLite files throughout.

Tests may run as root, whom permissions do not stop: so besides the exit code, each test checks
that nothing was written next to the database (a WAL database opened for writing makes -wal and
-shm files) and that its bytes are unchanged.
"""

from __future__ import annotations

import sqlite3

import pytest

from quizgen.history import SCHEMA_VERSION

from conftest import DATA, MINI_BANK, MINI_TEMPLATES, run_cli
from hostile_sweep import make_history

READERS = [("history",), ("history", "--format", "json"), ("stats",), ("stats", "--items"),
           ("stats", "--format", "json"), ("review", "--list", "--bank", str(MINI_BANK), "--templates",
                                           str(MINI_TEMPLATES))]


@pytest.fixture
def share(tmp_path):
    folder = tmp_path / "share"
    folder.mkdir()
    db = make_history(folder / "class.sqlite3", attempts=2, journal="wal")
    db.chmod(0o444)
    folder.chmod(0o555)
    yield db
    folder.chmod(0o755)


@pytest.mark.parametrize("argv", READERS, ids=[" ".join(a[:2]) for a in READERS])
def test_read_only_commands_read_a_database_on_a_read_only_share(share, argv):
    before = share.read_bytes()
    result = run_cli(*argv, "--db", share)
    assert result.code == 0, result.err
    assert result.out.strip()
    assert sorted(p.name for p in share.parent.iterdir()) == ["class.sqlite3"]
    assert share.read_bytes() == before


# (quiz and review without --list, which need a terminal, open it with open_history, which
# refused a newer schema already)
@pytest.mark.parametrize("argv", READERS, ids=[" ".join(a[:2]) for a in READERS])
def test_a_newer_schema_is_refused_by_every_command(tmp_path, argv):
    db = make_history(tmp_path / "future.sqlite3", version=999)
    result = run_cli(*argv, "--db", db)
    assert result.code == 2
    assert result.err == (f"Error: {db}: written by a newer quizgen (schema version 999, this one "
                          f"knows {SCHEMA_VERSION}); upgrade quizgen\n")


def test_an_older_database_on_a_read_only_share_is_read_as_it_is(tmp_path):
    folder = tmp_path / "share"
    folder.mkdir()
    db = folder / "old.sqlite3"
    conn = sqlite3.connect(db)
    conn.executescript((DATA / "history_v2_2a707a8.sql").read_text(encoding="utf-8"))
    conn.close()
    db.chmod(0o444)
    folder.chmod(0o555)
    try:
        before = db.read_bytes()
        result = run_cli("stats", "--format", "json", "--db", db)
        assert result.code == 0, result.err
        assert db.read_bytes() == before
    finally:
        folder.chmod(0o755)


def test_a_damaged_start_time_is_one_error_line(tmp_path):
    db = make_history(tmp_path / "h.sqlite3", started_at="x" * 100_000)
    for argv in (("history",), ("stats",)):
        result = run_cli(*argv, "--db", db)
        assert result.code == 2, result.err
        assert result.err.startswith("Error: ") and result.err.count("\n") == 1
        assert len(result.err) < 400

"""`quizgen quiz` arguments and refusals, run in-process through `cli.main`."""

from __future__ import annotations

import io
import os

import pytest

from quizgen.cli import Env, main


@pytest.fixture
def tty():
    """A pseudo-terminal's far end, so stdin/stdout report isatty() like a real terminal."""
    master, slave = os.openpty()
    stream = open(slave, "w", encoding="utf-8", closefd=True)
    yield stream
    stream.close()
    os.close(master)


def run(argv, stdin=None, stdout=None, environ=None):
    err = io.StringIO()
    status = main(argv, Env(stdin=stdin or io.StringIO(), stdout=stdout or io.StringIO(),
                            stderr=err, environ=environ or {}))
    return status, err.getvalue()


@pytest.mark.parametrize("which", ["stdin", "stdout", "both"])
def test_no_terminal_is_exit_2_with_one_line(tmp_path, tty, which):
    stdin = tty if which == "stdout" else io.StringIO()
    stdout = tty if which == "stdin" else io.StringIO()
    status, err = run(["quiz", "--db", str(tmp_path / "h.sqlite3")], stdin, stdout)
    assert status == 2
    assert err.count("\n") == 1
    assert err.startswith("Error: the quiz needs a terminal")
    assert not (tmp_path / "h.sqlite3").exists()


def test_resume_with_nothing_to_resume_is_exit_2(tmp_path, tty):
    db = tmp_path / "h.sqlite3"
    status, err = run(["quiz", "--resume"], tty, tty, {"QUIZGEN_DB": str(db)})
    assert status == 2
    assert err == (f"Error: {db}: there is no unfinished attempt to resume; "
                   "start a new paper with: quizgen quiz\n")


@pytest.mark.parametrize("args, message", [
    (["--time-per-question", "-5"], "must be 0 or more seconds"),
    (["--time-per-question", "soon"], "not a number of seconds"),
    (["--time-limit", "0"], "must be more than 0 minutes"),
    (["--marking", "neet"], "invalid choice: 'neet'"),
])
def test_bad_options_are_one_line_and_exit_2(tty, args, message):
    status, err = run(["quiz", *args], tty, tty)
    assert status == 2
    assert err.count("\n") == 1 and message in err


def test_quiz_help_lists_the_paper_options():
    out = io.StringIO()
    assert main(["quiz", "--help"], Env(stdout=out, stderr=io.StringIO(), environ={})) == 0
    for option in ("--time-per-question", "--time-limit", "--marking", "--confidence",
                   "--db", "--resume", "--count", "--seed", "--topic"):
        assert option in out.getvalue()


def test_filters_that_match_nothing_are_exit_2_before_any_screen(tmp_path, tty):
    status, err = run(["quiz", "--topic", "glossary", "--style", "assertion-reason",
                       "--db", str(tmp_path / "h.db")], tty, tty)
    assert status == 2
    assert err.startswith("Error: no questions match the chosen banks and filters")
    assert not (tmp_path / "h.db").exists()
    status, err = run(["quiz", "--topic", "no-such-topic", "--db", str(tmp_path / "h.db")], tty, tty)
    assert status == 2 and err.startswith("Error: unknown topic 'no-such-topic'")
    assert not (tmp_path / "h.db").exists()


def test_resume_without_a_history_file_creates_none(tmp_path, tty):
    db = tmp_path / "none.sqlite3"
    status, err = run(["quiz", "--resume", "--db", str(db)], tty, tty)
    assert status == 2 and "no unfinished attempt to resume" in err
    assert not db.exists()

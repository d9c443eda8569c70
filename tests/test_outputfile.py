"""Output paths: symlinks written through, devices and FIFOs refused, `-o -` is standard
output, and a failed write leaves the earlier file intact. Real `quizgen` processes."""

from __future__ import annotations

import io
import os
import resource
import stat
import subprocess
import sys
from pathlib import Path

import pytest
from pypdf import PdfReader

from conftest import MINI_BANK, MINI_TEMPLATES

QUIZGEN = str(Path(sys.executable).with_name("quizgen"))


def quizgen(*args, stdout=subprocess.PIPE, limit_file_size=None, cwd=None):
    def limits():
        if limit_file_size is not None:
            resource.setrlimit(resource.RLIMIT_FSIZE, (limit_file_size, limit_file_size))

    return subprocess.run([QUIZGEN, *map(str, args)], stdout=stdout, stderr=subprocess.PIPE,
                          preexec_fn=limits, timeout=120, cwd=cwd)


def one_error_line(done) -> str:
    lines = done.stderr.decode().strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("Error: "), done.stderr
    return lines[0]


def test_symlink_is_written_through_to_its_target_keeping_its_mode(tmp_path):
    target = tmp_path / "real" / "paper.pdf"
    target.parent.mkdir()
    target.write_bytes(b"old")
    target.chmod(0o640)
    link = tmp_path / "link.pdf"
    link.symlink_to(target)
    done = quizgen("pdf", "-o", link, "--count", 3)
    assert done.returncode == 0, done.stderr
    assert link.is_symlink() and os.readlink(link) == str(target)
    assert target.read_bytes().startswith(b"%PDF")
    assert stat.S_IMODE(target.stat().st_mode) == 0o640
    assert sorted(p.name for p in target.parent.iterdir()) == ["paper.pdf"]  # no temporary left


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="needs /dev/full")
def test_device_is_refused_and_left_alone():
    done = quizgen("pdf", "-o", "/dev/full", "--count", 3)
    assert done.returncode == 2
    assert "not a regular file" in one_error_line(done)
    assert stat.S_ISCHR(os.stat("/dev/full").st_mode)


def test_fifo_is_refused_without_waiting_for_a_reader(tmp_path):
    fifo = tmp_path / "pipe.pdf"
    os.mkfifo(fifo)
    done = quizgen("pdf", "-o", fifo, "--count", 3)
    assert done.returncode == 2
    assert "not a regular file" in one_error_line(done)
    assert stat.S_ISFIFO(os.stat(fifo).st_mode)


def test_dash_is_standard_output(tmp_path):
    done = quizgen("pdf", "-o", "-", "--count", 3, cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert len(PdfReader(io.BytesIO(done.stdout)).pages) >= 2
    assert b"Wrote standard output" in done.stderr
    assert list(tmp_path.iterdir()) == []  # no file named "-"


def test_key_csv_to_standard_output(tmp_path):
    done = quizgen("pdf", "-o", tmp_path / "p.pdf", "--key-csv", "-", "--count", 3)
    assert done.returncode == 0, done.stderr
    assert done.stdout.decode().startswith("set,question,answer")


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="needs /dev/full")
def test_full_standard_output_is_one_error_line_exit_2():
    with open("/dev/full", "wb") as full:
        done = quizgen("pdf", "-o", "-", "--count", 3, stdout=full)
    assert done.returncode == 2
    assert "no space left" in one_error_line(done)


def test_failed_write_leaves_the_earlier_file_intact(tmp_path):
    paper = tmp_path / "paper.pdf"
    paper.write_bytes(b"the earlier worksheet")
    # A file-size limit makes the write fail part-way, as a full disk would.
    done = quizgen("pdf", "-o", paper, "--count", 3, limit_file_size=4096)
    assert done.returncode == 2
    assert "cannot write" in one_error_line(done)
    assert paper.read_bytes() == b"the earlier worksheet"
    assert [p.name for p in tmp_path.iterdir()] == ["paper.pdf"]


def test_separate_key_needs_a_file_name():
    done = quizgen("pdf", "-o", "-", "--answer-key", "separate", "--count", 3)
    assert done.returncode == 2
    assert "-o FILE" in one_error_line(done)


def test_stats_pdf_to_standard_output_is_only_the_pdf(tmp_path):
    from quizgen.history import open_history

    db = tmp_path / "h.sqlite3"
    open_history(db).close()
    done = quizgen("stats", "--db", db, "--pdf", "-")
    assert done.returncode == 0, done.stderr
    assert len(PdfReader(io.BytesIO(done.stdout)).pages) >= 1  # no text report mixed in
    assert b"standard output" in done.stderr


def test_a_read_only_output_file_is_refused_unless_forced_and_stays_read_only(tmp_path):
    target = tmp_path / "paper.pdf"
    target.write_bytes(b"marked copy")
    target.chmod(0o444)
    args = ["pdf", "--bank", str(MINI_BANK), "--templates", str(MINI_TEMPLATES), "--count", "3", "-o", str(target)]
    refused = quizgen(*args)
    assert refused.returncode == 2
    assert "the file is read-only; give --force to replace it" in one_error_line(refused)
    assert target.read_bytes() == b"marked copy"
    forced = quizgen(*args, "--force")
    assert forced.returncode == 0, forced.stderr
    assert target.read_bytes().startswith(b"%PDF")
    assert stat.S_IMODE(target.stat().st_mode) == 0o444

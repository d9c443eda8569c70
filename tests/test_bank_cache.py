"""The compiled bank cache: same questions as a fresh load, never stale, never trusted blindly."""

from __future__ import annotations

import pickle
import shutil
from pathlib import Path

import pytest

from conftest import MINI_BANK, MINI_TEMPLATES, run_cli
from quizgen import cache
from quizgen.library import _build_library, load_library


@pytest.fixture
def cache_dir(tmp_path, monkeypatch):
    directory = tmp_path / "cache"
    monkeypatch.setenv("QUIZGEN_CACHE_DIR", str(directory))
    return directory


@pytest.fixture
def bank(tmp_path):
    path = tmp_path / "bank.yaml"
    shutil.copy(MINI_BANK, path)
    return path


class Builds:
    """A real library builder that counts how often it had to read the YAML."""

    def __init__(self, banks, templates):
        self.banks, self.templates, self.count = list(banks), list(templates), 0

    def __call__(self):
        self.count += 1
        return _build_library(self.banks, self.templates)

    def load(self, directory):
        return cache.cached_library(directory, self.banks, self.templates, self)


def generate_json(*extra):
    result = run_cli("generate", "--bank", *extra, "--count", "12", "--seed", "5")
    assert result.code == 0, result.err
    return result.out


def test_cached_and_uncached_loads_give_identical_questions(bank, cache_dir):
    args = (str(bank), "--templates", str(MINI_TEMPLATES))
    fresh = generate_json(*args, "--no-cache")
    assert not cache_dir.exists()  # --no-cache neither reads nor writes the cache
    first = generate_json(*args)
    assert list(cache_dir.glob("library-*.pickle"))
    second = generate_json(*args)
    assert fresh == first == second


def test_a_warm_load_reads_no_yaml_and_gives_the_same_library(bank, cache_dir):
    builds = Builds([bank], [MINI_TEMPLATES])
    cold = builds.load(cache_dir)
    warm = builds.load(cache_dir)
    assert builds.count == 1
    assert [f.id for f in warm.facts] == [f.id for f in cold.facts]
    assert [f.location for f in warm.facts] == [f.location for f in cold.facts]
    assert [f.fields for f in warm.facts] == [f.fields for f in cold.facts]


def test_editing_a_bank_invalidates_the_cache(bank, cache_dir):
    args = (str(bank), "--templates", str(MINI_TEMPLATES))
    generate_json(*args)
    bank.write_text(bank.read_text(encoding="utf-8").replace("GSOMIA", "GSOMIX"), encoding="utf-8")
    edited = generate_json(*args)
    assert "GSOMIX" in edited and "GSOMIA" not in edited
    assert edited == generate_json(*args, "--no-cache")


def test_editing_an_article_file_invalidates_the_cache(tmp_path, cache_dir):
    article = tmp_path / "article.txt"
    article.write_text("GSOMIA 2002 was signed.", encoding="utf-8")
    text = MINI_BANK.read_text(encoding="utf-8").replace(
        'outlet: "MEA", date: 2018-09-06}', 'outlet: "MEA", date: 2018-09-06, file: article.txt}')
    assert "article.txt" in text
    bank = tmp_path / "bank.yaml"
    bank.write_text(text, encoding="utf-8")
    builds = Builds([bank], [MINI_TEMPLATES])
    builds.load(cache_dir)
    builds.load(cache_dir)
    assert builds.count == 1
    article.write_text("GSOMIA was signed in 2002.", encoding="utf-8")
    builds.load(cache_dir)
    assert builds.count == 2


@pytest.mark.parametrize("damage", ["truncate", "flip", "empty"])
def test_a_damaged_cache_file_is_ignored_and_rebuilt(bank, cache_dir, damage):
    builds = Builds([bank], [MINI_TEMPLATES])
    expected = builds.load(cache_dir)
    [stored] = cache_dir.glob("library-*.pickle")
    blob = stored.read_bytes()
    stored.write_bytes({"truncate": blob[: len(blob) // 2], "empty": b"",
                        "flip": blob[:-10] + bytes([blob[-10] ^ 1]) + blob[-9:]}[damage])
    again = builds.load(cache_dir)
    assert builds.count == 2
    assert [f.fields for f in again.facts] == [f.fields for f in expected.facts]
    builds.load(cache_dir)  # and the rebuilt file is good again
    assert builds.count == 2


class _Planted:
    def __reduce__(self):
        return (Path.touch, (Path(self.marker),))


def test_a_foreign_cache_file_is_never_unpickled(bank, cache_dir, tmp_path):
    builds = Builds([bank], [MINI_TEMPLATES])
    builds.load(cache_dir)
    [stored] = cache_dir.glob("library-*.pickle")
    marker = tmp_path / "unpickled"
    planted = _Planted()
    planted.marker = str(marker)
    payload = pickle.dumps(planted)
    # A well-formed file in every way but the signature: written by someone without our key.
    blob = stored.read_bytes()
    header_end = len(cache.MAGIC) + 32 + 4 + int.from_bytes(blob[len(cache.MAGIC) + 32:len(cache.MAGIC) + 36], "big")
    stored.write_bytes(blob[:header_end] + payload)
    library = builds.load(cache_dir)
    assert not marker.exists()
    assert builds.count == 2 and library.facts


def test_another_users_cache_folder_is_not_trusted(bank, tmp_path):
    mine, theirs = tmp_path / "mine", tmp_path / "theirs"
    Builds([bank], [MINI_TEMPLATES]).load(theirs)
    mine.mkdir()
    for path in theirs.glob("library-*.pickle"):  # their files, without their key
        shutil.copy(path, mine / path.name)
    builds = Builds([bank], [MINI_TEMPLATES])
    builds.load(mine)
    assert builds.count == 1


def test_error_messages_keep_file_and_line_through_the_cache(tmp_path, cache_dir):
    bank = tmp_path / "bank.yaml"
    bank.write_text(MINI_BANK.read_text(encoding="utf-8").replace("year: 2002}", "year: 20O2}"),
                    encoding="utf-8")
    line = next(i for i, text in enumerate(bank.read_text().splitlines(), 1) if "20O2" in text)
    args = ("generate", "--bank", str(bank), "--templates", str(MINI_TEMPLATES))
    first, second = run_cli(*args), run_cli(*args)
    assert list(cache_dir.glob("library-*.pickle"))
    assert first.code == second.code == 2
    assert first.err == second.err
    assert f"{bank}:{line}: fact 'gsomia', field 'year': expected a year" in second.err
    checked = [run_cli("check", str(bank), str(MINI_TEMPLATES)) for _ in range(2)]
    assert checked[0].out == checked[1].out and f"{bank}:{line}:" in checked[1].out


def test_library_calls_without_a_cache_folder_leave_no_cache(bank, cache_dir):
    load_library([bank], [MINI_TEMPLATES])
    assert not cache_dir.exists()


def test_check_reports_come_from_the_cache_only_while_the_articles_are_unchanged(tmp_path, cache_dir):
    article = tmp_path / "article.txt"
    article.write_text("GSOMIA 2002 was signed.", encoding="utf-8")
    bank = tmp_path / "bank.yaml"
    bank.write_text(MINI_BANK.read_text(encoding="utf-8").replace(
        'outlet: "MEA", date: 2018-09-06}', 'outlet: "MEA", date: 2018-09-06, file: article.txt}'),
        encoding="utf-8")
    args = ("check", str(bank), str(MINI_TEMPLATES))
    first, second = run_cli(*args), run_cli(*args)
    assert list(cache_dir.glob("check-*.pickle"))
    assert (first.code, first.out, first.err) == (second.code, second.out, second.err)
    assert "fact 'gsomia': the quote is not in" not in first.out
    article.write_text("Nothing about that agreement here.", encoding="utf-8")
    edited = run_cli(*args)
    assert edited.code == 1 and "fact 'gsomia': the quote is not in" in edited.out
    assert edited.out == run_cli(*args, "--no-cache").out


def test_a_cache_written_by_another_quizgen_version_is_rebuilt(bank, cache_dir):
    """Signed with this user's key, but written by a quizgen whose code differed."""
    import hashlib
    import hmac
    import json

    builds = Builds([bank], [MINI_TEMPLATES])
    builds.load(cache_dir)
    [stored] = cache_dir.glob("library-*.pickle")
    blob = stored.read_bytes()
    body = blob[len(cache.MAGIC) + 32:]
    size = int.from_bytes(body[:4], "big")
    header = json.loads(body[4:4 + size])
    assert header["source"] == cache.source_digest()
    header["source"] = "0" * len(header["source"])
    encoded = json.dumps(header).encode()
    body = len(encoded).to_bytes(4, "big") + encoded + body[4 + size:]
    key = (cache_dir / cache.KEY_FILE).read_bytes()
    stored.write_bytes(cache.MAGIC + hmac.new(key, body, hashlib.sha256).digest() + body)
    builds.load(cache_dir)
    assert builds.count == 2

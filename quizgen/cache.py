"""The compiled bank cache: a validated Library stored after its first load (and what
`quizgen check` found in it, which needs every question built).

A cache file is used only when everything it was built from is unchanged: the content hash of
every bank and template file and of every article file the banks cite, and a hash of
quizgen's own source (an editable install keeps its version number while its code changes).
Anything else (a changed, missing or unreadable file, another quizgen, a truncated or foreign
file) is a miss: the library is loaded from the YAML and the cache written afresh. Nothing
here raises: a cache that cannot be read or written just is not used.

The library is stored with pickle, which must never read a file someone else wrote: every cache
file carries an HMAC-SHA256 of its contents under a random key kept in the cache folder
(readable by the user only), checked before anything is unpickled. Problems and warnings are
part of the library, so `file:line` messages come back from the cache as they were.

Where: $QUIZGEN_CACHE_DIR, else the user cache folder (platformdirs).
"""

from __future__ import annotations

import hashlib
import hmac
import importlib.util
import json
import os
import pickle
import stat
import sys
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any, Callable, Mapping, Sequence, TypeVar

from quizgen.gcpause import paused_gc

if TYPE_CHECKING:
    from quizgen.library import Library

CACHE_ENV_VAR = "QUIZGEN_CACHE_DIR"
FORMAT = 2  # 2: facts and indexes packed one by one (quizgen/factstore.py)
MAGIC = b"quizgen library cache\n"
KEY_FILE = "cache.key"
KEEP = 32  # cache files kept: a library (and its check) per set of banks and templates used lately
_PACKAGE = Path(__file__).resolve().parent
T = TypeVar("T")


def cache_dir(environ: Mapping[str, str] | None = None) -> Path:
    """$QUIZGEN_CACHE_DIR (from `environ`, else the process environment), else the user cache."""
    for env in (environ, os.environ):
        if env is not None and env.get(CACHE_ENV_VAR):
            return Path(env[CACHE_ENV_VAR]).expanduser()
    from platformdirs import user_cache_dir

    return Path(user_cache_dir("quizgen", appauthor=False))


@lru_cache(maxsize=1)
def source_digest() -> str:
    """A hash of quizgen's own code and of what shapes the stored objects (Python, PyYAML)."""
    digest = hashlib.blake2b(f"{FORMAT}|{sys.version_info[:2]}".encode(), digest_size=20)
    # PyYAML by its own source (its version line is in it), without importing it: a warm run
    # never parses YAML, and importing the parser would cost more than reading this file.
    spec = importlib.util.find_spec("yaml")
    if spec is not None and spec.origin:
        digest.update(Path(spec.origin).read_bytes())
    # Code, and the data files that shape a loaded library (the standard kinds)
    for path in sorted([*_PACKAGE.rglob("*.py"), *_PACKAGE.glob("*.yaml")]):
        digest.update(str(path.relative_to(_PACKAGE)).encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()


def file_digest(path: str | os.PathLike) -> str:
    """The content hash of a file; "missing" or "special" for what cannot be hashed as one."""
    try:
        descriptor = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    except OSError:
        return "missing"
    with os.fdopen(descriptor, "rb") as stream:
        if not stat.S_ISREG(os.fstat(descriptor).st_mode):
            return "special"  # a FIFO or device: never read it here
        digest = hashlib.blake2b(digest_size=20)
        while chunk := stream.read(1 << 20):
            digest.update(chunk)
    return digest.hexdigest()


def cached_library(directory: Path, bank_files: Sequence[Path], template_files: Sequence[Path],
                   build: Callable[[], "Library"]) -> "Library":
    """The library `build()` makes from these files, from the cache when it is current; the
    distractors' field indexes are built before it is stored, and stored with it."""
    return _cached(directory, "library", bank_files, template_files, lambda: _indexed(build()), _article_files)


def _indexed(library: "Library") -> "Library":
    from quizgen.styles import prepare_indexes

    with paused_gc():
        prepare_indexes(library)
    return library


def cached_check(directory: Path, library: "Library", build: Callable[[], T]) -> T:
    """What `build()` (`check_library(library)`) reports, from the cache when the library's
    files are unchanged: the check builds every question, which takes a while on an archive."""
    banks, templates = library.input_files
    if not banks:
        return build()
    return _cached(directory, "check", banks, templates, build, lambda _: _article_files(library))


def _cached(directory: Path, kind: str, bank_files: Sequence[Path | str], template_files: Sequence[Path | str],
            build: Callable[[], T], articles: Callable[[T], list[str]]) -> T:
    inputs = [("bank", str(p)) for p in bank_files] + [("template", str(p)) for p in template_files]
    name = hashlib.blake2b(json.dumps([source_digest(), os.getcwd(), kind, inputs]).encode(),
                           digest_size=16).hexdigest()
    path = directory / f"{kind}-{name}.pickle"
    digests = [[role, file, file_digest(file)] for role, file in inputs]
    result = _read(path, digests)
    if result is not None:
        return result
    result = build()
    digests += [["article", file, file_digest(file)] for file in articles(result)]
    _write(path, digests, result)
    return result


def _article_files(library: "Library") -> list[str]:
    return sorted({s.file for bank in library.banks for s in bank.sources.values() if s.file})


def _read(path: Path, digests: list[list[str]]) -> Any:
    try:
        blob = path.read_bytes()
        key = _key(path.parent, create=False)
    except OSError:
        return None
    if key is None or not blob.startswith(MAGIC):
        return None
    view = memoryview(blob)  # slices without copying an archive's megabytes
    signature, body = blob[len(MAGIC):len(MAGIC) + 32], view[len(MAGIC) + 32:]
    if not hmac.compare_digest(signature, hmac.new(key, body, hashlib.sha256).digest()):
        return None  # truncated, altered, or written by someone else: never unpickled
    try:
        size = int.from_bytes(body[:4], "big")
        header = json.loads(bytes(body[4:4 + size]))
        recorded = header["inputs"]
        if header["source"] != source_digest() or recorded[:len(digests)] != digests:
            return None
        if any(file_digest(file) != digest for _, file, digest in recorded[len(digests):]):
            return None  # an article file changed
        with paused_gc():
            return pickle.loads(body[4 + size:])  # noqa: S301 - signed with our own key above
    except Exception:  # noqa: BLE001 - any damage means "not cached"
        return None


def _write(path: Path, digests: list[list[str]], result: Any) -> None:
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        key = _key(path.parent, create=True)
        if key is None:
            return
        header = json.dumps({"source": source_digest(), "inputs": digests}).encode()
        body = len(header).to_bytes(4, "big") + header + pickle.dumps(result, protocol=pickle.HIGHEST_PROTOCOL)
        temporary = path.with_name(f"{path.name}.{os.getpid()}.tmp")
        with open(temporary, "wb") as stream:
            stream.write(MAGIC + hmac.new(key, body, hashlib.sha256).digest() + body)
        os.replace(temporary, path)  # readers see the old file or the new one, never half
        _prune(path.parent)
    except (OSError, pickle.PicklingError, TypeError, AttributeError, RecursionError):
        return


def _key(directory: Path, create: bool) -> bytes | None:
    """The random key that signs this user's cache files (made on first use, mode 0600)."""
    path = directory / KEY_FILE
    try:
        key = path.read_bytes()
        if len(key) == 32:
            return key
        if not create:
            return None
        path.unlink()  # damaged: a new key, and every file signed with the old one is a miss
    except FileNotFoundError:
        if not create:
            return None
    try:
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:  # another process made it first
        key = path.read_bytes()
        return key if len(key) == 32 else None
    key = os.urandom(32)
    with os.fdopen(descriptor, "wb") as stream:
        stream.write(key)
    return key


def _prune(directory: Path) -> None:
    files = sorted(directory.glob("*.pickle"), key=lambda p: p.stat().st_mtime, reverse=True)
    for old in files[KEEP:]:
        old.unlink(missing_ok=True)

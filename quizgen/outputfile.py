"""Write output files all-or-nothing: each goes to a temporary file beside it, and only when
every one is written are they renamed into place."""

from __future__ import annotations

import os
from pathlib import Path

from quizgen.errors import OutputError


def write_files(files: dict[Path, bytes]) -> None:
    written: list[tuple[Path, Path]] = []
    try:
        for path, data in files.items():
            check_writable_place(path)
            temporary = path.parent / f".{path.name}.{os.getpid()}.tmp"
            try:
                with open(temporary, "xb") as out:
                    written.append((temporary, path))
                    out.write(data)
            except OSError as error:
                raise OutputError(f"cannot write {path}: {_reason(error)}") from None
        for temporary, path in written:
            try:
                os.replace(temporary, path)
            except OSError as error:
                raise OutputError(f"cannot write {path}: {_reason(error)}") from None
    finally:
        for temporary, _ in written:
            if temporary.exists():
                temporary.unlink()


def check_writable_place(path: Path) -> None:
    """Fail early, before any work, if `path` cannot be a file we write."""
    if path.is_dir():
        raise OutputError(f"{path} is a folder; give a file name, e.g. -o {path / 'worksheet.pdf'}")
    parent = path.parent
    if not parent.exists():
        raise OutputError(f"cannot write {path}: folder {parent} does not exist; create it first")
    if not parent.is_dir():
        raise OutputError(f"cannot write {path}: {parent} is a file, not a folder")


def _reason(error: OSError) -> str:
    reason = (error.strerror or str(error)).lower()
    if isinstance(error, PermissionError):
        return f"{reason}; choose a folder you can write to"
    return reason

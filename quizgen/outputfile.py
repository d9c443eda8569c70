"""Write output files all-or-nothing: each goes to a temporary file beside it, and only when
every one is written are they renamed into place.

- A symlink is written through: the temporary file goes beside the real file it points to and
  replaces that file, so the link stays a link (and the file keeps its permissions).
- A device, FIFO or socket is refused: renaming over it would replace the node itself.
- `-` means standard output, written last, after every real file is in place.
- A failed write (disk full, permission) leaves every earlier file as it was.
"""

from __future__ import annotations

import os
import stat
import sys
from pathlib import Path
from typing import BinaryIO

from quizgen.errors import OutputError

STANDARD_OUTPUT = "-"


def is_standard_output(path: str | os.PathLike) -> bool:
    return os.fspath(path) == STANDARD_OUTPUT


def real_target(path: Path) -> Path:
    """The file a write to `path` must change: symlinks followed to their end."""
    return Path(os.path.realpath(path))


def write_files(files: dict[Path, bytes], stdout: BinaryIO | None = None, force: bool = False) -> None:
    """Write each file (the path `-` to `stdout`, default the process's standard output).
    A read-only file is replaced only with `force` (and stays read-only)."""
    written: list[tuple[Path, Path]] = []
    to_stdout: list[bytes] = []
    try:
        for path, data in files.items():
            if is_standard_output(path):
                to_stdout.append(data)
                continue
            check_writable_place(path, force)
            target = real_target(path)
            temporary = target.parent / f".{target.name}.{os.getpid()}.tmp"
            try:
                with open(temporary, "xb") as out:
                    written.append((temporary, target))
                    _keep_mode(target, out)
                    out.write(data)
            except OSError as error:
                raise OutputError(f"cannot write {path}: {_reason(error)}") from None
        for temporary, target in written:
            try:
                os.replace(temporary, target)
            except OSError as error:
                raise OutputError(f"cannot write {target}: {_reason(error)}") from None
    finally:
        for temporary, _ in written:
            if temporary.exists():
                temporary.unlink()
    for data in to_stdout:
        _write_standard_output(data, stdout)


def _keep_mode(target: Path, out: BinaryIO) -> None:
    try:
        mode = os.stat(target).st_mode
    except FileNotFoundError:
        return  # a new file: the umask decides, as for any new file
    os.fchmod(out.fileno(), stat.S_IMODE(mode))


def _write_standard_output(data: bytes, stdout: BinaryIO | None) -> None:
    stream = stdout if stdout is not None else sys.stdout.buffer
    try:
        stream.write(data)
        stream.flush()
    except BrokenPipeError:
        raise
    except OSError as error:
        raise OutputError(f"cannot write to standard output: {_reason(error)}") from None


def check_writable_place(path: Path, force: bool = False) -> None:
    """Fail early, before any work, if `path` cannot be a file we write (a read-only file
    only with `force`)."""
    if is_standard_output(path):
        return
    target = real_target(path)
    try:
        mode = os.stat(target).st_mode
    except FileNotFoundError:
        mode = None
    except OSError as error:
        raise OutputError(f"cannot write {path}: {_reason(error)}") from None
    if mode is not None and stat.S_ISDIR(mode):
        raise OutputError(f"{path} is a folder; give a file name, e.g. -o {path / 'worksheet.pdf'}")
    if mode is not None and not stat.S_ISREG(mode):
        raise OutputError(f"cannot write {path}: not a regular file (a device, pipe or socket); "
                          "give a file name, or - for standard output")
    if mode is not None and not force and not (mode & 0o222 and os.access(target, os.W_OK)):
        # Read-only on purpose (a marked paper, a key): replacing it would pass silently,
        # since the folder is writable.
        raise OutputError(f"cannot write {path}: the file is read-only; give --force to replace it "
                          "(it stays read-only)")
    parent = target.parent
    if not parent.exists():
        raise OutputError(f"cannot write {path}: folder {parent} does not exist; create it first")
    if not parent.is_dir():
        raise OutputError(f"cannot write {path}: {parent} is a file, not a folder")


def _reason(error: OSError) -> str:
    reason = (error.strerror or str(error)).lower()
    if isinstance(error, PermissionError):
        return f"{reason}; choose a folder you can write to"
    return reason

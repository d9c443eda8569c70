"""Command-line entry point: parse arguments, call the library, turn errors into exit codes.

Each command lives in `quizgen.commands.<name>` with `HELP`, `EXAMPLE`, `add_arguments(parser)`
and `run(args, env) -> ExitStatus`. Command modules import heavy libraries (reportlab,
questionary, rich) inside `run`, so `quizgen --help` stays fast.
"""

from __future__ import annotations

import argparse
import contextlib
import importlib
import os
import sys
import traceback
from typing import TYPE_CHECKING

from quizgen import __version__
from quizgen.errors import QuizgenError
from quizgen.exitstatus import ExitStatus

if TYPE_CHECKING:
    from typing import Callable, Mapping, Sequence, TextIO

COMMANDS = ("quiz", "mock", "generate", "export", "grade", "check", "pdf", "history", "review", "stats", "new",
            "import", "export-bank", "extract")
_MODULES = {"import": "import_bank", "export-bank": "export_bank"}  # `import` is a Python keyword


class Env:
    """The outside world a command may touch, passed in so tests can run the CLI in-process."""

    def __init__(self, stdin: "TextIO | None" = None, stdout: "TextIO | None" = None,
                 stderr: "TextIO | None" = None, environ: "Mapping[str, str] | None" = None):
        self.stdin = stdin if stdin is not None else sys.stdin
        self.stdout = stdout if stdout is not None else sys.stdout
        self.stderr = stderr if stderr is not None else sys.stderr
        self.environ = environ if environ is not None else os.environ

    @property
    def stdout_isatty(self) -> bool:
        return _isatty(self.stdout)

    @property
    def stdin_isatty(self) -> bool:
        return _isatty(self.stdin)


def _isatty(stream: TextIO) -> bool:
    try:
        return stream.isatty()
    except (AttributeError, ValueError):
        return False


class _Parser(argparse.ArgumentParser):
    """argparse that raises instead of exiting, so usage errors share the one error path."""

    def error(self, message: str):  # type: ignore[override]
        raise QuizgenError(f"{message} (see '{self.prog} --help')")


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="quizgen",
        description="Exam-grade multiple-choice questions from curated facts: "
        "a timed terminal quiz and printable PDF worksheets.",
        epilog="Example: quizgen quiz --count 10 --seed 7\n"
        "Exit codes: 0 ok, 1 problems found by check, 2 error, 70 internal error, "
        "130 interrupted.",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--version", action="version", version=f"quizgen {__version__}")
    parser.add_argument("--debug", action="store_true", help="show a traceback on errors")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    for name in COMMANDS:
        module = importlib.import_module(f"quizgen.commands.{_MODULES.get(name, name)}")
        command = sub.add_parser(
            name,
            help=module.HELP,
            description=module.HELP,
            epilog=f"Example:\n  {module.EXAMPLE}",
            formatter_class=argparse.RawDescriptionHelpFormatter,
        )
        command.add_argument("--debug", action="store_true", help="show a traceback on errors")
        module.add_arguments(command)
        command.set_defaults(run=module.run)
    return parser


class _GuardedStdout:
    """The process's standard output, failing as one `Error:` line: a full disk or a closed
    terminal (OSError) becomes an OutputError; a broken pipe stays one (a reader such as
    `head` stopped reading, which is fine)."""

    def __init__(self, stream: TextIO):
        self._stream = stream

    def write(self, text: str) -> int:
        try:
            return self._stream.write(text)
        except BrokenPipeError:
            raise
        except OSError as error:
            raise _stdout_error(error) from None

    def flush(self) -> None:
        try:
            self._stream.flush()
        except BrokenPipeError:
            raise
        except OSError as error:
            raise _stdout_error(error) from None

    def __getattr__(self, name: str):
        return getattr(self._stream, name)


def _stdout_error(error: OSError) -> QuizgenError:
    from quizgen.errors import OutputError

    return OutputError(f"cannot write to standard output: {(error.strerror or str(error)).lower()}")


def _transliterate(error: UnicodeEncodeError):
    """Codec error handler for a stdout that is not UTF-8 (PYTHONIOENCODING=ascii, LANG=C):
    en dashes, curly quotes and accents become their nearest ASCII, anything else '?'."""
    import unicodedata

    text = error.object[error.start:error.end]
    out = []
    for char in text:
        near = _NEAREST_ASCII.get(char)
        if near is None:
            near = unicodedata.normalize("NFKD", char).encode("ascii", "ignore").decode("ascii") or "?"
        out.append(near)
    return "".join(out), error.end


_NEAREST_ASCII = {"–": "-", "—": "--", "‘": "'", "’": "'", "“": '"', "”": '"',
                  "…": "...", "₹": "Rs ", "×": "x", "−": "-", "•": "*",
                  "·": "*", "→": "->", "≥": ">=", "≤": "<=", " ": " "}


def _prepare_standard_streams() -> None:
    import codecs

    codecs.register_error("quizgen-nearest-ascii", _transliterate)
    for stream in (sys.stdout, sys.stderr):
        encoding = (getattr(stream, "encoding", None) or "").lower().replace("-", "").replace("_", "")
        if encoding and not encoding.startswith("utf") and hasattr(stream, "reconfigure"):
            stream.reconfigure(errors="quizgen-nearest-ascii")


def main(argv: Sequence[str] | None = None, env: Env | None = None) -> int:
    if env is None:  # the real process: its own streams
        _prepare_standard_streams()
        env = Env(stdout=_GuardedStdout(sys.stdout))
        code = _main(argv, env)
        try:
            env.stdout.flush()
        except BrokenPipeError:
            pass
        except QuizgenError as error:
            if code == ExitStatus.OK:  # else the first failure was already reported
                print(f"Error: {error}", file=env.stderr)
                code = int(error.exit_status)
        else:
            return code
        # Python flushes stdout again on exit; point it at /dev/null so that cannot fail too.
        with contextlib.suppress(OSError):
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, sys.stdout.fileno())
        return code
    return _main(argv, env)


def _main(argv: Sequence[str] | None, env: Env) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    debug = "--debug" in argv
    try:
        parser = build_parser()
        if not argv:
            parser.print_help(env.stdout)
            return ExitStatus.OK
        try:
            # argparse prints --help and --version to sys.stdout; send them to env.stdout.
            with contextlib.redirect_stdout(env.stdout):
                args = parser.parse_args(argv)
        except SystemExit as exit_:
            return int(exit_.code or 0)
        if not getattr(args, "run", None):
            parser.print_help(env.stdout)
            return ExitStatus.OK
        run: Callable = args.run
        return int(run(args, env))
    except QuizgenError as error:
        if debug:
            traceback.print_exc(file=env.stderr)
        print("Error: " + " ".join(str(error).split("\n")), file=env.stderr)  # always one line
        return int(error.exit_status)
    except KeyboardInterrupt:
        print("Interrupted.", file=env.stderr)
        return int(ExitStatus.INTERRUPTED)
    except BrokenPipeError:
        return int(ExitStatus.OK)
    except Exception as error:  # noqa: BLE001 - the one place every unexpected error ends
        # A bug, never the user's fault: one line instead of a traceback. Answers already
        # given are safe: each was committed to the history the moment it was given.
        if debug:
            traceback.print_exc(file=env.stderr)
        print(internal_error_line(error), file=env.stderr)
        return int(ExitStatus.INTERNAL_ERROR)


def internal_error_line(error: BaseException) -> str:
    message = " ".join(str(error).split()) or "(no message)"
    if len(message) > 200:
        message = message[:197] + "..."
    return (f"Error: internal error ({type(error).__name__}): {message}; "
            "rerun with --debug and report it")

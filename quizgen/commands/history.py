"""`quizgen history`: list past attempts with their scores."""

from __future__ import annotations

import argparse

from quizgen.commands._types import whole_number
from quizgen.exitstatus import ExitStatus

HELP = "list past quiz attempts with their scores, or go through one again (--show N)"
EXAMPLE = "quizgen history --show 3"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--format", choices=("table", "json"), default="table",
                        help="output format (default table)")
    parser.add_argument("--show", type=whole_number(), metavar="ATTEMPT",
                        help="go through attempt ATTEMPT question by question: the question as "
                             "printed, your answer, the key, why, the sources; the score last "
                             "(in a pager on a terminal, plain text otherwise)")
    parser.add_argument("--db", metavar="PATH",
                        help="attempt history file (default: $QUIZGEN_DB, else "
                             "history.sqlite3 in your user data folder)")


def run(args: argparse.Namespace, env) -> ExitStatus:
    import json

    from quizgen.history import open_history_readonly, resolve_db_path

    path = resolve_db_path(args.db, env.environ)
    if args.show:
        return _show_attempt(path, args.show, env)
    if not path.exists():
        if args.format == "json":
            env.stdout.write("[]\n")
        else:
            print(f"No attempts yet ({path} does not exist). Take a quiz: quizgen quiz",
                  file=env.stdout)
        return ExitStatus.OK
    with open_history_readonly(path) as db:
        summaries = db.summaries()
    if args.format == "json":
        env.stdout.write(json.dumps([s.to_json() for s in summaries], indent=2) + "\n")
        return ExitStatus.OK
    if not summaries:
        print(f"No attempts yet in {path}. Take a quiz: quizgen quiz", file=env.stdout)
        return ExitStatus.OK
    _print_table(summaries, env, path)
    return ExitStatus.OK


def _print_table(summaries, env, path) -> None:
    from datetime import datetime

    from quizgen.errors import HistoryError, shorten

    from rich import box
    from rich.table import Table

    from quizgen.marking import format_score
    from quizgen.quiz.prompt import format_duration
    from quizgen.quiz.screens import make_console

    console = make_console(env.stdout)
    narrow = console.width < 90  # then: no year, shorter status, one space less between columns
    tiny = console.width < 72  # then: mode and status go; an unfinished attempt's # gets a *
    table = Table(box=box.SIMPLE_HEAD, pad_edge=False, show_edge=False, collapse_padding=narrow)
    for name, justify in (("#", "right"), ("Started", "left"), ("Mode", "left"),
                          ("Qs", "right"), ("Right", "right"), ("Wrong", "right"),
                          ("Blank", "right"), ("Score", "right"), ("Time", "right"),
                          ("Status", "left")):
        if tiny and name in ("Mode", "Status"):
            continue
        table.add_column(name, justify=justify, no_wrap=True, min_width=len(name))
    resumable = max((s.attempt_id for s in summaries if not s.finished), default=None)
    for s in summaries:
        try:
            started = datetime.fromisoformat(s.started_at).astimezone().strftime(
                "%m-%d %H:%M" if narrow else "%Y-%m-%d %H:%M")
        except (TypeError, ValueError, OverflowError):
            raise HistoryError(f"attempt {s.attempt_id} has a damaged start time "
                               f"{shorten(repr(s.started_at))}", path) from None
        mode = s.mode if s.marking == "upsc" else f"{s.mode}, {s.marking}"
        status = ("done" if narrow else "finished") if s.finished else "open" if narrow \
            else "unfinished"
        cells = [str(s.attempt_id), started, mode, str(s.questions), str(s.correct),
                 str(s.wrong), str(s.unanswered),
                 f"{format_score(s.score)}/{format_score(s.max_score)}",
                 format_duration(s.seconds), status]
        if tiny:
            cells = [cells[0] + ("" if s.finished else "*"), cells[1], *cells[3:9]]
        table.add_row(*cells)
    console.print(table)
    if tiny and not all(s.finished for s in summaries):
        console.print("* unfinished")
    console.print("Go through one again: quizgen history --show N", style="dim")
    if resumable is not None:
        console.print(f"Attempt {resumable} is unfinished; continue it with: "
                      "quizgen quiz --resume")


def _show_attempt(path, attempt_id: int, env) -> ExitStatus:
    import io

    from quizgen.history import open_history_readonly
    from quizgen.quiz.screens import render_attempt
    from quizgen.quiz.session import load_result

    with open_history_readonly(path) as db:
        result = load_result(db, attempt_id)
    if not env.stdout_isatty:
        render_attempt(result, env.stdout)
        return ExitStatus.OK
    from rich.console import Console

    # Drawn at the terminal's width with colour, then paged (less -R, or $PAGER): the reader
    # goes through it question by question, and the score is at the end.
    width = Console(file=env.stdout).width
    buffer = io.StringIO()
    render_attempt(result, _ColourBuffer(buffer), width=width)
    _page(buffer.getvalue(), env)
    return ExitStatus.OK


class _ColourBuffer:
    """A text buffer rich treats as a terminal, so the paged text keeps its colours."""

    def __init__(self, buffer):
        self.buffer = buffer

    def write(self, text: str) -> int:
        return self.buffer.write(text)

    def flush(self) -> None:
        pass

    def isatty(self) -> bool:
        return True


def _page(text: str, env) -> None:
    import pydoc
    import shutil

    if not (env.environ.get("PAGER") or env.environ.get("MANPAGER")) and shutil.which("less"):
        # -R keeps the colours; -F leaves a short attempt on screen; -X leaves the last page
        # (the score) on screen after quitting
        pydoc.pipepager(text, "less -RFX")
        return
    pydoc.pager(text)

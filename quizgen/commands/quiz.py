"""`quizgen quiz`: a timed practice paper in the terminal, saved answer by answer."""

from __future__ import annotations

import argparse

from quizgen.commands._types import positive_number
from quizgen.commands._common import add_selection_arguments, select_from_args
from quizgen.exitstatus import ExitStatus

HELP = "take a timed practice paper in the terminal (UPSC marking, saved as you answer)"
EXAMPLE = "quizgen quiz --count 20 --topic foundational-agreements --time-per-question 60"

NO_TERMINAL = ("the quiz needs a terminal (stdin and stdout must both be one); without one, "
               "print questions with 'quizgen generate' or a worksheet with 'quizgen pdf'")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    add_selection_arguments(parser, default_count=10)
    add_paper_arguments(parser)
    parser.add_argument("--resume", action="store_true",
                        help="continue the last unfinished attempt (its questions, answers and "
                             "time left); selection and timing options are then ignored")


def add_paper_arguments(parser: argparse.ArgumentParser) -> None:
    """Timing, marking, confidence and database options (shared with `quizgen review`)."""
    group = parser.add_argument_group("the paper")
    group.add_argument("--time-per-question", type=_seconds, default=72.0, metavar="SECONDS",
                       help="clock for each question; 0 turns it off (default 72, the exam pace)")
    group.add_argument("--time-limit", type=positive_number("minutes"), default=None, metavar="MINUTES",
                       help="clock for the whole paper (default: questions × time per question)")
    group.add_argument("--marking", choices=("upsc", "plain"), default="upsc",
                       help="upsc: +2 correct, −2/3 wrong, 0 unanswered (default); "
                            "plain: +1 correct, 0 otherwise")
    group.add_argument("--confidence", action="store_true",
                       help="after each answer, tag it sure (s) or guess (g)")
    group.add_argument("--db", metavar="PATH",
                       help="attempt history file (default: $QUIZGEN_DB, else "
                            "history.sqlite3 in your user data folder)")


def _seconds(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number of seconds: {text!r}") from None
    if not value >= 0 or value == float("inf"):
        raise argparse.ArgumentTypeError(f"must be 0 or more seconds, got {text}")
    return value


def require_terminal(env) -> None:
    from quizgen.errors import NoTerminalError

    if not (env.stdin_isatty and env.stdout_isatty):
        raise NoTerminalError(NO_TERMINAL)


def settings_from_args(args: argparse.Namespace, mode: str = "quiz"):
    from quizgen.quiz.session import QuizSettings

    return QuizSettings(
        time_per_question=args.time_per_question or None,
        time_limit_seconds=args.time_limit * 60 if args.time_limit else None,
        marking=args.marking,
        confidence=args.confidence,
        mode=mode,
        seed=getattr(args, "seed", None),
        extra={key: getattr(args, key) for key in ("bank", "topic", "style", "difficulty")
               if hasattr(args, key)},
    )


def unfinished_notice(db) -> str:
    """A line for the start screen when an earlier attempt could be resumed instead."""
    pending = db.last_unfinished_attempt()
    if pending is None:
        return ""
    return (f"Attempt {pending.id} is unfinished. To continue it instead, press Ctrl-C and run: "
            "quizgen quiz --resume")


def run(args: argparse.Namespace, env) -> ExitStatus:
    from quizgen.errors import HistoryError, UsageError
    from quizgen.history import open_history, resolve_db_path
    from quizgen.quiz.session import resume_attempt, run_quiz

    require_terminal(env)
    path = resolve_db_path(args.db, env.environ)
    if args.resume:
        if not path.exists():  # nothing to resume; do not create an empty history
            raise HistoryError("there is no unfinished attempt to resume; "
                               "start a new one with: quizgen quiz", path)
        with open_history(path) as db:
            result = resume_attempt(db, env=env)
        return ExitStatus.INTERRUPTED if result.interrupted else ExitStatus.OK
    selection = select_from_args(args)  # before the database: bad filters create no file
    if not selection.questions:
        raise UsageError("no questions match the chosen banks and filters "
                         "(--bank/--topic/--style); see them with: quizgen generate")
    with open_history(path) as db:
        notices = [unfinished_notice(db)]
        if len(selection.questions) < args.count:
            notices.insert(0, f"Only {len(selection.questions)} distinct questions match "
                              "the filters; all of them are in this paper.")
        result = run_quiz(selection.questions, settings_from_args(args), db, env,
                          notice="\n".join(n for n in notices if n))
    return ExitStatus.INTERRUPTED if result.interrupted else ExitStatus.OK

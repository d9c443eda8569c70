"""`quizgen mock`: a full-length mock in the terminal: a palette, free navigation, one clock."""

from __future__ import annotations

import argparse

from quizgen.commands._common import add_selection_arguments, select_from_args
from quizgen.exitstatus import ExitStatus

HELP = ("sit a full-length mock: question palette, free navigation, change any answer until "
        "you submit, one clock (UPSC marking, saved as you go)")
EXAMPLE = "quizgen mock --count 100   # the real paper: 100 questions in 2 hours"

DEFAULT_COUNT = 100


def add_arguments(parser: argparse.ArgumentParser) -> None:
    from quizgen.commands.quiz import _minutes

    add_selection_arguments(
        parser, default_count=DEFAULT_COUNT,
        seed_help="paper seed: the same seed gives the same paper again (default: a new "
                  "random seed every time, shown on the start screen)")
    parser.set_defaults(seed=None)
    group = parser.add_argument_group("the paper")
    group.add_argument("--time-limit", type=_minutes, default=None, metavar="MINUTES",
                       help="the paper's clock in minutes (default: 72 s a question, the "
                            "exam's 2 hours for 100)")
    group.add_argument("--marking", choices=("upsc", "plain"), default="upsc",
                       help="upsc: +2 correct, −2/3 wrong, 0 unanswered (default); "
                            "plain: +1 correct, 0 otherwise")
    group.add_argument("--confidence", action="store_true",
                       help="tag answers sure (1) or guess (2)")
    group.add_argument("--db", metavar="PATH",
                       help="attempt history file (default: $QUIZGEN_DB, else "
                            "history.sqlite3 in your user data folder)")
    group.add_argument("--resume", action="store_true",
                       help="continue the last unfinished mock where it stood (answers, marks, "
                            "question, clock); other options are then ignored")


def run(args: argparse.Namespace, env) -> ExitStatus:
    from quizgen.commands.quiz import clock_from_env, require_terminal
    from quizgen.errors import HistoryError, UsageError
    from quizgen.history import open_history, resolve_db_path
    from quizgen.quiz import papers
    from quizgen.quiz.mock import resume_mock, run_mock
    from quizgen.quiz.session import QuizSettings

    require_terminal(env)
    clock = clock_from_env(env.environ)
    path = resolve_db_path(args.db, env.environ)
    if args.resume:
        if not path.exists():
            raise HistoryError("there is no unfinished mock to resume; start one with: "
                               "quizgen mock", path)
        with open_history(path) as db:
            outcome = resume_mock(db, env=env, clock=clock)
        return ExitStatus.INTERRUPTED if outcome.result.interrupted else ExitStatus.OK
    fresh = args.seed is None
    seed = papers.random_seed() if fresh else args.seed
    avoided: list[str] = []
    if path.exists() and fresh:
        with open_history(path, create=False) as db:
            avoided = papers.recent_families(db)
    args.seed = seed
    selection = select_from_args(args, exclude_families=avoided)
    if not selection.questions:
        raise UsageError("no questions match the chosen banks and filters "
                         "(--bank/--topic/--style); see them with: quizgen generate")
    notices = [f"Paper seed {seed}: quizgen mock --seed {seed}"
               + (f" --count {args.count}" if args.count != DEFAULT_COUNT else "")
               + " sets this paper again."]
    if len(selection.questions) < args.count:
        notices.insert(0, f"Only {len(selection.questions)} distinct questions match the "
                          "filters; all of them are in this paper.")
    filters = {key: getattr(args, key) for key in ("bank", "topic", "style", "difficulty")}
    settings = QuizSettings(
        time_per_question=None,
        time_limit_seconds=args.time_limit * 60 if args.time_limit else None,
        marking=args.marking, confidence=args.confidence, mode="mock", seed=seed,
        extra={**filters, **({"avoided": avoided} if avoided else {})})
    with open_history(path) as db:
        pending = db.last_unfinished_attempt(mode="mock")
        if pending is not None:
            notices.append(f"Mock {pending.id} is unfinished. To continue it instead, press "
                           "Ctrl-C and run: quizgen mock --resume")
        outcome = run_mock(selection.questions, settings, db, env, clock=clock,
                           notice="\n".join(notices))
    return ExitStatus.INTERRUPTED if outcome.result.interrupted else ExitStatus.OK

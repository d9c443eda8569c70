"""`quizgen quiz`: a timed practice paper in the terminal, saved answer by answer."""

from __future__ import annotations

import argparse

from quizgen.commands._types import positive_number, whole_number
from quizgen.commands._common import add_selection_arguments, hindi_note, select_from_args
from quizgen.exitstatus import ExitStatus

HELP = "take a timed practice paper in the terminal (UPSC marking, saved as you answer)"
EXAMPLE = "quizgen quiz --count 20 --topic foundational-agreements --time-per-question 60"

NO_TERMINAL = ("the quiz needs a terminal (stdin and stdout must both be one); without one, "
               "print questions with 'quizgen generate' or a worksheet with 'quizgen pdf'")

EXAM_PACE_SECONDS = 72.0
MAX_TIME_LIMIT_MINUTES = 300
MOCK_SUGGESTED_FROM = 50  # from this many questions the start screen points to `quizgen mock`  # above this the number was almost certainly meant as seconds
# Test-only: run the quiz's clocks this many times faster than real time (documented in
# docs/quiz.md), so a test can let 72 s pass in a second without mocking our own code.
TIME_SCALE_VAR = "QUIZGEN_TIME_SCALE"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    add_selection_arguments(
        parser, default_count=10,
        seed_help="paper seed: the same seed gives the same paper again (default: a new "
                  "random seed every time, shown on the start screen)")
    parser.set_defaults(seed=None)
    parser.add_argument("--lang", choices=("en", "hi"), default="en",
                        help="language of the questions: en (default) or hi (Hindi, where the "
                             "banks have it; see docs/hindi.md for terminals that print it well)")
    add_paper_arguments(parser)
    group = parser.add_argument_group("another go").add_mutually_exclusive_group()
    group.add_argument("--resume", action="store_true",
                       help="continue the last unfinished attempt (its questions, answers and "
                            "time left); selection and timing options are then ignored")
    group.add_argument("--repeat", type=whole_number(), metavar="ATTEMPT",
                       help="sit the same paper as attempt ATTEMPT again (same questions, "
                            "same order)")
    group.add_argument("--retry", type=whole_number(), metavar="ATTEMPT",
                       help="a paper of the questions you got wrong or left in attempt "
                            "ATTEMPT, as fresh variants of the same facts where possible")


def add_paper_arguments(parser: argparse.ArgumentParser) -> None:
    """Timing, marking, confidence and database options (shared with `quizgen review`)."""
    group = parser.add_argument_group("the paper")
    group.add_argument("--time-per-question", type=_seconds, default=None, metavar="SECONDS",
                       help="clock for each question; 0 turns it off (default 72, the exam "
                            "pace; none when --time-limit is given, as in the exam)")
    group.add_argument("--time-limit", type=_minutes, default=None, metavar="MINUTES",
                       help="clock for the whole paper, in minutes, at most "
                            f"{MAX_TIME_LIMIT_MINUTES} (default: questions × time per question)")
    group.add_argument("--marking", choices=("upsc", "plain"), default="upsc",
                       help="upsc: +2 correct, −2/3 wrong, 0 unanswered (default); "
                            "plain: +1 correct, 0 otherwise")
    group.add_argument("--confidence", action="store_true",
                       help="after each answer, tag it sure (y) or guess (g)")
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


def _minutes(text: str) -> float:
    value = positive_number("minutes")(text)
    if value > MAX_TIME_LIMIT_MINUTES:
        raise argparse.ArgumentTypeError(
            f"{text} minutes is {value / 60:g} hours; the limit is in minutes, at most "
            f"{MAX_TIME_LIMIT_MINUTES} (the exam's 2 hours: --time-limit 120)")
    return value


def require_terminal(env) -> None:
    from quizgen.errors import NoTerminalError

    if not (env.stdin_isatty and env.stdout_isatty):
        raise NoTerminalError(NO_TERMINAL)


def settings_from_args(args: argparse.Namespace, mode: str = "quiz", seed=None, extra=None):
    from quizgen.quiz.session import QuizSettings

    per_question = args.time_per_question
    if per_question is None:  # the paper's clock alone, as in the exam, when it is given
        per_question = None if args.time_limit else EXAM_PACE_SECONDS
    filters = {key: getattr(args, key) for key in ("bank", "topic", "style", "difficulty")
               if hasattr(args, key)}
    return QuizSettings(
        time_per_question=per_question or None,
        time_limit_seconds=args.time_limit * 60 if args.time_limit else None,
        marking=args.marking,
        confidence=args.confidence,
        mode=mode,
        seed=seed if seed is not None else getattr(args, "seed", None),
        extra={**filters, **(extra or {})},
    )


def clock_from_env(environ):
    """time.monotonic, or a faster clock when the test-only QUIZGEN_TIME_SCALE is set."""
    import time

    from quizgen.errors import UsageError

    text = environ.get(TIME_SCALE_VAR)
    if not text:
        return time.monotonic
    try:
        scale = float(text)
    except ValueError:
        scale = 0.0
    if not 0 < scale < float("inf"):
        raise UsageError(f"{TIME_SCALE_VAR} must be a number above 0, got {text!r}")
    origin = time.monotonic()
    return lambda: origin + (time.monotonic() - origin) * scale


def unfinished_notice(db) -> str:
    """A line for the start screen when an earlier attempt could be resumed instead."""
    pending = db.last_unfinished_attempt()
    if pending is None:
        return ""
    return (f"Attempt {pending.id} is unfinished. To continue it instead, press Ctrl-C and run: "
            "quizgen quiz --resume")


def same_paper_command(args: argparse.Namespace, seed: int) -> str:
    """The command that sets this paper again: the seed and the selection options given."""
    parts = ["quizgen quiz", f"--seed {seed}"]
    if args.count != 10:
        parts.append(f"--count {args.count}")
    for option in ("bank", "templates", "topic", "style"):
        parts += [f"--{option} {value}" for value in getattr(args, option)]
    if args.difficulty != "hard":
        parts.append(f"--difficulty {args.difficulty}")
    if getattr(args, "lang", "en") != "en":
        parts.append(f"--lang {args.lang}")
    return " ".join(parts)


def run(args: argparse.Namespace, env) -> ExitStatus:
    from quizgen.errors import HistoryError

    require_terminal(env)
    clock = clock_from_env(env.environ)
    from quizgen.history import resolve_db_path

    path = resolve_db_path(args.db, env.environ)
    if (args.resume or args.repeat or args.retry) and not path.exists():
        # nothing to go back to; do not create an empty history
        what = "unfinished attempt to resume" if args.resume else "attempt history yet"
        raise HistoryError(f"there is no {what}; start a new paper with: quizgen quiz", path)
    if args.resume:
        from quizgen.history import open_history
        from quizgen.quiz.session import resume_attempt

        with open_history(path) as db:
            pending = db.last_unfinished_attempt()
            if pending is not None and pending.mode == "mock":  # a mock goes on as a mock
                from quizgen.quiz.mock import resume_mock

                result = resume_mock(db, pending.id, env=env, clock=clock).result
            else:
                result = resume_attempt(db, env=env, clock=clock)
        return ExitStatus.INTERRUPTED if result.interrupted else ExitStatus.OK
    if args.repeat or args.retry:
        return _another_go(args, env, path, clock)
    return _fresh_paper(args, env, path, clock)


def _fresh_paper(args, env, path, clock) -> ExitStatus:
    from quizgen.errors import UsageError
    from quizgen.history import open_history
    from quizgen.quiz import papers
    from quizgen.quiz.session import run_quiz

    fresh = args.seed is None
    seed = papers.random_seed() if fresh else args.seed
    avoided: list[str] = []
    if path.exists():
        with open_history(path, create=False) as db:
            avoided = (papers.recent_families(db) if fresh
                       else papers.families_avoided_with_seed(db, seed))
    args.seed = seed
    selection = select_from_args(args, exclude_families=avoided)  # bad filters create no file
    if not selection.questions:
        raise UsageError("no questions match the chosen banks and filters "
                         "(--bank/--topic/--style); see them with: quizgen generate")
    repeats = sum(q.family in set(avoided) for q in selection.questions)
    questions = selection.questions
    language_notices = []
    if args.lang == "hi":
        # The same questions and keys, printed in Hindi (and kept so in the history).
        questions = [q.in_language("hi") for q in questions]
        language_notices = [n for n in (devanagari_terminal_warning(env.environ),
                                        hindi_note(selection.questions, "hi")) if n]
    with open_history(path) as db:
        notices = [f"Paper seed {seed}. The same paper again: {same_paper_command(args, seed)}",
                   *language_notices]
        if avoided and fresh:
            notices.append(f"Questions asked in your last {papers.RECENT_PAPERS} papers are "
                           "left out while others remain" + (
                               f"; {repeats} came back (too few others match)." if repeats
                               else "."))
        if len(selection.questions) < args.count:
            notices.insert(0, f"Only {len(selection.questions)} distinct questions match "
                              "the filters; all of them are in this paper.")
        if len(selection.questions) >= MOCK_SUGGESTED_FROM:
            notices.append("A full-length paper with a palette, free navigation and one "
                           f"clock: quizgen mock --count {len(selection.questions)}")
        notices.append(unfinished_notice(db))
        settings = settings_from_args(args, extra={"avoided": avoided} if avoided else None)
        result = run_quiz(questions, settings, db, env, clock=clock,
                          notice="\n".join(n for n in notices if n))
    return ExitStatus.INTERRUPTED if result.interrupted else ExitStatus.OK


def devanagari_terminal_warning(environ) -> str | None:
    """One warning, on the start screen, where the terminal likely cannot shape Devanagari
    (conjuncts and matras would print as separate letters): the Linux console, xterm and
    Alacritty do no complex-script shaping."""
    term = environ.get("TERM", "")
    if term in ("linux", "dumb") or "XTERM_VERSION" in environ or "ALACRITTY_WINDOW_ID" in environ \
            or term.startswith("alacritty"):
        return ("Warning: this terminal may not join Devanagari letters (conjuncts and matras); "
                "for Hindi use a terminal that shapes text (docs/hindi.md), or print the paper: "
                "quizgen pdf --lang hi")
    return None


def _another_go(args, env, path, clock) -> ExitStatus:
    """--repeat: the stored paper again; --retry: the questions missed in it, asked afresh."""
    from quizgen.history import open_history
    from quizgen.quiz import papers
    from quizgen.quiz.session import run_quiz

    attempt_id = args.repeat or args.retry
    with open_history(path, create=False) as db:
        info = db.attempt(attempt_id)
        if args.repeat:
            questions = db.attempt_questions(attempt_id)
            seed, mode, extra = info.seed, "quiz", {"repeat_of": attempt_id}
            notice = f"The same paper as attempt {attempt_id}."
        else:
            questions = papers.missed_questions(db, attempt_id)
            if not questions:
                print(f"Nothing to retry: you got every question of attempt {attempt_id} right.",
                      file=env.stdout)
                return ExitStatus.OK
            seed, mode, extra = papers.random_seed(), "retry", {"retry_of": attempt_id}
            notice = (f"The {len(questions)} question{'s' if len(questions) != 1 else ''} you "
                      f"got wrong or left in attempt {attempt_id}, asked afresh.")
    if args.retry:
        from quizgen.commands._common import library_from_args

        library = library_from_args(args)
        questions = papers.fresh_variants(library, questions, seed)
    with open_history(path) as db:
        result = run_quiz(questions, settings_from_args(args, mode, seed, extra), db, env,
                          clock=clock, notice=notice)
    return ExitStatus.INTERRUPTED if result.interrupted else ExitStatus.OK

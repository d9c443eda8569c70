"""`quizgen review`: a spaced-repetition paper of the facts due now, asked afresh."""

from __future__ import annotations

import argparse
import zlib

from quizgen.commands._common import add_selection_arguments, library_from_args
from quizgen.commands.quiz import add_paper_arguments
from quizgen.errors import NoTerminalError, UsageError
from quizgen.commands._types import iso_date
from quizgen.exitstatus import ExitStatus

HELP = "review the facts due for spaced repetition (most overdue first), asked in new questions"
EXAMPLE = "quizgen review --count 20 --exam-date 2027-05-23 --confidence"

NO_TERMINAL = ("review needs a terminal (stdin and stdout must both be one); to see what is due "
               "without one, run 'quizgen review --list'")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    add_selection_arguments(parser, default_count=10)
    add_paper_arguments(parser)
    group = parser.add_argument_group("spaced repetition")
    group.add_argument("--exam-date", type=iso_date, metavar="YYYY-MM-DD",
                       help="bring forward facts that would next fall due on or after the exam")
    group.add_argument("--list", action="store_true",
                       help="print what is due and the questions a review would ask, then stop "
                            "(needs no terminal)")
    group.add_argument("--rebuild", action="store_true",
                       help="replay every answer to derive the cards afresh (normally they are kept "
                            "up to date as attempts end)")


def derived_seed(seed: int, attempts_so_far: int) -> int:
    """A new seed for every review (new distractors and option order), still reproducible."""
    return zlib.crc32(f"review|{seed}|{attempts_so_far}".encode())


def run(args: argparse.Namespace, env) -> ExitStatus:
    from dataclasses import replace

    from quizgen import srs
    from quizgen.commands.quiz import settings_from_args
    from quizgen.history import open_history, open_history_to_read, resolve_db_path, utc_now

    now = utc_now()
    if args.exam_date and srs.exam_deadline(args.exam_date) <= now:
        raise UsageError(f"the exam date {args.exam_date} is not in the future")
    if not args.list and not (env.stdin_isatty and env.stdout_isatty):
        raise NoTerminalError(NO_TERMINAL)

    library = library_from_args(args)

    def plan_for(cards, attempts_so_far: int):
        from quizgen.reviewpool import ReviewPool

        seed = derived_seed(args.seed, attempts_so_far)
        # Only questions on a due or unseen fact can be asked, and only the chosen ones are
        # built (a year of history leaves most of a library due).
        seen = {key[len(srs.FACT):] for key in cards if key.startswith(srs.FACT)}
        wanted = {d.fact_id for d in srs.due_facts(cards, now, args.exam_date)}
        wanted |= {fact.id for fact in library.facts if fact.id not in seen}
        pool = ReviewPool(library, seed=seed, facts=wanted, topics=args.topic, styles=args.style,
                          difficulty=args.difficulty) if wanted else []
        plan = srs.plan_review(cards, pool, now, args.count, seed=seed, exam_date=args.exam_date)
        return seed, plan, describe_plan(plan, cards, now)

    path = resolve_db_path(args.db, env.environ)
    if args.list and not path.exists():  # listing never creates the history file
        _, plan, text = plan_for({}, 0)
        print(text, file=env.stdout)
        print_plan(plan, env)
        return ExitStatus.OK
    # --list only reads the answers (it works on a database in a read-only folder too); the
    # cards it brings up to date are stored when the file may be written.
    with (open_history_to_read(path) if args.list else open_history(path)) as db:
        cards = srs.load_cards(db, rebuild=args.rebuild)
        seed, plan, text = plan_for(cards, db.attempt_count())
        if args.list or not plan.questions:
            print(text, file=env.stdout)
            if args.list:
                print_plan(plan, env)
            return ExitStatus.OK
        from quizgen.quiz.session import run_quiz

        settings = replace(
            settings_from_args(args, mode="review"), seed=seed,
            extra={"exam_date": args.exam_date.isoformat() if args.exam_date else None,
                   "due": len(plan.due), "due_covered": plan.due_covered,
                   "unseen_covered": plan.unseen_covered, "topic": args.topic, "style": args.style,
                   "bank": args.bank, "difficulty": args.difficulty},
        )
        # The start screen clears the terminal: the plan is shown on it, not printed before.
        result = run_quiz(plan.questions, settings, db, env, notice=text)
    return ExitStatus.INTERRUPTED if result.interrupted else ExitStatus.OK


def describe_plan(plan, cards, now) -> str:
    """One or two lines: what is due and what this review asks."""
    from quizgen import srs

    due = len(plan.due)
    if not plan.questions and due:
        return (f"{_plural(due, 'fact')} due for review, but the chosen banks and filters ask "
                f"about none of them (and no fact is left unseen); widen --bank/--topic/--style.")
    if not plan.questions:
        upcoming = [c.due for k, c in cards.items() if k.startswith(srs.FACT)]
        text = "Nothing is due for review"
        if upcoming:
            text += f"; the next fact falls due {min(upcoming):%Y-%m-%d %H:%M} UTC"
        return text + " and no fact is left unseen in the chosen banks."
    text = (f"{_plural(due, 'fact')} due for review. This review asks "
            f"{_plural(len(plan.questions), 'question')} covering {plan.due_covered} due "
            f"and {_plural(plan.unseen_covered, 'new fact')}.")
    if plan.no_question:
        text += (f"\n{len(plan.no_question)} due fact(s) cannot be asked with the chosen banks "
                 f"and filters: {', '.join(plan.no_question[:5])}"
                 + (" …" if len(plan.no_question) > 5 else ""))
    return text


def _plural(n: int, noun: str) -> str:
    return f"{n} {noun}{'' if n == 1 else 's'}"


def print_plan(plan, env) -> None:
    facts_due = {d.fact_id: d for d in plan.due}
    for number, question in enumerate(plan.questions, start=1):
        due = [facts_due[f] for f in question.facts if f in facts_due]
        if due:
            worst = max(due, key=lambda d: d.overdue)
            why = "due, " + _overdue_text(worst.overdue)
        else:
            why = "new"
        print(f"{number:>3}. [{why}] {question.style}: {question.stem.splitlines()[0]}",
              file=env.stdout)
        print(f"     facts: {', '.join(question.facts)} · template {question.template}",
              file=env.stdout)


def _overdue_text(overdue) -> str:
    seconds = overdue.total_seconds()
    if seconds < 0:
        return "now"
    if seconds < 3600:
        return f"{seconds / 60:.0f} min overdue"
    if seconds < 86400:
        return f"{seconds / 3600:.0f} h overdue"
    return f"{seconds / 86400:.0f} days overdue"

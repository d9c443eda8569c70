"""`quizgen stats`: progress figures, a PDF report with charts, and distractor analytics."""

from __future__ import annotations

import argparse
import json
from datetime import datetime, timezone

from quizgen.errors import UsageError
from quizgen.commands._types import FORCE_HELP, iso_date
from quizgen.exitstatus import ExitStatus

HELP = "progress statistics: trend, weak topics, pace, guessing; PDF report; distractor analytics"
EXAMPLE = "quizgen stats --since 2026-01-01 --pdf progress.pdf"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--db", action="append", default=[], metavar="PATH",
                        help="attempt database (default: $QUIZGEN_DB or the user data folder); "
                             "repeat to merge several, e.g. a class's databases")
    parser.add_argument("--format", choices=("table", "json", "csv"), default="table",
                        help="table (default), json, or csv (with --items)")
    parser.add_argument("--since", type=iso_date, metavar="YYYY-MM-DD",
                        help="only attempts started on or after this day (UTC)")
    parser.add_argument("--pdf", metavar="PATH",
                        help="also write a progress report with charts to this PDF file")
    parser.add_argument("--force", action="store_true", help=FORCE_HELP)
    parser.add_argument("--items", action="store_true",
                        help="per question: how often each option was chosen; flags distractors "
                             "chosen by under 5%% of answers once a question has 20 answers")
    parser.add_argument("--class", dest="class_report", action="store_true",
                        help="a printed class's graded OMR sheets (quizgen grade --db): mean, "
                             "spread, ranks, each question's difficulty and discrimination")
    parser.add_argument("--rebuild", action="store_true",
                        help="replay every answer to derive the spaced-repetition cards and the "
                             "figures afresh (normally they are kept up to date as attempts end)")


def run(args: argparse.Namespace, env) -> ExitStatus:
    from quizgen.history import resolve_db_path

    if args.format == "csv" and not args.items:
        raise UsageError("--format csv is for --items; use table or json for the progress figures")
    if args.items and args.pdf:
        raise UsageError("--pdf draws the progress report; leave it out with --items")
    paths = args.db or [resolve_db_path(None, env.environ)]
    if args.class_report:
        return _class(paths, args, env)
    start = (datetime.combine(args.since, datetime.min.time(), tzinfo=timezone.utc)
             if args.since else None)
    if args.items:
        from quizgen.stats.compute import since
        from quizgen.stats.load import load_databases

        return _items(since(load_databases(paths), start), args, env)

    from quizgen.stats.tally import compute_tallied, load_tallied

    # From each finished attempt's kept tally: a year of answers need not be read again.
    stats = compute_tallied([a for a in load_tallied(paths, rebuild=args.rebuild)
                             if start is None or a.started_at >= start])
    due_now = _due_now(paths[0], args.rebuild) if len(paths) == 1 else None
    if args.pdf:
        from quizgen.outputfile import is_standard_output
        from quizgen.stats.report_pdf import write_report

        if is_standard_output(args.pdf):  # the PDF is standard output: nothing else goes there
            binary = getattr(env.stdout, "buffer", None)
            if binary is None:
                raise UsageError("standard output takes no binary data here; give --pdf FILE")
            env.stdout.flush()
            write_report(stats, args.pdf, stdout=binary)
            print("Wrote the progress report to standard output", file=env.stderr)
            return ExitStatus.OK
        write_report(stats, args.pdf, force=args.force)
    if args.format == "json":
        data = stats.to_dict()
        data["review"] = {"facts_due_now": due_now}
        json.dump(data, env.stdout, indent=2, ensure_ascii=False)
        env.stdout.write("\n")
    else:
        from quizgen.stats.render import print_renderables, stats_renderables

        print_renderables(stats_renderables(stats, due_now), env.stdout, env.stdout_isatty)
    if args.pdf:
        print(f"Wrote the progress report to {args.pdf}", file=env.stderr)
    return ExitStatus.OK


def _items(attempts, args, env) -> ExitStatus:
    from quizgen.stats.items import item_figures, to_csv, to_json

    questions = item_figures(attempts)
    if args.format == "csv":
        env.stdout.write(to_csv(questions))
    elif args.format == "json":
        json.dump(to_json(questions), env.stdout, indent=2, ensure_ascii=False)
        env.stdout.write("\n")
    else:
        from quizgen.stats.render import items_renderables, print_renderables

        print_renderables(items_renderables(questions), env.stdout, env.stdout_isatty)
    return ExitStatus.OK


def _class(paths, args, env) -> ExitStatus:
    from quizgen.stats.classreport import class_renderables, load_classes

    if args.items or args.pdf or args.since or args.format == "csv":
        raise UsageError("--class reports on its own: leave out --items, --pdf, --since and "
                         "--format csv")
    classes = load_classes(paths)
    if not classes:
        raise UsageError("no graded OMR sheets in the database; record them with "
                         "quizgen grade SCANS --layout FILE.omr.json --db PATH")
    if args.format == "json":
        json.dump([c.to_json() for c in classes], env.stdout, indent=2, ensure_ascii=False)
        env.stdout.write("\n")
    else:
        from quizgen.stats.render import print_renderables

        print_renderables(class_renderables(classes), env.stdout, env.stdout_isatty)
    return ExitStatus.OK


def _due_now(path, rebuild: bool = False) -> int:
    """Facts due now, from the cards the history keeps (brought up to date and stored again
    when the file is writable; a read-only file is only read)."""
    from quizgen import srs
    from quizgen.history import open_history_to_read, utc_now

    with open_history_to_read(path) as db:
        return len(srs.due_facts(srs.load_cards(db, rebuild=rebuild), utc_now()))

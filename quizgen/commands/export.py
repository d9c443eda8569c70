"""`quizgen export`: questions -> Anki, Moodle XML, GIFT, Google Forms, CSV, JSON or Markdown."""

from __future__ import annotations

import argparse

from quizgen.commands._common import (
    add_language_argument, add_selection_arguments, hindi_note, select_from_args,
)
from quizgen.commands._types import FORCE_HELP
from quizgen.exitstatus import ExitStatus

HELP = "write questions for Anki, Moodle (XML or GIFT), Google Forms, a spreadsheet (CSV), JSON or Markdown"
EXAMPLE = "quizgen export --format anki -o upsc.apkg --topic foundational"
# Formats by name, without importing the writers (kept in step by a test).
FORMATS = ("json", "markdown", "csv", "anki", "anki-facts", "moodle", "gift", "forms")
TIMESTAMP_ENV_VAR = "SOURCE_DATE_EPOCH"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    out = parser.add_argument_group("the file")
    out.add_argument("--format", required=True, choices=FORMATS,
                     help="anki: .apkg, one note per question; anki-facts: .apkg of cloze cards, "
                          "one per claim about each fact; moodle: Moodle XML; gift: GIFT text; "
                          "forms: Apps Script (.gs) that makes a Google Forms quiz; csv: one row "
                          "per question; json; markdown")
    out.add_argument("-o", "--output", required=True, metavar="FILE",
                     help="the file to write (replaced all at once; through a symlink to its "
                          "target); - for standard output")
    out.add_argument("--force", action="store_true", help=FORCE_HELP)
    out.add_argument("--title", default="quizgen", metavar="T",
                     help="Anki deck name, Google Form title (default: quizgen)")
    out.add_argument("--timestamp", type=seconds_since_1970, default=None, metavar="SECONDS",
                     help="time stamped on Anki notes, seconds since 1970 (default: "
                          f"${TIMESTAMP_ENV_VAR} if set, else now); the same questions and "
                          "timestamp give a byte-identical .apkg")
    add_language_argument(parser, "questions (both: the Hindi after the English; csv: "
                                  "stem_hi, option_a_hi ... option_d_hi columns)")
    add_selection_arguments(parser, default_count=None)


def seconds_since_1970(text: str) -> float:
    import math

    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number of seconds: {text!r}") from None
    if not math.isfinite(value) or value < 0:
        raise argparse.ArgumentTypeError(f"must be a finite number of seconds from 0 on, got {text}")
    return value


def export_timestamp(args: argparse.Namespace, environ) -> float:
    """Anki re-imports a note only if it is newer than the student's copy, so the default is
    now; a build that must be reproducible fixes it (--timestamp or SOURCE_DATE_EPOCH)."""
    import time

    from quizgen.errors import UsageError

    if args.timestamp is not None:
        return args.timestamp
    fixed = environ.get(TIMESTAMP_ENV_VAR)
    if fixed:
        try:
            return seconds_since_1970(fixed)
        except argparse.ArgumentTypeError as error:
            raise UsageError(f"${TIMESTAMP_ENV_VAR}: {error}") from None
    return time.time()


def run(args: argparse.Namespace, env) -> ExitStatus:
    from pathlib import Path

    from quizgen.errors import UsageError
    from quizgen.export import ExportOptions, exporter, one_per_family
    from quizgen.outputfile import check_writable_place, is_standard_output, write_files

    chosen = exporter(args.format)
    output = Path(args.output)
    check_writable_place(output, args.force)  # before any work: a bad path costs nothing
    timestamp = export_timestamp(args, env.environ)

    selection = select_from_args(args)
    questions = one_per_family(selection.questions)
    if not questions:
        from quizgen.coverage import no_questions_reason

        raise UsageError(no_questions_reason(selection.library, selection.skipped))
    data = chosen.write(questions, ExportOptions(title=args.title, timestamp=timestamp,
                                                 library=selection.library, lang=args.lang))
    note = hindi_note(questions, args.lang)
    if note:
        print(note, file=env.stderr)
    to_stdout = is_standard_output(output)
    stdout_binary = getattr(env.stdout, "buffer", None)
    if to_stdout:
        if stdout_binary is None:
            raise UsageError("standard output takes no binary data here; give -o FILE")
        env.stdout.flush()
    write_files({output: data}, stdout=stdout_binary, force=args.force)

    where = "standard output" if to_stdout else str(output)
    if args.count is not None and len(questions) < args.count:
        print(f"Only {len(questions)} questions match the filters (asked for {args.count}).",
              file=env.stderr)
    if not to_stdout and output.suffix.lower() != chosen.suffix:
        print(f"Note: {chosen.name} files usually end in {chosen.suffix}.", file=env.stderr)
    print(f"Wrote {where}: {chosen.name} from {len(questions)} question"
          f"{'s' if len(questions) != 1 else ''} ({chosen.description}).", file=env.stderr)
    return ExitStatus.OK

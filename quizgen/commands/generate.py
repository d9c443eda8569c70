"""`quizgen generate`: print questions as JSON or Markdown (the writers in quizgen.export)."""

from __future__ import annotations

from quizgen.commands._common import (
    add_language_argument, add_selection_arguments, hindi_note, overlap_note, select_from_args,
)
from quizgen.errors import UsageError
from quizgen.exitstatus import ExitStatus

HELP = "print generated questions as JSON or Markdown"
EXAMPLE = "quizgen generate --count 20 --seed 7 --style how-many --format markdown"


def add_arguments(parser):
    add_selection_arguments(parser, default_count=10)
    parser.add_argument("--format", choices=("json", "markdown"), default="json",
                        help="output format (default json)")
    add_language_argument(parser, "questions (JSON: hi and both add stem_hi, options_hi, ...; "
                                  "Markdown: hi prints Hindi, both English then Hindi)")


def run(args, env) -> ExitStatus:
    from quizgen.export import ExportOptions, exporter

    selection = select_from_args(args)
    if not selection.questions:
        from quizgen.coverage import no_questions_reason

        raise UsageError(no_questions_reason(selection.library, selection.skipped))
    if selection.available < args.count:
        print(f"Note: only {selection.available} distinct questions match; printing them all "
              f"(asked for {args.count}).", file=env.stderr)
    note = overlap_note(selection)
    if note:
        print(note, file=env.stderr)
    note = hindi_note(selection.questions, args.lang)
    if note:
        print(note, file=env.stderr)
    questions = selection.questions
    if args.format == "markdown" and args.lang != "en":
        from quizgen.export.markdown import to_markdown

        if args.lang == "hi":
            text = to_markdown([q.in_language("hi") for q in questions])
        else:  # each question in English, then in Hindi under the same number
            text = to_markdown([q for question in questions for q in (question, question.in_language("hi"))],
                               [n for i in range(1, len(questions) + 1) for n in (f"{i}", f"{i} (हिंदी)")])
        env.stdout.write(text)
        return ExitStatus.OK
    data = exporter(args.format).write(questions, ExportOptions(library=selection.library))
    env.stdout.write(data.decode("utf-8"))
    return ExitStatus.OK

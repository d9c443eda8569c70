"""`quizgen grade --forms`: score Google Forms responses with UPSC negative marking."""

from __future__ import annotations

import argparse

from quizgen.exitstatus import ExitStatus


def run(args: argparse.Namespace, env) -> ExitStatus:
    from pathlib import Path

    from quizgen.formsresponses import load_key, read_responses
    from quizgen.gradebook import record_sheets, results_csv, score_sheet
    from quizgen.history import open_history, utc_now
    from quizgen.marking import format_score, get_marking
    from quizgen.outputfile import check_writable_place, is_standard_output, write_files

    output = Path(args.output) if args.output else None
    if output is not None:
        check_writable_place(output, args.force)
    marking = get_marking(args.marking)
    questions = load_key(Path(args.key))
    sheets = read_responses(Path(args.forms), questions)
    scored = [score_sheet(sheet, questions, marking) for sheet in sheets]

    to_stdout = output is not None and is_standard_output(output)
    summary = env.stderr if to_stdout else env.stdout
    if to_stdout:  # text for a pipe or terminal: no byte-order mark
        env.stdout.write(results_csv(scored).decode("utf-8-sig"))
    elif output is not None:
        write_files({output: results_csv(scored)}, force=args.force)
    if args.db:
        with open_history(args.db) as db:
            added, skipped = record_sheets(db, questions, scored, mode="forms",
                                           source="google-forms", marking=marking, now=utc_now())
        again = f" ({skipped} already there)" if skipped else ""
        print(f"Recorded {added} attempts in {args.db}{again}.", file=env.stderr)

    print(f"{len(scored)} responses, {len(questions)} questions; {marking.describe()}", file=summary)
    width = max([len(s.sheet.respondent) for s in scored] + [10])
    for s in scored:
        print(f"  {s.sheet.respondent:<{width}}  {format_score(s.score):>7} / "
              f"{format_score(s.max_score)}  ({s.correct} right, {s.wrong} wrong, "
              f"{s.unanswered} blank)", file=summary)
    if output is not None and not to_stdout:
        print(f"Wrote {output}.", file=env.stderr)
    return ExitStatus.OK

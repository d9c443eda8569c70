"""`quizgen pdf`: printable worksheets for tutors (booklet series, keys, OMR sheet)."""

from __future__ import annotations

import argparse
from pathlib import Path

from quizgen.commands._types import FORCE_HELP, whole_number
from quizgen.commands._common import (
    add_language_argument, add_selection_arguments, hindi_note, overlap_note, select_from_args,
)
from quizgen.exitstatus import ExitStatus

HELP = "print a PDF worksheet: booklet series A-D, answer keys, explanations, OMR sheet"
EXAMPLE = ("quizgen pdf -o mock.pdf --count 100 --sets A,B,C,D --omr --explanations "
           "--institute 'Sunrise IAS Academy'")
DEFAULT_COUNT = 25


def add_arguments(parser: argparse.ArgumentParser) -> None:
    paper = parser.add_argument_group("the paper")
    paper.add_argument("-o", "--output", required=True, metavar="FILE",
                       help="the PDF to write (replaced if it exists; through a symlink to its "
                            "target); - for standard output")
    paper.add_argument("--force", action="store_true", help=FORCE_HELP)
    paper.add_argument("--sets", default="A", metavar="A,B,C,D",
                       help="booklet series to print, each with its own question and option "
                            "order and its own key (default: A)")
    paper.add_argument("--title", default="", metavar="T",
                       help="title on the cover (default: 'General Studies Paper I: Practice Test')")
    paper.add_argument("--institute", default="", metavar="NAME",
                       help="institute or tutor name above the title")
    paper.add_argument("--date", default="", metavar="D",
                       help="date printed on the cover, as written (e.g. '12 May 2026')")
    paper.add_argument("--time-allowed", type=whole_number("minutes"), default=None, metavar="MINUTES",
                       help="time printed on the cover (default: 72 seconds a question, "
                            "the Prelims pace)")
    paper.add_argument("--answer-key", choices=("end", "separate", "none"), default="end",
                       help="end: after the booklets (default); separate: FILE-key.pdf "
                            "beside FILE; none")
    paper.add_argument("--explanations", action="store_true",
                       help="add each question's explanation and sources to the key")
    paper.add_argument("--omr", action="store_true",
                       help="add a machine-readable OMR answer sheet to each booklet, and "
                            "write FILE.omr.json beside FILE for quizgen grade")
    paper.add_argument("--students", default=None, metavar="ROSTER.csv",
                       help="personalised papers: one booklet per student of a roll,name CSV, "
                            "with name and roll number printed and its own question order and "
                            "key (from --seed and the roll number)")
    add_language_argument(paper, "booklet, cover and key")
    paper.add_argument("--key-csv", default=None, metavar="FILE",
                       help="also write set,question,answer,question_id rows for grading "
                            "(- for standard output)")
    add_selection_arguments(parser, default_count=DEFAULT_COUNT)


def key_path_for(output: Path) -> Path:
    """mock.pdf -> mock-key.pdf, beside it."""
    return output.with_name(f"{output.stem}-key{output.suffix or '.pdf'}")


def layout_path_for(output: Path) -> Path:
    """mock.pdf -> mock.omr.json, beside it."""
    return output.with_name(f"{output.stem}.omr.json")


def run(args: argparse.Namespace, env) -> ExitStatus:
    from quizgen.errors import UsageError
    from quizgen.pdf import (
        WorksheetOptions, build_worksheet, key_csv_text, parse_series_letters, write_files,
    )
    from quizgen.outputfile import check_writable_place, is_standard_output

    series = parse_series_letters(args.sets)
    output = Path(args.output)
    if args.answer_key == "separate" and is_standard_output(output):
        raise UsageError("--answer-key separate writes FILE-key.pdf beside FILE; give -o FILE, "
                         "not -o -")
    key_path = key_path_for(output) if args.answer_key == "separate" else None
    csv_path = Path(args.key_csv) if args.key_csv else None
    if args.omr and is_standard_output(output):
        raise UsageError("--omr writes FILE.omr.json beside FILE for grading; give -o FILE, "
                         "not -o -")
    layout_path = layout_path_for(output) if args.omr else None
    targets = [p for p in (output, key_path, csv_path, layout_path) if p is not None]
    if len({p.resolve() for p in targets}) != len(targets):
        raise UsageError("the worksheet, key and --key-csv files must be different files")
    for path in targets:
        check_writable_place(path, args.force)

    students = ()
    if args.students:
        from quizgen.pdf.roster import load_roster

        students = tuple(load_roster(Path(args.students)))
    selection = select_from_args(args)
    questions = list(selection.questions)
    if not questions:
        from quizgen.coverage import no_questions_reason

        raise UsageError(no_questions_reason(selection.library, selection.skipped))
    worksheet = build_worksheet(questions, WorksheetOptions(
        title=args.title,
        institute=args.institute,
        date=args.date,
        minutes=args.time_allowed,
        series=series,
        seed=args.seed,
        answer_key=args.answer_key,
        explanations=args.explanations,
        omr=args.omr,
        students=students,
        lang=args.lang,
    ))
    files = {output: worksheet.pdf}
    if key_path is not None and worksheet.key_pdf is not None:
        files[key_path] = worksheet.key_pdf
    if csv_path is not None:
        files[csv_path] = key_csv_text(worksheet.key_rows).encode("utf-8")
    if layout_path is not None and worksheet.omr_layout is not None:
        files[layout_path] = worksheet.omr_layout.to_json().encode("utf-8")
    stdout_binary = getattr(env.stdout, "buffer", None)
    if any(is_standard_output(p) for p in files):
        if stdout_binary is None:
            raise UsageError("standard output takes no binary data here; give -o FILE")
        env.stdout.flush()
    write_files(files, stdout=stdout_binary, force=args.force)

    # With -o - (or --key-csv -) standard output holds the file, so the summary goes to stderr.
    out = env.stderr if any(is_standard_output(p) for p in files) else env.stdout
    shown = {p: "standard output" if is_standard_output(p) else p for p in files}
    for warning in worksheet.warnings:
        print(f"Warning: {warning}", file=env.stderr)
    if len(questions) < args.count:
        print(f"Only {len(questions)} questions match the filters (asked for {args.count}).",
              file=env.stderr)
    note = overlap_note(selection)
    if note:
        print(note, file=env.stderr)
    note = hindi_note(questions, args.lang)
    if note:
        print(note, file=env.stderr)
    if students:
        counts = sorted(set(worksheet.booklet_pages.values()))
        span = f"{counts[0]}" if len(counts) == 1 else f"{counts[0]}-{counts[-1]}"
        print(f"Wrote {shown[output]}: {len(questions)} questions, {len(students)} personalised "
              f"booklets ({span} pages each)", file=out)
    else:
        pages = ", ".join(f"{letter}: {n} pages"
                          for letter, n in worksheet.booklet_pages.items())
        print(f"Wrote {shown[output]}: {len(questions)} questions, booklet series {pages}",
              file=out)
    if args.answer_key == "end":
        print(f"  answer key at the end ({worksheet.key_pages} pages)", file=out)
    elif key_path is not None:
        print(f"Wrote {key_path}: answer key ({worksheet.key_pages} pages)", file=out)
    if csv_path is not None:
        what = f"{len(students)} students" if students else f"{len(series)} series"
        print(f"Wrote {shown[csv_path]}: key rows for {what}", file=out)
    if layout_path is not None:
        print(f"Wrote {layout_path}: OMR layout and keys for quizgen grade (keep it with the "
              "key)", file=out)
    return ExitStatus.OK

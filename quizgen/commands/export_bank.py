"""`quizgen export-bank`: a question bank -> a spreadsheet (.csv or .xlsx) that `import` reads back."""

from __future__ import annotations

from quizgen.commands._types import FORCE_HELP
from quizgen.exitstatus import ExitStatus

HELP = "write a question bank as a spreadsheet (.csv or .xlsx) in the layout `quizgen import` reads"
EXAMPLE = "quizgen export-bank question_banks/india_us_2plus2.yaml -o india_us.xlsx"


def add_arguments(parser):
    parser.add_argument("bank", metavar="BANK.yaml", help="one bank file")
    parser.add_argument("-o", "--output", required=True, metavar="FILE", help="FILE.csv or FILE.xlsx")
    parser.add_argument("--force", action="store_true", help=FORCE_HELP)


def run(args, env) -> ExitStatus:
    from pathlib import Path

    from quizgen.errors import UsageError
    from quizgen.library import load_library
    from quizgen.outputfile import write_files
    from quizgen.spreadsheet import bank_to_tables, tables_to_csv, tables_to_xlsx

    bank, output = Path(args.bank), Path(args.output)
    if bank.is_dir():
        raise UsageError(f"{bank} is a folder; give one bank file")
    suffix = output.suffix.lower()
    if suffix not in (".csv", ".xlsx"):
        raise UsageError(f"cannot write {output}: give a .csv or .xlsx file name")
    library = load_library([bank], strict=True)
    tables, left_out = bank_to_tables(library, csv_layout=suffix == ".csv")
    if suffix == ".xlsx":
        files = {output: tables_to_xlsx(tables)}
    else:
        parts = tables_to_csv(tables)
        files = {output: parts[""]}
        if "topics" in parts:
            files[output.with_name(f"{output.stem}.topics.csv")] = parts["topics"]
    write_files(files, force=args.force)
    print(f"Wrote {', '.join(map(str, files))}: {len(library.facts)} facts.", file=env.stderr)
    if left_out:
        print(f"Not exported (a spreadsheet does not hold them; keep the YAML): {', '.join(left_out)}.",
              file=env.stderr)
    return ExitStatus.OK

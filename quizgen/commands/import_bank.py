"""`quizgen import`: a spreadsheet (.csv or .xlsx) of facts -> a question bank (YAML)."""

from __future__ import annotations

from quizgen.commands._types import FORCE_HELP
from quizgen.exitstatus import ExitStatus

HELP = "turn a spreadsheet of facts (.csv or .xlsx) into a question bank"
EXAMPLE = "quizgen import notes.xlsx -o question_banks/space.yaml --title \"India's space missions\""


def add_arguments(parser):
    parser.add_argument("file", metavar="FILE", help=".xlsx (one sheet per kind, optional `topics` sheet) or .csv")
    parser.add_argument("-o", "--output", required=True, metavar="BANK.yaml", help="the bank file to write")
    parser.add_argument("--force", action="store_true", help=FORCE_HELP)
    parser.add_argument("--kind", metavar="KIND", help="the kind of every row of a CSV without a `kind` column")
    parser.add_argument("--id", dest="bank_id", metavar="ID", help="the bank id (default: from the output name)")
    parser.add_argument("--title", metavar="TEXT", help="the bank title (default: from the input name)")


def run(args, env) -> ExitStatus:
    import tempfile
    from pathlib import Path

    from quizgen.library import load_library
    from quizgen.outputfile import check_writable_place, write_files
    from quizgen.spreadsheet import SheetError, bank_yaml, spreadsheet_to_bank

    source, output = Path(args.file), Path(args.output)
    if output.suffix not in (".yaml", ".yml"):
        raise SheetError(output, "the bank must be a .yaml file")
    check_writable_place(output, args.force)
    bank_id = args.bank_id or output.stem.replace("_", "-")
    title = args.title or source.stem.replace("_", " ")
    bank = spreadsheet_to_bank(source, bank_id, title, args.kind)
    text = bank_yaml(bank, source)
    # The bank must load cleanly before anything is written.
    with tempfile.TemporaryDirectory() as folder:
        draft = Path(folder) / output.name
        draft.write_text(text, encoding="utf-8")
        library = load_library([draft])
        if library.problems:
            problem = library.problems[0]
            raise SheetError(source, f"the bank would not pass check: {problem.message}")
    write_files({output: text.encode("utf-8")}, force=args.force)
    kinds = len(bank["kinds"])
    print(f"Wrote {output}: {len(bank['facts'])} facts of {kinds} kind{'s' if kinds != 1 else ''}, "
          f"{len(bank['sources'])} sources. Next: quizgen check {output}", file=env.stderr)
    return ExitStatus.OK

"""`quizgen grade`: score answer sheets made outside quizgen, with UPSC negative marking.

Two sources, one command: scanned OMR sheets printed by `quizgen pdf --omr` (grade_scans) and
Google Forms responses to `quizgen export --format forms` (grade_forms).
"""

from __future__ import annotations

import argparse

from quizgen.commands._types import FORCE_HELP, whole_number
from quizgen.exitstatus import ExitStatus

HELP = "grade scanned OMR sheets, or Google Forms responses, with UPSC negative marking"
EXAMPLE = ("quizgen grade scans/*.jpg --layout mock.omr.json -o results.csv --db class.sqlite3\n"
           "  quizgen grade --forms responses.csv --key mock.gs -o results.csv --db class.sqlite3")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("scans", nargs="*", metavar="SCAN",
                        help="scanned sheets: images (PNG, JPEG, TIFF) or PDFs, one sheet a page")
    parser.add_argument("--layout", metavar="FILE.omr.json",
                        help="scans: the layout written beside the PDF by quizgen pdf --omr (it "
                             "holds the keys)")
    parser.add_argument("--forms", metavar="RESPONSES.csv",
                        help="grade Google Forms responses, as Forms (or Sheets) downloads them as CSV")
    parser.add_argument("--key", metavar="KEY",
                        help="with --forms: the .gs file `quizgen export --format forms` wrote, or a "
                             "JSON export of the same questions; with scans: a key CSV (as pdf "
                             "--key-csv writes it, e.g. with a wrong key corrected) to grade with "
                             "instead of the layout's")
    parser.add_argument("-o", "--output", metavar="FILE",
                        help="results, one row per student (forms) or per student and question "
                             "(scans: CSV, or JSON if FILE ends in .json; also FILE-totals.csv and "
                             "pictures of doubtful rows in FILE-doubtful/)")
    parser.add_argument("--force", action="store_true", help=FORCE_HELP)
    parser.add_argument("--marking", choices=("upsc", "plain"), default="upsc",
                        help="upsc: +2 right, -2/3 wrong, 0 blank (default); plain: 1 right")
    parser.add_argument("--db", metavar="PATH",
                        help="also record each sheet or response as an attempt in this database, "
                             "for quizgen stats")
    scans = parser.add_argument_group("scanned sheets only")
    scans.add_argument("--accept", action="store_true",
                       help="take every doubtful bubble as read (the darker mark; a lone faint "
                            "mark counts)")
    scans.add_argument("--override", action="append", default=[], metavar="ROLL:Q=c",
                       help="decide one question yourself, e.g. 00012345:17=c or 00012345:17="
                            "blank (repeatable)")
    scans.add_argument("--roll", action="append", default=[], metavar="SCAN=ROLL",
                       help="the roll number of a sheet whose bubbled roll cannot be read, "
                            "SCAN as grade prints it (e.g. IMG_0003.jpg=00012345; repeatable)")
    scans.add_argument("--dpi", type=whole_number("dpi"), default=200, metavar="N",
                       help="resolution to rasterise PDF scans at (default 200)")


def run(args: argparse.Namespace, env) -> ExitStatus:
    from quizgen.errors import UsageError

    if args.forms:
        if args.scans or args.layout:
            raise UsageError("give either --forms RESPONSES.csv or scans with --layout, not both")
        if not args.key:
            raise UsageError("--forms needs --key: the .gs file quizgen export --format forms wrote")
        from quizgen.commands import grade_forms
        return grade_forms.run(args, env)
    if not args.scans:
        raise UsageError("give scanned sheets with --layout FILE.omr.json, or --forms RESPONSES.csv --key KEY")
    if not args.layout:
        raise UsageError("grading scans needs --layout FILE.omr.json (written beside the PDF by pdf --omr)")
    from quizgen.commands import grade_scans
    return grade_scans.run(args, env)

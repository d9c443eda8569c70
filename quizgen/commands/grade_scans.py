"""`quizgen grade SCANS --layout`: grade scanned OMR sheets printed by `quizgen pdf --omr`."""

from __future__ import annotations

import argparse
from pathlib import Path

from quizgen.exitstatus import ExitStatus

INSTALL_HINT = ("grading scans needs OpenCV and pypdfium2, an optional extra: "
                "pip install 'quizgen[omr]'")


def output_paths(output: Path) -> tuple[Path, Path]:
    """results.csv -> results-totals.csv and results-doubtful/, beside it."""
    return (output.with_name(f"{output.stem}-totals.csv"),
            output.with_name(f"{output.stem}-doubtful"))


def run(args: argparse.Namespace, env) -> ExitStatus:
    from quizgen.errors import UsageError

    try:
        import cv2  # noqa: F401
        import pypdfium2  # noqa: F401
    except ImportError:
        raise UsageError(INSTALL_HINT) from None
    from datetime import datetime, timezone

    from quizgen.marking import format_score, get_marking
    from quizgen.omr.grade import (
        apply_key_csv, grade, parse_overrides, results_csv, results_json, totals_csv,
    )
    from quizgen.omr.layout import load_layout
    from quizgen.omr.read import ScanError, load_scans, read_sheet
    from quizgen.outputfile import check_writable_place, is_standard_output, write_files

    overrides = parse_overrides(args.override)
    rolls = _parse_rolls(args.roll)
    marking = get_marking(args.marking)
    output = Path(args.output) if args.output else None
    if output is not None:
        if is_standard_output(output):
            raise UsageError("-o - is not possible here: grade writes several files; give -o FILE")
        check_writable_place(output, args.force)
        check_writable_place(output_paths(output)[0], args.force)
    layout = load_layout(Path(args.layout))
    changed_keys = apply_key_csv(layout, Path(args.key)) if args.key else 0

    readings, failures = [], []
    for scan in load_scans([Path(p) for p in args.scans], dpi=args.dpi):
        if isinstance(scan, ScanError):
            failures.append(scan)
            continue
        try:
            reading = read_sheet(scan, layout)
        except ScanError as error:
            failures.append(error)
            continue
        given = rolls.pop(reading.source, None)
        if given is not None:
            reading.roll, reading.roll_problem = given, ""
        elif reading.roll_problem and not reading.page.roll:
            reading.roll_problem += f" (give it with --roll '{reading.source}=ROLL')"
        readings.append(reading)
    if rolls:
        raise UsageError(f"--roll names no sheet that was read: {', '.join(rolls)} (write "
                         "the scan as grade prints it)")
    results = grade(readings, layout, marking, accept=args.accept, overrides=overrides)

    files: dict[Path, bytes] = {}
    pictures: dict[tuple[str, int], Path] = {}
    if output is not None:
        totals_path, doubtful_dir = output_paths(output)
        if output.suffix.lower() == ".json":
            files[output] = results_json(results, layout, marking).encode("utf-8")
        else:
            files[output] = results_csv(results).encode("utf-8")
        files[totals_path] = totals_csv(results, marking).encode("utf-8")
        for student in results:
            for row in student.rows:
                if row.status == "doubtful" and row.row_png:
                    path = doubtful_dir / f"{_safe(student.roll)}-q{row.question}.png"
                    pictures[(student.roll, row.question)] = path
                    files[path] = row.row_png
        if pictures:
            try:
                doubtful_dir.mkdir(exist_ok=True)
            except OSError as error:
                raise UsageError(f"cannot create {doubtful_dir}: {error.strerror}") from None
        write_files(files, force=args.force)

    out = env.stdout
    if args.key:
        print(f"Keys from {args.key}: {changed_keys} differ from the printed key", file=out)
    for student in results:
        name = f" {student.name}" if student.name else ""
        print(f"{student.roll}{name} (series {student.series}): {format_score(student.score)} "
              f"— {student.correct} right, {student.wrong} wrong, {student.blank} blank"
              + (f", {student.doubtful} doubtful" if student.doubtful else ""), file=out)
        for problem in student.problems:
            print(f"  check: {problem}", file=out)
        for row in student.rows:
            if row.status == "doubtful":
                where = pictures.get((student.roll, row.question))
                picture = f" [{where}]" if where else ""
                print(f"  doubtful: question {row.question}: {row.reason}{picture}", file=out)
    doubtful = sum(s.doubtful for s in results)
    if doubtful:
        print(f"{doubtful} doubtful bubbles score 0 until decided: look at them, then rerun "
              "with --override ROLL:Q=LETTER (or =blank), or --accept to take them as read.",
              file=out)
    if output is not None:
        print(f"Wrote {output} and {output_paths(output)[0]}: {len(results)} students", file=out)

    if args.db:
        from quizgen.history import open_history
        from quizgen.omr.record import record_results

        with open_history(args.db) as db:
            recorded = record_results(db, results, layout, marking.name,
                                      datetime.now(timezone.utc))
        if recorded.added:
            print(f"Recorded {len(recorded.added)} sheets in {args.db} (mode omr)", file=out)
        if recorded.updated:
            rolls = ", ".join(roll for roll, _ in recorded.updated)
            print(f"Recorded again with the corrected answers: {rolls}", file=out)
        if recorded.already:
            rolls = ", ".join(roll for roll, _ in recorded.already)
            print(f"Already recorded with the same answers: {rolls}", file=out)
        if recorded.undecided:
            rolls = ", ".join(recorded.undecided)
            print(f"Not recorded until their doubtful bubbles are decided: {rolls}", file=out)

    for failure in failures:
        print(f"Error: {failure}", file=env.stderr)
    return ExitStatus.ERROR if failures or not readings else ExitStatus.OK


def _parse_rolls(texts: list[str]) -> dict[str, str]:
    from quizgen.errors import UsageError

    rolls = {}
    for text in texts:
        scan, _, roll = text.rpartition("=")
        roll = roll.strip()
        if not scan or not roll.isdigit() or len(roll) > 8:
            raise UsageError(f"--roll {text!r}: write SCAN=ROLL with a roll number of 1-8 "
                             "digits, e.g. --roll IMG_0003.jpg=00012345")
        rolls[scan] = roll.zfill(8)
    return rolls


def _safe(text: str) -> str:
    return "".join(c if c.isalnum() or c in "-_" else "_" for c in text)

"""How fast `quizgen grade` reads sheets, and how big a personalised class print is.

    python benchmarks/bench_grade.py [--sheets 12] [--dpi 150 200 300] [--students 100]

1. Grading: prints a 100-question paper with OMR sheets, rasterises its sheet at each --dpi,
   bubbles a roll number and ~85 answers, tilts it 2 degrees, saves it as JPEG (quality 80)
   and grades --sheets such scans with OpenCV limited to one thread: load + markers + warp +
   QR + bubbles, as `quizgen grade` does. Target (issue 13): >= 5 sheets/s at 200 dpi on one
   core.
2. Personalised papers: runs `quizgen pdf --students` for --students students x 100 questions
   with OMR sheets and the key, in a child process, and reports its time and peak memory
   (max RSS). Target: <= 10 s and <= 300 MB.

Needs the omr extra (opencv-python-headless, pypdfium2).
"""

from __future__ import annotations

import argparse
import random
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def make_scans(folder: Path, dpi: int, sheets: int) -> tuple[Path, list[Path]]:
    import cv2
    import pypdfium2

    from benchmarks.bench_pdf import sample_questions
    from quizgen.pdf import WorksheetOptions, build_worksheet

    worksheet = build_worksheet(sample_questions(100), WorksheetOptions(
        series=("A", "B"), omr=True, answer_key="none"))
    layout_path = folder / "bench.omr.json"
    layout_path.write_text(worksheet.omr_layout.to_json(), encoding="utf-8")
    page = worksheet.omr_layout.pages[0]
    document = pypdfium2.PdfDocument(worksheet.pdf)
    blank = document[page.page - 1].render(scale=dpi / 72, grayscale=True).to_numpy().copy()
    document.close()
    if blank.ndim == 3:
        blank = cv2.cvtColor(blank, cv2.COLOR_BGR2GRAY)
    scale, height = dpi / 72, blank.shape[0]
    rng = random.Random(dpi)
    paths = []
    for n in range(sheets):
        image = blank.copy()
        marks = [b for b in page.roll_grid if b.key == str((b.group + n) % 10)]
        marks += [b for b in page.answers if rng.random() < 0.22]
        for b in marks:
            cv2.circle(image, (round(b.x * scale), round(height - b.y * scale)),
                       int(b.r * scale * 0.9), 30, -1)
        image = cv2.copyMakeBorder(image, 40, 40, 40, 40, cv2.BORDER_CONSTANT, value=180)
        matrix = cv2.getRotationMatrix2D((image.shape[1] / 2, image.shape[0] / 2), 2, 1.0)
        image = cv2.warpAffine(image, matrix, (image.shape[1], image.shape[0]), borderValue=180)
        path = folder / f"scan-{dpi}-{n}.jpg"
        cv2.imwrite(str(path), image, [cv2.IMWRITE_JPEG_QUALITY, 80])
        paths.append(path)
    return layout_path, paths


def bench_grading(dpis: list[int], sheets: int) -> None:
    import cv2

    from quizgen.omr.layout import load_layout
    from quizgen.omr.read import load_scans, read_sheet

    cv2.setNumThreads(1)
    with tempfile.TemporaryDirectory() as tmp:
        for dpi in dpis:
            layout_path, paths = make_scans(Path(tmp), dpi, sheets)
            layout = load_layout(layout_path)
            read_sheet(next(load_scans(paths[:1])), layout)  # warm up
            start = time.perf_counter()
            readings = [read_sheet(scan, layout) for scan in load_scans(paths)]
            seconds = time.perf_counter() - start
            assert all(r.qr_read and r.roll for r in readings), "a benchmark sheet was misread"
            print(f"grade at {dpi} dpi: {len(readings) / seconds:5.1f} sheets/s "
                  f"({seconds / len(readings) * 1000:.0f} ms a sheet, one thread)")


def bench_students(students: int) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        roster = Path(tmp) / "roster.csv"
        roster.write_text("roll,name\n" + "".join(
            f"{10001 + n},Student {n + 1}\n" for n in range(students)), encoding="utf-8")
        command = [sys.executable, "-m", "quizgen", "pdf", "-o", str(Path(tmp) / "class.pdf"),
                   "--count", "100", "--omr", "--students", str(roster),
                   "--key-csv", str(Path(tmp) / "key.csv")]
        start = time.perf_counter()
        subprocess.run(command, check=True, cwd=ROOT, capture_output=True)
        seconds = time.perf_counter() - start
        peak_mb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
        size = (Path(tmp) / "class.pdf").stat().st_size / 1e6
        layout = (Path(tmp) / "class.omr.json").stat().st_size / 1e6
        print(f"pdf --students: {students} students x 100 questions with OMR sheets and key: "
              f"{seconds:.1f} s, peak memory {peak_mb:.0f} MB, PDF {size:.1f} MB, "
              f"layout {layout:.1f} MB")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sheets", type=int, default=12)
    parser.add_argument("--dpi", type=int, nargs="+", default=[150, 200, 300])
    parser.add_argument("--students", type=int, default=100)
    args = parser.parse_args()
    bench_grading(args.dpi, args.sheets)
    bench_students(args.students)


if __name__ == "__main__":
    main()

"""Frame time of `quizgen mock` on a 100-question paper: the real Application driven by
prompt_toolkit's pipe input and saving into a real SQLite file, timing from each keypress to
the end of the redraw it causes (the save included).

    .venv/bin/python benchmarks/bench_mock.py [--keys 300]

The issue's bar: every frame after a keypress within 50 ms.
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import time

from prompt_toolkit.data_structures import Size
from prompt_toolkit.input import create_pipe_input
from prompt_toolkit.output.vt100 import Vt100_Output


class _Sink:
    """A terminal that swallows what is drawn (the drawing itself is still done)."""

    encoding = "utf-8"

    def write(self, text):
        return len(text)

    def flush(self):
        pass

    def isatty(self):
        return True

    def fileno(self):
        raise OSError


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--keys", type=int, default=300)
    parser.add_argument("--size", default="160x45")
    args = parser.parse_args()
    columns, rows = (int(n) for n in args.size.split("x"))

    from quizgen.generate import generate
    from quizgen.library import load_library, resolve_bank_paths
    from quizgen.quiz.mockpaper import MockPaper
    from quizgen.quiz.mockapp import build_application

    questions = generate(load_library(resolve_bank_paths([]), None, strict=True),
                         count=100, seed=3).questions
    import tempfile
    from datetime import datetime, timezone
    from pathlib import Path

    from quizgen.history import open_history
    from quizgen.quiz.mock import DatabaseRecorder

    folder = tempfile.TemporaryDirectory()
    db = open_history(Path(folder.name) / "bench.sqlite3")
    now = lambda: datetime.now(timezone.utc)  # noqa: E731
    attempt = db.create_attempt(questions, started_at=now(), mode="mock",
                                time_limit_seconds=7200)
    paper = MockPaper.new(questions, 7200, time.monotonic, DatabaseRecorder(db, attempt, now))
    output = Vt100_Output(_Sink(), lambda: Size(rows=rows, columns=columns), term="xterm")
    cycle = ["b", "n", "m", "\t", "\x1b[B", "\r", "c", "x", "g", "4", "2", "\r", "p", "?",
             "?", "S", "n"]
    frames: list[float] = []
    slow: dict[str, int] = {}
    with create_pipe_input() as pipe:
        app = build_application(paper, input=pipe, output=output)
        sent = {"at": 0.0, "key": ""}

        def after_render(_):
            if sent["at"]:
                frames.append(time.perf_counter() - sent["at"])
                if frames[-1] > 0.05:
                    slow[repr(sent["key"])] = slow.get(repr(sent["key"]), 0) + 1
                sent["at"] = 0.0

        app.after_render += after_render

        async def press():
            await asyncio.sleep(0.3)
            for n in range(args.keys):
                sent["at"], sent["key"] = time.perf_counter(), cycle[n % len(cycle)]
                pipe.send_text(cycle[n % len(cycle)])
                await asyncio.sleep(0.06)
            app.exit(result="done")

        def pre_run():
            app.create_background_task(press())

        app.run(pre_run=pre_run)
    db.close()
    folder.cleanup()
    frames.sort()
    print(f"{len(frames)} frames after keypresses, {columns}x{rows}, 100 questions: "
          f"median {statistics.median(frames) * 1000:.1f} ms, "
          f"95th {frames[int(len(frames) * 0.95)] * 1000:.1f} ms, "
          f"max {frames[-1] * 1000:.1f} ms; over 50 ms: {sum(f > 0.05 for f in frames)}"
          + (f" (after {', '.join(f'{k} ×{n}' for k, n in slow.items())})" if slow else ""))


if __name__ == "__main__":
    main()

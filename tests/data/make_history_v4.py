"""Write the SQL dump of a schema-4 attempt database (for test_history_migration): three
papers (one left unfinished, one with an answer changed, skipped, marked or never shown), a
graded sheet dated before them, and the FSRS cards that version keeps.

Run with that quizgen on the path, from a `git archive af7839e quizgen` tree:
    PYTHONPATH=/tmp/old python tests/data/make_history_v4.py tests/data/history_v4_af7839e.sql
It uses only that version's own API (generate, open_history, create_attempt, record_answer,
record_graded_attempt, srs.load_cards).
"""

import sqlite3
import sys
import tempfile
from datetime import datetime, timedelta, timezone
from pathlib import Path

from quizgen import srs
from quizgen.generate import generate
from quizgen.history import SCHEMA_VERSION, open_history
from quizgen.library import load_library

T0 = datetime(2026, 11, 20, 9, 0, tzinfo=timezone.utc)


def main(out: str) -> None:
    assert SCHEMA_VERSION == 4, "run with a quizgen of schema 4"
    library = load_library()
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "history.sqlite3"
        with open_history(path) as db:
            for attempt_no, seed in enumerate((21, 22, 23)):
                questions = generate(library, count=6, seed=seed).questions
                start = T0 + timedelta(days=attempt_no)
                attempt = db.create_attempt(questions, started_at=start, seed=seed,
                                            time_per_question=72.0)
                moment = start
                for position, q in enumerate(questions):
                    moment += timedelta(seconds=40)
                    kind = (position + attempt_no) % 5
                    if kind == 0:
                        db.record_answer(attempt, position, q, chosen=q.answer, outcome="correct",
                                         seconds=31.537, answered_at=moment, confidence="sure")
                    elif kind == 1:
                        db.record_answer(attempt, position, q, chosen=(q.answer + 1) % 4, outcome="wrong",
                                         seconds=84.25, answered_at=moment, confidence="guess")
                    elif kind == 2:  # skipped first, answered on the second visit
                        db.record_answer(attempt, position, q, chosen=None, outcome="skipped",
                                         seconds=5.0, answered_at=moment)
                        db.record_answer(attempt, position, q, chosen=q.answer, outcome="correct",
                                         seconds=25.001, answered_at=moment + timedelta(seconds=5))
                    elif kind == 3:  # marked for review with a provisional answer
                        db.record_answer(attempt, position, q, chosen=(q.answer + 2) % 4, outcome="wrong",
                                         seconds=60.0, answered_at=moment, marked=True)
                    # kind 4: never shown (unanswered)
                if attempt_no < 2:
                    db.finish_attempt(attempt, moment + timedelta(minutes=1))
            sheet = generate(library, count=5, seed=24).questions
            db.record_graded_attempt(sheet, [(q.answer, "correct") if n % 2 else ((q.answer + 1) % 4, "wrong")
                                             for n, q in enumerate(sheet)],
                                     at=T0 - timedelta(days=3), mode="omr")
            srs.load_cards(db)
        conn = sqlite3.connect(path)
        version = conn.execute("PRAGMA user_version").fetchone()[0]
        lines = [f"PRAGMA user_version = {version};", *conn.iterdump()]
        conn.close()
    Path(out).write_text("\n".join(lines) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main(sys.argv[1])

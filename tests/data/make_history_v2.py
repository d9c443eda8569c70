"""Write the SQL dump of an attempt database as an older quizgen made it (for test_history_migration).

Run with that quizgen on the path, e.g. from a `git archive e72afd7` tree:
    PYTHONPATH=/tmp/old python tests/data/make_history_v2.py tests/data/history_v2_e72afd7.sql
It uses only that version's own API (generate, open_history, create_attempt, record_answer).
"""

import sqlite3
import sys
import tempfile
from datetime import datetime, timedelta, timezone
from pathlib import Path

from quizgen.generate import generate
from quizgen.history import open_history
from quizgen.library import load_library

T0 = datetime(2026, 11, 20, 9, 0, tzinfo=timezone.utc)


def main(out: str) -> None:
    library = load_library()
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "history.sqlite3"
        with open_history(path) as db:
            for attempt_no, seed in enumerate((11, 12, 13)):
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
                                         seconds=31.5, answered_at=moment, confidence="sure")
                    elif kind == 1:
                        db.record_answer(attempt, position, q, chosen=(q.answer + 1) % 4, outcome="wrong",
                                         seconds=44.0, answered_at=moment, confidence="guess")
                    elif kind == 2:  # skipped first, answered on the second visit
                        db.record_answer(attempt, position, q, chosen=None, outcome="skipped",
                                         seconds=5.0, answered_at=moment)
                        db.record_answer(attempt, position, q, chosen=q.answer, outcome="correct",
                                         seconds=25.0, answered_at=moment + timedelta(seconds=5))
                    elif kind == 3:  # marked for review with a provisional answer
                        db.record_answer(attempt, position, q, chosen=(q.answer + 2) % 4, outcome="wrong",
                                         seconds=60.0, answered_at=moment, marked=True)
                    # kind 4: never shown (unanswered)
                if attempt_no < 2:
                    db.finish_attempt(attempt, moment + timedelta(minutes=1))
        conn = sqlite3.connect(path)
        version = conn.execute("PRAGMA user_version").fetchone()[0]
        lines = [f"PRAGMA user_version = {version};", *conn.iterdump()]
        conn.close()
    Path(out).write_text("\n".join(lines) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main(sys.argv[1])

"""Several quizgen processes opening one new attempt database at the same moment all succeed."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
import time

from quizgen.history import SCHEMA_VERSION

# Each process waits for the `go` file, then opens the new database and saves one attempt.
CHILD = """
import os, sys, time
from datetime import datetime, timezone
from quizgen.history import open_history
go, db = sys.argv[1], sys.argv[2]
while not os.path.exists(go):
    time.sleep(0.001)
with open_history(db) as history:
    history.create_attempt(started_at=datetime.now(timezone.utc), mode="quiz", seed=1,
                           marking="upsc", questions=[])
print("ok")
"""


def test_concurrent_first_runs_all_create_or_find_the_schema(tmp_path):
    for round_ in range(3):  # a race, so a few rounds
        db = tmp_path / f"new-{round_}.sqlite3"
        go = tmp_path / f"go-{round_}"
        children = [subprocess.Popen([sys.executable, "-c", CHILD, str(go), str(db)],
                                     stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
                    for _ in range(6)]
        time.sleep(0.5)  # let every child start and wait at the line
        go.touch()
        results = [child.communicate(timeout=60) for child in children]
        for child, (out, err) in zip(children, results):
            assert child.returncode == 0 and out.strip() == "ok", err
        with sqlite3.connect(db) as conn:
            assert conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
            assert conn.execute("SELECT COUNT(*) FROM attempts").fetchone()[0] == 6

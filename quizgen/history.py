"""The attempt database: every quiz attempt, its questions, and each answer the moment it is given.

One SQLite file in WAL mode. Each answer is its own committed transaction, so Ctrl-C, a killed
process or a closed laptop lid never loses an answer already given. The schema version lives in
`PRAGMA user_version`; `MIGRATIONS` upgrade an older file step by step when it is opened.

Tables (other modules, e.g. `quizgen stats` and `quizgen review`, read them directly):

  attempts(id, started_at, finished_at, mode, seed, marking, time_per_question,
           time_limit_seconds, settings)
  attempt_questions(attempt_id, position, question_id, question)   -- question: Question JSON;
                                                  question_id: its content id (schema 3)
  answers(id, attempt_id, position, question_id, chosen, outcome, correct, seconds, confidence,
          answered_at, topic, style, template, facts, marked)

A question can have several rows in `answers` for one attempt: skipped or marked for review
first, answered when it came back. **The row with the highest `id` for an (attempt_id, position)
is the final one**; the `final_answers` view holds exactly those rows. `seconds` on a row is the
total time spent on that question over all its visits so far, so the final row's `seconds` is
the question's time. A question that was never shown (the paper's time ran out first, or the
attempt was left unfinished) has no row at all: it counts as unanswered.

Times are ISO-8601 UTC strings ("2026-11-23T12:57:58+00:00").
"""

from __future__ import annotations

import json
import os
import sqlite3
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import Any, Iterator, Mapping, Sequence

from quizgen.controlchars import visible_data
from quizgen.errors import HistoryError
from quizgen.marking import MARKINGS, points
from quizgen.model import Item, Question, content_id

DB_ENV_VAR = "QUIZGEN_DB"
DB_FILE_NAME = "history.sqlite3"

OUTCOMES = ("correct", "wrong", "timeout", "skipped")
CONFIDENCES = ("sure", "guess")


_SCHEMA_1 = """
        CREATE TABLE attempts (
            id INTEGER PRIMARY KEY,
            started_at TEXT NOT NULL,
            finished_at TEXT,
            mode TEXT NOT NULL DEFAULT 'quiz',
            seed INTEGER,
            marking TEXT NOT NULL DEFAULT 'upsc',
            time_per_question REAL,
            time_limit_seconds REAL,
            settings TEXT NOT NULL DEFAULT '{}'
        );
        CREATE TABLE attempt_questions (
            attempt_id INTEGER NOT NULL REFERENCES attempts(id),
            position INTEGER NOT NULL,
            question_id TEXT NOT NULL,
            question TEXT NOT NULL,
            PRIMARY KEY (attempt_id, position)
        );
        CREATE TABLE answers (
            id INTEGER PRIMARY KEY,
            attempt_id INTEGER NOT NULL REFERENCES attempts(id),
            position INTEGER NOT NULL,
            question_id TEXT NOT NULL,
            chosen INTEGER CHECK (chosen BETWEEN 0 AND 3),
            outcome TEXT NOT NULL CHECK (outcome IN ('correct', 'wrong', 'timeout', 'skipped')),
            correct INTEGER NOT NULL CHECK (correct IN (0, 1)),
            seconds REAL NOT NULL,
            confidence TEXT CHECK (confidence IN ('sure', 'guess')),
            answered_at TEXT NOT NULL,
            topic TEXT,
            style TEXT,
            template TEXT,
            facts TEXT
        );
        CREATE INDEX answers_by_question ON answers (attempt_id, position, id);
"""

# Mark-for-review keeps a provisional answer; `marked` says it was not yet confirmed.
# The view gives every reader the same "latest row wins" rule.
_SCHEMA_2 = """
        ALTER TABLE answers ADD COLUMN marked INTEGER NOT NULL DEFAULT 0;
        CREATE VIEW final_answers AS
            SELECT a.* FROM answers a
            WHERE a.id = (SELECT MAX(b.id) FROM answers b
                          WHERE b.attempt_id = a.attempt_id AND b.position = a.position);
"""

# A question's id became a hash of what it shows (model.content_id) and `family` its recipe:
# the id stored before becomes the family (unless the stored question names one), and the id is
# recomputed from the stored question. quizgen_question() is registered by _register_functions.
_SCHEMA_3 = """
        UPDATE attempt_questions SET question = quizgen_question(question, question_id);
        UPDATE answers SET question_id = COALESCE(
            (SELECT quizgen_question_id(q.question) FROM attempt_questions q
             WHERE q.attempt_id = answers.attempt_id AND q.position = answers.position),
            question_id);
        UPDATE attempt_questions SET question_id = COALESCE(quizgen_question_id(question), question_id);
"""

# MIGRATIONS[i] is the SQL that upgrades a file at schema version i to version i + 1.
MIGRATIONS: tuple[str, ...] = (_SCHEMA_1, _SCHEMA_2, _SCHEMA_3)
SCHEMA_VERSION = len(MIGRATIONS)


def default_db_path(environ: Mapping[str, str] | None = None) -> Path:
    """Where the attempt history lives when neither --db nor QUIZGEN_DB says otherwise."""
    environ = os.environ if environ is None else environ
    if environ.get(DB_ENV_VAR):
        return Path(environ[DB_ENV_VAR]).expanduser()
    from platformdirs import user_data_dir

    return Path(user_data_dir("quizgen", appauthor=False)) / DB_FILE_NAME


def resolve_db_path(cli_path: str | os.PathLike | None, environ: Mapping[str, str]) -> Path:
    """The database a command uses: --db PATH, else $QUIZGEN_DB, else the user data dir."""
    if cli_path:
        return Path(cli_path).expanduser()
    return default_db_path(environ)


def utc_now() -> datetime:
    return datetime.now(timezone.utc)


def iso(moment: datetime) -> str:
    return moment.astimezone(timezone.utc).isoformat(timespec="seconds")


@dataclass(frozen=True)
class AttemptInfo:
    id: int
    started_at: str
    finished_at: str | None
    mode: str
    seed: int | None
    marking: str
    time_per_question: float | None
    time_limit_seconds: float | None
    settings: dict[str, Any]

    @property
    def finished(self) -> bool:
        return self.finished_at is not None


@dataclass(frozen=True)
class AnswerRecord:
    """One row of `answers`: what happened to a question on one visit."""

    id: int
    attempt_id: int
    position: int
    question_id: str
    chosen: int | None
    outcome: str
    correct: bool
    seconds: float
    confidence: str | None
    answered_at: str
    marked: bool

    @property
    def answered(self) -> bool:
        return self.outcome in ("correct", "wrong")


@dataclass(frozen=True)
class AttemptSummary:
    """One line of `quizgen history`."""

    attempt_id: int
    started_at: str
    finished_at: str | None
    mode: str
    marking: str
    seed: int | None
    questions: int
    correct: int
    wrong: int
    unanswered: int
    score: float
    max_score: float
    seconds: float

    @property
    def finished(self) -> bool:
        return self.finished_at is not None

    def to_json(self) -> dict[str, Any]:
        return {
            "attempt_id": self.attempt_id,
            "started_at": self.started_at,
            "finished_at": self.finished_at,
            "finished": self.finished,
            "mode": self.mode,
            "marking": self.marking,
            "seed": self.seed,
            "questions": self.questions,
            "correct": self.correct,
            "wrong": self.wrong,
            "unanswered": self.unanswered,
            "score": self.score,
            "max_score": self.max_score,
            "seconds": round(self.seconds, 1),
        }


class HistoryDB:
    """An open attempt database. Use `open_history(path)`; close it (or use `with`)."""

    def __init__(self, conn: sqlite3.Connection, path: Path):
        self.conn = conn
        self.path = path

    def __enter__(self) -> "HistoryDB":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        self.conn.close()

    @contextmanager
    def _transaction(self) -> Iterator[sqlite3.Connection]:
        try:
            self.conn.execute("BEGIN IMMEDIATE")
            try:
                yield self.conn
            except BaseException:
                self.conn.execute("ROLLBACK")
                raise
            self.conn.execute("COMMIT")
        except sqlite3.Error as error:
            raise HistoryError(f"cannot write the attempt history: {error}", self.path) from None

    # -- writing -------------------------------------------------------------------------------

    def create_attempt(
        self,
        questions: Sequence[Question],
        *,
        started_at: datetime,
        mode: str = "quiz",
        seed: int | None = None,
        marking: str = "upsc",
        time_per_question: float | None = None,
        time_limit_seconds: float | None = None,
        settings: Mapping[str, Any] | None = None,
    ) -> int:
        """Store a new attempt with its questions (in the order they will be asked)."""
        with self._transaction() as conn:
            cursor = conn.execute(
                "INSERT INTO attempts (started_at, mode, seed, marking, time_per_question,"
                " time_limit_seconds, settings) VALUES (?, ?, ?, ?, ?, ?, ?)",
                (iso(started_at), mode, seed, marking, time_per_question, time_limit_seconds,
                 json.dumps(dict(settings or {}), sort_keys=True)),
            )
            attempt_id = int(cursor.lastrowid)
            conn.executemany(
                "INSERT INTO attempt_questions (attempt_id, position, question_id, question)"
                " VALUES (?, ?, ?, ?)",
                [(attempt_id, position, q.id, json.dumps(q.to_dict(), ensure_ascii=False))
                 for position, q in enumerate(questions)],
            )
        return attempt_id

    def record_answer(
        self,
        attempt_id: int,
        position: int,
        question: Question,
        *,
        chosen: int | None,
        outcome: str,
        seconds: float,
        answered_at: datetime,
        confidence: str | None = None,
        marked: bool = False,
    ) -> int:
        """Commit one visit's result at once; returns the row id. See the module doc for rules."""
        if outcome not in OUTCOMES:
            raise ValueError(f"unknown outcome {outcome!r}")
        if confidence is not None and confidence not in CONFIDENCES:
            raise ValueError(f"unknown confidence {confidence!r}")
        with self._transaction() as conn:
            cursor = conn.execute(
                "INSERT INTO answers (attempt_id, position, question_id, chosen, outcome, correct,"
                " seconds, confidence, answered_at, topic, style, template, facts, marked)"
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (attempt_id, position, question.id, chosen, outcome,
                 int(outcome == "correct"), round(seconds, 3), confidence, iso(answered_at),
                 question.topic, question.style, question.template,
                 json.dumps(list(question.facts)), int(marked)),
            )
        return int(cursor.lastrowid)

    def record_graded_attempt(
        self,
        questions: Sequence[Question],
        answers: Sequence[tuple[int | None, str]],
        *,
        at: datetime,
        mode: str,
        marking: str = "upsc",
        settings: Mapping[str, Any] | None = None,
        replaces: int | None = None,
    ) -> int:
        """Store a whole attempt graded elsewhere (a scanned OMR sheet) in one transaction:
        its questions, one final answer per question as (chosen, outcome), started and
        finished at `at`. Untimed: `seconds` is 0. `replaces`: an attempt id removed in the
        same transaction (a sheet graded again after a correction)."""
        if len(answers) != len(questions):
            raise ValueError("one answer per question")
        for _, outcome in answers:
            if outcome not in OUTCOMES:
                raise ValueError(f"unknown outcome {outcome!r}")
        with self._transaction() as conn:
            if replaces is not None:
                for table, column in (("answers", "attempt_id"),
                                      ("attempt_questions", "attempt_id"), ("attempts", "id")):
                    conn.execute(f"DELETE FROM {table} WHERE {column} = ?", (replaces,))
            cursor = conn.execute(
                "INSERT INTO attempts (started_at, finished_at, mode, marking, settings)"
                " VALUES (?, ?, ?, ?, ?)",
                (iso(at), iso(at), mode, marking,
                 json.dumps(dict(settings or {}), sort_keys=True)),
            )
            attempt_id = int(cursor.lastrowid)
            conn.executemany(
                "INSERT INTO attempt_questions (attempt_id, position, question_id, question)"
                " VALUES (?, ?, ?, ?)",
                [(attempt_id, position, q.id, json.dumps(q.to_dict(), ensure_ascii=False))
                 for position, q in enumerate(questions)],
            )
            conn.executemany(
                "INSERT INTO answers (attempt_id, position, question_id, chosen, outcome, correct,"
                " seconds, answered_at, topic, style, template, facts)"
                " VALUES (?, ?, ?, ?, ?, ?, 0, ?, ?, ?, ?, ?)",
                [(attempt_id, position, q.id, chosen, outcome, int(outcome == "correct"),
                  iso(at), q.topic, q.style, q.template, json.dumps(list(q.facts)))
                 for position, (q, (chosen, outcome)) in enumerate(zip(questions, answers))],
            )
        return attempt_id

    def finish_attempt(self, attempt_id: int, finished_at: datetime) -> None:
        with self._transaction() as conn:
            conn.execute("UPDATE attempts SET finished_at = ? WHERE id = ?",
                         (iso(finished_at), attempt_id))

    # -- reading -------------------------------------------------------------------------------

    def _read(self, sql: str, params: Sequence[Any] = ()) -> list[sqlite3.Row]:
        try:
            return self.conn.execute(sql, params).fetchall()
        except sqlite3.Error as error:
            raise HistoryError(f"cannot read the attempt history: {error}", self.path) from None

    def attempt(self, attempt_id: int) -> AttemptInfo:
        rows = self._read("SELECT * FROM attempts WHERE id = ?", (attempt_id,))
        if not rows:
            raise HistoryError(f"there is no attempt {attempt_id}", self.path)
        return _attempt_info(rows[0])

    def attempts(self) -> list[AttemptInfo]:
        return [_attempt_info(row) for row in self._read("SELECT * FROM attempts ORDER BY id")]

    def last_unfinished_attempt(self, mode: str | None = None) -> AttemptInfo | None:
        sql = "SELECT * FROM attempts WHERE finished_at IS NULL"
        params: tuple[Any, ...] = ()
        if mode:
            sql += " AND mode = ?"
            params = (mode,)
        rows = self._read(sql + " ORDER BY id DESC LIMIT 1", params)
        return _attempt_info(rows[0]) if rows else None

    def attempt_questions(self, attempt_id: int) -> list[Question]:
        rows = self._read(
            "SELECT question FROM attempt_questions WHERE attempt_id = ? ORDER BY position",
            (attempt_id,))
        try:
            # visible_data: a stored question is shown on a terminal (history --show)
            return [Question.from_dict(visible_data(json.loads(row["question"]))) for row in rows]
        except (ValueError, KeyError, TypeError) as error:
            raise HistoryError(
                f"attempt {attempt_id} has a damaged question record ({error})", self.path
            ) from None

    def answer_rows(self, attempt_id: int) -> list[AnswerRecord]:
        """Every row for the attempt, oldest first (including superseded visits)."""
        rows = self._read("SELECT * FROM answers WHERE attempt_id = ? ORDER BY id", (attempt_id,))
        return [_answer_record(row) for row in rows]

    def final_answers(self, attempt_id: int) -> dict[int, AnswerRecord]:
        """position -> the final row for each question that has one."""
        rows = self._read(
            "SELECT * FROM final_answers WHERE attempt_id = ? ORDER BY position", (attempt_id,))
        return {row["position"]: _answer_record(row) for row in rows}

    def summaries(self) -> list[AttemptSummary]:
        """Every attempt with its counts and score, oldest first."""
        rows = self._read("""
            SELECT t.id, t.started_at, t.finished_at, t.mode, t.marking, t.seed,
                   (SELECT COUNT(*) FROM attempt_questions q WHERE q.attempt_id = t.id) AS questions,
                   COALESCE(SUM(f.outcome = 'correct'), 0) AS correct,
                   COALESCE(SUM(f.outcome = 'wrong'), 0) AS wrong,
                   COALESCE(SUM(f.seconds), 0) AS seconds
            FROM attempts t LEFT JOIN final_answers f ON f.attempt_id = t.id
            GROUP BY t.id ORDER BY t.id
        """)
        result = []
        for row in rows:
            marking = MARKINGS.get(row["marking"], MARKINGS["upsc"])
            questions, correct, wrong = row["questions"], row["correct"], row["wrong"]
            result.append(AttemptSummary(
                attempt_id=row["id"], started_at=row["started_at"],
                finished_at=row["finished_at"], mode=row["mode"], marking=row["marking"],
                seed=row["seed"], questions=questions, correct=correct, wrong=wrong,
                unanswered=questions - correct - wrong,
                score=points(marking.score(correct, wrong)),
                max_score=points(marking.max_score(questions)),
                seconds=float(row["seconds"]),
            ))
        return result


def _attempt_info(row: sqlite3.Row) -> AttemptInfo:
    try:
        settings = json.loads(row["settings"] or "{}")
    except ValueError:
        settings = {}
    return AttemptInfo(
        id=row["id"], started_at=row["started_at"], finished_at=row["finished_at"],
        mode=row["mode"], seed=row["seed"], marking=row["marking"],
        time_per_question=row["time_per_question"],
        time_limit_seconds=row["time_limit_seconds"], settings=settings,
    )


def _answer_record(row: sqlite3.Row) -> AnswerRecord:
    return AnswerRecord(
        id=row["id"], attempt_id=row["attempt_id"], position=row["position"],
        question_id=row["question_id"], chosen=row["chosen"], outcome=row["outcome"],
        correct=bool(row["correct"]), seconds=float(row["seconds"]),
        confidence=row["confidence"], answered_at=row["answered_at"], marked=bool(row["marked"]),
    )


def open_history(path: str | os.PathLike, *, create: bool = True) -> HistoryDB:
    """Open (creating if asked) and upgrade the attempt database at `path`.

    Raises HistoryError with the path when the file is missing (create=False), is not a
    quizgen database, was written by a newer quizgen, or cannot be opened.
    """
    path = Path(path)
    if not create and not path.exists():
        raise HistoryError("no attempt history here yet; take a quiz first: quizgen quiz", path)
    if path.is_dir():
        raise HistoryError("is a directory; give a file path with --db", path)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise HistoryError(f"cannot create the folder for the attempt history: "
                           f"{error.strerror}", path.parent) from None
    try:
        conn = sqlite3.connect(path, isolation_level=None, timeout=10)
    except sqlite3.Error as error:
        raise HistoryError(f"cannot open the attempt history: {error}", path) from None
    conn.row_factory = sqlite3.Row
    try:
        conn.execute("PRAGMA journal_mode = WAL")
        # FULL: a committed answer survives a power cut too, not only a killed process.
        conn.execute("PRAGMA synchronous = FULL")
        conn.execute("PRAGMA foreign_keys = ON")
        _upgrade(conn, path)
    except sqlite3.DatabaseError as error:
        conn.close()
        raise HistoryError(f"not a quizgen attempt history ({error}); "
                           "point --db at another file", path) from None
    except HistoryError:
        conn.close()
        raise
    return HistoryDB(conn, path)


def connect_readonly(path: str | os.PathLike) -> sqlite3.Connection:
    """A read-only connection for the commands that only read (history, stats, review --list).

    Opened with `mode=ro`, so nothing is written and a file the user may not write is fine; in
    a folder that cannot be written to (a read-only share of a class's databases) also
    `immutable=1`, as SQLite cannot make the WAL side files there (nobody can be writing to it
    then). A database from a newer quizgen is refused, as by `open_history`; one from an older
    quizgen is upgraded first when it can be written to.
    """
    path = Path(path)
    if not path.exists():
        raise HistoryError("no attempt history here yet; take a quiz first: quizgen quiz", path)
    if path.is_dir():
        raise HistoryError("is a directory; give a file path with --db", path)
    uri = f"{path.resolve().as_uri()}?mode=ro"
    if not _writable_folder(path.resolve().parent):
        uri += "&immutable=1"
    try:
        conn = sqlite3.connect(uri, uri=True, isolation_level=None, timeout=10)
        conn.row_factory = sqlite3.Row
        version = conn.execute("PRAGMA user_version").fetchone()[0]
        tables = {row[0] for row in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    except sqlite3.Error as error:
        raise HistoryError(f"not a quizgen attempt history ({error}); point --db at another file",
                           path) from None
    if version > SCHEMA_VERSION:
        conn.close()
        raise HistoryError(
            f"written by a newer quizgen (schema version {version}, this one knows "
            f"{SCHEMA_VERSION}); upgrade quizgen", path)
    if version < SCHEMA_VERSION:
        if version == 0 or not {"attempts", "answers", "attempt_questions"} <= tables:
            conn.close()
            raise HistoryError("not a quizgen attempt history; point --db at another file", path)
        if _writable_folder(path.resolve().parent) and os.access(path, os.W_OK):
            conn.close()
            open_history(path, create=False).close()  # upgrades it, as any other command would
            return connect_readonly(path)
        # Read-only and older: read it as it is (`stats` reads the columns every version has).
    return conn


def open_history_readonly(path: str | os.PathLike) -> HistoryDB:
    """An existing attempt database, for reading only (see connect_readonly)."""
    return HistoryDB(connect_readonly(path), Path(path))


def _writable_folder(folder: Path) -> bool:
    # The mode bits too: root may write anywhere, but a folder marked read-only is a share.
    try:
        return os.access(folder, os.W_OK) and bool(folder.stat().st_mode & 0o222)
    except OSError:
        return False


def _register_functions(conn: sqlite3.Connection) -> None:
    """The SQL functions the migrations call: quizgen_question(json, stored id) gives the stored
    question with its content id and family; quizgen_question_id(json) its id (NULL if damaged)."""

    def migrated(text: str, stored_id: str) -> str:
        try:
            data = json.loads(text)
            items = tuple(Item(i["label"], tuple(i["cells"])) for i in data["items"])
            data["family"] = data.get("family") or stored_id
            data["id"] = content_id(data["lead"], items, data["ask"], data["options"], data["answer"])
        except (ValueError, KeyError, TypeError, IndexError):
            return text  # a damaged record stays as it was; reading it reports the damage
        return json.dumps(data, ensure_ascii=False)

    def question_id(text: str) -> str | None:
        try:
            return str(json.loads(text)["id"])
        except (ValueError, KeyError, TypeError):
            return None

    conn.create_function("quizgen_question", 2, migrated, deterministic=True)
    conn.create_function("quizgen_question_id", 1, question_id, deterministic=True)


def _upgrade(conn: sqlite3.Connection, path: Path) -> None:
    if conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION:
        return  # the common case, without taking the write lock
    _register_functions(conn)
    # Create or migrate in one write transaction, reading the version again inside it: when
    # several quizgen processes open a new file at once, one creates the schema and the
    # others then find it done (rather than taking it for a stranger's database).
    conn.execute("BEGIN IMMEDIATE")
    try:
        _upgrade_locked(conn, path)
    except BaseException:
        if conn.in_transaction:
            conn.execute("ROLLBACK")
        raise
    conn.execute("COMMIT")


def _upgrade_locked(conn: sqlite3.Connection, path: Path) -> None:
    version = conn.execute("PRAGMA user_version").fetchone()[0]
    if version > SCHEMA_VERSION:
        raise HistoryError(
            f"written by a newer quizgen (schema version {version}, this one knows "
            f"{SCHEMA_VERSION}); upgrade quizgen", path)
    if version == 0:
        tables = conn.execute(
            "SELECT COUNT(*) FROM sqlite_master WHERE type = 'table'").fetchone()[0]
        if tables:
            raise HistoryError("not a quizgen attempt history (it has other tables); "
                               "point --db at another file", path)
    for target in range(version + 1, SCHEMA_VERSION + 1):
        # Statement by statement: executescript would commit the transaction begun above.
        for statement in _statements(MIGRATIONS[target - 1]):
            conn.execute(statement)
        conn.execute(f"PRAGMA user_version = {target}")


def _statements(script: str) -> list[str]:
    statements, pending = [], ""
    for line in script.splitlines(keepends=True):
        pending += line
        if sqlite3.complete_statement(pending):
            statements.append(pending.strip())
            pending = ""
    if pending.strip():
        statements.append(pending.strip())
    return statements

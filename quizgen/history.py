"""The attempt database: every quiz attempt, its questions, and each answer the moment it is given.

One SQLite file in WAL mode. Each answer is its own committed transaction, so Ctrl-C, a killed
process or a closed laptop lid never loses an answer already given. The schema version lives in
`PRAGMA user_version`; `MIGRATIONS` upgrade an older file step by step when it is opened.

Tables (HistoryDB is their one reader and writer: `srs`, `stats` and the commands get records
from it, never SQL):

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
attempt was left unfinished) has no row at all: it counts as unanswered. `final_answer_records`
applies that rule for every reader in Python; the view applies it in SQL (`summaries`).

  srs_cards(key, position, card, reviews, lapses, last_rating, last_question_id, last_template,
            last_style)                                   -- FSRS card state, kept incrementally
  srs_attempts(attempt_id)                                -- the finished attempts folded into it
  srs_state(name, value)                                  -- its high-water mark and fingerprint

The card tables are a cache of `srs.replay` over the finished attempts (quizgen/srs.py says
when it is rebuilt); deleting their rows only costs one full replay.

  stats_tallies(attempt_id, tally)        -- a finished attempt's figures for `quizgen stats`
  stats_state(name, value)                -- what they were computed under, and the answers seen

The tallies are a cache too (quizgen/stats/tally.py): an answer added to or removed from a
tallied attempt is noticed by the answer count and newest answer id, and that attempt is
tallied again.

Times are ISO-8601 UTC strings ("2026-11-23T12:57:58+00:00").
"""

from __future__ import annotations

import json
import os
import sqlite3
import time
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import TYPE_CHECKING, Any, Iterable, Iterator, Mapping, Sequence

from quizgen.controlchars import visible_data
from quizgen.errors import HistoryError
from quizgen.marking import MARKINGS, points

if TYPE_CHECKING:  # the model (and what it imports) is loaded only where a Question is made
    from quizgen.model import Question

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

# FSRS card state kept incrementally (quizgen/srs.py), so review and stats need not replay a
# year of answers before showing anything.
_SCHEMA_4 = """
        CREATE TABLE srs_cards (
            key TEXT PRIMARY KEY,
            position INTEGER NOT NULL,
            card TEXT NOT NULL,
            reviews INTEGER NOT NULL,
            lapses INTEGER NOT NULL,
            last_rating INTEGER,
            last_question_id TEXT NOT NULL,
            last_template TEXT NOT NULL,
            last_style TEXT NOT NULL
        );
        CREATE TABLE srs_attempts (attempt_id INTEGER PRIMARY KEY);
        CREATE TABLE srs_state (name TEXT PRIMARY KEY, value TEXT NOT NULL);
"""

# The statistics' figures of each finished attempt, kept so `stats` need not read a year of
# answers (quizgen/stats/tally.py makes and reads them).
_SCHEMA_5 = """
        CREATE TABLE stats_tallies (attempt_id INTEGER PRIMARY KEY, tally TEXT NOT NULL);
        CREATE TABLE stats_state (name TEXT PRIMARY KEY, value TEXT NOT NULL);
"""

# MIGRATIONS[i] is the SQL that upgrades a file at schema version i to version i + 1.
MIGRATIONS: tuple[str, ...] = (_SCHEMA_1, _SCHEMA_2, _SCHEMA_3, _SCHEMA_4, _SCHEMA_5)
SCHEMA_VERSION = len(MIGRATIONS)
LOCK_WAIT_SECONDS = 15  # how long opening waits out a sibling process holding the file


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
    # What the question was, as stored beside the answer (for statistics and review).
    topic: str = ""
    style: str = ""
    template: str = ""
    facts: tuple[str, ...] = ()

    @property
    def answered(self) -> bool:
        return self.outcome in ("correct", "wrong")


@dataclass(frozen=True)
class QuestionRecord:
    """One question of an attempt as it was asked; `question_json` is parsed only on demand
    (a year of papers holds tens of thousands of them)."""

    attempt_id: int
    position: int
    question_id: str
    question_json: str | None  # None: not read (question_records(with_json=False))

    def question(self) -> dict[str, Any]:
        if self.question_json is None:
            raise ValueError(f"question {self.question_id} was read without its text")
        # visible_data: a stored question may be shown on a terminal (stats --items)
        return visible_data(json.loads(self.question_json))


@dataclass(frozen=True)
class CardRecord:
    """One stored FSRS card (quizgen/srs.py makes and reads them): `card` is fsrs's JSON."""

    key: str
    position: int
    card: str
    reviews: int
    lapses: int
    last_rating: int | None
    last_question_id: str
    last_template: str
    last_style: str


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


_FOLDED_FINGERPRINT = ("SELECT COUNT(*), COALESCE(MAX(a.id), 0) FROM answers a "
                       "JOIN srs_attempts s ON s.attempt_id = a.attempt_id")


class HistoryDB:
    """An open attempt database. Use `open_history(path)`; close it (or use `with`)."""

    def __init__(self, conn: sqlite3.Connection, path: Path, readonly: bool = False):
        self.conn = conn
        self.path = path
        self.readonly = readonly

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
            _insert_questions(conn, attempt_id, questions)
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
            _insert_questions(conn, attempt_id, questions)
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

    def save_progress(self, attempt_id: int, progress: Mapping[str, Any]) -> None:
        """Keep where a paper stands that the answer rows cannot say (a mock's current question
        and clock), as `progress` in the attempt's settings; each call replaces the last."""
        with self._transaction() as conn:
            row = conn.execute("SELECT settings FROM attempts WHERE id = ?",
                               (attempt_id,)).fetchone()
            try:
                settings = json.loads(row["settings"] or "{}") if row else {}
            except ValueError:
                settings = {}
            settings["progress"] = dict(progress)
            conn.execute("UPDATE attempts SET settings = ? WHERE id = ?",
                         (json.dumps(settings, sort_keys=True), attempt_id))

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

    def attempt_count(self) -> int:
        return self._read("SELECT COUNT(*) FROM attempts")[0][0]

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
            from quizgen.model import Question

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
        records = self.final_answer_records([attempt_id])
        return {record.position: record for record in sorted(records, key=lambda r: r.position)}

    def final_answer_records(self, attempt_ids: Iterable[int] | None = None) -> list[AnswerRecord]:
        """The answer that counts for each question (of these attempts): its row with the
        highest id. Ordered by each question's first row, as the answers were first given."""
        marked = "marked" if self._has_column("answers", "marked") else "0"  # schema 1 had no marks
        sql = (f"SELECT id, attempt_id, position, question_id, chosen, outcome, correct, seconds, confidence, "
               f"answered_at, {marked}, topic, style, template, facts FROM answers")
        wanted = None if attempt_ids is None else set(attempt_ids)
        where, params = _attempt_filter("attempt_id", wanted)
        if where is None:
            return []
        final: dict[tuple[int, int], tuple] = {}
        for row in self._read(f"{sql} {'WHERE ' + where if where else ''} ORDER BY id", params):
            if wanted is None or row[1] in wanted:
                final[(row[1], row[2])] = row  # the latest answer wins
        facts: dict[str | None, tuple[str, ...]] = {}  # a question's facts text repeats: parse it once
        records = []
        try:
            for (id_, attempt_id, position, question_id, chosen, outcome, correct, seconds, confidence,
                 answered_at, is_marked, topic, style, template, facts_json) in final.values():
                if facts_json not in facts:
                    facts[facts_json] = tuple(json.loads(facts_json or "[]"))
                records.append(AnswerRecord(
                    id_, attempt_id, position, question_id, chosen, outcome, bool(correct), float(seconds),
                    confidence, answered_at, bool(is_marked), topic or "", style or "", template or "",
                    facts[facts_json]))
        except (ValueError, TypeError) as error:
            raise HistoryError(f"cannot read the answers in the attempt history: {error}", self.path) from None
        return records

    def question_records(self, with_json: bool = True,
                         attempt_ids: Iterable[int] | None = None) -> list[QuestionRecord]:
        """Every question of every attempt (or of these), by attempt and position; without
        their JSON (a year of papers is tens of megabytes of it) unless asked."""
        wanted = None if attempt_ids is None else set(attempt_ids)
        where, params = _attempt_filter("attempt_id", wanted)
        if where is None:
            return []
        rows = self._read(f"SELECT attempt_id, position, question_id, {'question' if with_json else 'NULL'} "
                          f"FROM attempt_questions {'WHERE ' + where if where else ''} "
                          "ORDER BY attempt_id, position", params)
        return [QuestionRecord(*row) for row in rows if wanted is None or row[0] in wanted]

    def unshown_questions(self, finished_only: bool = True,
                          attempt_ids: Iterable[int] | None = None) -> list[tuple[QuestionRecord, str | None]]:
        """The questions that have no answer row at all (never shown, or left when time ran
        out), with their attempt's finish time; by default of finished attempts only."""
        wanted = None if attempt_ids is None else set(attempt_ids)
        where, params = _attempt_filter("q.attempt_id", wanted)
        if where is None:
            return []
        rows = self._read(f"""
            SELECT q.attempt_id, q.position, q.question_id, q.question, t.finished_at
            FROM attempt_questions q JOIN attempts t ON t.id = q.attempt_id
            WHERE {where + ' AND' if where else ''} {'t.finished_at IS NOT NULL AND' if finished_only else ''}
                  NOT EXISTS (SELECT 1 FROM answers a
                              WHERE a.attempt_id = q.attempt_id AND a.position = q.position)
            ORDER BY t.finished_at, q.attempt_id, q.position
        """, params)
        return [(QuestionRecord(*row[:4]), row[4]) for row in rows if wanted is None or row[0] in wanted]

    # -- FSRS card state (the logic is in quizgen/srs.py) -----------------------------------

    def card_state(self) -> tuple[dict[str, str], set[int], list[CardRecord]] | None:
        """The stored cards: (state values, folded attempt ids, cards by position); None when
        the file predates them (an old file opened read-only)."""
        if not self._has_table("srs_state"):
            return None
        state = {name: value for name, value in self._read("SELECT name, value FROM srs_state")}
        folded = {row[0] for row in self._read("SELECT attempt_id FROM srs_attempts")}
        cards = [CardRecord(*row) for row in self._read(
            "SELECT key, position, card, reviews, lapses, last_rating, last_question_id, "
            "last_template, last_style FROM srs_cards ORDER BY position")]
        return state, folded, cards

    def folded_answers_fingerprint(self) -> str:
        """How many answer rows the folded attempts hold, and the newest: it changes when an
        answer is added to (or removed from) an attempt already folded into the cards."""
        rows = self._read(_FOLDED_FINGERPRINT)
        return f"{rows[0][0]}|{rows[0][1]}"

    def finished_attempt_ids(self) -> list[int]:
        return [row[0] for row in self._read("SELECT id FROM attempts WHERE finished_at IS NOT NULL ORDER BY id")]

    def unfinished_attempt_ids(self) -> list[int]:
        return [row[0] for row in self._read("SELECT id FROM attempts WHERE finished_at IS NULL ORDER BY id")]

    def save_card_state(self, state: Mapping[str, str], folded: Iterable[int], cards: Sequence[CardRecord],
                        *, replace_all: bool) -> None:
        """Store cards (all of them, or only the changed ones) in one transaction."""
        with self._transaction() as conn:
            if replace_all:
                conn.execute("DELETE FROM srs_cards")
                conn.execute("DELETE FROM srs_attempts")
            conn.executemany("INSERT OR REPLACE INTO srs_cards VALUES (?,?,?,?,?,?,?,?,?)",
                             [tuple(vars(card).values()) for card in cards])
            conn.executemany("INSERT OR IGNORE INTO srs_attempts VALUES (?)", [(a,) for a in folded])
            count, newest = conn.execute(_FOLDED_FINGERPRINT).fetchone()
            values = {**state, "answers": f"{count}|{newest}"}
            conn.executemany("INSERT OR REPLACE INTO srs_state VALUES (?, ?)", list(values.items()))

    # -- the statistics' tallies (the logic is in quizgen/stats/tally.py) ------------------

    def answers_mark(self) -> tuple[int, int]:
        """How many answer rows there are and the newest id: answers are only ever added (an
        attempt graded again is removed whole), so an unchanged pair means unchanged answers."""
        row = self._read("SELECT COUNT(*), COALESCE(MAX(id), 0) FROM answers")[0]
        return int(row[0]), int(row[1])

    def answers_after(self, answer_id: int) -> dict[int, int]:
        """attempt id -> how many of its answer rows are newer than `answer_id`."""
        return {row[0]: row[1] for row in self._read(
            "SELECT attempt_id, COUNT(*) FROM answers WHERE id > ? GROUP BY attempt_id", (answer_id,))}

    def stats_tallies(self) -> tuple[dict[str, str], dict[int, str]] | None:
        """(state values, attempt id -> tally JSON); None when the file predates them (an old
        file opened read-only)."""
        if not self._has_table("stats_state"):
            return None
        state = {name: value for name, value in self._read("SELECT name, value FROM stats_state")}
        tallies = {row[0]: row[1] for row in self._read("SELECT attempt_id, tally FROM stats_tallies")}
        return state, tallies

    def save_stats_tallies(self, state: Mapping[str, str], tallies: Mapping[int, str],
                           drop: Iterable[int] = (), *, replace_all: bool) -> None:
        """Store tallies (all of them, or new ones; `drop`: ones no longer right) in one
        transaction."""
        with self._transaction() as conn:
            if replace_all:
                conn.execute("DELETE FROM stats_tallies")
            conn.executemany("DELETE FROM stats_tallies WHERE attempt_id = ?", [(a,) for a in drop])
            conn.executemany("INSERT OR REPLACE INTO stats_tallies VALUES (?, ?)", list(tallies.items()))
            conn.executemany("INSERT OR REPLACE INTO stats_state VALUES (?, ?)", list(state.items()))

    def _has_column(self, table: str, column: str) -> bool:
        return any(row[1] == column for row in self._read(f"PRAGMA table_info({table})"))

    def _has_table(self, name: str) -> bool:
        return bool(self._read("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?", (name,)))

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


def _attempt_filter(column: str, wanted: set[int] | None) -> tuple[str | None, tuple]:
    """SQL narrowing a query to these attempts: "" for all of them (also when there are too
    many for SQL parameters: the caller filters the rows), None for none."""
    if wanted is None or len(wanted) > 500:
        return "", ()
    if not wanted:
        return None, ()
    return f"{column} IN ({','.join('?' * len(wanted))})", tuple(wanted)


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
    keys = row.keys()
    return AnswerRecord(
        id=row["id"], attempt_id=row["attempt_id"], position=row["position"],
        question_id=row["question_id"], chosen=row["chosen"], outcome=row["outcome"],
        correct=bool(row["correct"]), seconds=float(row["seconds"]),
        confidence=row["confidence"], answered_at=row["answered_at"],
        marked=bool(row["marked"]) if "marked" in keys else False,  # schema 1 had no marks
        topic=row["topic"] or "", style=row["style"] or "", template=row["template"] or "",
        facts=tuple(json.loads(row["facts"] or "[]")),
    )


def open_history_readonly(path: str | os.PathLike) -> HistoryDB:
    """Open an existing attempt database only to read it (history, stats, review --list, a
    class's files on a read-only share); see connect_readonly. Raises HistoryError saying what
    to do."""
    path = Path(path)
    if not path.is_file() and not path.is_dir():
        raise HistoryError("no attempt database here; take a quiz first (quizgen quiz) or pass --db PATH", path)
    conn = connect_readonly(path)
    try:
        conn.execute("SELECT 1 FROM answers LIMIT 1").fetchall()
        conn.execute("SELECT 1 FROM attempts LIMIT 1").fetchall()
    except sqlite3.DatabaseError as error:
        conn.close()
        raise HistoryError(f"not a quizgen attempt history ({error}); point --db at another file",
                           path) from None
    return HistoryDB(conn, path, readonly=True)


def open_history_to_read(path: str | os.PathLike) -> HistoryDB:
    """Open an existing attempt database for a command that only reads it (review --list,
    stats): writable when the file and its folder may be written, so what such a command
    brings up to date (the FSRS cards, the statistics' tallies) is kept for next time;
    read-only otherwise (a class's files on a read-only share)."""
    if writable(path):
        try:
            return open_history(path, create=False)
        except HistoryError:
            pass  # e.g. locked for writing just now: reading is enough
    return open_history_readonly(path)


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
        _prepare(conn, path)
    except sqlite3.DatabaseError as error:
        conn.close()
        raise HistoryError(f"not a quizgen attempt history ({error}); "
                           "point --db at another file", path) from None
    except HistoryError:
        conn.close()
        raise
    return HistoryDB(conn, path)


def _prepare(conn: sqlite3.Connection, path: Path) -> None:
    """Set the connection up and create or upgrade the schema. Switching a new file to WAL can
    report "database is locked" at once, without waiting, while a sibling process creates it
    at the same moment: such a refusal is retried for a while rather than taken as final."""
    deadline = time.monotonic() + LOCK_WAIT_SECONDS
    pause = 0.01
    while True:
        try:
            conn.execute("PRAGMA journal_mode = WAL")
            # FULL: a committed answer survives a power cut too, not only a killed process.
            conn.execute("PRAGMA synchronous = FULL")
            conn.execute("PRAGMA foreign_keys = ON")
            _upgrade(conn, path)
            return
        except sqlite3.OperationalError as error:
            busy = "locked" in str(error) or "busy" in str(error)
            if not busy or time.monotonic() > deadline:
                raise
            time.sleep(pause)
            pause = min(pause * 2, 0.2)


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


def writable(path: str | os.PathLike) -> bool:
    """May quizgen write to this existing database? Not when the file or its folder is marked
    read-only (a share of a class's databases), even for root whom permissions do not stop."""
    path = Path(path).resolve()
    try:
        marked = bool(path.stat().st_mode & 0o222)
    except OSError:
        return False
    return marked and os.access(path, os.W_OK) and _writable_folder(path.parent)


def _writable_folder(folder: Path) -> bool:
    # The mode bits too: root may write anywhere, but a folder marked read-only is a share.
    try:
        return os.access(folder, os.W_OK) and bool(folder.stat().st_mode & 0o222)
    except OSError:
        return False


def _insert_questions(conn: sqlite3.Connection, attempt_id: int, questions: Sequence[Question]) -> None:
    """An attempt's questions, in the order asked, each stored whole as JSON."""
    conn.executemany(
        "INSERT INTO attempt_questions (attempt_id, position, question_id, question) VALUES (?, ?, ?, ?)",
        [(attempt_id, position, q.id, json.dumps(q.to_dict(), ensure_ascii=False))
         for position, q in enumerate(questions)],
    )


def _register_functions(conn: sqlite3.Connection) -> None:
    """The SQL functions the migrations call: quizgen_question(json, stored id) gives the stored
    question with its content id and family; quizgen_question_id(json) its id (NULL if damaged)."""

    def migrated(text: str, stored_id: str) -> str:
        from quizgen.model import Item, content_id

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

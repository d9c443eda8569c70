"""`quizgen stats` from kept tallies: each finished attempt's figures, counted once.

Reading a year of answers (36,500) into records takes most of a second; the figures only need
sums. So each finished attempt is tallied once (its counts per topic and style, its times, its
guesses) and the tally kept in the history (HistoryDB's stats_tallies); `stats` adds the
tallies up. An attempt still open is tallied afresh on every run (its answers may change until
it ends). The answer count and newest answer id seen when the tallies were made are kept too:
an answer added to a tallied attempt (a late row, a resumed paper) makes that attempt tallied
again, and answers removed (a sheet graded again replaces its attempt) or a change to these
rules (SCHEME) make all of them tallied again, as does `stats --rebuild`.

The sums are exact (times in whole milliseconds), so the figures equal `compute.compute` on
the full records, to the last digit.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any, Sequence

from quizgen.history import HistoryDB
from quizgen.srs import parse_time
from quizgen.stats.compute import (
    Stats, attempt_figure, group_figure, guessing_from, milliseconds, pace_from, summary_from,
    weakest_first,
)
from quizgen.stats.load import Attempt, distinct_databases, read_attempts

SCHEME = "1"  # what a tally holds: a change here means every attempt is tallied again
# As an attempt ends, the tallies are brought up to date when that is cheap: they are current
# but for a few attempts (a new file, the paper just ended).
CHEAP_TALLY_ATTEMPTS = 5


@dataclass(frozen=True)
class Tallied:
    """An attempt as the figures see it: who it is and its tally."""

    source: int  # index of the database it came from
    id: int
    started_at: datetime
    finished: bool
    mode: str
    marking: str
    tally: dict[str, Any]


def attempt_tally(attempt: Attempt) -> dict[str, Any]:
    """What the figures need of one attempt: per topic and per style [questions, right, wrong,
    timed, milliseconds]; its times, in increasing order; timeouts; guesses and sure answers."""
    groups: dict[str, dict[str, list[int]]] = {"topics": {}, "styles": {}}
    for answer in attempt.answers:
        for kind, name in (("topics", answer.topic), ("styles", answer.style)):
            figures = groups[kind].setdefault(name or "(none)", [0, 0, 0, 0, 0])
            figures[0] += 1
            figures[1] += answer.correct
            figures[2] += answer.outcome == "wrong"
            if answer.seconds is not None:
                figures[3] += 1
                figures[4] += milliseconds(answer.seconds)
    answered = [a for a in attempt.answers if a.answered]
    guesses = [a for a in answered if a.confidence == "guess"]
    sure = [a for a in answered if a.confidence == "sure"]
    return {
        **groups,
        "times": sorted(a.seconds for a in attempt.answers if a.seconds is not None),
        "timeouts": sum(a.outcome == "timeout" for a in attempt.answers),
        "guessing": [len(guesses), sum(a.correct for a in guesses), len(sure), sum(a.correct for a in sure),
                     sum(a.confidence not in ("guess", "sure") for a in answered)],
    }


def keep_tallies(db: HistoryDB) -> None:
    """Tally the attempts just ended, when the other tallies are current (otherwise the next
    `stats` tallies afresh). Called as an attempt ends."""
    if not db.readonly:
        tallied_attempts(db, cheap=True)


def tallied_attempts(db: HistoryDB, source: int = 0, rebuild: bool = False, cheap: bool = False) -> list[Tallied]:
    """Every attempt of the database with its tally, oldest first: the kept tallies, and the
    attempts without a current one tallied from their answers (and kept, when the file may be
    written). With `cheap`, only when few need tallying; then nothing is returned."""
    count, newest = db.answers_mark()  # before reading: answers added meanwhile show next time
    infos = db.attempts()
    finished = {info.id for info in infos if info.finished_at is not None}
    stored = None if rebuild else db.stats_tallies()
    kept: dict[int, dict[str, Any]] = {}
    whole = True  # every tally is made afresh (and the stored ones replaced)
    stale: set[int] = set()
    if stored is not None:
        state, tallies = stored
        try:
            kept_count, kept_newest = map(int, state.get("answers", "").split("|"))
        except ValueError:
            kept_count, kept_newest = -1, -1
        if state.get("scheme") == SCHEME and 0 <= kept_newest <= newest:
            added = db.answers_after(kept_newest)
            if kept_count + sum(added.values()) == count:  # nothing removed
                whole = False
                stale = set(added) & set(tallies)
                for attempt_id, text in tallies.items():
                    if attempt_id in finished and attempt_id not in stale:
                        tally = _parsed(text)
                        if tally is None:  # damaged: tallied again
                            stale.add(attempt_id)
                        else:
                            kept[attempt_id] = tally
    needed = [info.id for info in infos if info.id not in kept]
    if cheap:
        needed = [a for a in needed if a in finished]
        if not needed or len(needed) > CHEAP_TALLY_ATTEMPTS:
            return []
    fresh = {a.id: attempt_tally(a) for a in read_attempts(db, source, questions=False, attempt_ids=needed)} \
        if needed else {}
    new = {a: json.dumps(t, separators=(",", ":")) for a, t in fresh.items() if a in finished}
    if not db.readonly and (new or stale or whole):
        from quizgen.errors import HistoryError

        try:
            db.save_stats_tallies({"scheme": SCHEME, "answers": f"{count}|{newest}"}, new, stale,
                                  replace_all=whole)
        except HistoryError:
            pass  # a file that cannot be written just now: the figures are right, only not kept
    if cheap:
        return []
    result = [Tallied(source, info.id, parse_time(info.started_at), info.finished_at is not None,
                      info.mode or "quiz", info.marking or "upsc", kept.get(info.id) or fresh[info.id])
              for info in infos]
    result.sort(key=lambda t: (t.started_at, t.id))
    return result


def _parsed(text: str) -> dict[str, Any] | None:
    """A kept tally, or None if it is not one this code wrote."""
    try:
        tally = json.loads(text)
        if (type(tally) is not dict or tally.keys() != _KEYS
                or not all(len(v) == 5 for kind in ("topics", "styles") for v in tally[kind].values())
                or len(tally["guessing"]) != 5 or not isinstance(tally["times"], list)
                or not isinstance(tally["timeouts"], int)):
            return None
    except (ValueError, TypeError, AttributeError):
        return None
    return tally


_KEYS = {"topics", "styles", "times", "timeouts", "guessing"}


def load_tallied(paths: Sequence[str | Path], rebuild: bool = False) -> list[Tallied]:
    """The tallied attempts of one or more databases (the same file named twice counts once),
    oldest first, as `load.load_databases` orders its attempts."""
    from quizgen.history import open_history_to_read

    tallied: list[Tallied] = []
    for source, path in distinct_databases(paths):
        with open_history_to_read(path) as db:
            tallied.extend(tallied_attempts(db, source, rebuild))
    tallied.sort(key=lambda t: (t.started_at, t.source, t.id))
    return tallied


def compute_tallied(attempts: Sequence[Tallied]) -> Stats:
    """The figures of `compute.compute` for these attempts (oldest first), from their tallies."""
    figures = []
    groups: dict[str, dict[str, list[int]]] = {"topics": {}, "styles": {}}
    times: list[float] = []
    timeouts = 0
    guessing = [0, 0, 0, 0, 0]
    questions = correct = wrong = 0
    for number, attempt in enumerate(attempts, start=1):
        tally = attempt.tally
        for kind in ("topics", "styles"):
            for name, values in tally[kind].items():
                total = groups[kind].setdefault(name, [0, 0, 0, 0, 0])
                for index, value in enumerate(values):
                    total[index] += value
        # An attempt's own figures: its topics' sums (each answer has one topic).
        own = [sum(column) for column in zip(*tally["topics"].values())] or [0, 0, 0, 0, 0]
        figures.append(attempt_figure(number, attempt.id, attempt.started_at, attempt.mode, attempt.marking,
                                      attempt.finished, *own))
        questions, correct, wrong = questions + own[0], correct + own[1], wrong + own[2]
        times += tally["times"]
        timeouts += tally["timeouts"]
        guessing = [a + b for a, b in zip(guessing, tally["guessing"])]
    times.sort()
    return Stats(
        summary=summary_from(len(attempts), questions, correct, wrong,
                             attempts[0].started_at if attempts else None,
                             attempts[-1].started_at if attempts else None),
        attempts=figures,
        topics=weakest_first([group_figure(name, *values) for name, values in groups["topics"].items()]),
        styles=weakest_first([group_figure(name, *values) for name, values in groups["styles"].items()]),
        pace=pace_from(times, timeouts, sum(values[4] for values in groups["topics"].values())),
        guessing=guessing_from(*guessing),
    )

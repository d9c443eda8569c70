"""The aspirant's daily loop, through the real `quizgen` in a pseudo-terminal (pexpect) and the
real SQLite file: a fresh paper every day and the same one on demand, marks that never answer,
the paper's clock without a per-question cut-off, solutions to come back to, a retry of the
missed questions."""

from __future__ import annotations

import json
import re
import sqlite3
import subprocess
import time

import pexpect

from test_quiz_e2e import LETTERS, QUIZGEN, plain, spawn, stored_answers


def start(child: pexpect.spawn) -> str:
    """Press Enter on the start screen; returns what the start screen said."""
    child.expect("start the clock")
    said = plain(child.before)
    child.send("\r")
    return said


def stop(child: pexpect.spawn) -> None:
    child.sendintr()
    child.expect(pexpect.EOF)
    child.close()


def attempts(db):
    with sqlite3.connect(db) as conn:
        return conn.execute("SELECT id, seed, mode, settings FROM attempts ORDER BY id").fetchall()


def paper(db, attempt_id):
    with sqlite3.connect(db) as conn:
        rows = conn.execute("SELECT question FROM attempt_questions WHERE attempt_id = ?"
                            " ORDER BY position", (attempt_id,)).fetchall()
    return [json.loads(row[0]) for row in rows]


def final_rows(db, attempt_id=1):
    with sqlite3.connect(db) as conn:
        return conn.execute("SELECT position, chosen, outcome, marked FROM final_answers"
                            " WHERE attempt_id = ? ORDER BY position", (attempt_id,)).fetchall()


def test_plain_quiz_gives_a_new_paper_each_time_and_seed_gives_it_again(tmp_path):
    db = tmp_path / "history.sqlite3"
    screens = []
    for _ in range(2):
        child = spawn(["quiz", "--count", "5"], db)
        screens.append(start(child))
        child.expect("Question 1 of 5")
        stop(child)
    (first, seed1, _, _), (second, seed2, _, settings2) = attempts(db)
    assert seed1 is not None and seed2 is not None and seed1 != seed2
    assert f"Paper seed {seed1}. The same paper again: quizgen quiz --seed {seed1} --count 5" \
        in " ".join(screens[0].split())
    ids1 = [q["id"] for q in paper(db, first)]
    ids2 = [q["id"] for q in paper(db, second)]
    assert ids1 != ids2
    # the second paper left out the first one's question families (the banks have plenty)
    assert not {q["family"] for q in paper(db, first)} & {q["family"] for q in paper(db, second)}
    assert set(json.loads(settings2)["avoided"]) >= {q["family"] for q in paper(db, first)}

    for seed, ids in ((seed1, ids1), (seed2, ids2)):
        child = spawn(["quiz", "--count", "5", "--seed", str(seed)], db)
        start(child)
        child.expect("Question 1 of 5")
        stop(child)
        latest, stored_seed, _, _ = attempts(db)[-1]
        assert stored_seed == seed
        assert [q["id"] for q in paper(db, latest)] == ids

    child = spawn(["quiz", "--repeat", "1"], db)
    assert "The same paper as attempt 1." in start(child)
    child.expect("Question 1 of 5")
    stop(child)
    assert [q["id"] for q in paper(db, attempts(db)[-1][0])] == ids1


def test_mark_on_an_untouched_question_scores_nothing_and_stores_no_answer(tmp_path):
    db = tmp_path / "history.sqlite3"
    child = spawn(["quiz", "--count", "2", "--seed", "3"], db)
    start(child)
    child.expect("Question 1 of 2")
    child.expect("m mark for review, not answered")   # the key line says what m does
    key = stored_answers(db)
    child.send(LETTERS[key[0]])
    child.expect("Question 2 of 2")
    child.send("m")                                    # nothing chosen: marked, not answered
    child.expect("you marked this without an answer")  # it comes back...
    child.send("m")                                    # ... and is left so: the paper ends
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0
    screen = plain(child.before)
    assert "Score 2.00 / 4.00" in screen
    assert "Correct 1   Wrong 0   Unanswered 1" in screen
    assert "Q2 ·" in screen and "marked for review, not answered" in screen
    assert final_rows(db) == [(0, key[0], "correct", 0), (1, None, "skipped", 1)]


def test_a_mark_left_when_the_papers_time_runs_out_scores_nothing(tmp_path):
    db = tmp_path / "history.sqlite3"
    # a 1-minute paper, its clock 30 times faster: 2 s of real time
    child = spawn(["quiz", "--count", "1", "--seed", "3", "--time-limit", "1"], db,
                  extra_env={"QUIZGEN_TIME_SCALE": "30"})
    start(child)
    child.expect("Question 1 of 1")
    child.send("m")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0
    screen = plain(child.before)
    assert "Score 0.00 / 2.00" in screen and "Unanswered 1" in screen
    assert final_rows(db) == [(0, None, "skipped", 1)]


def test_with_a_paper_time_limit_a_question_stays_answerable_past_72_seconds(tmp_path):
    db = tmp_path / "history.sqlite3"
    # a 5-minute paper with the clock 60 times faster: 72 s pass in 1.2 s of real time
    child = spawn(["quiz", "--count", "2", "--seed", "8", "--time-limit", "5"], db,
                  extra_env={"QUIZGEN_TIME_SCALE": "60"})
    said = start(child)
    assert "a question" not in said                   # no per-question clock announced
    child.expect("Question 1 of 2")
    key = stored_answers(db)
    time.sleep(2.0)                                   # 120 s on the paper's clock
    child.send(LETTERS[key[0]])
    child.expect("Question 2 of 2")
    assert "Time ran out" not in plain(child.before)
    child.send(LETTERS[key[1]])
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0
    with sqlite3.connect(db) as conn:
        (outcome, seconds), *_ = conn.execute(
            "SELECT outcome, seconds FROM answers ORDER BY id").fetchall()
        per_question, = conn.execute("SELECT time_per_question FROM attempts").fetchone()
    assert outcome == "correct" and seconds > 72
    assert per_question is None


def test_a_time_limit_that_looks_like_seconds_is_refused(cli):
    result = cli("quiz", "--time-limit", "7200")
    assert result.code == 2
    assert result.err.count("\n") == 1
    assert "7200 minutes is 120 hours" in result.err and "--time-limit 120" in result.err


def missed_then(db, args: list[str]):
    """Attempt 1: right, wrong, skipped (left), right. Returns the key."""
    child = spawn(["quiz", "--count", "4", "--seed", "21", *args], db)
    start(child)
    child.expect("Question 1 of 4")
    key = stored_answers(db)
    child.send(LETTERS[key[0]])
    child.expect("Question 2 of 4")
    child.send(LETTERS[(key[1] + 1) % 4])
    child.expect("Question 3 of 4")
    child.send("s")
    child.expect("Question 4 of 4")
    child.send(LETTERS[key[3]])
    child.expect("you skipped this")
    child.send("s")                                   # left unanswered: the paper ends
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0
    return key


def test_history_show_goes_through_the_attempt_with_the_score_last(tmp_path):
    db = tmp_path / "history.sqlite3"
    key = missed_then(db, [])
    shown = subprocess.run(QUIZGEN + ["history", "--show", "1", "--db", str(db)],
                           capture_output=True, text=True, timeout=60)
    assert shown.returncode == 0, shown.stderr
    text = shown.stdout
    assert "\x1b[" not in text                        # plain text when not a terminal
    lines = [line for line in text.splitlines() if line.strip()]
    # the score block closes the output, after every question and the breakdowns
    assert lines[-4].startswith("Result · attempt 1")
    assert lines[-2].startswith("Score 3.33 / 8.00   Correct 2   Wrong 1   Unanswered 1")
    assert lines[-1].startswith("Accuracy 67% of attempted (2 of 3)   Time ")
    positions = [text.index(f"Q{n} ·") for n in range(1, 5)]
    assert positions == sorted(positions) and positions[-1] < text.index("Score 3.33")
    assert f"Q1 · " in text and f"right: you chose ({LETTERS[key[0]]})" in text
    assert f"wrong: you chose ({LETTERS[(key[1] + 1) % 4]})" in text
    assert "Q3 ·" in text and "skipped" in text
    folded = " ".join(text.split())  # long options wrap on the page
    for question in paper(db, 1):
        assert " ".join(question["options"][question["answer"]].split()) in folded
    assert text.count("Why") >= 4 and text.count("Source") >= 4

    missing = subprocess.run(QUIZGEN + ["history", "--show", "9", "--db", str(db)],
                             capture_output=True, text=True, timeout=60)
    assert missing.returncode == 2 and missing.stderr.startswith("Error: ")
    assert "there is no attempt 9" in missing.stderr


def test_retry_asks_exactly_the_missed_questions_facts(tmp_path):
    db = tmp_path / "history.sqlite3"
    missed_then(db, [])
    first = paper(db, 1)
    missed = [first[1], first[2]]                     # wrong, and skipped
    child = spawn(["quiz", "--retry", "1"], db)
    assert "The 2 questions you got wrong or left in attempt 1" in \
        " ".join(start(child).split())
    child.expect("Question 1 of 2")
    stop(child)
    (_, _, mode, settings) = attempts(db)[-1]
    retry = paper(db, 2)
    assert mode == "retry" and json.loads(settings)["retry_of"] == 1
    assert [q["facts"] for q in retry] == [q["facts"] for q in missed]
    assert [q["family"] for q in retry] == [q["family"] for q in missed]

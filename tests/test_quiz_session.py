"""A whole paper through `run_quiz` / `resume_attempt`, keys through a pipe, answers into a
real SQLite file: marking, skip and mark-for-review rounds, timeouts, the paper's clock,
Ctrl-C and resume, confidence tags."""

from __future__ import annotations

import threading
import time
from fractions import Fraction

import pytest
from prompt_toolkit.input import create_pipe_input
from prompt_toolkit.output import DummyOutput

from quizgen.errors import HistoryError
from quizgen.history import open_history
from quizgen.quiz.session import QuizSettings, Terminal, resume_attempt, run_quiz
from test_quiz_samples import sample_questions

DOWN, CTRL_C = "\x1b[B", "\x03"
# Answers of the samples: single (b), statements (c), how-many (b), pairs (b), assertion (b).


@pytest.fixture
def db(tmp_path):
    with open_history(tmp_path / "history.sqlite3") as handle:
        yield handle


def play(db, keys: str, settings: QuizSettings = QuizSettings(), questions=None,
         resume: bool = False, typed_later: list[tuple[float, str]] = ()):
    with create_pipe_input() as pipe:
        pipe.send_text(keys)

        def typist():
            for delay, later in typed_later:
                time.sleep(delay)
                pipe.send_text(later)
        thread = threading.Thread(target=typist)
        thread.start()
        terminal = Terminal(pipe, DummyOutput())
        if resume:
            result = resume_attempt(db, terminal=terminal)
        else:
            result = run_quiz(questions or sample_questions(), settings, db, terminal=terminal)
        thread.join()
        return result


def rows(db, attempt_id):
    return [(r.position, r.outcome, r.chosen, r.marked) for r in db.answer_rows(attempt_id)]


def test_a_paper_with_skip_and_mark_for_review(db):
    keys = ("\r"            # start the clock
            "b"             # Q1 right
            "a"             # Q2 wrong
            "s"             # Q3 skipped
            + DOWN + "m"    # Q4 (b) marked for review: provisional, right
            + "d"           # Q5 wrong
            # back for review, round 1: Q3 answered (b), Q4 marked again as it was
            + "b" + "m"
            # round 2: only Q4 is pending; skipping keeps its provisional (b); no change: end
            + "s")
    result = play(db, keys)
    assert result.finished and not result.interrupted
    assert [r.outcome for r in result.results] == ["correct", "wrong", "correct", "correct",
                                                   "wrong"]
    assert (result.correct, result.wrong, result.unanswered) == (3, 2, 0)
    assert result.score == Fraction(14, 3)  # 3 × 2 − 2 × 2/3
    assert result.max_score == 10
    assert rows(db, result.attempt_id) == [
        (0, "correct", 1, False), (1, "wrong", 0, False), (2, "skipped", None, False),
        (3, "correct", 1, True), (4, "wrong", 3, False), (2, "correct", 1, False),
        (3, "correct", 1, True), (3, "correct", 1, True)]
    final = db.final_answers(result.attempt_id)
    assert [final[p].outcome for p in range(5)] == [r.outcome for r in result.results]
    assert db.attempt(result.attempt_id).finished
    # seconds on a row add up every visit to that question
    q3 = [r for r in db.answer_rows(result.attempt_id) if r.position == 2]
    assert q3[1].seconds >= q3[0].seconds


def test_skipping_everything_in_an_untimed_paper_ends_after_one_quiet_round(db):
    settings = QuizSettings(time_per_question=None)
    result = play(db, "\r" + "s" * 5 + "s" * 5, settings)
    assert result.finished
    assert [r.outcome for r in result.results] == ["skipped"] * 5
    assert result.score == 0 and result.unanswered == 5
    assert len(db.answer_rows(result.attempt_id)) == 10


def test_the_question_clock_runs_out_and_the_quiz_moves_on(db):
    start = time.monotonic()
    result = play(db, "\r", QuizSettings(time_per_question=0.4),
                  questions=sample_questions()[:2])
    assert 0.75 < time.monotonic() - start < 4
    assert [r.outcome for r in result.results] == ["timeout", "timeout"]
    assert result.finished and result.unanswered == 2 and result.score == 0
    for row in db.answer_rows(result.attempt_id):
        assert row.outcome == "timeout" and row.chosen is None and 0.35 < row.seconds < 1.5


def test_the_papers_clock_ends_the_paper(db):
    settings = QuizSettings(time_per_question=72, time_limit_seconds=0.5)
    result = play(db, "\r", settings)
    assert result.finished and result.out_of_time
    assert [r.outcome for r in result.results] == ["timeout"] + ["unseen"] * 4
    assert rows(db, result.attempt_id) == [(0, "timeout", None, False)]  # no rows for unseen
    assert db.summaries()[0].unanswered == 5


def test_a_marked_answer_stands_if_the_clock_runs_out_when_it_comes_back(db):
    questions = sample_questions()[:2]
    # Q1: mark (b); Q2: answer; Q1 comes back and nobody presses anything for 0.5 s.
    result = play(db, "\r" + DOWN + "m" + "c", QuizSettings(time_per_question=0.5),
                  questions=questions)
    assert [r.outcome for r in result.results] == ["correct", "correct"]
    assert rows(db, result.attempt_id)[-1] == (0, "correct", 1, False)


def test_ctrl_c_keeps_the_answers_and_resume_continues(db):
    first = play(db, "\r" + "b" + "a" + CTRL_C)
    assert first.interrupted and not first.finished
    assert rows(db, first.attempt_id) == [(0, "correct", 1, False), (1, "wrong", 0, False)]
    assert not db.attempt(first.attempt_id).finished

    second = play(db, "\r" + "b" + "b" + "b", resume=True)
    assert second.attempt_id == first.attempt_id and second.finished
    assert [r.outcome for r in second.results] == ["correct", "wrong", "correct", "correct",
                                                   "correct"]
    assert second.score == Fraction(8) - Fraction(2, 3)
    with pytest.raises(HistoryError, match="no unfinished attempt"):
        resume_attempt(db, terminal=Terminal(None, DummyOutput()))


def test_resume_brings_back_skipped_questions_after_the_unseen_ones(db):
    first = play(db, "\r" + "s" + "c" + CTRL_C)  # Q1 skipped, Q2 right, stop on Q3
    assert first.interrupted
    second = play(db, "\r" + "b" + "b" + "b" + "b", resume=True)  # Q3, Q4, Q5, then Q1
    assert [r.outcome for r in second.results] == ["correct"] * 5
    assert [p for p, *_ in rows(db, second.attempt_id)] == [0, 1, 2, 3, 4, 0]


def test_resume_has_only_the_time_that_was_left(db, tmp_path):
    questions = sample_questions()
    from datetime import datetime, timezone
    t0 = datetime(2026, 11, 23, 9, 0, tzinfo=timezone.utc)
    attempt = db.create_attempt(questions, started_at=t0, time_per_question=72,
                                time_limit_seconds=61.5, settings={"confidence": False})
    db.record_answer(attempt, 0, questions[0], chosen=1, outcome="correct", seconds=30,
                     answered_at=t0)
    db.record_answer(attempt, 1, questions[1], chosen=2, outcome="correct", seconds=31,
                     answered_at=t0)
    start = time.monotonic()
    result = play(db, "\r", resume=True)  # 0.5 s of paper left: Q3 times out, paper over
    assert time.monotonic() - start < 3
    assert result.finished and result.out_of_time
    assert [r.outcome for r in result.results] == ["correct", "correct", "timeout", "unseen",
                                                   "unseen"]


def test_confidence_tags_are_stored_with_the_answer(db):
    result = play(db, "\r" + "by" + "ag" + "s" + "bg" + "by" + "by",
                  QuizSettings(confidence=True))
    tags = {r.position: r.confidence for r in db.final_answers(result.attempt_id).values()}
    assert tags == {0: "sure", 1: "guess", 2: "sure", 3: "guess", 4: "sure"}
    assert db.attempt(result.attempt_id).settings["confidence"] is True


def test_ctrl_c_on_the_start_screen_records_nothing(db):
    result = play(db, CTRL_C)
    assert result.interrupted and result.attempt_id is None
    assert db.attempts() == []


def test_settings_are_stored_with_the_attempt(db):
    settings = QuizSettings(time_per_question=60, time_limit_seconds=None, marking="plain",
                            seed=7, extra={"topic": ["comcasa"]})
    result = play(db, "\r" + "bbbbb", settings)
    info = db.attempt(result.attempt_id)
    assert (info.marking, info.seed, info.time_per_question, info.time_limit_seconds,
            info.mode) == ("plain", 7, 60, 300, "quiz")
    assert info.settings == {"confidence": False, "topic": ["comcasa"]}
    assert result.score == 4  # plain marking: four right, one wrong costs nothing

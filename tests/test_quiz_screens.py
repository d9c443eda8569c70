"""The end screen: each mistake with the right answer, why and the source; then the score,
counts, accuracy, time and the per-topic and per-style breakdown."""

from __future__ import annotations

import io
from fractions import Fraction

from quizgen.marking import get_marking
from quizgen.quiz.screens import render_end_screen
from quizgen.quiz.session import AttemptResult, QuestionResult
from test_quiz_samples import sample_questions


def result_of(outcomes, marking="upsc", confidence=None):
    questions = sample_questions()
    results = []
    for position, (question, (outcome, chosen)) in enumerate(zip(questions, outcomes)):
        results.append(QuestionResult(position, question, outcome, chosen, seconds=30,
                                      confidence=(confidence or {}).get(position)))
    return AttemptResult(attempt_id=12, mode="quiz", marking=get_marking(marking),
                         results=results, finished=True, time_limit_seconds=360)


def screen(result, width=100):
    buffer = io.StringIO()
    render_end_screen(result, buffer, width=width)
    return buffer.getvalue()


OUTCOMES = [("correct", 1), ("wrong", 0), ("timeout", None), ("correct", 1), ("skipped", None)]


def test_score_counts_accuracy_and_time():
    result = result_of(OUTCOMES)
    assert result.score == Fraction(4) - Fraction(2, 3)
    text = screen(result)
    assert "Result · attempt 12" in text
    assert "UPSC marking: +2 correct, −0.67 wrong, 0 unanswered" in text
    assert "Score 3.33 / 10.00" in text
    assert "Correct 2   Wrong 1   Unanswered 2" in text
    assert "Accuracy 67% of attempted (2 of 3)" in text
    assert "Time 2:30 of 6:00 · 30 s a question (exam pace 72 s)" in text


def test_breakdown_per_topic_and_per_style():
    lines = screen(result_of(OUTCOMES)).splitlines()
    row = next(line for line in lines if line.startswith("india-us"))  # statements, wrong
    assert row.split() == ["india-us", "1", "0", "1", "0", "−0.67", "/", "2.00"]
    row = next(line for line in lines if line.startswith("foundational-agreements"))
    assert row.split() == ["foundational-agreements", "2", "1", "0", "1", "2.00", "/", "4.00"]
    row = next(line for line in lines if line.startswith("pairs"))
    assert row.split() == ["pairs", "1", "1", "0", "0", "2.00", "/", "2.00"]


def test_every_mistake_shows_the_answer_why_and_the_source():
    text = screen(result_of(OUTCOMES))
    assert "Review: the 3 questions you did not get right" in text
    assert "Q2 · india-us · statements · wrong: you chose (a)" in text
    assert "Q3 · foundational-agreements · how-many · time ran out" in text
    assert "Q5 · comcasa · assertion-reason · skipped" in text
    assert "Q1 ·" not in text and "Q4 ·" not in text  # right answers are not reviewed
    block = text[text.index("Q2 ·"):text.index("Q3 ·")]
    assert "✗ (a) 1 and 2 only" in block
    assert "✓ (c) 1 and 3 only" in block
    assert "Why    The ISA was only announced in 2018" in block
    assert "Source Joint Statement on the Inaugural India-US 2+2 (MEA, 2018-09-06)" in block
    assert "https://example.org/joint-statement-2018" in block
    # the score comes last, where the aspirant sees it without scrolling
    assert text.index("Score 3.33") > text.index("Q5 ·")


def test_a_perfect_paper_has_nothing_to_review():
    text = screen(result_of([("correct", 1), ("correct", 2), ("correct", 1), ("correct", 1),
                             ("correct", 1)], marking="plain"))
    assert "Review:" not in text and "scroll up" not in text
    assert "Score 5.00 / 5.00" in text and "plain marking" in text


def test_confidence_report_when_answers_were_tagged():
    result = result_of(OUTCOMES, confidence={0: "sure", 1: "guess", 3: "guess"})
    text = screen(result)
    assert "Confidence: 1 sure answer: 1 right, net 2.00 · " \
           "2 guesses: 1 right, net 1.33" in text
    assert "wrong: you chose (a), guess" in text


def test_plain_text_without_a_terminal_and_narrow_widths_do_not_break():
    text = screen(result_of(OUTCOMES), width=60)
    assert "\x1b[" not in text
    assert "Score 3.33 / 10.00" in text


def test_breakdowns_list_the_weakest_first():
    lines = screen(result_of(OUTCOMES)).splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith("Style, weakest first"))
    styles = [line.split()[0] for line in lines[start + 2:start + 7]]
    assert styles == ["statements", "assertion-reason", "how-many", "pairs", "single"]


def test_the_score_block_is_the_last_thing_printed():
    lines = [line for line in screen(result_of(OUTCOMES)).splitlines() if line.strip()]
    block = lines[next(i for i, line in enumerate(lines) if line.startswith("Result ·")):]
    assert "scroll up, or later: quizgen history --show 12" in " ".join(block)
    assert not any(line.startswith(("Topic", "Style", "Q5 ·")) for line in block)
    assert lines[-2].startswith("Score 3.33 / 10.00")
    assert lines[-1].startswith("Accuracy 67%")
    narrow = [line for line in screen(result_of(OUTCOMES), 60).splitlines() if line.strip()]
    assert narrow[-3].startswith("Score 3.33 / 10.00")
    assert narrow[-2].startswith("Accuracy 67%") and narrow[-1].startswith("Time 2:30 of 6:00")


def test_at_60_columns_the_tables_abbreviate_and_no_figure_wraps():
    text = screen(result_of(OUTCOMES), width=60)
    assert max(len(line.rstrip()) for line in text.splitlines()) <= 60
    lines = text.splitlines()
    header = next(line for line in lines if line.startswith("Topic"))
    assert header.split()[-5:] == ["Qs", "Right", "Wrong", "Blank", "Score"]
    row = next(line for line in lines if line.startswith("foundational-agreements"))
    assert row.split() == ["foundational-agreements", "2", "1", "0", "1", "2.00/4.00"]
    row = next(line for line in lines if line.startswith("india-us"))
    assert row.split()[-1] == "−0.67/2.00"


def test_percentages_round_half_up_one_of_eight_is_13():
    questions = sample_questions()
    results = [QuestionResult(n, questions[n % 5], "correct" if n == 0 else "wrong",
                              questions[n % 5].answer if n == 0 else
                              (questions[n % 5].answer + 1) % 4, seconds=10) for n in range(8)]
    result = AttemptResult(3, "quiz", get_marking("upsc"), results, finished=True)
    assert "Accuracy 13% of attempted (1 of 8)" in screen(result)

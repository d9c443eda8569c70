"""Marking schemes: UPSC's +2 / −2/3 / 0 and plain +1 / 0 / 0, computed exactly."""

from fractions import Fraction

import pytest

from quizgen.errors import UsageError
from quizgen.marking import MARKINGS, format_score, get_marking, points, signed


def test_upsc_marking_takes_a_third_of_the_marks_for_a_wrong_answer():
    upsc = get_marking("upsc")
    assert upsc.score(correct=7, wrong=2, unanswered=1) == Fraction(38, 3)
    assert format_score(upsc.score(7, 2, 1)) == "12.67"
    assert upsc.max_score(10) == 20


def test_three_wrong_answers_cancel_exactly_one_right_one():
    upsc = get_marking("upsc")
    assert upsc.score(correct=1, wrong=3) == 0
    assert format_score(upsc.score(0, 10)) == "−6.67"
    assert points(upsc.score(0, 10)) == -6.67


def test_blank_answers_cost_nothing():
    for marking in MARKINGS.values():
        assert marking.score(0, 0, unanswered=100) == 0


def test_plain_marking():
    plain = get_marking("plain")
    assert plain.score(correct=7, wrong=2, unanswered=1) == 7
    assert plain.max_score(10) == 10


def test_marking_is_described_as_on_a_paper():
    assert get_marking("upsc").describe() == \
        "UPSC marking: +2 correct, −0.67 wrong, 0 unanswered"
    assert signed(Fraction(1)) == "+1"


def test_unknown_marking_is_a_usage_error():
    with pytest.raises(UsageError, match="upsc, plain"):
        get_marking("neet")

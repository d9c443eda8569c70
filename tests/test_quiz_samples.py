"""Hand-made questions of all five UPSC styles for the quiz tests (and checks on their layout).

Other quiz test files import `sample_questions` from here.
"""

from __future__ import annotations

from quizgen.model import STYLES, Item, Question, SourceRef
from quizgen.quiz.stem import stem_lines

HINDU = SourceRef("ref-hindu-comcasa", "What is COMCASA",
                  "COMCASA ... will be valid for 10 years", "The Hindu", "2018-09-06")
JOINT = SourceRef("ref-2018-joint", "Joint Statement on the Inaugural India-US 2+2",
                  "held in New Delhi on September 6, 2018", "MEA", "2018-09-06",
                  "https://example.org/joint-statement-2018")


def _question(**fields) -> Question:
    base = dict(lead="", items=(), ask="", explanation="", sources=(JOINT,), topic="india-us",
                template="t-" + fields["style"], facts=("fact-" + fields["id"],),
                bank="india-us-2plus2")
    base.update(fields)
    return Question(**base)


def sample_questions() -> list[Question]:
    return [
        _question(
            id="q-single", style="single", topic="comcasa",
            lead="With reference to the Communications Compatibility and Security Agreement "
                 "(COMCASA), for how many years is it valid?",
            options=("5 years", "10 years", "15 years", "20 years"), answer=1,
            explanation="COMCASA came into force at once and is valid for 10 years.",
            sources=(HINDU,)),
        _question(
            id="q-statements", style="statements",
            lead="With reference to the first India–US 2+2 ministerial dialogue, consider the "
                 "following statements:",
            items=(Item("1", ("It was held in New Delhi in September 2018.",)),
                   Item("2", ("The Industrial Security Annex was signed at it.",)),
                   Item("3", ("COMCASA was signed at it.",))),
            ask="Which of the statements given above are correct?",
            options=("1 and 2 only", "2 and 3 only", "1 and 3 only", "1, 2 and 3"), answer=2,
            explanation="The ISA was only announced in 2018 and signed at the second 2+2 in "
                        "December 2019; statements 1 and 3 are correct."),
        _question(
            id="q-how-many", style="how-many", topic="foundational-agreements",
            lead="Consider the following agreements between India and the USA:",
            items=(Item("1", ("GSOMIA was signed in 2002.",)),
                   Item("2", ("LEMOA was signed in 2016.",)),
                   Item("3", ("BECA was signed in 2019.",))),
            ask="How many of the statements given above are correct?",
            options=("Only one", "Only two", "All three", "None"), answer=1,
            explanation="BECA was signed on 27 October 2020 at the third 2+2, not in 2019."),
        _question(
            id="q-pairs", style="pairs", topic="foundational-agreements",
            lead="Consider the following pairs:",
            item_header=("Agreement", "Year signed"),
            items=(Item("1", ("LEMOA", "2016")), Item("2", ("COMCASA", "2018")),
                   Item("3", ("BECA", "2019"))),
            ask="How many of the pairs given above are correctly matched?",
            options=("Only one pair", "Only two pairs", "All three pairs", "None of the pairs"),
            answer=1,
            explanation="LEMOA 2016 and COMCASA 2018 are right; BECA was signed in 2020."),
        _question(
            id="q-assertion", style="assertion-reason", topic="comcasa",
            lead="Consider the following statements:",
            items=(Item("Statement-I", ("India can now receive encrypted US communication "
                                        "equipment on platforms such as the P-8I.",)),
                   Item("Statement-II", ("COMCASA is an India-specific version of CISMOA.",))),
            ask="Which one of the following is correct in respect of the above statements?",
            options=(
                "Both Statement-I and Statement-II are correct and Statement-II is the correct "
                "explanation for Statement-I",
                "Both Statement-I and Statement-II are correct and Statement-II is not the "
                "correct explanation for Statement-I",
                "Statement-I is correct but Statement-II is incorrect",
                "Statement-I is incorrect but Statement-II is correct"),
            answer=1,
            explanation="Both are true, but what enables the equipment is COMCASA itself, not its "
                        "being modelled on CISMOA.",
            sources=(HINDU, JOINT)),
    ]


def chronology_sample() -> Question:
    """Kept out of sample_questions(), whose five questions other files count on."""
    return _question(
        id="q-chronology", style="chronology", topic="timeline",
        lead="Consider the following events:",
        items=(Item("1", ("India and the USA signed COMCASA",), "event"),
               Item("2", ("India and the USA signed LEMOA",), "event"),
               Item("3", ("India and the USA signed BECA",), "event")),
        ask="Which one of the following is the correct chronological order of the above events, "
            "starting from the earliest time?",
        options=("1-2-3", "1-3-2", "2-1-3", "3-1-2"), answer=2,
        explanation="LEMOA (29 August 2016); COMCASA (6 September 2018); BECA (27 October 2020).")


def test_samples_cover_every_style_and_round_trip():
    questions = sample_questions() + [chronology_sample()]
    assert {q.style for q in questions} == set(STYLES)
    for q in questions:
        assert Question.from_dict(q.to_dict()) == q


def test_pairs_are_laid_out_as_a_table_under_their_headings():
    pairs = next(q for q in sample_questions() if q.style == "pairs")
    lines = [line.text for line in stem_lines(pairs)]
    assert lines[0] == "Consider the following pairs:"
    header, first = lines[1], lines[2]
    assert header.index("Agreement") == first.index("LEMOA")
    assert header.index("Year signed") == first.index("2016")
    assert lines[-1].startswith("How many of the pairs")


def test_events_are_numbered_like_statements():
    lines = [line for line in stem_lines(chronology_sample()) if line.kind == "item"]
    assert [line.text for line in lines][0] == "  1. India and the USA signed COMCASA"
    assert lines[0].hang == len("  1. ")


def test_statements_hang_under_their_text():
    statements = next(q for q in sample_questions() if q.style == "assertion-reason")
    item = [line for line in stem_lines(statements) if line.kind == "item"][0]
    assert item.text.startswith("  Statement-I: India can")
    assert item.text[item.hang:].startswith("India can")


def test_pairs_columns_align_on_display_width_even_with_a_long_left_side():
    from dataclasses import replace

    from quizgen.model import Item
    from quizgen.quiz.stem import display_width, stem_rows

    pairs = next(q for q in sample_questions() if q.style == "pairs")
    long_left = "Logistics Exchange Memorandum of Agreement between the two armed forces"
    items = (Item(pairs.items[0].label, (long_left, "2016")),
             Item(pairs.items[1].label, ("漢字の協定", "2018")),  # wide characters
             *pairs.items[2:])
    question = replace(pairs, items=items)
    for width in (60, 80, 160):
        rows = [row.text for row in stem_rows(question, width)]
        assert max(display_width(text) for text in rows) <= width
        years = [text for text in rows if text.rstrip().endswith(("2016", "2018", "2019"))]
        assert len(years) == 3
        # the right column starts at one display column on every row
        starts = {display_width(text[:text.rindex(" ") + 1]) for text in years}
        assert len(starts) == 1
        table = [text for text in rows if text.startswith("   ") or text.startswith("      ")]
        assert any(long_left.split()[0] in text for text in table)

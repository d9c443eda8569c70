"""Languages: bilingual texts and the engine's own words in English and Hindi.

A bank or template text may be written `{en: ..., hi: ...}`; it loads as a `Text`, a `str`
that *is* its English and carries its Hindi in `.hi`, so every comparison, hash and key the
engine computes is the English one and a question keeps one key whatever it prints in.

Hindi is worked out only inside `bilingual()` (quizgen pdf/generate/quiz --lang hi|both):
every template text is then rendered a second time with the Hindi values, Hindi month names
and the Hindi phrasebook, and the engine's fixed phrases come out as `Text` too. Outside it
nothing changes: the English output stays byte for byte what it was.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import re
from contextvars import ContextVar
from typing import Any, Iterable, Iterator

LANGUAGES = ("en", "hi", "both")

_bilingual: ContextVar[bool] = ContextVar("quizgen_bilingual", default=False)
_rendering: ContextVar[str] = ContextVar("quizgen_rendering", default="en")


class Text(str):
    """An English text with its Hindi (None: not translated; printed in English)."""

    hi: str | None
    line: int = 0  # where the bank or template writes it

    def __new__(cls, en: str, hi: str | None = None, line: int = 0) -> "Text":
        obj = super().__new__(cls, en)
        obj.hi = hi
        obj.line = line
        return obj

    def __reduce__(self):  # pickles (caches, worker processes) keep the Hindi
        return (Text, (str(self), self.hi, self.line))


def is_bilingual() -> bool:
    return _bilingual.get()


def rendering_hindi() -> bool:
    return _rendering.get() == "hi"


@contextlib.contextmanager
def bilingual(on: bool = True) -> Iterator[None]:
    """Within: texts are built in English and Hindi."""
    token = _bilingual.set(on)
    try:
        yield
    finally:
        _bilingual.reset(token)


@contextlib.contextmanager
def rendering(lang: str) -> Iterator[None]:
    """Within: filters and `shown` print in `lang` (en or hi)."""
    token = _rendering.set(lang)
    try:
        yield
    finally:
        _rendering.reset(token)


def hindi(value: Any) -> str:
    """The Hindi of a text: its `hi`, else the text itself (names and acronyms stay)."""
    if isinstance(value, Text) and value.hi is not None:
        return value.hi
    return str(value)


def has_hindi(value: Any) -> bool:
    return isinstance(value, Text) and value.hi is not None


def in_language(value: Any, lang: str) -> str:
    return hindi(value) if lang == "hi" else str(value)


def shown(value: Any) -> str:
    """A value's own text in the language being rendered (str(value) in English)."""
    if _rendering.get() == "hi":
        if isinstance(value, dt.date):
            return hindi_date(value)
        return hindi(value)
    return str(value)


# ---------------------------------------------------------------- dates and numbers

HINDI_MONTHS = ("जनवरी", "फ़रवरी", "मार्च", "अप्रैल", "मई", "जून", "जुलाई", "अगस्त", "सितंबर",
                "अक्तूबर", "नवंबर", "दिसंबर")


def hindi_date(value: dt.date) -> str:
    """6 सितंबर 2018: day, month, year as the Hindi paper writes them (Western digits)."""
    return f"{value.day} {HINDI_MONTHS[value.month - 1]} {value.year}"


def hindi_month_year(value: dt.date) -> str:
    return f"{HINDI_MONTHS[value.month - 1]} {value.year}"


HINDI_NUMBER_WORDS = {0: "शून्य", 1: "एक", 2: "दो", 3: "तीन", 4: "चार"}
_RUPEE_UNITS = (("lakh crore", "लाख करोड़"), ("crore", "करोड़"), ("lakh", "लाख"),
                ("billion", "बिलियन"), ("million", "मिलियन"))


def hindi_amount(text: str) -> str:
    """"₹ 950 crore" -> "₹ 950 करोड़": the amount words of an engine-printed sum."""
    for en, hi in _RUPEE_UNITS:
        text = re.sub(rf"(?<=\d) {en}\b", f" {hi}", text)
    return text


# ---------------------------------------------------------------- the phrasebook

# Every fixed phrase the engine prints, in English and in the Hindi of the UPSC Hindi paper.
PHRASES: dict[str, tuple[str, str]] = {
    "consider_statements": ("Consider the following statements:", "निम्नलिखित कथनों पर विचार कीजिए:"),
    "consider_pairs": ("Consider the following pairs:", "निम्नलिखित युग्मों पर विचार कीजिए:"),
    "statement_ask": ("Which of the statements given above is/are correct?",
                      "उपर्युक्त कथनों में से कौन-सा/से सही है/हैं?"),
    "how_many_ask": ("How many of the statements given above are correct?",
                     "उपर्युक्त कथनों में से कितने सही हैं?"),
    "pairs_ask": ("How many of the pairs given above are correctly matched?",
                  "उपर्युक्त युग्मों में से कितने सही सुमेलित हैं?"),
    "ar_ask": ("Which one of the following is correct in respect of the above statements?",
               "उपर्युक्त कथनों के संदर्भ में, निम्नलिखित में से कौन-सा एक सही है?"),
    "ar_a": ("Both Statement-I and Statement-II are correct and Statement-II is the correct "
             "explanation for Statement-I",
             "कथन-I और कथन-II दोनों सही हैं और कथन-II, कथन-I की सही व्याख्या है"),
    "ar_b": ("Both Statement-I and Statement-II are correct and Statement-II is not the correct "
             "explanation for Statement-I",
             "कथन-I और कथन-II दोनों सही हैं और कथन-II, कथन-I की सही व्याख्या नहीं है"),
    "ar_c": ("Statement-I is correct but Statement-II is incorrect",
             "कथन-I सही है, किंतु कथन-II गलत है"),
    "ar_d": ("Statement-I is incorrect but Statement-II is correct",
             "कथन-I गलत है, किंतु कथन-II सही है"),
    "Statement-I": ("Statement-I", "कथन-I"),
    "Statement-II": ("Statement-II", "कथन-II"),
    # statement codes
    "only": ("{n} only", "केवल {n}"),
    "both": ("Both {a} and {b}", "{a} और {b} दोनों"),
    "neither": ("Neither {a} nor {b}", "न तो {a}, न ही {b}"),
    "list_and": ("{rest} and {last}", "{rest} और {last}"),
    "list_and_only": ("{rest} and {last} only", "केवल {rest} और {last}"),
    # how many
    "only_one": ("Only one", "केवल एक"),
    "only_two": ("Only two", "केवल दो"),
    "only_three": ("Only three", "केवल तीन"),
    "all_three": ("All three", "तीनों"),
    "all_four": ("All four", "चारों"),
    "none": ("None", "कोई भी नहीं"),
    "only_one_pair": ("Only one pair", "केवल एक युग्म"),
    "only_two_pairs": ("Only two pairs", "केवल दो युग्म"),
    "only_three_pairs": ("Only three pairs", "केवल तीन युग्म"),
    "all_three_pairs": ("All three pairs", "तीनों युग्म"),
    "all_four_pairs": ("All four pairs", "चारों युग्म"),
    "none_pairs": ("None of the pairs", "कोई भी युग्म नहीं"),
    # explanations
    "statement_correct": ("Statement {i} is correct: {why}", "कथन {i} सही है: {why}"),
    "statement_incorrect": ("Statement {i} is incorrect: {why}", "कथन {i} गलत है: {why}"),
    "so_answer": ("{notes} So the answer is {code}.", "{notes} अतः उत्तर {code} है।"),
    "answer_is": ("The answer is {answer}.", "उत्तर {answer} है।"),
    "all_correct": ("{notes} So all {n} statements are correct.", "{notes} अतः सभी {n} कथन सही हैं।"),
    "none_correct": ("{notes} So none of the statements is correct.", "{notes} अतः कोई भी कथन सही नहीं है।"),
    "only_k_is": ("{notes} So only {k} of the statements is correct.", "{notes} अतः केवल {k} कथन सही है।"),
    "only_k_are": ("{notes} So only {k} of the statements are correct.", "{notes} अतः केवल {k} कथन सही हैं।"),
    "pair_right": ("Pair {i} is correctly matched.", "युग्म {i} सही सुमेलित है।"),
    "pair_wrong": ("Pair {i} is incorrectly matched: {left} — {right}.",
                   "युग्म {i} सही सुमेलित नहीं है: {left} — {right}।"),
    "pairs_k_is": ("{notes} So {k} is correctly matched.", "{notes} अतः {k} सही सुमेलित है।"),
    "pairs_k_are": ("{notes} So {k} are correctly matched.", "{notes} अतः {k} सही सुमेलित हैं।"),
    "pairs_none": ("{notes} So none of the pairs is correctly matched.",
                   "{notes} अतः कोई भी युग्म सही सुमेलित नहीं है।"),
    "ar_verdict_a": ("Both statements are correct, and Statement-II explains Statement-I: {why}",
                     "दोनों कथन सही हैं, और कथन-II, कथन-I की व्याख्या करता है: {why}"),
    "ar_verdict_b": ("Both statements are correct, but Statement-II ({why}) does not explain Statement-I.",
                     "दोनों कथन सही हैं, किंतु कथन-II ({why}) कथन-I की व्याख्या नहीं करता।"),
    "ar_verdict_c": ("Statement-I is correct. Statement-II is incorrect: {why}",
                     "कथन-I सही है। कथन-II गलत है: {why}"),
    "ar_verdict_d": ("Statement-I is incorrect: {why} Statement-II is correct.",
                     "कथन-I गलत है: {why} कथन-II सही है।"),
    "in_order": ("In order: {lines}. So the answer is {code}.", "सही क्रम: {lines}। अतः उत्तर {code} है।"),
    "conflict_note": ("Note: some sources give {said}; the correct value is {value}",
                      "टिप्पणी: कुछ स्रोत {said} बताते हैं; सही मान {value} है"),
    "source": ("{reason} Source: {titles}.", "{reason} स्रोत: {titles}."),
    "chronology_lead": ("Consider the following events:", "निम्नलिखित घटनाओं पर विचार कीजिए:"),
    "chronology_ask": ("Which one of the following is the correct chronological order of the above events, "
                       "starting from the earliest time?",
                       "उपर्युक्त घटनाओं का, सबसे पहले से आरंभ करते हुए, सही कालानुक्रम निम्नलिखित में से कौन-सा है?"),
}


def phrase(key: str, **parts: Any) -> str:
    """A fixed phrase with its parts filled in: a `Text` with Hindi inside bilingual()."""
    en, hi = PHRASES[key]
    text = en.format(**{k: str(v) for k, v in parts.items()}) if parts else en
    if not _bilingual.get():
        return text
    hi_text = hi.format(**{k: hindi(v) for k, v in parts.items()}) if parts else hi
    return Text(text, hindi_stop(hi_text))


def hindi_stop(text: str) -> str:
    """The Hindi full stop (पूर्ण विराम) after Devanagari, not after an abbreviation in Latin."""
    return re.sub(r"(?<=[\u0900-\u097F\)]) ?\.(?=\s|$)", "।", text)


def join(separator: str, parts: Iterable[Any], hindi_separator: str | None = None) -> str:
    """separator.join(parts), keeping the parts' Hindi inside bilingual()."""
    parts = list(parts)
    text = separator.join(str(p) for p in parts)
    if not _bilingual.get():
        return text
    hi_sep = separator if hindi_separator is None else hindi_separator
    return Text(text, hi_sep.join(hindi(p) for p in parts))


def lower_en(value: Any, transform) -> str:
    """An English-only string transform (lower(), replace()) that keeps the Hindi as it is."""
    text = transform(str(value))
    if isinstance(value, Text) and _bilingual.get():
        return Text(text, value.hi)
    return text


def strip(value: Any) -> str:
    """value.strip(), keeping the Hindi."""
    if isinstance(value, Text):
        return Text(str(value).strip(), value.hi.strip() if value.hi is not None else None, value.line)
    return value.strip()


def rstrip_stop(value: Any) -> str:
    """A sentence without its closing full stop (English "." or Hindi "।"), keeping the Hindi."""
    text = str(value).rstrip(".")
    if isinstance(value, Text) and _bilingual.get():
        return Text(text, value.hi.rstrip(".।") if value.hi is not None else None)
    return text


def squash(value: Any) -> str:
    """Runs of white space as one space, keeping the Hindi."""
    text = " ".join(str(value).split())
    if isinstance(value, Text):
        return Text(text, " ".join(value.hi.split()) if value.hi is not None else None)
    return text


def needs_hindi(text: str) -> bool:
    """Whether a plain English text would read as English in the Hindi paper: it has a word
    of lower-case Latin letters. Acronyms, codes and numbers (COMCASA, P-8I, 2018) do not."""
    return bool(re.search(r"\b(?=[A-Za-z]{2,}\b)[A-Za-z]*[a-z][A-Za-z]*\b", text))

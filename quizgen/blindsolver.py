"""A fact-blind solver: answers questions from their form alone, as a test-wise aspirant would.

It never looks at the facts. Each strategy reads one surface cue (the longest option, the middle
of numeric options, the statement code sharing most numbers with the others, the letter a style
uses most, ...); per style, the solver uses the strategy that worked best on other seeds and is
scored on questions it has not learned from. A style it answers well above chance gives itself
away whatever the facts are.
"""

from __future__ import annotations

import math
import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from typing import Callable, Iterable, Sequence

from quizgen.distractors import normalise
from quizgen.model import Question

CHANCE = 0.25
MARGIN = 0.10  # a style is reported when the solver beats chance by more than this
MIN_QUESTIONS = 30  # fewer distinct questions of a style say nothing either way
SIGNIFICANCE = 0.01  # one-sided binomial test against chance
LENGTH_RATIO = 1.5  # an option is "by far" the longest (shortest) by this factor...
LENGTH_GAP = 6  # ...and by at least this many characters beyond every other

_NUMBER = re.compile(r"-?\d[\d,]*(?:\.\d+)?")
_MONTHS = ("january", "february", "march", "april", "may", "june", "july", "august", "september",
           "october", "november", "december")
_DATE = re.compile(r"^(\d{1,2}) (" + "|".join(_MONTHS) + r") (\d{4})$", re.IGNORECASE)
_ORDER = re.compile(r"^\d+(?:\s*-\s*\d+)+$")
_WORD = re.compile(r"[^\W_]+", re.UNICODE)


# ---------------------------------------------------------------- reading options


def odd_length(options: Sequence[str], index: int) -> str | None:
    """"longest" or "shortest" when option `index` is by far the longest or shortest of the
    options (the giveaway the item linter reports and text distractors are chosen to avoid)."""
    lengths = [len(o) for o in options]
    others = [n for i, n in enumerate(lengths) if i != index]
    if not others:
        return None
    mine = lengths[index]
    if mine >= LENGTH_RATIO * max(others) and mine - max(others) >= LENGTH_GAP:
        return "longest"
    if mine * LENGTH_RATIO <= min(others) and min(others) - mine >= LENGTH_GAP:
        return "shortest"
    return None


def numeric_value(option: str) -> float | None:
    """The option as one number (a year, an amount, a date as a day count), else None."""
    text = option.strip()
    match = _DATE.match(text)
    if match:
        day, month, year = int(match[1]), _MONTHS.index(match[2].lower()) + 1, int(match[3])
        return year * 372 + month * 31 + day  # order-preserving, no calendar needed
    numbers = _NUMBER.findall(text)
    if len(numbers) != 1:
        return None
    try:
        return float(numbers[0].replace(",", ""))
    except ValueError:
        return None


def statement_set(option: str) -> frozenset[int] | None:
    """The statement numbers a code option says are correct ("1 and 3 only" -> {1, 3})."""
    text = option.strip()
    match = re.fullmatch(r"(Both |Neither )?[1-9](?:, [1-9])*( (?:and|nor) [1-9])?( only)?", text)
    if not match or not any(match.groups()):  # a bare "5" is a count, not a code
        return None
    if text.startswith("Neither"):
        return frozenset()
    return frozenset(int(n) for n in re.findall(r"\d+", text))


def order_code(option: str) -> tuple[int, ...] | None:
    """A chronology code ("2-1-4-3") as a tuple, else None."""
    text = option.strip()
    return tuple(int(n) for n in re.findall(r"\d+", text)) if _ORDER.match(text) else None


def _kendall(a: tuple[int, ...], b: tuple[int, ...]) -> int:
    position = {item: i for i, item in enumerate(b)}
    ranks = [position.get(item, -1) for item in a]
    return sum(1 for i in range(len(ranks)) for j in range(i + 1, len(ranks)) if ranks[i] > ranks[j])


def _case_shape(option: str) -> str:
    words = [w for w in _WORD.findall(option) if w[0].isalpha()]
    if not words:
        return "no words"
    letters = "".join(ch for ch in option if ch.isalpha())  # "P-8I" is in capitals too
    if len(letters) >= 2 and letters.isupper():
        return "all capitals"
    if words[0][0].islower():
        return "lower case start"
    if len(words) > 1 and all(w[0].isupper() for w in words if len(w) > 3):
        return "title case"
    return "sentence case"


FORM_FEATURES: dict[str, Callable[[str], object]] = {
    "digits": lambda o: any(ch.isdigit() for ch in o),
    "number shape": lambda o: _NUMBER.sub("#", normalise(o)) if any(ch.isdigit() for ch in o) else None,
    "capitalisation": _case_shape,
    "brackets": lambda o: "(" in o,
    "leading 'the'": lambda o: o.strip().lower().startswith("the "),
    "one word": lambda o: len(o.split()) == 1,
}


def odd_features(options: Sequence[str]) -> dict[int, list[str]]:
    """Per option: the form features in which it alone differs from the other three, which agree."""
    odd: dict[int, list[str]] = defaultdict(list)
    for name, feature in FORM_FEATURES.items():
        values = [feature(o) for o in options]
        if None in values:  # the feature does not apply to every option
            continue
        for i, value in enumerate(values):
            others = [v for j, v in enumerate(values) if j != i]
            if len(set(map(repr, others))) == 1 and repr(value) != repr(others[0]):
                odd[i].append(name)
                break  # with four options only one can be the odd one out
    return dict(odd)


def free_options(question: Question) -> bool:
    """Options written for this question (not a conventional code or verdict set)."""
    options = question.options
    if any(statement_set(o) is not None or order_code(o) is not None for o in options):
        return False
    return not question.items


# ---------------------------------------------------------------- strategies


def _unique_best(scores: Sequence[float | None], highest: bool = True) -> int | None:
    valid = [(s, i) for i, s in enumerate(scores) if s is not None]
    if len(valid) != len(scores) or not valid:
        return None
    best = max(valid)[0] if highest else min(valid)[0]
    winners = [i for s, i in valid if s == best]
    return winners[0] if len(winners) == 1 else None


def longest(q: Question) -> int | None:
    return _unique_best([len(o) for o in q.options]) if free_options(q) else None


def shortest(q: Question) -> int | None:
    return _unique_best([len(o) for o in q.options], highest=False) if free_options(q) else None


def _numbers(q: Question) -> list[float] | None:
    values = [numeric_value(o) for o in q.options]
    return None if any(v is None for v in values) or not free_options(q) else values  # type: ignore[return-value]


def numeric_middle(q: Question) -> int | None:
    values = _numbers(q)
    if values is None:
        return None
    mean = sum(values) / len(values)
    return _unique_best([abs(v - mean) for v in values], highest=False)


def numeric_lowest(q: Question) -> int | None:
    values = _numbers(q)
    return None if values is None else _unique_best(values, highest=False)


def numeric_highest(q: Question) -> int | None:
    values = _numbers(q)
    return None if values is None else _unique_best(values)


def code_overlap(q: Question) -> int | None:
    """The statement code sharing most statement numbers with the other codes."""
    sets = [statement_set(o) for o in q.options]
    if any(s is None for s in sets):
        return None
    return _unique_best([sum(len(s & t) for j, t in enumerate(sets) if j != i)  # type: ignore[operator]
                         for i, s in enumerate(sets)])


def closest_order(q: Question) -> int | None:
    """The order code closest (Kendall distance) to the other three."""
    orders = [order_code(o) for o in q.options]
    if any(o is None for o in orders):
        return None
    return _unique_best([sum(_kendall(a, b) for j, b in enumerate(orders) if j != i)  # type: ignore[arg-type]
                         for i, a in enumerate(orders)], highest=False)


def _tokens(text: str) -> set[str]:
    return {w for w in normalise(text).split() if len(w) > 2}


def most_alike(q: Question) -> int | None:
    """The option sharing most words with the other options (the 'convergence' cue)."""
    if not free_options(q):
        return None
    tokens = [_tokens(o) for o in q.options]

    def overlap(a: set[str], b: set[str]) -> float:
        return len(a & b) / len(a | b) if a | b else 0.0

    return _unique_best([round(sum(overlap(a, b) for j, b in enumerate(tokens) if j != i), 6)
                         for i, a in enumerate(tokens)])


def echoes_stem(q: Question) -> int | None:
    """The option sharing most words with the stem."""
    if not free_options(q):
        return None
    stem = _tokens(q.stem)
    return _unique_best([len(_tokens(o) & stem) for o in q.options])


def odd_one_out(q: Question) -> int | None:
    if not free_options(q):
        return None
    odd = odd_features(q.options)
    return next(iter(odd)) if len(odd) == 1 else None


STRATEGIES: dict[str, Callable[[Question], int | None]] = {
    "longest option": longest,
    "shortest option": shortest,
    "middle numeric option": numeric_middle,
    "lowest numeric option": numeric_lowest,
    "highest numeric option": numeric_highest,
    "code sharing most statement numbers": code_overlap,
    "order closest to the others": closest_order,
    "option most like the others": most_alike,
    "option echoing the stem": echoes_stem,
    "odd one out in form": odd_one_out,
}
PRIOR = "most frequent key letter of the style"
# For conventional option sets only (codes, "Only two", the assertion-reason verdicts): for
# options written for the question, the key's text is the fact itself, not a cue of form.
TEXT_PRIOR = "most frequent key among the style's fixed options"


# ---------------------------------------------------------------- scoring


@dataclass
class StyleScore:
    style: str
    questions: int
    correct: int
    distinct: int = 0  # distinct questions among them: the sample size for significance
    strategies: Counter = field(default_factory=Counter)  # strategy -> folds it was chosen in
    right_by_template: Counter = field(default_factory=Counter)
    seen_by_template: Counter = field(default_factory=Counter)

    @property
    def accuracy(self) -> float:
        return self.correct / self.questions if self.questions else 0.0

    @property
    def p_value(self) -> float:
        """One-sided binomial probability of doing at least this well by guessing, counting only
        distinct questions (papers of different seeds repeat questions)."""
        n = self.distinct or self.questions
        k = round(self.accuracy * n)
        return sum(math.comb(n, i) * CHANCE ** i * (1 - CHANCE) ** (n - i) for i in range(k, n + 1))

    @property
    def leaks(self) -> bool:
        return ((self.distinct or self.questions) >= MIN_QUESTIONS and self.accuracy > CHANCE + MARGIN
                and self.p_value < SIGNIFICANCE)


@dataclass
class _Priors:
    """What a test-wise aspirant remembers of earlier papers in a style."""

    letter: int  # the key letter seen most often
    key_texts: Counter  # how often each fixed option text was the key


def _learn(questions: Iterable[Question]) -> _Priors:
    questions = list(questions)
    letters = Counter(q.answer for q in questions)
    texts = Counter(normalise(q.options[q.answer]) for q in questions if not free_options(q))
    return _Priors(max(range(4), key=lambda letter: (letters[letter], -letter)), texts)


def _answer(strategy: str, question: Question, priors: _Priors) -> int:
    if strategy == PRIOR:
        return priors.letter
    if strategy == TEXT_PRIOR:
        guess = None if free_options(question) else _unique_best(
            [priors.key_texts[normalise(o)] for o in question.options])
    else:
        guess = STRATEGIES[strategy](question)
    return priors.letter if guess is None else guess


def score_styles(folds: Sequence[Sequence[Question]], distinct: dict[str, int] | None = None) -> dict[str, StyleScore]:
    """Leave one fold out: learn each style's best strategy and key prior on the other folds,
    answer the held-out fold with it. Folds are usually seeds. `distinct`: per style, how many
    different questions the folds hold (default: count them all)."""
    if len(folds) == 1:  # one paper: learn on every other question
        folds = [folds[0][0::2], folds[0][1::2]]
    scores: dict[str, StyleScore] = {}
    for held, test in enumerate(folds):
        train = [q for i, fold in enumerate(folds) if i != held for q in fold]
        by_style_train: dict[str, list[Question]] = defaultdict(list)
        for q in train:
            by_style_train[q.style].append(q)
        by_style_test: dict[str, list[Question]] = defaultdict(list)
        for q in test:
            by_style_test[q.style].append(q)
        for style, questions in by_style_test.items():
            learned = by_style_train.get(style, [])
            priors = _learn(learned)
            best = PRIOR
            if learned:
                accuracy = {name: sum(_answer(name, q, priors) == q.answer for q in learned)
                            for name in (PRIOR, TEXT_PRIOR, *STRATEGIES)}
                best = max(accuracy, key=lambda name: accuracy[name])  # first wins ties: the prior
            score = scores.setdefault(style, StyleScore(style, 0, 0, (distinct or {}).get(style, 0)))
            score.strategies[best] += 1
            for q in questions:
                right = _answer(best, q, priors) == q.answer
                score.questions += 1
                score.correct += right
                score.seen_by_template[q.template] += 1
                score.right_by_template[q.template] += right
    return scores

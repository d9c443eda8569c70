"""What is kept up to date as an attempt ends: the FSRS cards (quizgen/srs.py) and the
statistics' tallies (quizgen/stats/tally.py), so `review` and `stats` start at once.

Both are caches of the answers: when keeping them up needs more than folding in the attempt
just ended (a graded sheet dated before the cards' high-water mark, an old file), nothing is
done here and the next `review` or `stats` does the full work once.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from quizgen.history import HistoryDB


def attempt_ended(db: "HistoryDB") -> None:
    """Fold the attempts just ended into the kept cards and tallies, when that is cheap."""
    from quizgen import srs
    from quizgen.errors import HistoryError
    from quizgen.stats.tally import keep_tallies

    srs.keep_cards(db)
    try:
        keep_tallies(db)
    except HistoryError:
        pass  # answers it cannot read: the next `stats` says so

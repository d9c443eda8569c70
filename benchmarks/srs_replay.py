"""How long deriving the FSRS cards by replaying the attempt history takes.

A year of 100 questions a day (36,500 answers over 400 facts, 40 templates), written to a real
SQLite file through quizgen.history, then read and replayed by quizgen.srs.load_cards.
Run: python benchmarks/srs_replay.py
"""
import random, tempfile, time
from datetime import datetime, timedelta, timezone
from pathlib import Path

from quizgen import srs
from quizgen.history import open_history
from quizgen.model import Question, SourceRef

DAYS, PER_DAY, FACTS, TEMPLATES = 365, 100, 400, 40

def question(rng, n):
    facts = tuple(f"f{rng.randrange(FACTS)}" for _ in range(rng.choice((1, 1, 2, 3))))
    return Question(id=f"q{n}", style="single", lead="?", items=(), ask="",
                    options=("a", "b", "c", "d"), answer=0, explanation="",
                    sources=(SourceRef("s", "t", "q"),), topic="t",
                    template=f"t{rng.randrange(TEMPLATES)}", facts=facts, bank="b")

def main():
    rng = random.Random(1)
    path = Path(tempfile.mkdtemp()) / "h.sqlite3"
    start = datetime(2025, 1, 1, 9, tzinfo=timezone.utc)
    t = time.perf_counter()
    with open_history(path) as db:
        db.conn.execute("PRAGMA synchronous = OFF")
        for day in range(DAYS):
            at = start + timedelta(days=day)
            qs = [question(rng, day * PER_DAY + i) for i in range(PER_DAY)]
            attempt = db.create_attempt(qs, started_at=at)
            db.conn.execute("BEGIN")
            for pos, q in enumerate(qs):
                outcome = rng.choice(("correct", "correct", "wrong", "timeout"))
                db.conn.execute(
                    "INSERT INTO answers (attempt_id, position, question_id, chosen, outcome, correct,"
                    " seconds, confidence, answered_at, topic, style, template, facts)"
                    " VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)",
                    (attempt, pos, q.id, 0, outcome, int(outcome == "correct"), 30,
                     rng.choice(("sure", "guess", None)), (at + timedelta(seconds=30 * pos)).isoformat(),
                     q.topic, q.style, q.template, '["' + '","'.join(q.facts) + '"]'))
            db.conn.execute("COMMIT")
            db.conn.execute("UPDATE attempts SET finished_at = ? WHERE id = ?",
                            ((at + timedelta(hours=1)).isoformat(), attempt))
    print(f"wrote {DAYS * PER_DAY} answers in {time.perf_counter() - t:.1f} s")
    with open_history(path) as db:
        t = time.perf_counter()
        reviews = srs.read_reviews(db)
        read = time.perf_counter() - t
        t = time.perf_counter()
        cards = srs.replay(reviews)
        replay = time.perf_counter() - t
    updates = sum(len(r.facts) + 1 for r in reviews)
    print(f"read {len(reviews)} answers: {read:.2f} s; replayed {updates} card updates "
          f"into {len(cards)} cards: {replay:.2f} s")
    with open_history(path) as db:
        t = time.perf_counter()
        srs.load_cards(db)
        first = time.perf_counter() - t
        t = time.perf_counter()
        kept = srs.load_cards(db)
        again = time.perf_counter() - t
    print(f"load_cards: first (folds every attempt, stores the cards) {first:.2f} s; "
          f"then from the kept cards {again:.3f} s ({len(kept)} cards)")

if __name__ == "__main__":
    main()

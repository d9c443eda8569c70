"""Rich tables for `quizgen stats` and `quizgen stats --items` (colour only on a terminal)."""

from __future__ import annotations

from typing import Sequence

from rich.console import Console, Group
from rich.table import Table
from rich.text import Text

from quizgen.marking import format_percent, format_score
from quizgen.stats.compute import GroupFigures, Stats
from quizgen.stats.items import QuestionFigures

SPARK = "▁▂▃▄▅▆▇█"
RECENT_ATTEMPTS = 15


def percent(value: float | None) -> str:
    return "–" if value is None else format_percent(value)


def seconds(value: float | None) -> str:
    return "–" if value is None else f"{value:.0f} s"


def sparkline(values: Sequence[float | None]) -> str:
    """Score percentages (0–100) as a row of bars; a gap for an attempt without a score."""
    bars = []
    for value in values:
        if value is None:
            bars.append(" ")
        else:
            level = min(len(SPARK) - 1, max(0, int(max(value, 0) / 100 * len(SPARK))))
            bars.append(SPARK[level])
    return "".join(bars)


def stats_renderables(stats: Stats, due_now: int | None = None) -> list:
    s = stats.summary
    parts: list = []
    header = Text()
    header.append("Progress", style="bold")
    header.append(f": {s.attempts} attempt{'' if s.attempts == 1 else 's'}, "
                  f"{s.questions} questions, {s.correct} right, "
                  f"{s.wrong} wrong, {s.unanswered} unanswered; accuracy {percent(s.accuracy)}")
    if s.first:
        header.append(f"  ({s.first[:10]} to {s.last[:10]})", style="dim")
    parts.append(header)
    if not s.attempts:
        parts.append(Text("No attempts yet: take a quiz with `quizgen quiz`."))
        return parts

    scores = [a.score_percent for a in stats.attempts]
    trend = Text("Score trend (% of maximum, oldest to newest): ")
    trend.append(sparkline(scores), style="cyan")
    parts.append(trend)

    parts.append(_heading("Attempts, most recent last"))
    shown = stats.attempts[-RECENT_ATTEMPTS:]
    unfinished = any(not a.finished for a in shown)
    attempts = Table(caption="* unfinished: continue with quizgen quiz --resume"
                     if unfinished else None, caption_justify="left")
    for column in ("#", "started (UTC)", "mode", "questions", "right", "wrong", "unanswered",
                   "score", "accuracy"):
        attempts.add_column(column, no_wrap=True,
                            justify="left" if column in ("started (UTC)", "mode") else "right")
    for a in shown:
        attempts.add_row(
            f"{a.number}{'' if a.finished else '*'}", a.started_at[:16].replace("T", " "),
            a.mode, str(a.questions), str(a.correct), str(a.wrong), str(a.unanswered),
            f"{format_score(a.score)} / {a.max_score:g}", percent(a.accuracy),
        )
    if len(stats.attempts) > len(shown):
        parts.append(Text(f"(the last {len(shown)} of {len(stats.attempts)}; "
                          "--format json or --pdf for all)", style="dim"))
    parts.append(attempts)
    parts.append(_heading("Topics, weakest first"))
    parts.append(_group_table("topic", stats.topics))
    parts.append(_heading("Question styles, weakest first"))
    parts.append(_group_table("style", stats.styles))

    p = stats.pace
    parts.append(_heading("Pace"))
    pace = Text()
    if p.timed_questions:
        pace.append(
            f"{seconds(p.average_seconds)} a question on average (median "
            f"{seconds(p.median_seconds)}) against the exam pace of {p.exam_pace_seconds:.0f} s; "
            f"{p.over_pace} of {p.timed_questions} took longer ({percent(p.over_pace_share)}); "
            f"{p.timeouts} ran out of time."
        )
    else:
        pace.append("no timed answers yet.")
    parts.append(pace)

    g = stats.guessing
    parts.append(_heading("Guessing (marks as in GS Paper I: +2 right, −2/3 wrong)"))
    guessing = Table(show_header=False)
    guessing.add_column("what")
    guessing.add_column("figure", justify="right")
    guessing.add_row("answers tagged guess", str(g.guesses))
    guessing.add_row("guesses right", f"{g.guesses_right} ({percent(g.guess_accuracy)})")
    guessing.add_row("marks earned by guessing", f"{g.marks_from_guesses:+.2f}")
    guessing.add_row("expected marks per guess",
                     "–" if g.expected_value_per_guess is None else f"{g.expected_value_per_guess:+.2f}")
    guessing.add_row("break-even accuracy", percent(g.break_even_accuracy))
    guessing.add_row("answers tagged sure, right", f"{g.sure_right} of {g.sure} ({percent(g.sure_accuracy)})")
    parts.append(guessing)
    parts.append(Text(g.advice))
    if due_now is not None:
        parts.append(_heading("Review"))
        parts.append(Text(
            f"{due_now} facts due now" + (" — run `quizgen review`." if due_now else ".")
        ))
    return parts


def _heading(text: str) -> Text:
    return Text("\n" + text, style="bold")


def _group_table(label: str, groups: Sequence[GroupFigures]) -> Table:
    table = Table()
    table.add_column(label)
    for column in ("questions", "right", "wrong", "unanswered", "accuracy", "avg time"):
        table.add_column(column, justify="right")
    for g in groups:
        table.add_row(g.name, str(g.questions), str(g.correct), str(g.wrong), str(g.unanswered),
                      percent(g.accuracy), seconds(g.average_seconds))
    return table


def items_renderables(questions: Sequence[QuestionFigures]) -> list:
    from quizgen.stats.items import MIN_ANSWERS_TO_FLAG, WEAK_DISTRACTOR_SHARE

    parts: list = []
    if not questions:
        return [Text("No answers in these databases yet.")]
    flagged = sum(bool(q.weak_distractors()) for q in questions)
    ids = len({q.question_id for q in questions})
    parts.append(Text(
        f"{ids} questions ({len(questions)} versions); {flagged} with distractors chosen by under "
        f"{format_percent(WEAK_DISTRACTOR_SHARE)} of answers (flagged once a question has "
        f"{MIN_ANSWERS_TO_FLAG} answers)."
    ))
    for q in questions:
        weak = {id(o) for o in q.weak_distractors()}
        parts.append(Text(f"\n{q.question_id} v{q.variant}", style="bold")
                     + Text(f"  {q.topic} · {q.style} · {q.answers} answers, {q.correct} right, "
                            f"{q.unanswered} unanswered"))
        parts.append(Text(_short(q.stem), style="dim"))
        table = Table()
        table.add_column("option")
        table.add_column("chosen", justify="right")
        table.add_column("shown", justify="right")
        table.add_column("share", justify="right")
        table.add_column("")
        for option in q.options:
            note = "key" if option.is_key else ("weak distractor" if id(option) in weak else "")
            table.add_row(Text(option.text), str(option.chosen), str(option.shown),
                          percent(option.share), note,
                          style="bold" if option.is_key else ("yellow" if note else None))
        parts.append(table)
    return parts


def _short(stem: str, limit: int = 160) -> str:
    text = " ".join(stem.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def print_renderables(parts: list, stream, is_terminal: bool) -> None:
    console = Console(file=stream, force_terminal=is_terminal, no_color=not is_terminal,
                      width=None if is_terminal else 100, highlight=False, emoji=False)
    console.print(Group(*parts))

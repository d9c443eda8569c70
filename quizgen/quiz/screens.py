"""The end screen: every mistake with the right answer, why, and the source; then the
breakdowns per topic and style; then the score.

The score block comes last so it is what the aspirant sees without scrolling. Drawn with rich:
coloured on a terminal, plain text otherwise. `render_attempt` shows a past attempt the same way
(`quizgen history --show`).
"""

from __future__ import annotations

from collections import defaultdict
from typing import TYPE_CHECKING, Iterable, TextIO

from quizgen.marking import format_percent, format_score
from quizgen.model import LETTERS
from quizgen.quiz.prompt import format_clock, format_duration

if TYPE_CHECKING:
    from rich.console import Console
    from rich.table import Table

    from quizgen.quiz.results import AttemptResult, QuestionResult

EXAM_PACE_SECONDS = 72

OUTCOME_WORDS = {
    "wrong": "wrong",
    "timeout": "time ran out",
    "skipped": "skipped",
    "unseen": "not reached",
}


def make_console(stream: TextIO, width: int | None = None) -> "Console":
    from rich.console import Console

    console = Console(file=stream, highlight=False, emoji=False, width=width, soft_wrap=False)
    if width is None and not console.is_terminal:
        console.width = 100  # a file or pipe has no width; 80 squeezes the tables
    return console


def render_end_screen(result: "AttemptResult", stream: TextIO, width: int | None = None) -> None:
    """Every question not got right, then the breakdowns, then the score block, last."""
    console = make_console(stream, width)
    mistakes = [r for r in result.results if r.outcome != "correct"]
    if mistakes:
        from rich.text import Text

        console.rule(Text(f"Review: the {len(mistakes)} question"
                          f"{'s' if len(mistakes) != 1 else ''} you did not get right",
                          style="bold"), align="left")
        console.print()
    for item in mistakes:
        render_question(console, item)
    _render_summary(console, result, mistakes)


def render_attempt(result: "AttemptResult", stream: TextIO, width: int | None = None) -> None:
    """A past attempt question by question (right ones too), the score block last."""
    console = make_console(stream, width)
    for item in result.results:
        render_question(console, item)
    _render_summary(console, result, [r for r in result.results if r.outcome != "correct"],
                    mistakes_above=False)


def render_question(console: "Console", item: "QuestionResult") -> None:
    """One question as printed, the aspirant's option (✗) and the key (✓), why, the sources."""
    from rich.table import Table
    from rich.text import Text

    q = item.question
    what = OUTCOME_WORDS.get(item.outcome, item.outcome)
    if item.outcome in ("wrong", "correct"):
        what = f"{'right' if item.outcome == 'correct' else 'wrong'}: you chose " \
               f"({LETTERS[item.chosen]})"
        if item.confidence:
            what += f", {item.confidence}"
    elif item.marked:
        what = "marked for review, not answered"
    title = f"Q{item.position + 1} · {q.topic} · {q.style} · {what}"
    colour = {"wrong": "bold red", "correct": "bold green"}.get(item.outcome, "bold yellow")
    console.rule(Text(title, style=colour), align="left", style="dim")
    # Grids give every block a hanging indent: wrapped text stays under its own column.
    for line in q.lead.splitlines():
        console.print(line)
    if q.items:
        pairs = q.layout == "table"
        items = Table.grid(padding=(0, 2 if pairs else 1))
        items.add_column(no_wrap=True, justify="right")
        items.add_column(ratio=1 if pairs else None)
        if pairs:
            items.add_column(ratio=2)
            if len(q.item_header) == 2:
                items.add_row("", *(Text(h, style="italic") for h in q.item_header))
        for entry in q.items:
            label = f"{entry.label}{entry.separator}"
            cells = entry.cells if pairs else (" ".join(entry.cells),)
            items.add_row(" " + label, *cells)
        console.print(items)
    for line in q.ask.splitlines():
        console.print(line)
    options = Table.grid(padding=(0, 1))
    options.add_column(no_wrap=True)
    options.add_column(no_wrap=True)
    options.add_column()
    for index, text in enumerate(q.options):
        mark, style = " ", ""
        if index == q.answer:
            mark, style = "✓", "bold green"
        elif index == item.chosen:
            mark, style = "✗", "red"
        options.add_row(Text(mark, style=style), Text(f"({LETTERS[index]})", style=style),
                        Text(text, style=style))
    console.print(options)
    notes = Table.grid(padding=(0, 1))
    notes.add_column(no_wrap=True, style="bold")
    notes.add_column()
    if q.explanation:
        notes.add_row("Why", q.reason or q.explanation)  # the sources follow in their own row
    for number, source in enumerate(q.sources):
        where = ", ".join(part for part in (source.outlet, source.date) if part)
        line = Text(source.title, style="bold")
        if where:
            line.append(f" ({where})")
        if source.quote:
            line.append(f" (in other words): {source.quote}" if source.paraphrase else f": “{source.quote}”",
                        style="italic")
        if source.url:
            line.append(f" {source.url}", style="cyan")
        notes.add_row("Source" if number == 0 else "", line)
    console.print(notes)
    console.print()


def _render_summary(console: "Console", result: "AttemptResult",
                    mistakes: list["QuestionResult"], mistakes_above: bool = True) -> None:
    """The breakdowns, then the score block: the last thing on screen, seen without scrolling."""
    from rich.text import Text

    for label, key in (("Topic", lambda r: r.question.topic),
                       ("Style", lambda r: r.question.style)):
        console.print(_breakdown(label, result, key, console.width))
        console.print()
    heading = f"Result · attempt {result.attempt_id}" if result.attempt_id else "Result"
    if result.mode == "review":
        heading += " (review)"
    console.rule(Text(heading, style="bold"), align="left")
    console.print(result.marking.describe())
    score = Text.assemble(
        ("Score ", "bold"),
        (f"{format_score(result.score)} / {format_score(result.max_score)}", "bold cyan"),
        "   ",
        ("Correct ", ""), (str(result.correct), "bold green"), "   ",
        ("Wrong ", ""), (str(result.wrong), "bold red"), "   ",
        ("Unanswered ", ""), (str(result.unanswered), "bold yellow"),
    )
    if mistakes and mistakes_above:
        what = ("The question you missed is" if len(mistakes) == 1
                else f"The {len(mistakes)} questions you missed are")
        console.print(Text(f"{what} above, with answers and sources (scroll up, or later: "
                           f"quizgen history --show {result.attempt_id}).", style="dim"))
    console.print(score)
    facts = []
    if result.accuracy is not None:
        facts.append(f"Accuracy {format_percent(result.accuracy)} of attempted "
                     f"({result.correct} of {result.correct + result.wrong})")
    used = result.seconds_used
    if result.time_limit_seconds:  # the last tick can overshoot the limit by a few ms
        used = min(used, result.time_limit_seconds)
    timing = f"Time {format_duration(used)}"
    if result.time_limit_seconds:
        timing += f" of {format_clock(result.time_limit_seconds)}"
    seen = [r for r in result.results if r.outcome != "unseen"]
    if seen:
        timing += (f" · {used / len(seen):.0f} s a question "
                   f"(exam pace {EXAM_PACE_SECONDS} s)")
    facts.append(timing)
    if console.width < 90:  # one fact a line rather than a line broken mid-figure
        for fact in facts:
            console.print(fact)
    else:
        console.print("   ".join(facts))
    if result.out_of_time:
        console.print(Text("The paper's time ran out; questions not reached count as unanswered.",
                           style="yellow"))
    guess_line = _guessing_line(result)
    if guess_line:
        console.print(guess_line)


LONG_COLUMNS = ("Questions", "Correct", "Wrong", "Unanswered", "Score")
SHORT_COLUMNS = ("Qs", "Right", "Wrong", "Blank", "Score")  # as in `quizgen history`


def _breakdown(label: str, result: "AttemptResult", key, width: int) -> "Table":
    """Per topic or style. Figures never wrap: on a narrow screen the headings abbreviate and a
    long topic name is cut with an ellipsis instead."""
    from rich import box
    from rich.table import Table

    narrow = width < 90
    groups: dict[str, list] = defaultdict(list)
    for item in result.results:
        groups[key(item)].append(item)

    def weakness(name: str):  # weakest first: share of the marks obtained, then name
        items = groups[name]
        correct = sum(i.outcome == "correct" for i in items)
        wrong = sum(i.outcome == "wrong" for i in items)
        return (result.marking.score(correct, wrong) / result.marking.max_score(len(items)),
                name)

    gap = "/" if narrow else " / "
    rows = []
    for name in sorted(groups, key=weakness):
        items = groups[name]
        correct = sum(i.outcome == "correct" for i in items)
        wrong = sum(i.outcome == "wrong" for i in items)
        unanswered = len(items) - correct - wrong
        score = result.marking.score(correct, wrong, unanswered)
        top = result.marking.max_score(len(items))
        rows.append((name, str(len(items)), str(correct), str(wrong), str(unanswered),
                     f"{format_score(score)}{gap}{format_score(top)}"))
    headings = SHORT_COLUMNS if narrow else LONG_COLUMNS
    figure_widths = [max(len(heading), *(len(row[n + 1]) for row in rows))
                     for n, heading in enumerate(headings)]
    table = Table(box=box.SIMPLE_HEAD, pad_edge=False, show_edge=False, collapse_padding=True)
    title = f"{label}, weakest first" if len(groups) > 1 and not narrow else label
    gaps = 2 * len(headings)  # each column gap: a separator and one space of padding
    table.add_column(title, overflow="ellipsis", no_wrap=True,
                     max_width=max(8, width - sum(figure_widths) - gaps))
    for heading, figures in zip(headings, figure_widths):
        table.add_column(heading, justify="right", no_wrap=True, min_width=figures)
    for row in rows:
        table.add_row(*row)
    return table


def _guessing_line(result: "AttemptResult") -> str:
    tagged: Iterable = [r for r in result.results if r.answered and r.confidence]
    if not tagged:
        return ""
    parts = []
    for tag in ("sure", "guess"):
        items = [r for r in tagged if r.confidence == tag]
        if not items:
            continue
        right = sum(r.outcome == "correct" for r in items)
        wrong = len(items) - right
        net = result.marking.score(right, wrong)
        one, many = ("sure answer", "sure answers") if tag == "sure" else ("guess", "guesses")
        word = one if len(items) == 1 else many
        parts.append(f"{len(items)} {word}: {right} right, net {format_score(net)}")
    return "Confidence: " + " · ".join(parts)

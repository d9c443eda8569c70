"""The progress report PDF: score trend and per-topic/per-style charts (reportlab graphics).

Byte-identical for the same figures: reportlab's invariant mode fixes the creation date and
document id.
"""

from __future__ import annotations

import io
import math
from pathlib import Path
from typing import Sequence
from xml.sax.saxutils import escape

from reportlab.graphics.charts.barcharts import HorizontalBarChart
from reportlab.graphics.charts.legends import Legend
from reportlab.graphics.charts.lineplots import LinePlot
from reportlab.graphics.shapes import Drawing, String
from reportlab.graphics.widgets.markers import makeMarker
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle, getSampleStyleSheet
from reportlab.lib.units import mm
from reportlab.platypus import PageBreak, Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from quizgen.marking import format_percent
from quizgen.outputfile import write_files
from quizgen.pdf.fonts import BOLD, REGULAR, register_fonts
from quizgen.stats.compute import GroupFigures, Stats

WIDTH = A4[0] - 36 * mm  # frame width with 18 mm margins
SCORE_COLOUR = colors.HexColor("#1f5f99")
ACCURACY_COLOUR = colors.HexColor("#e07b00")
BAR_COLOUR = colors.HexColor("#4a8f5a")
WEAK_BAR_COLOUR = colors.HexColor("#c0392b")
MAX_BARS = 40  # every topic of the bundled banks; more would not fit a page


def _pct(value: float | None) -> str:
    return "–" if value is None else format_percent(value)


def trend_chart(stats: Stats) -> Drawing:
    """Score (% of maximum) and accuracy per attempt, oldest to newest."""
    height = 70 * mm
    drawing = Drawing(WIDTH, height)
    drawing.add(String(0, height - 12, "Score trend", fontName=BOLD, fontSize=11))
    attempts = [a for a in stats.attempts if a.score_percent is not None]
    score = [(a.number, a.score_percent) for a in attempts]  # negative marks go below 0 %
    accuracy = [(a.number, 100 * a.accuracy) for a in attempts if a.accuracy is not None]
    plot = LinePlot()
    plot.x, plot.y = 32, 30
    plot.width, plot.height = WIDTH - 150, height - 62
    plot.data = [score or [(1, 0)], accuracy or [(1, 0)]]
    for index, colour in enumerate((SCORE_COLOUR, ACCURACY_COLOUR)):
        plot.lines[index].strokeColor = colour
        plot.lines[index].strokeWidth = 1.6
        plot.lines[index].symbol = makeMarker("FilledCircle", size=4, fillColor=colour,
                                              strokeColor=colour)
    last = max([a.number for a in stats.attempts] + [2])
    first = min([a.number for a in stats.attempts] + [1])
    low = min([0.0] + [p for _, p in score])
    low = -25 * math.ceil(-low / 25)  # whole steps of 25 % below zero when a score was negative
    _value_axis(plot.yValueAxis, low, 100, list(range(int(low), 101, 25)), "%d%%", grid=True)
    _add_attempt_plot(drawing, plot, first, last, [(SCORE_COLOUR, "score, % of max"),
                                                   (ACCURACY_COLOUR, "accuracy")])
    return drawing


def _value_axis(axis, low: float, high: float, steps: list, label_format: str, grid: bool = False) -> None:
    axis.valueMin, axis.valueMax = low, high
    axis.valueSteps = steps
    axis.labelTextFormat = label_format
    axis.labels.fontSize = 8
    axis.labels.fontName = REGULAR
    if grid:
        axis.visibleGrid = True
        axis.gridStrokeColor = colors.HexColor("#dddddd")


def _add_attempt_plot(drawing: Drawing, plot: LinePlot, first: int, last: int, legend_pairs: list) -> None:
    """Add a per-attempt line plot: attempt numbers along x, its axis title and a legend."""
    _value_axis(plot.xValueAxis, first, last, list(range(first, last + 1, max(1, round((last - first) / 10)))), "%d")
    drawing.add(plot)
    drawing.add(String(plot.x + plot.width / 2, 4, "attempt", fontName=REGULAR, fontSize=8, textAnchor="middle"))
    legend = Legend()
    legend.x, legend.y = plot.x + plot.width + 16, plot.y + plot.height - 4
    legend.fontSize = 8
    legend.fontName = REGULAR
    legend.alignment = "right"
    legend.colorNamePairs = legend_pairs
    drawing.add(legend)


def accuracy_bars(title: str, groups: Sequence[GroupFigures]) -> Drawing:
    """Accuracy per group, weakest at the top; groups under 50 % in red. Each label carries
    the number of questions in brackets."""
    answered = [g for g in groups if g.accuracy is not None]
    shown = answered[:MAX_BARS]
    if len(shown) < len(answered):  # say so rather than leave groups out silently
        title = f"{title}: the weakest {len(shown)} of {len(answered)}"
    bar_space = 15 if len(shown) <= 20 else 11
    height = 40 + bar_space * max(1, len(shown))
    drawing = Drawing(WIDTH, height)
    drawing.add(String(0, height - 12, title, fontName=BOLD, fontSize=11))
    if not shown:
        drawing.add(String(0, height - 30, "no answers yet", fontName=REGULAR, fontSize=9))
        return drawing
    chart = HorizontalBarChart()
    label_width = 150
    chart.x, chart.y = label_width, 18
    chart.width, chart.height = WIDTH - label_width - 60, bar_space * len(shown)
    # The chart draws the first category at the bottom; reverse so the weakest is on top.
    ordered = list(reversed(shown))
    chart.data = [[100 * g.accuracy for g in ordered]]
    chart.categoryAxis.categoryNames = [f"{g.name} ({g.questions})" for g in ordered]
    chart.categoryAxis.labels.fontSize = 8
    chart.categoryAxis.labels.fontName = REGULAR
    chart.categoryAxis.labels.boxAnchor = "e"
    chart.categoryAxis.labels.dx = -4
    _value_axis(chart.valueAxis, 0, 100, [0, 25, 50, 75, 100], "%d%%", grid=True)
    chart.bars[0].fillColor = BAR_COLOUR
    chart.bars.strokeColor = None
    for index, group in enumerate(ordered):
        if group.accuracy < 0.5:
            chart.bars[(0, index)].fillColor = WEAK_BAR_COLOUR
    chart.barLabelFormat = "%.0f%%"
    chart.barLabels.fontSize = 7
    chart.barLabels.fontName = REGULAR
    chart.barLabels.boxAnchor = "w"
    chart.barLabels.dx = 3
    drawing.add(chart)
    return drawing


def pace_chart(stats: Stats) -> Drawing:
    """Average seconds a question per attempt, against the exam pace (dashed)."""
    height = 55 * mm
    drawing = Drawing(WIDTH, height)
    drawing.add(String(0, height - 12, "Time per question", fontName=BOLD,
                       fontSize=11))
    points = [(a.number, a.average_seconds) for a in stats.attempts
              if a.average_seconds is not None]
    pace = stats.pace.exam_pace_seconds
    top = max([p for _, p in points] + [pace]) * 1.15
    step = 30 if top > 120 else 15
    top = step * (int(top // step) + 1)
    plot = LinePlot()
    plot.x, plot.y = 32, 30
    plot.width, plot.height = WIDTH - 150, height - 62
    last = max([a.number for a in stats.attempts] + [2])
    first = min([a.number for a in stats.attempts] + [1])
    plot.data = [points or [(first, 0)], [(first, pace), (last, pace)]]
    plot.lines[0].strokeColor = SCORE_COLOUR
    plot.lines[0].strokeWidth = 1.6
    plot.lines[0].symbol = makeMarker("FilledCircle", size=4, fillColor=SCORE_COLOUR,
                                      strokeColor=SCORE_COLOUR)
    plot.lines[1].strokeColor = WEAK_BAR_COLOUR
    plot.lines[1].strokeDashArray = (4, 3)
    plot.lines[1].strokeWidth = 1
    _value_axis(plot.yValueAxis, 0, top, list(range(0, int(top) + 1, step)), "%d s", grid=True)
    _add_attempt_plot(drawing, plot, first, last, [(SCORE_COLOUR, "average seconds"),
                                                   (WEAK_BAR_COLOUR, f"exam pace, {pace:.0f} s")])
    return drawing


def _table(rows: list[list[str]]) -> Table:
    table = Table(rows, hAlign="LEFT")
    table.setStyle(TableStyle([
        ("FONT", (0, 0), (-1, -1), REGULAR, 9),
        ("ALIGN", (1, 0), (-1, -1), "RIGHT"),
        ("LINEBELOW", (0, 0), (-1, -1), 0.25, colors.HexColor("#cccccc")),
    ]))
    return table


def write_report(stats: Stats, path: str | Path, title: str = "quizgen progress report",
                 stdout=None, force: bool = False) -> None:
    """Write the report: page 1 trend and topics, page 2 styles, pace and guessing.

    `path` "-" writes to `stdout` (a binary stream; default the process's standard output)."""
    register_fonts()
    styles = getSampleStyleSheet()
    body = ParagraphStyle("body", parent=styles["Normal"], fontName=REGULAR, fontSize=10,
                          leading=13)
    heading = ParagraphStyle("heading", parent=styles["Title"], fontName=BOLD)
    section = ParagraphStyle("section", parent=styles["Normal"], fontName=BOLD,
                             fontSize=11, leading=14, spaceBefore=4, spaceAfter=4)
    s = stats.summary
    story: list = [Paragraph(escape(title), heading)]
    period = f" from {s.first[:10]} to {s.last[:10]}" if s.first else ""
    story.append(Paragraph(escape(
        f"{s.attempts} attempt{'' if s.attempts == 1 else 's'}{period}: {s.questions} questions, {s.correct} right, {s.wrong} "
        f"wrong, {s.unanswered} unanswered; accuracy {_pct(s.accuracy)}."), body))
    story.append(Spacer(1, 6 * mm))
    story.append(trend_chart(stats))
    story.append(Spacer(1, 6 * mm))
    story.append(accuracy_bars("Accuracy by topic, weakest first (questions)", stats.topics))
    story.append(PageBreak())
    story.append(accuracy_bars("Accuracy by question style, weakest first (questions)",
                               stats.styles))
    story.append(Spacer(1, 6 * mm))
    story.append(pace_chart(stats))
    story.append(Spacer(1, 2 * mm))

    p = stats.pace
    if p.timed_questions:
        story.append(Paragraph(escape(
            f"{p.average_seconds:.0f} s a question on average (median {p.median_seconds:.0f} s) "
            f"against the exam pace of {p.exam_pace_seconds:.0f} s; {p.over_pace} of "
            f"{p.timed_questions} questions took longer; {p.timeouts} ran out of time."),
            body))
    else:
        story.append(Paragraph("No timed answers yet.", body))

    g = stats.guessing
    story.append(Spacer(1, 6 * mm))
    story.append(Paragraph("Guessing (GS Paper I marks: +2 right, −2/3 wrong)", section))
    value = "–" if g.expected_value_per_guess is None else f"{g.expected_value_per_guess:+.2f}"
    story.append(_table([
        ["answers tagged guess", str(g.guesses)],
        ["guesses right", f"{g.guesses_right} ({_pct(g.guess_accuracy)})"],
        ["marks earned by guessing", f"{g.marks_from_guesses:+.2f}"],
        ["expected marks per guess", value],
        ["break-even accuracy", _pct(g.break_even_accuracy)],
        ["answers tagged sure, right", f"{g.sure_right} of {g.sure} ({_pct(g.sure_accuracy)})"],
    ]))
    story.append(Spacer(1, 3 * mm))
    story.append(Paragraph(escape(g.advice), body))

    buffer = io.BytesIO()
    doc = SimpleDocTemplate(
        buffer, pagesize=A4, leftMargin=18 * mm, rightMargin=18 * mm,
        topMargin=16 * mm, bottomMargin=16 * mm, title=title, author="quizgen",
        creator="quizgen", invariant=1,
    )
    doc.build(story)
    write_files({Path(path): buffer.getvalue()}, stdout=stdout, force=force)  # all or nothing, like the worksheets

"""The mock paper on screen: what the rows show for a MockPaper at a given size (the
Application that runs it and its keys are in mockapp.py).

Drawn as one block of rows laid out again on every redraw at the terminal's current size (so a
resize keeps the layout): a header with the question number and the paper's clock, the stem
(quiz/stem.py, as the quiz lays it out) and the four options, a status line, and the keys. Wide
and tall terminals show the palette beside the question; smaller ones fold it into one line of
counts and `Tab` opens it full screen. Help, the palette, the jump entry and the submit summary
are modes of the same screen, not separate applications.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from quizgen.model import LETTERS
from quizgen.quiz.mockpaper import MockPaper
from quizgen.quiz.paper import (ANSWERED, ANSWERED_MARKED, MARKED, NOT_ANSWERED, NOT_VISITED,
                                STATES)
from quizgen.quiz.prompt import _first_fitting, _fit, _width, format_clock
from quizgen.quiz.stem import stem_rows, wrap_to

# A symbol for each state, so the palette reads on a monochrome terminal too.
SYMBOLS = {ANSWERED: "✓", ANSWERED_MARKED: "★", MARKED: "?", NOT_ANSWERED: "○", NOT_VISITED: "·"}
NAMES = {ANSWERED: "answered", ANSWERED_MARKED: "answered & marked", MARKED: "marked",
         NOT_ANSWERED: "not answered", NOT_VISITED: "not visited"}

SHORT_NAMES = {ANSWERED: "answered", ANSWERED_MARKED: "ans+marked", MARKED: "marked",
               NOT_ANSWERED: "not ans", NOT_VISITED: "not seen"}

STYLE_RULES = [
    ("header", "fg:ansicyan bold"),
    ("clock", "bold"),
    ("clock.low", "fg:ansired bold"),
    ("warning", "fg:ansiyellow bold"),
    ("flash", "fg:ansiyellow"),
    ("stem", ""),
    ("stem.header", "italic"),
    ("option", ""),
    ("option.chosen", "fg:ansigreen bold"),
    ("status", "fg:ansibrightblack"),
    ("status.marked", "fg:ansimagenta bold"),
    ("keys", "fg:ansibrightblack"),
    ("keys.key", "bold"),
    ("title", "fg:ansicyan bold"),
    ("rule", "fg:ansibrightblack"),
    ("state.answered", "fg:ansigreen"),
    ("state.answered-marked", "fg:ansimagenta bold"),
    ("state.marked", "fg:ansimagenta"),
    ("state.not-answered", "fg:ansired"),
    ("state.not-visited", "fg:ansibrightblack"),
    ("current", "reverse"),
    ("cursor", "reverse bold"),
]

LOW_SECONDS = 5 * 60  # the clock turns red for the paper's last five minutes
SIDE_MIN_PANE = 60  # the question keeps at least this many columns beside the side palette


@dataclass
class ScreenState:
    mode: str = "paper"  # paper, palette, goto, help, submit
    goto: str = ""
    cursor: int = 0  # palette cursor (a position)
    scroll: int = 0  # first stem row shown when the stem scrolls
    flash: str = ""
    flash_style: str = "class:flash"
    confidence: bool = False
    stem_cache: dict = field(default_factory=dict)


def _line(tokens, width):
    return _fit(tokens, width)


def _pad(tokens, width):
    used = _width(tokens)
    return tokens + [("", " " * max(0, width - used))]


def _keys(pairs):
    tokens = []
    for key, label in pairs:
        tokens += [("class:keys.key", key), ("class:keys", label)]
    return tokens


class MockScreen:
    """Builds the rows of the screen from the paper and the screen state."""

    def __init__(self, paper: MockPaper, state: ScreenState):
        self.paper = paper
        self.state = state

    # -- pieces --------------------------------------------------------------------------------

    def clock_tokens(self):
        left = self.paper.time_left()
        style = "class:clock.low" if left <= LOW_SECONDS else "class:clock"
        return [(style, f"⏱ {format_clock(max(0.0, left))} left")]

    def header(self, width):
        paper, slot = self.paper, self.paper.slot
        number, total = paper.current + 1, len(paper.slots)
        clock = self.clock_tokens()
        marked = [("class:status.marked", " ★ marked")] if slot.marked else []
        if slot.marked and slot.chosen is None:
            marked = [("class:status.marked", " ? marked")]
        variants = []
        for title, about in ((f" Question {number} of {total}", f"  {slot.question.topic} · "
                              f"{slot.question.style}"),
                             (f" Q{number}/{total}", f"  {slot.question.style}"),
                             (f" Q{number}/{total}", "")):
            left = [("class:header", title)] + marked + [("", about)]
            room = width - _width(left) - _width(clock) - 1
            if room >= 1:
                variants.append(left + [("", " " * room)] + clock)
        variants.append([("class:header", f" Q{number}/{total} ")] + clock)
        return _first_fitting(width, variants)

    def counts_line(self, width):
        counts = self.paper.counts()
        long = []
        for name in STATES:
            long += [(f"class:state.{name}", f"{SYMBOLS[name]} {counts[name]} {NAMES[name]}"),
                     ("", "  ")]
        short = []
        for name in STATES:
            short += [(f"class:state.{name}", f"{SYMBOLS[name]}{counts[name]}"), ("", " ")]
        medium = []
        for name in STATES:
            medium += [(f"class:state.{name}", f"{SYMBOLS[name]}{counts[name]} {SHORT_NAMES[name]}"),
                       ("", "  ")]
        tab = _keys([("Tab", " palette")])
        return _first_fitting(width, [[("", " ")] + long + tab, [("", " ")] + medium + tab,
                                      [("", " ")] + short + tab, [("", " ")] + short])

    def stem(self, width):
        key = (self.paper.current, width)
        rows = self.state.stem_cache.get(key)
        if rows is None:
            rows = stem_rows(self.paper.slot.question, width)
            self.state.stem_cache = {key: rows}
        return rows

    def options(self, width):
        slot = self.paper.slot
        lines = []
        for index, text in enumerate(slot.question.options):
            chosen = slot.chosen == index
            head = " » " if chosen else "   "
            wrapped = wrap_to(f"{head}({LETTERS[index]}) {text}", width, 7)
            style = "class:option.chosen" if chosen else "class:option"
            lines += [[(style, part)] for part in wrapped]
        return lines

    def status(self, width):
        slot = self.paper.slot
        if slot.chosen is None:
            text = ("Marked for review, no answer: scores 0 unless you answer" if slot.marked
                    else "Not answered")
        else:
            text = f"Your answer: ({LETTERS[slot.chosen]})"
            if slot.confidence:
                text += f", {slot.confidence}"
            if slot.marked:
                text += " · marked for review (the answer counts)"
        style = "class:status.marked" if slot.marked else "class:status"
        return _line([(style, " " + text)], width)

    def key_lines(self, width, rows: int):
        state = self.state
        if state.mode == "goto":  # as many rows as the usual keys: the question stays put
            entry = _line([("class:warning", f" Go to question: {state.goto}▏"),
                           ("class:keys", f"  (1–{len(self.paper.slots)}) "),
                           ("class:keys.key", "Enter"), ("class:keys", " go  "),
                           ("class:keys.key", "Esc"), ("class:keys", " cancel")], width)
            return [entry] + [[] for _ in self.key_lines_for_paper(width, rows)[1:]]
        if state.mode == "palette":
            return [_first_fitting(width, [
                _keys([(" ←↑↓→", " move  "), ("Enter", " open that question  "),
                       ("Tab", "/"), ("Esc", " back  "), ("?", " help")]),
                _keys([(" ←↑↓→", " move · "), ("Enter", " open · "), ("Esc", " back")])])]
        if state.mode == "help":
            return [_line(_keys([(" ?", "/"), ("Esc", " back to the paper")]), width)]
        if state.mode == "submit":
            return [_line(_keys([(" y", " submit now   "), ("n", "/"),
                                 ("Esc", " back to the paper")]), width)]
        return self.key_lines_for_paper(width, rows)

    def key_lines_for_paper(self, width, rows: int):
        tag = [("1", " sure  "), ("2", " guess  ")] if self.state.confidence else []
        first = [(" a–d", " answer  "), ("x", " clear  "), ("m", " mark  ")] + tag + [
            ("←→", "/"), ("n p", " move  "), ("g", " go to")]
        second = [(" Tab", " palette  "), ("?", " help  "), ("S", " submit  "),
                  ("Ctrl-C", " save & stop")]
        one = first[:-1] + [("g", " go to  ")] + [(k.strip(), v) for k, v in second]
        if _width(_keys(one)) <= width or rows < 2:
            return [_first_fitting(width, [
                _keys(one),
                _keys([(" a–d", " "), ("x", " clear "), ("m", " mark ")] + tag
                      + [("←→", " "), ("g", " go "), ("Tab", " "), ("?", " "), ("S", " submit")]),
            ])]
        return [_first_fitting(width, [
            _keys(first),
            _keys([(" a–d", " answer "), ("x", " clear "), ("m", " mark ")] + tag
                  + [("←→", " move "), ("g", " go")])]),
            _first_fitting(width, [_keys(second), _keys([(" Tab", " palette "), ("?", " help "),
                                                          ("S", " submit "), ("^C", " stop")])])]

    def palette_rows(self, columns_wanted: int, cursor: int | None):
        paper = self.paper
        total = len(paper.slots)
        columns = max(1, min(columns_wanted, total))
        digits = len(str(total))
        rows = []
        for start in range(0, total, columns):
            row = [("", " ")]
            for position in range(start, min(total, start + columns)):
                slot = paper.slots[position]
                state = slot.state
                style = f"class:state.{state}"
                if position == cursor:
                    style += " class:cursor"
                elif position == paper.current:
                    style += " class:current"
                # marks as well as reverse video, so it reads without colour or attributes
                pointer = "›" if position == cursor else "»" if position == paper.current else " "
                row += [("", pointer), (style, f"{position + 1:>{digits}}{SYMBOLS[state]}")]
            rows.append(row)
        return rows

    def palette_width(self, columns):
        digits = len(str(len(self.paper.slots)))
        return 1 + columns * (digits + 2)

    def counts_rows(self):
        counts = self.paper.counts()
        wide = max(len(str(n)) for n in counts.values())
        return [[(f"class:state.{name}", f" {SYMBOLS[name]} {counts[name]:>{wide}} {NAMES[name]}")]
                for name in STATES]

    # -- whole screens -------------------------------------------------------------------------

    def render(self, width: int, height: int):
        """The screen as a list of rows (each a list of tokens), exactly `height` of them."""
        width = max(20, width) - 1  # the last column stays free: no wrap at the edge
        height = max(6, height)
        mode = self.state.mode
        rows = [self.header(width)]
        if mode == "help":
            body = self.help_rows(width)
        elif mode == "submit":
            body = self.submit_rows(width)
        elif mode == "palette" and not self.side_palette(width, height):
            body = self.full_palette_rows(width, height - 1 - 1)
        else:
            body = None
        keys = self.key_lines(width, 2 if height >= 16 else 1)
        if body is not None:
            room = height - 1 - len(keys) - 1
            body = body[:room]
            rows += body + [[]] * (room - len(body))
            rows.append(self.flash_row(width))
            rows += keys
            return [_line(row, width) for row in rows[:height]]
        side = self.side_palette(width, height)
        pane_width = width - self.palette_width(10) - 2 if side else width
        if not side:
            rows.append(self.counts_line(width))
        room = height - len(rows) - 1 - len(keys)  # the flash row
        pane = self.question_rows(pane_width, room)
        pane += [[]] * (room - len(pane))
        if side:
            cursor = self.state.cursor if mode == "palette" else None
            right = ([[("class:title", " Palette")]] + self.palette_rows(10, cursor) + [[]]
                     + self.counts_rows())
            right = right[:room]
            pane = [_pad(_line(left, pane_width), pane_width) + [("class:rule", " │")] + right[n]
                    if n < len(right) else left for n, left in enumerate(pane)]
        rows += pane
        rows.append(self.flash_row(width))
        rows += keys
        return [_line(row, width) for row in rows[:height]]

    def side_palette(self, width, height) -> bool:
        total = len(self.paper.slots)
        grid_rows = math.ceil(total / 10)
        return (width - self.palette_width(10) - 2 >= SIDE_MIN_PANE
                and height >= grid_rows + 1 + 1 + len(STATES) + 5)

    def flash_row(self, width):
        if not self.state.flash:
            return []
        return _line([(self.state.flash_style, " " + self.state.flash)], width)

    def question_rows(self, width, room):
        """The stem and the options in `room` rows; a stem too tall scrolls (↑↓ PgUp PgDn)."""
        stem = self.stem(width)
        options = self.options(width) + [[], self.status(width)]
        spacing = room >= len(stem) + len(options) + 2
        if not spacing:
            del options[-2]
        gap = [[]] if spacing else []
        stem_room = room - len(options) - len(gap) - (1 if spacing else 0)
        if len(stem) <= stem_room:
            self.state.scroll = 0
            shown = stem
            more = []
        else:
            visible = max(1, stem_room - 1)
            self.state.scroll = max(0, min(self.state.scroll, len(stem) - visible))
            first = self.state.scroll
            shown = stem[first:first + visible]
            where = [word for word, there in (("↑ PgUp", first > 0),
                                              ("↓ PgDn", first + visible < len(stem))) if there]
            more = [[("class:warning", f" ⋮ lines {first + 1}–{first + len(shown)} of "
                                       f"{len(stem)} · {' / '.join(where)} to scroll")]]
        rows = [[] for _ in gap]
        rows += [[("class:stem.header" if row.kind == "header" else "class:stem", row.text)]
                 for row in shown]
        rows += more + gap + options
        return rows[:room] if len(rows) > room else rows

    def palette_columns(self, width, height) -> int:
        """Columns of the palette as drawn now (beside the question, or full screen)."""
        width = max(20, width) - 1
        if self.side_palette(width, height):
            return 10
        return max(1, min(10, (width - 1) // (len(str(len(self.paper.slots))) + 2)))

    def full_palette_rows(self, width, room):
        columns = max(1, min(10, (width - 1) // (len(str(len(self.paper.slots))) + 2)))
        grid = self.palette_rows(columns, self.state.cursor)
        counts = self.counts_rows()
        fixed = 2 + (len(counts) if room >= len(counts) + 4 + len(grid) else 1)
        grid_room = max(1, room - fixed)
        cursor_row = self.state.cursor // columns
        top = 0
        if len(grid) > grid_room:
            top = max(0, min(cursor_row - grid_room // 2, len(grid) - grid_room))
        shown = grid[top:top + grid_room]
        rows = [[("class:title", " Palette"),
                 ("class:keys", f"  (question {self.state.cursor + 1} of {len(self.paper.slots)})")]]
        rows += shown
        rows.append([])
        if fixed - 2 == len(counts):
            rows += counts
        else:
            rows.append(self.counts_line(width)[:-2])
        return rows

    def help_rows(self, width):
        pairs = [("a b c d", "answer (another letter changes it, any time)"),
                 ("x", "clear the answer"),
                 ("m", "mark / unmark for review (a marked answer counts)")]
        if self.state.confidence:
            pairs.append(("1 / 2", "tag your answer sure / guess"))
        pairs += [("n → / p ←", "next / previous question"),
                  ("↑ ↓ PgUp PgDn", "scroll a long question"),
                  ("g 37 Enter", "go to question 37" + ("" if self.state.confidence
                                                        else " (or type 37 Enter)")),
                  ("Tab", "the palette: arrows move, Enter opens"),
                  ("S", "submit (a summary first, then y to confirm)"),
                  ("Ctrl-C", "save and stop (quizgen mock --resume)")]
        lines = [("title", " Keys")] + [("", f" {key:<14}{what}") for key, what in pairs]
        rows = []
        for style, text in lines:
            cls = f"class:{style}" if style else ""
            rows += [[(cls, part)] for part in wrap_to(text, width, 15)]
        # the legend: one row a state where there is room, else as few rows as fit
        legend = [(f"class:state.{name}", f"{SYMBOLS[name]} {NAMES[name]}") for name in STATES]
        rows.append([])
        row: list = [("class:title", " Palette  ")]
        for token in legend:
            if _width(row) + _width([token]) > width and len(row) > 1:
                rows.append(row)
                row = [("", " ")]
            row += [token, ("", "   ")]
        rows.append(row)
        rows += [[("", part)] for part in wrap_to(
            " Marked without an answer scores 0; answered & marked counts.", width, 1)]
        return rows

    def submit_rows(self, width):
        counts = self.paper.counts()
        answered = counts[ANSWERED] + counts[ANSWERED_MARKED]
        lines = [[("class:title", " Submit the paper?")], []]
        wide = max(len(str(n)) for n in counts.values())
        for name in STATES:
            note = {ANSWERED_MARKED: " (these count)", MARKED: " (score 0)"}.get(name, "")
            lines.append([(f"class:state.{name}",
                           f"   {SYMBOLS[name]} {counts[name]:>{wide}} {NAMES[name]}{note}")])
        lines.append([])
        lines.append([("", f"   {answered} of {len(self.paper.slots)} answered · "),
                      *self.clock_tokens()])
        lines.append([])
        lines.append([("class:warning", " Once submitted, answers cannot be changed.")])
        return lines

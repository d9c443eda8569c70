"""Questions as HTML fragments, shared by the exports that show HTML (Anki, Moodle, GIFT).

Every text from a bank is escaped here, once; the tags are ours. Statements and events are an
ordered list numbered by their labels, pairs a table with the bank's column headings,
Statement-I/II labelled paragraphs: the paper's layout.
"""

from __future__ import annotations

from html import escape

from quizgen.model import LETTERS, Question, SourceRef


def text(value: str) -> str:
    """Plain text as HTML: escaped, line breaks kept."""
    return escape(value, quote=False).replace("\n", "<br>")


def items_html(question: Question) -> str:
    if not question.items:
        return ""
    if question.layout == "table":
        header = question.item_header or ("", "")
        rows = [f'<tr><th></th><th>{text(header[0])}</th><th>{text(header[1])}</th></tr>']
        for item in question.items:
            cells = "".join(f"<td>{text(c)}</td>" for c in item.cells)
            rows.append(f"<tr><td>{text(item.label)}.</td>{cells}</tr>")
        return '<table class="pairs">' + "".join(rows) + "</table>"
    if question.layout == "labelled":
        return "".join(f'<p class="item"><b>{text(item.label)}:</b> {text(" — ".join(item.cells))}</p>'
                       for item in question.items)
    entries = []
    for item in question.items:
        value = f' value="{escape(item.label)}"' if item.label.isdigit() else ""
        entries.append(f"<li{value}>{text(' — '.join(item.cells))}</li>")
    return '<ol class="items">' + "".join(entries) + "</ol>"


def stem_html(question: Question) -> str:
    """The stem as on the paper: lead, items, closing question."""
    parts = []
    if question.lead:
        parts.append(f'<p class="lead">{text(question.lead)}</p>')
    parts.append(items_html(question))
    if question.ask:
        parts.append(f'<p class="ask">{text(question.ask)}</p>')
    return "".join(parts)


def answer_html(question: Question) -> str:
    return f"({LETTERS[question.answer]}) {text(question.options[question.answer])}"


def source_html(source: SourceRef) -> str:
    title = f'<a href="{escape(source.url, quote=True)}">{text(source.title)}</a>' if source.url else text(source.title)
    where = ", ".join(p for p in (source.outlet, source.date) if p)
    said = text(source.quote) if source.paraphrase else f"“{text(source.quote)}”"
    return f"<li><i>{title}</i>{f' ({text(where)})' if where else ''}: {said}</li>" if source.quote else \
        f"<li><i>{title}</i>{f' ({text(where)})' if where else ''}</li>"


def sources_html(question: Question) -> str:
    if not question.sources:
        return ""
    return '<ul class="sources">' + "".join(source_html(s) for s in question.sources) + "</ul>"


def feedback_html(question: Question) -> str:
    """The reason for the key followed by the sources with their quotes."""
    reason = question.reason or question.explanation
    return f"<p>{text(reason)}</p>" + sources_html(question)

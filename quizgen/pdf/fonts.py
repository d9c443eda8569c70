"""The bundled DejaVu Serif Condensed fonts, registered once with reportlab.

A TrueType font (not the PDF base-14 fonts) so that ₹, dashes, curly quotes and accented
names print; reportlab embeds only the glyphs a document uses.
"""

from __future__ import annotations

from pathlib import Path

FONT_DIR = Path(__file__).resolve().parent.parent / "fonts"

REGULAR = "QuizgenSerif"
BOLD = "QuizgenSerif-Bold"
ITALIC = "QuizgenSerif-Italic"

_FILES = {
    REGULAR: "DejaVuSerifCondensed.ttf",
    BOLD: "DejaVuSerifCondensed-Bold.ttf",
    ITALIC: "DejaVuSerifCondensed-Italic.ttf",
}


def register_fonts() -> None:
    """Register the bundled fonts with reportlab (idempotent)."""
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    registered = set(pdfmetrics.getRegisteredFontNames())
    for name, filename in _FILES.items():
        if name not in registered:
            pdfmetrics.registerFont(TTFont(name, str(FONT_DIR / filename)))


def missing_characters(texts: dict[str, str]) -> dict[str, str]:
    """Characters the bundled font has no glyph for (they would print as empty boxes), each
    with the name of the first text (e.g. a question id) that uses it."""
    from reportlab.pdfbase import pdfmetrics

    register_fonts()
    known = pdfmetrics.getFont(REGULAR).face.charToGlyph
    missing: dict[str, str] = {}
    for where, text in texts.items():
        for char in set(text):
            if char not in missing and ord(char) not in known and not char.isspace():
                missing[char] = where
    return missing

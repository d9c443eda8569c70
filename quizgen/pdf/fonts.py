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

"""The bundled fonts, registered once with reportlab: DejaVu Serif Condensed for Latin and
Noto Serif Devanagari (SIL OFL) for Hindi.

TrueType fonts (not the PDF base-14 fonts) so that ₹, dashes, curly quotes and accented
names print; reportlab embeds only the glyphs a document uses. Devanagari is shaped with
HarfBuzz (uharfbuzz) before it is drawn: conjuncts and the short-i matra need it.
"""

from __future__ import annotations

from pathlib import Path

FONT_DIR = Path(__file__).resolve().parent.parent / "fonts"

REGULAR = "QuizgenSerif"
BOLD = "QuizgenSerif-Bold"
ITALIC = "QuizgenSerif-Italic"

DEVANAGARI = "QuizgenDevanagari"
DEVANAGARI_BOLD = "QuizgenDevanagari-Bold"
# The Devanagari face that stands beside each Latin one (no italic Devanagari exists).
DEVANAGARI_FOR = {REGULAR: DEVANAGARI, BOLD: DEVANAGARI_BOLD, ITALIC: DEVANAGARI}

_FILES = {
    REGULAR: "DejaVuSerifCondensed.ttf",
    BOLD: "DejaVuSerifCondensed-Bold.ttf",
    ITALIC: "DejaVuSerifCondensed-Italic.ttf",
    DEVANAGARI: "NotoSerifDevanagari-Regular.ttf",
    DEVANAGARI_BOLD: "NotoSerifDevanagari-Bold.ttf",
}


def register_fonts() -> None:
    """Register the bundled fonts with reportlab (idempotent)."""
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    registered = set(pdfmetrics.getRegisteredFontNames())
    for name, filename in _FILES.items():
        if name not in registered:
            # Only Devanagari is shaped: the Latin text is drawn as it always was.
            pdfmetrics.registerFont(TTFont(name, str(FONT_DIR / filename),
                                           shapable=name in (DEVANAGARI, DEVANAGARI_BOLD)))


def fresh_devanagari() -> None:
    """Register the Devanagari faces anew. Shaping gives each conjunct glyph a private code
    point in the order glyphs are first met, and those codes go into the PDF: a fresh face per
    document keeps the bytes the same whatever the process printed before."""
    from reportlab.pdfbase.ttfonts import freshTTFont
    from reportlab.pdfbase import pdfmetrics

    register_fonts()
    for name in (DEVANAGARI, DEVANAGARI_BOLD):
        pdfmetrics.registerFont(freshTTFont(name, str(FONT_DIR / _FILES[name]), shapable=True))


def missing_characters(texts: dict[str, str]) -> dict[str, str]:
    """Characters the bundled font has no glyph for (they would print as empty boxes), each
    with the name of the first text (e.g. a question id) that uses it."""
    from reportlab.pdfbase import pdfmetrics

    register_fonts()
    known = pdfmetrics.getFont(REGULAR).face.charToGlyph
    devanagari = pdfmetrics.getFont(DEVANAGARI).face.charToGlyph
    missing: dict[str, str] = {}
    for where, text in texts.items():
        for char in set(text):
            font = devanagari if is_devanagari(char) else known
            if char not in missing and ord(char) not in font and not char.isspace():
                missing[char] = where
    return missing


def is_devanagari(char: str) -> bool:
    """Drawn with the Devanagari font: the Devanagari blocks and the joiners used in them."""
    code = ord(char)
    return 0x0900 <= code <= 0x097F or 0xA8E0 <= code <= 0xA8FF or code in (0x200C, 0x200D)

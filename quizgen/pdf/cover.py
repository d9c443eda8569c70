"""The booklet's header block (title, series, timing, marking, name/roll fields, instructions)
and the footer on every page."""

from __future__ import annotations

from dataclasses import dataclass

from quizgen.pdf.fonts import BOLD, ITALIC, REGULAR, is_devanagari
from quizgen.pdf.layout import (
    CONTENT_WIDTH, FOOTER_BASELINE, MARGIN_X, PAGE_WIDTH,
)
from quizgen.pdf.text import Run, Stamp, StampBuilder, fmt, shorten, text_width

MARKS_PER_QUESTION = 2
SECONDS_PER_QUESTION = 72  # the Prelims pace: 100 questions in 2 hours


@dataclass(frozen=True)
class PaperInfo:
    """What the header says about the paper, the same in every series."""

    title: str
    institute: str
    date: str
    minutes: int
    questions: int
    omr: bool
    lang: str = "en"  # en, hi or both: the language(s) of the cover, questions and key


# The cover's and key's own words in Hindi, as the Prelims booklet prints them.
HINDI = {
    "Time allowed": "निर्धारित समय",
    "Maximum marks": "अधिकतम अंक",
    "Questions": "प्रश्न",
    "Date": "दिनांक",
    "TEST BOOKLET SERIES": "परीक्षण पुस्तिका अनुक्रम",
    "Booklet Series": "पुस्तिका अनुक्रम",
    "Name": "नाम",
    "Roll No.": "अनुक्रमांक",
    "INSTRUCTIONS": "अनुदेश",
    "Answer key": "उत्तर कुंजी",
    "Explanations": "व्याख्या",
    "Answer": "उत्तर",
    "Source:": "स्रोत:",
    # The OMR answer sheet (pdf/omr.py).
    "OMR ANSWER SHEET": "ओ.एम.आर. उत्तर पत्रक",
    "OMR ANSWER SHEET (continued)": "ओ.एम.आर. उत्तर पत्रक (जारी)",
    "Candidate's name (in capitals)": "अभ्यर्थी का नाम (बड़े अक्षरों में)",
    "Candidate's signature": "अभ्यर्थी के हस्ताक्षर",
    "ROLL NUMBER": "अनुक्रमांक",
    "BOOKLET SERIES": "पुस्तिका अनुक्रम",
    "HOW TO MARK": "अंकित करने की विधि",
    "Use a black ball-point pen only. Fill the circle completely and darkly, one circle per "
    "question. A mark cannot be changed: no erasing, whitener or second marks.":
        "केवल काले बॉल-पॉइंट पेन का प्रयोग करें। प्रत्येक प्रश्न के लिए एक वृत्त पूरा और गहरा "
        "भरें। अंकन बदला नहीं जा सकता: मिटाना, व्हाइटनर या दूसरा निशान मान्य नहीं है।",
    "Right": "सही",
    "Wrong": "गलत",
    "Do not mark": "इस कोड पर",
    "this code": "निशान न लगाएँ",
    "ANSWERS": "उत्तर",
}


def say(text: str, lang: str, separator: str = " / ") -> str:
    """A cover or key label in the paper's language(s): "Name", "नाम" or "Name / नाम"."""
    if lang == "en":
        return text
    if lang == "hi":
        return HINDI[text]
    return f"{text}{separator}{HINDI[text]}"


def default_minutes(questions: int) -> int:
    return max(1, -(-questions * SECONDS_PER_QUESTION // 60))


def format_minutes(minutes: int, lang: str = "en") -> str:
    hours, rest = divmod(minutes, 60)
    if lang == "hi":
        return " ".join(([f"{hours} घंटे" if hours > 1 else f"{hours} घंटा"] if hours else [])
                        + ([f"{rest} मिनट"] if rest else []))
    if lang == "both":
        return f"{format_minutes(minutes)} / {format_minutes(minutes, 'hi')}"
    parts = []
    if hours:
        parts.append(f"{hours} hour" + ("s" if hours > 1 else ""))
    if rest:
        parts.append(f"{rest} minute" + ("s" if rest > 1 else ""))
    return " ".join(parts)


def instructions(info: PaperInfo, series: str) -> list[str]:
    """The numbered instructions in the paper's language(s); with both, each in English and
    then in Hindi."""
    if info.lang == "en":
        return _instructions_en(info, series)
    if info.lang == "hi":
        return _instructions_hi(info, series)
    return [f"{en}\n{hi}" for en, hi in zip(_instructions_en(info, series), _instructions_hi(info, series))]


def _instructions_hi(info: PaperInfo, series: str) -> list[str]:
    marks = info.questions * MARKS_PER_QUESTION
    sheet = "इस पुस्तिका के अंत में दिए गए ओ.एम.आर. उत्तर-पत्रक" if info.omr else "उत्तर-पत्रक"
    return [
        f"इस पुस्तिका में {info.questions} प्रश्न हैं। जाँच लें कि कोई पृष्ठ कम, गलत छपा या फटा "
        "न हो; यदि ऐसा हो, तो उसी अनुक्रम की पूरी पुस्तिका माँग लें।",
        f"ऊपर दिए गए खानों में और {sheet} पर अपना नाम और अनुक्रमांक लिखें, और उस पर परीक्षण "
        f"पुस्तिका अनुक्रम ({series}) अंकित करें। रफ़ कार्य के अतिरिक्त पुस्तिका पर और कुछ न लिखें।",
        "प्रत्येक प्रश्न के चार विकल्प (a), (b), (c) और (d) हैं। जिस एक विकल्प को आप सबसे उपयुक्त "
        "उत्तर समझें, केवल उसी को अंकित करें; काले बॉल-पॉइंट पेन का प्रयोग करें।",
        f"सभी प्रश्नों के अंक समान हैं (प्रत्येक के {MARKS_PER_QUESTION}; अधिकतम {marks})। गलत उत्तर "
        "के लिए उस प्रश्न के अंकों का एक-तिहाई (0.66) काटा जाएगा; एक से अधिक विकल्प अंकित करना "
        "गलत उत्तर माना जाएगा। जो प्रश्न हल न किया गया हो, उसके लिए कोई अंक नहीं काटा जाएगा।",
    ]


def _instructions_en(info: PaperInfo, series: str) -> list[str]:
    marks = info.questions * MARKS_PER_QUESTION
    sheet = "OMR Answer Sheet at the end of this booklet" if info.omr else "Answer Sheet"
    return [
        f"This booklet contains {info.questions} questions. Check that no page is missing, "
        "misprinted or torn; if it is, ask for a complete booklet of the same series.",
        f"Write your name and roll number in the boxes above and on the {sheet}, and "
        f"mark the Booklet Series ({series}) on it. Do not write anything else on the booklet "
        "except rough work.",
        "Each question has four options, (a), (b), (c) and (d). Choose the ONE you consider "
        "the best answer and mark only that; use a black ball-point pen.",
        f"All questions carry equal marks ({MARKS_PER_QUESTION} each; maximum {marks}). "
        "A wrong answer costs one-third of the marks for that question (0.66); marking more "
        "than one option counts as wrong. A question left blank costs nothing.",
    ]


def header_stamp(canvas, info: PaperInfo, series: str, name: str = "",
                 roll: str | None = None) -> Stamp:
    """The cover block; a personalised booklet has the student's name and roll number printed
    in their fields (the block's height is the same either way)."""
    b = StampBuilder(canvas)
    box_width, box_height = 92.0, 58.0
    text_width_available = CONTENT_WIDTH - box_width - 16
    y = 0.0
    if info.institute:
        y -= b.paragraph([Run(info.institute.upper(), BOLD, 9.5, 0.3)], 0, y,
                         text_width_available, 12)
        y -= 3
    y -= b.paragraph([Run(info.title, BOLD, 17)], 0, y, text_width_available, 21)
    y -= 4
    lang = info.lang
    facts = [(say("Time allowed", lang), format_minutes(info.minutes, lang)),
             (say("Maximum marks", lang), str(info.questions * MARKS_PER_QUESTION)),
             (say("Questions", lang), str(info.questions))]
    if info.date:
        facts.append((say("Date", lang), info.date))
    runs: list[Run] = []
    for label, value in facts:
        if runs:
            runs.append(Run("  ·  ", REGULAR, 9.5, 0.55))
        runs += [Run(f"{label}:", REGULAR, 9.5, 0.35), Run(value, BOLD, 9.5)]
    y -= b.paragraph(runs, 0, y, text_width_available, 13)
    # The series box, top right, as on the Prelims test booklet.
    box_x = CONTENT_WIDTH - box_width
    b.box(box_x, 0, box_width, box_height, line=1.2)
    captions = ["TEST BOOKLET SERIES"] if lang == "en" else [HINDI["TEST BOOKLET SERIES"]] \
        if lang == "hi" else ["TEST BOOKLET SERIES", HINDI["TEST BOOKLET SERIES"]]
    for line, caption in enumerate(captions):
        b.text(box_x + (box_width - text_width(caption, BOLD, 6.5)) / 2, -11 - 8 * line, caption,
               Run("", BOLD, 6.5, 0.3))
    b.text(box_x + (box_width - text_width(series, BOLD, 30)) / 2, -48, series, Run("", BOLD, 30))
    y = min(y, -box_height) - 8
    b.rule(0, CONTENT_WIDTH, y, width=1.4)
    y -= 20
    # Name and roll number, to fill in by hand.
    b.text(0, y, say("Name", lang), Run("", REGULAR, 9.5, 0.35))
    name_x = text_width(say("Name", lang), REGULAR, 9.5) + 6
    roll_label = say("Roll No.", lang)
    roll_label_x = CONTENT_WIDTH - 8 * 16 - 8 - text_width(roll_label, REGULAR, 9.5) \
        if lang != "en" else CONTENT_WIDTH - 8 * 16 - 58
    b.rule(name_x, roll_label_x - 16, y - 2, width=0.5, gray=0.35)
    b.text(roll_label_x, y, roll_label, Run("", REGULAR, 9.5, 0.35))
    for i in range(8):
        b.box(CONTENT_WIDTH - (8 - i) * 16, y + 11, 16, 16, line=0.5, gray=0.35)
    if name:
        b.text(name_x + 4, y + 1, shorten(name, BOLD, 11, roll_label_x - name_x - 24),
               Run("", BOLD, 11))
    if roll:
        for i, digit in enumerate(roll.rjust(8)[-8:]):
            b.centred_text(CONTENT_WIDTH - (8 - i) * 16 + 8, y - 1, digit.strip(),
                           Run("", BOLD, 11))
    y -= 14
    b.rule(0, CONTENT_WIDTH, y, width=0.5, gray=0.5)
    y -= 5
    b.text(0, y - 9, say("INSTRUCTIONS", lang), Run("", BOLD, 8.5, 0.25))
    y -= 13
    label_width = 14.0
    for n, line in enumerate(instructions(info, series), start=1):
        b.text(0, y - 8.5, f"{n}.", Run("", REGULAR, 8.5, 0.2))
        for part in line.split("\n"):
            y -= b.paragraph([Run(part, REGULAR, 8.5, 0.2)], label_width, y,
                             CONTENT_WIDTH - label_width, 11)
        y -= 1.5
    y -= 4
    b.rule(0, CONTENT_WIDTH, y, width=1.4)
    y -= 14
    return b.finish(CONTENT_WIDTH, -y)


def draw_footer(canvas, left: str, page: int, pages: int) -> None:
    canvas.addLiteral(
        f"q 0.55 G 0.4 w {fmt(MARGIN_X)} {fmt(FOOTER_BASELINE + 10)} m "
        f"{fmt(PAGE_WIDTH - MARGIN_X)} {fmt(FOOTER_BASELINE + 10)} l S Q"
    )
    canvas.setFillGray(0.35)
    left = shorten(left, ITALIC, 8, CONTENT_WIDTH - 90)
    if any(is_devanagari(c) for c in left):  # a Hindi title: shaped, in the Devanagari face
        b = StampBuilder(canvas)
        b.text(0, 0, left, Run("", ITALIC, 8, 0.35))
        b.finish(CONTENT_WIDTH, 0).place(canvas, MARGIN_X, FOOTER_BASELINE)
    else:
        canvas.setFont(ITALIC, 8)
        canvas.drawString(MARGIN_X, FOOTER_BASELINE, left)
    canvas.setFont(REGULAR, 8)
    canvas.drawRightString(PAGE_WIDTH - MARGIN_X, FOOTER_BASELINE, f"Page {page} of {pages}")
    canvas.setFillGray(0)


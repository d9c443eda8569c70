"""Control characters in text that reaches a terminal: an ESC sequence in a fact value could
retitle the window, clear the screen or hide text. Every string from a bank, a template or a
stored question passes through `visible`, which writes each control character out as text
(ESC becomes the four characters \\x1b), so it is seen rather than obeyed."""

from __future__ import annotations

import re
from typing import Any

# C0 controls except tab and newline, DEL, and the C1 controls (single-byte CSI, OSC, ...)
CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def has_control(text: str) -> bool:
    return CONTROL.search(text) is not None


def visible(text: str) -> str:
    """`text` with each control character written out as \\xNN."""
    if not CONTROL.search(text):
        return text
    return CONTROL.sub(lambda match: f"\\x{ord(match[0]):02x}", text)


def visible_data(data: Any) -> Any:
    """`visible` applied to every string in decoded JSON (a stored question)."""
    if isinstance(data, str):
        return visible(data)
    if isinstance(data, list):
        return [visible_data(item) for item in data]
    if isinstance(data, dict):
        return {visible_data(key): visible_data(value) for key, value in data.items()}
    return data

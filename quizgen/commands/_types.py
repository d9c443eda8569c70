"""argparse value types shared by the commands: one clear message per bad value."""

from __future__ import annotations

import argparse
import math
from datetime import date
from typing import Callable


def whole_number(unit: str = "") -> Callable[[str], int]:
    """A whole number of at least 1 (of `unit`, named in the message)."""
    label = f" {unit}" if unit else ""

    def parse(text: str) -> int:
        try:
            value = int(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"not a whole number{' of' + label if unit else ''}: {text!r}") from None
        if value < 1:
            raise argparse.ArgumentTypeError(f"must be at least 1{label}, got {value}")
        return value

    return parse


def positive_number(unit: str) -> Callable[[str], float]:
    """A finite number above 0 of `unit` (seconds, minutes)."""

    def parse(text: str) -> float:
        try:
            value = float(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"not a number of {unit}: {text!r}") from None
        if not value > 0 or math.isinf(value):
            raise argparse.ArgumentTypeError(f"must be more than 0 {unit}, got {text}")
        return value

    return parse


def iso_date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a date (YYYY-MM-DD): {text!r}") from None

FORCE_HELP = "replace an output file even if it is read-only (it stays read-only)"

"""Building a library with Python's cyclic garbage collector paused (no YAML needed here: the
compiled bank cache and a warm run import this without the YAML loaders)."""

from __future__ import annotations

import gc
from contextlib import contextmanager
from typing import Iterator

FREEZE_ABOVE = 500_000  # objects made while paused: past this, they are frozen afterwards


@contextmanager
def paused_gc() -> Iterator[None]:
    """Building a library makes a million small objects and no garbage cycles; Python's cyclic
    collector would walk them over and over meanwhile (a third to two thirds of the time).
    A large library (an archive) lives as long as the command: its objects are then moved out
    of the collector's sight (gc.freeze) instead of walked once more when it resumes."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            if gc.get_count()[0] > FREEZE_ABOVE:
                gc.freeze()
            gc.enable()

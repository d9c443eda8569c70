"""The second sweep of bad input (issue 18): every case in tests/hostile_sweep.py, run as the
real `quizgen` from a small launcher (wall time and peak memory measured there), must be ok:
the documented exit code and message, one `Error:` line, no traceback, under 5 s and 200 MB,
and nothing raw from a bank's control characters on the terminal.

`python tests/hostile_sweep.py` prints the same cases as a tally by group.
"""

from __future__ import annotations

import sys

import pytest

import hostile_sweep

CASES = hostile_sweep.cases()
COMMAND = hostile_sweep.quizgen_command(sys.executable, None)


@pytest.mark.parametrize("case", CASES, ids=[f"{c.group}-{c.name}".replace(" ", "_") for c in CASES])
def test_bad_input_ends_well(case):
    verdict = hostile_sweep.run_case(case, COMMAND)
    run = verdict.run
    assert verdict.outcome == "ok", f"{verdict.outcome}: {verdict.detail}\n{run.err if run else ''}"


def test_every_group_has_cases():
    assert {c.group for c in CASES} == set(hostile_sweep.GROUPS)

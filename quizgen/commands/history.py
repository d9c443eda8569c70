"""`quizgen history` (not built yet)."""

from quizgen.exitstatus import ExitStatus

HELP = "history (not built yet)"
EXAMPLE = "quizgen history"


def add_arguments(parser):
    pass


def run(args, env):
    print("quizgen history is not built yet", file=env.stderr)
    return ExitStatus.ERROR

"""`quizgen stats` (not built yet)."""

from quizgen.exitstatus import ExitStatus

HELP = "stats (not built yet)"
EXAMPLE = "quizgen stats"


def add_arguments(parser):
    pass


def run(args, env):
    print("quizgen stats is not built yet", file=env.stderr)
    return ExitStatus.ERROR

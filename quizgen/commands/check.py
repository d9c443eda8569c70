"""`quizgen check` (not built yet)."""

from quizgen.exitstatus import ExitStatus

HELP = "check (not built yet)"
EXAMPLE = "quizgen check"


def add_arguments(parser):
    pass


def run(args, env):
    print("quizgen check is not built yet", file=env.stderr)
    return ExitStatus.ERROR

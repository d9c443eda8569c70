"""`quizgen review` (not built yet)."""

from quizgen.exitstatus import ExitStatus

HELP = "review (not built yet)"
EXAMPLE = "quizgen review"


def add_arguments(parser):
    pass


def run(args, env):
    print("quizgen review is not built yet", file=env.stderr)
    return ExitStatus.ERROR

"""`quizgen generate` (not built yet)."""

from quizgen.exitstatus import ExitStatus

HELP = "generate (not built yet)"
EXAMPLE = "quizgen generate"


def add_arguments(parser):
    pass


def run(args, env):
    print("quizgen generate is not built yet", file=env.stderr)
    return ExitStatus.ERROR

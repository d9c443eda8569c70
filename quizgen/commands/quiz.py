"""`quizgen quiz` (not built yet)."""

from quizgen.exitstatus import ExitStatus

HELP = "quiz (not built yet)"
EXAMPLE = "quizgen quiz"


def add_arguments(parser):
    pass


def run(args, env):
    print("quizgen quiz is not built yet", file=env.stderr)
    return ExitStatus.ERROR

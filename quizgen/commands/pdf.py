"""`quizgen pdf` (not built yet)."""

from quizgen.exitstatus import ExitStatus

HELP = "pdf (not built yet)"
EXAMPLE = "quizgen pdf"


def add_arguments(parser):
    pass


def run(args, env):
    print("quizgen pdf is not built yet", file=env.stderr)
    return ExitStatus.ERROR

"""`generategen generate` (not built yet)."""

from generategen.exitstatus import ExitStatus

HELP = "generate (not built yet)"
EXAMPLE = "generategen generate"


def add_arguments(parser):
    pass


def run(args, env):
    print("generategen generate is not built yet", file=env.stderr)
    return ExitStatus.ERROR

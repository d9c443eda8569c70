"""`checkgen check` (not built yet)."""

from checkgen.exitstatus import ExitStatus

HELP = "check (not built yet)"
EXAMPLE = "checkgen check"


def add_arguments(parser):
    pass


def run(args, env):
    print("checkgen check is not built yet", file=env.stderr)
    return ExitStatus.ERROR

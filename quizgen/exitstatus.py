"""Process exit codes, documented in the README."""

import enum


class ExitStatus(enum.IntEnum):
    OK = 0
    PROBLEMS_FOUND = 1  # `check` found problems in banks or templates
    ERROR = 2  # usage error, unreadable or invalid input, unwritable output, no terminal
    INTERNAL_ERROR = 70  # a bug in quizgen: an unexpected exception (EX_SOFTWARE in sysexits.h)
    INTERRUPTED = 130  # Ctrl-C

"""The exit codes of every gc command (a leaf module: imports nothing of gc)."""

from __future__ import annotations

from enum import IntEnum


class ExitStatus(IntEnum):
    OK = 0
    ERROR = 1
    CHANGES = 2  # plan --detailed-exitcode: there are changes
    INTERRUPTED = 130

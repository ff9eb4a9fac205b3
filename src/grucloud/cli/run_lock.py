"""One `gc apply` or `gc destroy` at a time per target, project and stage.

An OS file lock (flock) on a file in the per-user state folder. The kernel releases it when the
process ends, however it ends (even SIGKILL), so a killed apply never leaves the project locked,
and a second apply never plans or changes anything while the first is at work.
"""

from __future__ import annotations

import datetime
import fcntl
import hashlib
import os
import re
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import click

from grucloud.state_folder import state_dir


class Busy(click.ClickException):
    """Another gc is changing the same project and stage on the same target."""


def lock_path(where: str, project: str, stage: str) -> Path:
    key = hashlib.sha256(f"{where}\0{project}\0{stage}".encode()).hexdigest()[:16]
    readable = re.sub(r"[^A-Za-z0-9_.-]+", "_", f"{project}-{stage}")[:80]
    return state_dir() / "locks" / f"{readable}-{key}.lock"


@contextmanager
def exclusive(where: str, project: str, stage: str, command: str) -> Iterator[None]:
    """Hold the lock of (`where`, project, stage) while the block runs, or raise Busy at once."""
    path = lock_path(where, project, stage)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o600)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            holder = os.pread(fd, 200, 0).decode(errors="replace").strip() or "another gc command"
            raise Busy(
                f"project {project!r} stage {stage!r} on {where} is being changed by {holder}; "
                "wait for it to finish, then run this command again"
            ) from None
        since = datetime.datetime.now().isoformat(timespec="seconds")
        os.ftruncate(fd, 0)
        os.pwrite(fd, f"gc {command} (pid {os.getpid()}, since {since})".encode(), 0)
        yield
    finally:
        os.close(fd)  # releases the lock

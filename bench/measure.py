"""Run one contender command as a subprocess: wall time from spawn to exit (process start
included) and the peak resident memory of its whole process tree (Terraform runs its AWS
provider as a child process, so the tree's sum is what the machine must hold)."""

from __future__ import annotations

import os
import subprocess
import threading
import time
from dataclasses import dataclass
from pathlib import Path

_PAGE = os.sysconf("SC_PAGE_SIZE")
SAMPLE_EVERY = 0.05  # seconds


@dataclass
class Run:
    seconds: float
    returncode: int
    peak_rss_mb: float
    stdout: str
    stderr: str


def _tree_rss(root: int) -> int:
    """Bytes resident in `root` and all its descendants, read from /proc."""
    parents: dict[int, int] = {}
    rss: dict[int, int] = {}
    for entry in os.scandir("/proc"):
        if not entry.name.isdigit():
            continue
        try:
            with open(f"/proc/{entry.name}/stat") as f:
                fields = f.read().rpartition(")")[2].split()
        except OSError:
            continue  # exited meanwhile
        pid = int(entry.name)
        parents[pid] = int(fields[1])
        rss[pid] = int(fields[21]) * _PAGE
    total = 0
    for pid, size in rss.items():
        node = pid
        while node > 1 and node != root:
            node = parents.get(node, 0)
        if node == root:
            total += size
    return total


def _drain(stream, into: list) -> threading.Thread:
    thread = threading.Thread(target=lambda: into.append(stream.read()), daemon=True)
    thread.start()
    return thread


def run(command: list[str], env: dict, cwd: Path | None = None, timeout: float = 900) -> Run:
    started = time.monotonic()
    process = subprocess.Popen(command, env=env, cwd=cwd, stdin=subprocess.DEVNULL,
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    out: list[str] = []
    err: list[str] = []
    readers = [_drain(process.stdout, out), _drain(process.stderr, err)]
    peak = [0]
    finished = threading.Event()

    def sample() -> None:
        while not finished.wait(SAMPLE_EVERY):
            peak[0] = max(peak[0], _tree_rss(process.pid))
            if time.monotonic() - started > timeout:
                process.kill()

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    # wait4 rather than Popen.wait: it also gives the kernel's maximum RSS of the largest
    # single process of the tree, in case the sampler missed a short peak.
    _, status, usage = os.wait4(process.pid, 0)
    seconds = time.monotonic() - started
    process.returncode = os.waitstatus_to_exitcode(status)
    finished.set()
    sampler.join()
    for reader in readers:
        reader.join()
    peak_bytes = max(peak[0], usage.ru_maxrss * 1024)
    return Run(seconds, process.returncode, peak_bytes / 2**20, "".join(out), "".join(err))

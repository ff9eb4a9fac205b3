"""Run one contender command as a subprocess: wall time from spawn to exit (process start
included) and the peak resident memory of its whole process tree (Terraform runs its AWS
provider as a child process, so the tree's sum is what the machine must hold).

The tree is sampled every 50 ms; GNU time, when installed, also reports the largest process's
own peak, which a short command can reach between two samples. (The harness cannot ask the
kernel itself: a forked child's recorded peak starts at its parent's size.)"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
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
    gnu_time = shutil.which("time", path="/usr/bin:/bin")
    report = tempfile.NamedTemporaryFile(prefix="bench-rss-", delete=False)
    report.close()
    if gnu_time:
        command = [gnu_time, "-f", "%M", "-o", report.name, *command]
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
    process.wait()
    seconds = time.monotonic() - started
    finished.set()
    sampler.join()
    for reader in readers:
        reader.join()
    largest = Path(report.name).read_text().strip().splitlines()
    os.unlink(report.name)
    largest_kb = int(largest[-1]) if largest and largest[-1].isdigit() else 0
    return Run(seconds, process.returncode, max(peak[0], largest_kb * 1024) / 2**20, "".join(out), "".join(err))

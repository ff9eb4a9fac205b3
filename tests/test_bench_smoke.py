"""The benchmark harness end to end on a tiny stack (N=2, gc and the floor, one repetition):
every phase runs against its own counting emulator and is verified there."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


@pytest.mark.slow
def test_the_benchmark_harness_runs_and_verifies_each_phase():
    done = subprocess.run([sys.executable, "-m", "bench", "--smoke"], cwd=ROOT, capture_output=True, text=True,
                          timeout=300)
    assert done.returncode == 0, done.stderr[-2000:]
    lines = [line.split() for line in done.stderr.splitlines() if line.strip().startswith(("gc ", "floor "))]
    phases = {(line[0], line[2]) for line in lines if line[-1] == "ok"}
    assert phases == {("gc", p) for p in ("apply", "plan", "list", "destroy")} | {("floor", p) for p in ("apply", "plan", "destroy")}

"""The benchmark loop: for each stack and contender, repetitions on a fresh emulator each, every
phase timed, its API calls counted at the emulator and its outcome verified there."""

from __future__ import annotations

import statistics
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from bench import measure, probe
from bench.emulator import Emulator
from bench.stacks import Stack

# what each phase must leave on the emulator: the whole stack, or nothing
_AFTER = {"apply": "all", "plan": "all", "list": "all", "destroy": "none"}
API_GATEWAY = ("apigatewayv2.", "apigateway.")


@dataclass
class PhaseRun:
    seconds: float
    peak_rss_mb: float
    calls: dict[str, int]
    throttled: dict[str, int]
    ok: bool
    problem: str = ""
    refused: dict[str, int] = field(default_factory=dict)  # by an asynchronous state (AWS-like profile)

    @property
    def total_calls(self) -> int:
        return sum(self.calls.values())


@dataclass
class Result:
    stack: str
    n: int
    contender: str
    phase: str
    runs: list[PhaseRun] = field(default_factory=list)
    rate_limited: bool = False

    def summary(self) -> dict:
        seconds = [r.seconds for r in self.runs]
        totals = [r.total_calls for r in self.runs]
        # per-operation counts of the median-time repetition
        middle = sorted(self.runs, key=lambda r: r.seconds)[len(self.runs) // 2]
        return {
            "stack": self.stack, "n": self.n, "contender": self.contender, "phase": self.phase,
            "rate_limited": self.rate_limited, "repetitions": len(self.runs),
            "median_s": statistics.median(seconds), "min_s": min(seconds), "max_s": max(seconds),
            "calls": statistics.median(totals), "calls_by_operation": middle.calls,
            "api_gateway_calls": sum(v for k, v in middle.calls.items() if k.startswith(API_GATEWAY)),
            "throttled": sum(sum(r.throttled.values()) for r in self.runs),
            "refused": sum(sum(r.refused.values()) for r in self.runs),
            "peak_rss_mb": max(r.peak_rss_mb for r in self.runs),
            "verified": all(r.ok for r in self.runs),
            "problems": [r.problem for r in self.runs if r.problem],
            "seconds": seconds,
        }


def log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def _verify(phase: str, command_ok: bool, emulator: Emulator, stack: Stack, run: measure.Run) -> str:
    """'' when the phase did what it claims, checked at the emulator; otherwise what is wrong."""
    if not command_ok:
        lines = [line for line in (run.stderr + run.stdout).splitlines() if line.strip()]
        return f"exit code {run.returncode}: {lines[-1].strip()[:300] if lines else 'no output'}"
    live = probe.live_counts(emulator.url, stack)
    want = probe.expected(stack) if _AFTER[phase] == "all" else {k: 0 for k in probe.expected(stack)}
    wrong = {k: f"{live[k]} instead of {v}" for k, v in want.items() if live[k] != v}
    return f"on the emulator after {phase}: {wrong}" if wrong else ""


def repetition(contender, stack: Stack, rate_limit: bool, phases, results: dict, workdir: Path,
               latency_ms: float = 0, time_scale: float | None = None) -> None:
    with Emulator(rate_limit=rate_limit, log=workdir / "emulator.log", latency_ms=latency_ms,
                  time_scale=time_scale) as emulator:
        probe.warm_up(emulator.url)
        contender.begin(emulator)
        for phase in phases:
            command = contender.command(phase)
            emulator.reset_counts()
            run = measure.run(command.argv, command.env, command.cwd)
            counts = emulator.counts()
            problem = _verify(phase, contender.succeeded(phase, run.returncode, run.stdout), emulator, stack, run)
            result = results.setdefault(phase, Result(stack.label, stack.n, contender.name, phase, rate_limited=rate_limit))
            result.runs.append(PhaseRun(run.seconds, run.peak_rss_mb, counts["calls"], counts["throttled"], not problem, problem,
                                        counts.get("refused", {})))
            log(f"  {contender.name:9} {stack.label:12} {phase:7} {run.seconds:7.2f}s {sum(counts['calls'].values()):5} calls"
                f" {run.peak_rss_mb:6.0f} MB {'ok' if not problem else 'FAILED: ' + problem[:300]}")
            if problem:
                return  # later phases would measure a broken state


def bench_contender(contender, stack: Stack, repetitions: int, rate_limit: bool = False, phases=None,
                    latency_ms: float = 0, time_scale: float | None = None) -> list[Result]:
    """`time_scale` set: the AWS-like profile (quotas and AWS's asynchronous states at that scale)."""
    results: dict[str, Result] = {}
    with tempfile.TemporaryDirectory(prefix=f"bench-{contender.name}-{stack.label}-") as tmp:
        workdir = Path(tmp)
        contender.prepare(stack, workdir / "work")
        for _ in range(repetitions):
            repetition(contender, stack, rate_limit, phases or contender.phases, results, workdir, latency_ms, time_scale)
    return list(results.values())

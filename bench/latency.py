"""http-lambda with a fixed latency added to every call (the issue 17 figures): gc and the floor,
apply, no-op plan and destroy, each phase's median time and call count.

    python -m bench.latency [--latency-ms 60] [--repetitions 3] [--contenders gc,floor]

A focused run (about a minute) for work on round trips, apart from the full `make bench`."""

from __future__ import annotations

import argparse
import statistics

from bench import contenders, stacks
from bench.run import bench_contender, log

CONTENDERS = {"gc": contenders.Gc, "floor": contenders.Floor}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--latency-ms", type=float, default=60)
    parser.add_argument("--repetitions", type=int, default=3)
    parser.add_argument("--contenders", default="gc,floor")
    parser.add_argument("--calls", action="store_true", help="also each phase's calls by operation")
    args = parser.parse_args()
    rows = []
    for name in args.contenders.split(","):
        contender = CONTENDERS[name]()
        contender.phases = tuple(p for p in contender.phases if p != "list")
        for result in bench_contender(contender, stacks.http_lambda(), args.repetitions, latency_ms=args.latency_ms):
            summary = result.summary()
            rows.append((name, summary["phase"], statistics.median(summary["seconds"]), summary["calls"], summary["verified"]))
            if args.calls:
                log(f"  {name} {summary['phase']}: {dict(sorted(summary['calls_by_operation'].items()))}")
    log(f"http-lambda, {args.latency_ms:.0f} ms per call, median of {args.repetitions}:")
    for name, phase, seconds, calls, verified in rows:
        log(f"  {name:6} {phase:8} {seconds:5.2f} s {calls:4.0f} calls {'ok' if verified else 'FAILED'}")


if __name__ == "__main__":
    main()

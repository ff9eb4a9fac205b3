"""http-lambda as on AWS (issue 17): every call 60 ms away, then the whole AWS-like profile
(aws/aws_like.py: quotas answered as AWS does, AWS's asynchronous states at time scale 1).

    python -m bench.aws_profile [--repetitions 3] [--contenders gc,floor] [--calls]

runs the 60 ms part alone (about a minute), for work on round trips; `make bench` runs both parts.
"""

from __future__ import annotations

import argparse

from bench import contenders, stacks
from bench.run import bench_contender, log
from grucloud.aws import aws_like
from grucloud.aws.pacing import AWS_LIMITS, rows_for

LATENCY_MS = 60
# issue 17's targets at 60 ms per call, process start included
TARGETS = {"apply": 0.9, "plan": 0.6, "destroy": 0.9}
PHASES = ("apply", "plan", "destroy")


def _contender(name: str, installation=None):
    made = {"gc": contenders.Gc, "floor": contenders.Floor}[name]() if name != "terraform" else contenders.Terraform(installation)
    made.phases = PHASES
    return made


def latency_run(names: list[str], repetitions: int, installation=None) -> list[dict]:
    return [r.summary() for name in names
            for r in bench_contender(_contender(name, installation), stacks.http_lambda(), repetitions, latency_ms=LATENCY_MS)]


def aws_like_run(names: list[str], installation=None) -> list[dict]:
    """One repetition each at time scale 1 (AWS's own durations). The floor sits out: it has no
    retries, and AWS's states (a role Lambda cannot assume yet) need them."""
    return [r.summary() for name in names
            for r in bench_contender(_contender(name, installation), stacks.http_lambda(), 1, latency_ms=LATENCY_MS, time_scale=1.0)]


def critical_path() -> float:
    """The waits AWS imposes on http-lambda's longest chain (role → function → integration →
    route): the new role not yet assumable, then the function Pending."""
    return aws_like.ROLE_NOT_ASSUMABLE + aws_like.LAMBDA_PENDING


def quota_bound(calls_by_operation: dict[str, int]) -> float:
    """The fewest seconds AWS's quotas allow for these calls: over every row of the table, the
    calls that take from it beyond its burst ÷ its rate; the largest."""
    taken: dict = {}
    for key, n in calls_by_operation.items():
        service, _, operation = key.partition(".")
        for row in rows_for(AWS_LIMITS, service, operation):
            taken[row] = taken.get(row, 0) + n
    return max([max(0, n - AWS_LIMITS[row].burst) / AWS_LIMITS[row].per_second for row, n in taken.items()], default=0.0)


def _find(summaries, contender, phase):
    return next((s for s in summaries if s["contender"] == contender and s["phase"] == phase), None)


def targets(section: dict) -> list[dict]:
    found = []
    for phase, goal in TARGETS.items():
        mine = _find(section["latency"], "gc", phase)
        if mine:
            found.append({"target": f"http-lambda {phase}, {LATENCY_MS} ms per call", "holds": mine["median_s"] <= goal and mine["verified"],
                          "measured": f"{mine['median_s']:.2f} s, {mine['calls']:.0f} calls", "goal": f"≤ {goal} s"})
    mine, theirs = _find(section["aws_like"], "gc", "apply"), _find(section["aws_like"], "terraform", "apply")
    if mine:
        path = critical_path()
        found.append({"target": "http-lambda apply, AWS-like profile", "holds": mine["verified"] and mine["median_s"] <= 1.3 * path,
                      "measured": f"{mine['median_s']:.1f} s = {mine['median_s'] / path:.2f} × the critical path {path:.1f} s",
                      "goal": "≤ 1.3 × critical path"})
    if mine and theirs:
        ratio = theirs["median_s"] / mine["median_s"]
        found.append({"target": "http-lambda apply, AWS-like profile, vs Terraform", "holds": ratio >= 10,
                      "measured": f"Terraform {theirs['median_s']:.1f} s / gc {mine['median_s']:.1f} s = {ratio:.1f} ×", "goal": "≥ 10 × faster"})
    return found


def markdown(section: dict) -> list[str]:
    lines = ["", "## As on AWS: 60 ms per call, then the AWS-like profile (issue 17)", "",
             f"Every request to the emulator waits {LATENCY_MS} ms first (a round trip). Then the whole AWS-like profile",
             "(`src/grucloud/aws/aws_like.py`): the same latency, each service's quota from `aws/pacing.py` answered as",
             "that service answers it, and AWS's asynchronous states at their real durations (time scale 1): a new role",
             f"that Lambda cannot assume for {aws_like.ROLE_NOT_ASSUMABLE:.0f} s, a function Pending for {aws_like.LAMBDA_PENDING:.0f} s "
             f"and InProgress for {aws_like.LAMBDA_UPDATING:.0f} s after an update, a VPC link PENDING for "
             f"{aws_like.VPC_LINK_PENDING:.0f} s. gc runs paced as on AWS there;",
             "the floor sits out (no retries). Figures for http-lambda, process start included.", "",
             "| target | holds | measured | goal |", "|---|---|---|---|"]
    lines += [f"| {t['target']} | {'yes' if t['holds'] else '**no**'} | {t['measured']} | {t['goal']} |" for t in section["targets"]]
    lines += ["", "| profile | phase | contender | median s | runs | API calls | refused by AWS's states | throttled | verified |",
              "|---|---|---|---|---|---|---|---|---|"]
    for label, key in ((f"{LATENCY_MS} ms", "latency"), ("AWS-like", "aws_like")):
        for s in section[key]:
            lines.append(f"| {label} | {s['phase']} | {s['contender']} | {s['median_s']:.2f} | {s['repetitions']} | {s['calls']:.0f} "
                         f"| {s.get('refused', 0)} | {s['throttled']} | {'yes' if s['verified'] else '**no**'} |")
    return lines


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repetitions", type=int, default=3)
    parser.add_argument("--contenders", default="gc,floor")
    parser.add_argument("--calls", action="store_true", help="also each phase's calls by operation")
    args = parser.parse_args()
    summaries = latency_run(args.contenders.split(","), args.repetitions)
    log(f"http-lambda, {LATENCY_MS} ms per call, median of {args.repetitions}:")
    for s in summaries:
        log(f"  {s['contender']:6} {s['phase']:8} {s['median_s']:5.2f} s {s['calls']:4.0f} calls {'ok' if s['verified'] else 'FAILED'}")
        if args.calls:
            log(f"    {dict(sorted(s['calls_by_operation'].items()))}")


if __name__ == "__main__":
    main()

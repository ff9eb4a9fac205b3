"""EventBridge rules whose targets are Lambda functions: moto delivers events to logs, SQS and
other buses, and refuses Lambda targets (it would run them in Docker). The emulator invokes
them itself, asynchronously as EventBridge does, when the function's resource policy lets
events.amazonaws.com invoke it for the rule."""

from __future__ import annotations

import copy
import sys
import threading


def _deliver(runner_of, rule, event: dict, target: dict) -> None:
    from grucloud.local.dataplane import permission, world

    region, name = world.function_name_of(target["Arn"])
    function = world.find_function(region or rule.region_name, name)
    if function is None:
        print(f"events rule {rule.name}: no function {name!r} for target {target.get('Id')}", file=sys.stderr, flush=True)
        return
    refused = permission.check(function.region, function.name, rule.arn, principal="events.amazonaws.com")
    if refused:
        print(f"events rule {rule.name}: {refused}", file=sys.stderr, flush=True)
        return
    runner_of().invoke(function, event)


def install(runner_of) -> None:
    """Patch moto's rules once: Lambda targets go to `runner_of()`'s functions, the others to moto."""
    from moto.events.models import Rule

    if getattr(Rule.send_to_targets, "gc_lambda_targets", False):
        return
    deliver_to_moto = Rule.send_to_targets

    def send_to_targets(self, original_event, transform_input: bool = True):
        if not self.event_pattern.matches_event(original_event):
            return
        lambdas = [t for t in self.targets if t["Arn"].split(":")[2:3] == ["lambda"]]
        if lambdas:
            for target in lambdas:
                event = copy.deepcopy(original_event)
                threading.Thread(target=_deliver, args=(runner_of, self, event, target), daemon=True).start()
            others = copy.copy(self)
            others.targets = [t for t in self.targets if t not in lambdas]
            return deliver_to_moto(others, original_event, transform_input)
        return deliver_to_moto(self, original_event, transform_input)

    send_to_targets.gc_lambda_targets = True
    Rule.send_to_targets = send_to_targets

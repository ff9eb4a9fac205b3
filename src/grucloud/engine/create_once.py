"""Create each resource once, even when AWS's answer is lost.

A create whose answer did not arrive (a dropped connection, a timeout, a 5xx) may have been
carried out; one refused as "already exists" may be ours, made by such an attempt. Either way gc
lists the type again and looks for the resource by its name and ownership, exactly as the next
plan would: if it is there and ours, it is taken as created (and updated where it differs from
what was declared); if not, an unanswered create is sent again. So nothing is made twice, even for
types whose names AWS does not keep unique (an API Gateway API), and nothing is left behind.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import TypeVar

from grucloud.aws import calls, resources
from grucloud.aws.calls import CallFailed
from grucloud.aws.clients import Target
from grucloud.aws.spec import Live, ResourceSpec
from grucloud.engine.diff import diff
from grucloud.engine.inventory import discover

log = logging.getLogger(__name__)
T = TypeVar("T")


class AlreadyExists(Exception):
    """AWS refused a create because a resource of that name exists, and it is not ours."""


def create_once(spec: ResourceSpec, target: Target, want: dict, ctx, name: str, project: str, stage: str) -> Live:
    """resources.create, made safe against lost answers and earlier half-done attempts."""
    return _once(spec, target, name, project, stage, lambda: resources.create(spec, target, want, ctx),
                 lambda found: _converge(spec, target, want, found))


def send_once(spec: ResourceSpec, target: Target, want: dict, ctx, name: str, project: str, stage: str) -> Callable[[dict], Live]:
    """The create call alone, made as safe as create_once, for a resource whose desired state is
    not whole yet (a role whose new policies are made in the same run): returns what completes
    it, given the whole desired state."""
    live, sent = _once(spec, target, name, project, stage, lambda: (resources.send_create(spec, target, want, ctx), True),
                       lambda found: (found, False))

    def complete(whole: dict) -> Live:
        if not sent:  # found made by an earlier attempt: made to match, as create_once does
            return _converge(spec, target, whole, live)
        return _once(spec, target, name, project, stage, lambda: resources.complete_create(spec, target, whole, live),
                     lambda found: _converge(spec, target, whole, found))

    return complete


def _once(spec: ResourceSpec, target: Target, name: str, project: str, stage: str, attempt: Callable[[], T],
          taken: Callable[[Live], T]) -> T:
    """`attempt()`; when its answer is lost or AWS says the resource exists, `taken(live)` of
    ours found live, else `attempt()` again (an unanswered one only)."""
    for tries in range(1, calls.MAX_ATTEMPTS + 1):
        try:
            return attempt()
        except CallFailed as error:
            if not (error.unanswered or error.already_exists):
                raise
            found = find_ours(spec, target, name, project, stage)
            if found is not None:
                log.info("%s %s: %s; found it live and ours, taking it as created", spec.key, name, error)
                return taken(found)
            if error.already_exists:
                raise AlreadyExists(
                    f"{spec.key} {name}: AWS says it already exists ({calls.error_code(error.error)}), but no {spec.key} "
                    f"of that name is managed by gc for this project and stage: `gc apply --adopt` takes it over, "
                    "or rename it in resources.py, or delete it outside gc"
                ) from error
            if tries == calls.MAX_ATTEMPTS:
                raise
            log.info("%s %s: %s; not found live, sending the create again", spec.key, name, error)
            calls.sleep(calls.backoff(tries))
    raise AssertionError("unreachable")


def find_ours(spec: ResourceSpec, target: Target, name: str, project: str, stage: str) -> Live | None:
    """The live data of our resource of this type and name, listed the way a plan lists it."""
    inventory = discover(target, [spec], project, stage)
    return next((r.live for r in inventory.resources if r.key == (spec.key, name) and r.ours), None)


def _converge(spec: ResourceSpec, target: Target, want: dict, live: Live) -> Live:
    """What an interrupted create left undone (a role's policies, tags set after create)."""
    changed = [c.path for c in diff(spec, want, live)]
    if changed:
        resources.update(spec, target, want, live, changed)
    return live

"""Which types a plan lists. Every type that may hold a resource of ours must be listed, since a
resource removed from resources.py shows as a delete; but where AWS's tagging API reports a type
(its spec's bulk_type), one call tells whether there is any of ours, instead of a list per type.

`gc destroy` does not take this shortcut: it lists every type, trusting no index.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field

from grucloud.aws import tagging
from grucloud.aws.calls import CallFailed, EmulatorGap, error_code
from grucloud.aws.clients import Target
from grucloud.aws.spec import ResourceSpec
from grucloud.aws.specs import REGISTRY
from grucloud.program.loader import Project

log = logging.getLogger(__name__)


@dataclass
class Scope:
    """The types a plan may list, and which of them it does list: `lists` waits for the tagging
    API's answer only for the types that answer decides, so the declared types are listed
    meanwhile (one round trip fewer)."""

    specs: list[ResourceSpec]
    lists: Callable[[ResourceSpec], bool]
    # not listed before the plan: each parent's delete reads its own (spec.read_at_parent_delete)
    read_at_delete: list[ResourceSpec] = field(default_factory=list)


def destroy_scope(whole: bool) -> Scope:
    """Every type that may be deleted: a destroy trusts no index. A read-only type is never
    deleted: listed only when a listed resource is named after one (discovery adds it). In a
    whole destroy (no -t, no -n), the children read one call per parent that go with their
    parent are read by its delete instead."""
    later = [s for s in REGISTRY.values() if whole and s.read_at_parent_delete]
    later_keys = {s.key for s in later}
    return Scope([s for s in REGISTRY.values() if not s.read_only], lambda spec: spec.key not in later_keys, later)


def plan_scope(target: Target, project: Project) -> Scope:
    """The declared types, the types they depend on (an AWS default such as the default VPC),
    and every other type that may hold ours. Read-only types are never ours: listed only when
    declared or depended on. Discovery adds the parents and the types that name others."""
    needed = {d.spec.key for d in project.declarations}
    needed |= {d.spec.dependencies[key].type for d in project.declarations for key, _ in d.dependency_names()}
    others = [s for s in REGISTRY.values() if s.key not in needed and not s.read_only]
    bulk_types = {s.tagging.bulk_type for s in others if s.tagging and s.tagging.bulk_type}
    pool = ThreadPoolExecutor(max_workers=1)
    answer = pool.submit(_types_with_ours, target, project, bulk_types)
    pool.shutdown(wait=False)  # the call runs on while the declared types are listed
    candidates = needed | {s.key for s in others}
    # children found by their own tags, which may be ours under a parent that is not (a rule
    # of ours on the default event bus): their parent is listed when they may hold ours
    reported_children: dict[str, list[ResourceSpec]] = {}
    for child in REGISTRY.values():
        if child.parent and child.tagging and child.tagging.bulk_type:
            reported_children.setdefault(child.parent[1].type, []).append(child)

    def may_hold_ours(spec: ResourceSpec) -> bool:
        if spec.key in needed or spec.key not in candidates:  # declared, or added by discovery for one
            return True
        if any(may_hold_ours(child) for child in reported_children.get(spec.key, [])):
            return True
        if spec.tagging and spec.tagging.bulk_type:
            return spec.tagging.bulk_type in answer.result()
        if spec.tagging is None and spec.parent:  # ours through its parent (a route through its table)
            return may_hold_ours(REGISTRY[spec.parent[1].type])
        return True

    return Scope([REGISTRY[key] for key in needed] + others, may_hold_ours)


def plan_types(target: Target, project: Project) -> list[ResourceSpec]:
    """The types a plan lists, once the tagging API has answered."""
    scope = plan_scope(target, project)
    return [spec for spec in scope.specs if scope.lists(spec)]


def _types_with_ours(target: Target, project: Project, bulk_types: set[str]) -> set[str]:
    try:
        return tagging.types_with_ours(target, project.name, project.stage, bulk_types)
    except EmulatorGap:
        return bulk_types
    except CallFailed as error:
        if error_code(error.error) not in ("AccessDeniedException", "AccessDenied"):
            raise
        log.info("no tag:GetResources permission: every type is listed")
        return bulk_types

"""build_plan: a pure function from (declarations, live inventory) to the changes to make."""

from __future__ import annotations

import graphlib
from dataclasses import dataclass, field
from typing import Any

from grucloud.aws.spec import ResourceSpec, get_path
from grucloud.engine import desired as desired_state
from grucloud.engine.diff import Action, PathChange, action_for, diff
from grucloud.engine.inventory import Inventory, LiveResource
from grucloud.program.context import Unknown
from grucloud.program.declaration import Declaration, suggest
from grucloud.program.loader import Project

Key = tuple[str, str]


@dataclass
class Change:
    action: Action
    spec: ResourceSpec
    name: str
    declaration: Declaration | None = None
    live: LiveResource | None = None
    changes: list[PathChange] = field(default_factory=list)
    forcing: list[str] = field(default_factory=list)  # create-only paths forcing a replace
    desired: dict | None = None
    problem: str | None = None  # why this resource cannot be changed as declared
    adopted: bool = False  # made outside gc, taken over by this plan (--adopt)

    @property
    def key(self) -> Key:
        return (self.spec.key, self.name)


@dataclass
class Plan:
    changes: list[Change]
    # every live resource by key: what a change reads from resources it does not change (an
    # AWS default, such as the default event bus, that a declaration depends on by name)
    inventory: dict[Key, LiveResource] = field(default_factory=dict)

    @property
    def actions(self) -> list[Change]:
        return [c for c in self.changes if c.action is not Action.NOOP]

    @property
    def problems(self) -> list[Change]:
        return [c for c in self.changes if c.problem]

    def count(self, action: Action) -> int:
        return sum(1 for c in self.changes if c.action is action)


def declaration_graph(declarations: list[Declaration]) -> dict[Key, set[Key]]:
    """Each declared resource -> the declared resources it depends on."""
    declared = {d.key for d in declarations}
    graph: dict[Key, set[Key]] = {}
    for declaration in declarations:
        deps = set()
        for key, name in declaration.dependency_names():
            dep_key = (declaration.spec.dependencies[key].type, name)
            if dep_key in declared:
                deps.add(dep_key)
        graph[declaration.key] = deps
    return graph


def default_path(spec: ResourceSpec) -> str:
    """What `get_id` returns without a path: the resource's own id."""
    return list(spec.identity.values())[-1]


def live_value(live: dict, path: Any) -> Any:
    if callable(path):
        try:
            return path(live)
        except (KeyError, TypeError):
            return None
    return get_path(live, path)


def build_plan(project: Project, inventory: Inventory, destroy: bool = False,
               keep=lambda spec, name: True, foreign: bool = False, adopt: bool = False) -> Plan:
    """Create/update/replace/no change for each declaration; delete for ours not declared.

    With `destroy`, every resource of ours (that `keep` accepts) is deleted instead, and with
    `foreign` too, also those that are not ours. With `adopt`, a declared resource made
    outside gc is taken over: updated to match (gc tags added), never replaced.
    """
    lives = inventory.by_key()
    changes: list[Change] = []
    if not destroy:
        changes = _declared_changes(project, lives, adopt)
    declared = {c.key for c in changes}
    for resource in inventory.resources:
        if resource.default:
            continue  # AWS made it and keeps it: never ours to delete, even with --all
        if resource.spec.read_only:
            continue  # never deleted, not even with --all (a registered domain)
        if (resource.ours or (destroy and foreign)) and resource.key not in declared and keep(resource.spec, resource.name):
            changes.append(Change(Action.DELETE, resource.spec, resource.name, live=resource))
    return Plan(changes, lives)


def _declared_changes(project: Project, lives: dict[Key, LiveResource], adopt: bool) -> list[Change]:
    by_key = {d.key: d for d in project.declarations}
    planned: dict[Key, Change] = {}

    def lookup(type_key: str, name: str, path: Any) -> Any:
        change = planned.get((type_key, name))
        live = lives.get((type_key, name))
        if live is None or (change and change.action in (Action.CREATE, Action.REPLACE)):
            return Unknown(f"{type_key} {name}")
        return live_value(live.live, path or default_path(live.spec))

    order = graphlib.TopologicalSorter(declaration_graph(project.declarations)).static_order()
    for key in order:
        declaration = by_key[key]
        live = lives.get(key)
        ctx = desired_state.context_for(declaration, project.config, project.directory, lookup)
        want = desired_state.resolve(declaration, ctx, project.name, project.stage, lookup)
        change = Change(Action.CREATE, declaration.spec, declaration.name, declaration, live, desired=want)
        adopting = live is not None and not live.ours and adopt and not live.managed_elsewhere
        if live is not None and not live.ours and not declaration.read_only and not adopting:
            change.action = Action.NOOP
            change.problem = _not_ours(live)
        elif declaration.read_only:
            change.action = Action.NOOP
            if live is None:
                change.problem = (
                    "is read-only (gc looks it up, never creates it) and was not found in this account and region; "
                    "create it outside gc (a domain: register it), or remove it and what depends on it from resources.py"
                )
        else:
            change.changes = diff(declaration.spec, want, live.live) if live else []
            change.action, change.forcing = action_for(declaration.spec, live.live if live else None, change.changes)
            if live is not None and _parent_replaced(declaration, planned):
                # AWS deletes children with their parent: they are made again under the new one
                change.action = Action.REPLACE
                change.forcing = [declaration.spec.parent[1].fills or declaration.spec.parent[0]]
        if adopting and not declaration.read_only:
            change.adopted = True
            if change.action is Action.REPLACE:
                change.action = Action.NOOP
                change.problem = (f"cannot be adopted: {', '.join(change.forcing)} cannot change in place and differs "
                                  "from what is live; set it in resources.py as it is live")
        missing = _missing_dependency(declaration, by_key, lives)
        if missing and not change.problem:
            change.action, change.problem = Action.NOOP, missing
        planned[key] = change
    return [planned[d.key] for d in project.declarations]


def _not_ours(live: LiveResource) -> str:
    if live.managed_elsewhere:
        return ("exists and is managed by gc for another project or stage (see its gc-* tags); "
                "rename it here, or remove it from resources.py")
    return ("exists but is not managed by gc (no gc tags for this project and stage): "
            "`gc apply --adopt` takes it over, or rename it, or delete it outside gc")


def _missing_dependency(declaration: Declaration, by_key: dict, lives: dict[Key, LiveResource]) -> str | None:
    """A dependency named but not declared must be live (an AWS default, or what a read-only
    declaration points at); validation let it through, only AWS can tell whether it exists."""
    for key, name in declaration.dependency_names():
        dep_key = (declaration.spec.dependencies[key].type, name)
        if dep_key not in by_key and dep_key not in lives:
            known = [n for t, n in [*by_key, *lives] if t == dep_key[0]]
            return (f"depends on {dep_key[0]} {name!r} (dependencies.{key}), which is neither in resources.py "
                    f"nor live{suggest(name, known)}; declare it or fix the name")
    return None


def _parent_replaced(declaration: Declaration, planned: dict[Key, Change]) -> bool:
    parent = declaration.spec.parent
    if parent is None:
        return False
    key, dependency = parent
    change = planned.get((dependency.type, declaration.dependencies.get(key)))
    return change is not None and change.action is Action.REPLACE

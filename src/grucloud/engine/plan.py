"""build_plan: a pure function from (declarations, live inventory) to the changes to make."""

from __future__ import annotations

import graphlib
from dataclasses import dataclass, field
from typing import Any

from grucloud.aws.declarable import NO_WAY
from grucloud.aws.spec import ResourceSpec, get_path
from grucloud.engine import desired as desired_state
from grucloud.engine.diff import Action, PathChange, action_for, diff
from grucloud.engine.inventory import Inventory, LiveResource
from grucloud.program.declaration import Declaration, suggest
from grucloud.program.loader import Project
from grucloud.unknown import Unknown

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
    reason: str = ""  # why this action (as Terraform's ActionReason)
    adopted: bool = False  # made outside gc, taken over by this plan (--adopt)
    # read-only, made by AWS with its parent, which this plan makes: looked up once it is made
    after_parent: bool = False
    # the parent whose own delete removes this resource too (spec.deleted_with_parent): no call
    # of its own is sent to delete it
    with_parent: Key | None = None

    @property
    def key(self) -> Key:
        return (self.spec.key, self.name)


@dataclass
class Plan:
    changes: list[Change]
    # every live resource by key: what a change reads from resources it does not change (an
    # AWS default, such as the default event bus, that a declaration depends on by name)
    inventory: dict[Key, LiveResource] = field(default_factory=dict)
    # child types not listed for this plan: each parent's delete reads its own just before it
    # (scope.destroy_scope); they go with it, reported as they go
    read_at_delete: list[ResourceSpec] = field(default_factory=list)

    @property
    def actions(self) -> list[Change]:
        return [c for c in self.changes if c.action is not Action.NOOP]

    @property
    def problems(self) -> list[Change]:
        return [c for c in self.changes if c.problem]

    def count(self, action: Action) -> int:
        """How many changes take `action`; a problem is no action, not a no-op."""
        return sum(1 for c in self.changes if c.action is action and not c.problem)


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
        graph[declaration.key] = deps | (declaration.reads & declared)
    return graph


def live_value(live: dict, path: Any) -> Any:
    if callable(path):
        try:
            return path(live)
        except (KeyError, TypeError):
            return None
    return get_path(live, path)


def build_plan(project: Project, inventory: Inventory, destroy: bool = False,
               keep=lambda spec, name: True, foreign: bool = False, adopt: bool = False,
               read_at_delete: list[ResourceSpec] = ()) -> Plan:
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
    keys = set(declared)
    for resource in inventory.resources:
        if resource.default:
            continue  # AWS made it and keeps it: never ours to delete, even with --all
        if resource.spec.read_only:
            continue  # never deleted, not even with --all (a registered domain)
        if not (resource.ours or (destroy and foreign)) or not keep(resource.spec, resource.name):
            continue
        if resource.key in declared and lives.get(resource.key) is resource:
            continue  # the one the declaration matches
        reason = "destroy" if destroy else "not in resources.py"
        name = resource.name
        if resource.key in keys:
            # several live resources of ours share one name: each is its own change
            name, reason = f"{resource.name} ({resource.id})", reason if destroy else "another live resource of ours has this name"
        keys.add((resource.spec.key, name))
        changes.append(Change(Action.DELETE, resource.spec, name, live=resource, reason=reason))
    _going_with_parents(changes)
    return Plan(changes, lives, list(read_at_delete))


def _going_with_parents(changes: list[Change]) -> None:
    """A child that AWS deletes with its parent, when the parent is deleted too, is deleted by
    the parent's call: the plan still lists it, marked so."""
    deleted = {id(c.live): c for c in changes if c.action is Action.DELETE and c.live is not None}
    for change in changes:
        parent = deleted.get(id(change.live.parent)) if change.live is not None and change.live.parent else None
        if change.action is Action.DELETE and change.spec.deleted_with_parent and parent is not None:
            change.with_parent = parent.key
            change.reason += f"; deleted by AWS with its parent {parent.spec.key} {parent.name}"


@dataclass
class Situation:
    """What the rules decide from, for one declared resource."""

    declaration: Declaration
    live: LiveResource | None
    want: dict
    adopt: bool
    by_key: dict[Key, Declaration]
    lives: dict[Key, LiveResource]
    planned: dict[Key, Change]

    @property
    def adopting(self) -> bool:
        live = self.live
        return live is not None and not live.ours and self.adopt and not live.managed_elsewhere


def _declared_changes(project: Project, lives: dict[Key, LiveResource], adopt: bool) -> list[Change]:
    by_key = {d.key: d for d in project.declarations}
    planned: dict[Key, Change] = {}

    def lookup(type_key: str, name: str, path: Any) -> Any:
        change = planned.get((type_key, name))
        live = lives.get((type_key, name))
        if live is None or (change and change.action in (Action.CREATE, Action.REPLACE)):
            return Unknown(f"{type_key} {name}")
        return live_value(live.live, path or live.spec.id_path)

    order = graphlib.TopologicalSorter(declaration_graph(project.declarations)).static_order()
    for key in order:
        declaration = by_key[key]
        want, _ = desired_state.resolve(declaration, project, lookup)
        situation = Situation(declaration, lives.get(key), want, adopt, by_key, lives, planned)
        planned[key] = decide(situation)
    return [planned[d.key] for d in project.declarations]


def decide(s: Situation) -> Change:
    """The first rule that applies decides; then the amending rules, in order, may turn the
    decision into a replacement or a problem. Each rule is a small function of the situation."""
    change = Change(Action.CREATE, s.declaration.spec, s.declaration.name, s.declaration, s.live, desired=s.want)
    for rule in DECIDING:
        if rule(s, change):
            break
    for rule in AMENDING:
        rule(s, change)
    return change


def _problem(change: Change, problem: str) -> bool:
    change.action, change.problem, change.reason = Action.NOOP, problem, "cannot be planned"
    return True


def rule_not_ours(s: Situation, change: Change) -> bool:
    """Live, not ours, not adopted: never touched."""
    if s.live is not None and not s.live.ours and not s.declaration.read_only and not s.adopting:
        return _problem(change, _not_ours(s.live))
    return False


def rule_read_only(s: Situation, change: Change) -> bool:
    """A read-only declaration is looked up, never changed; missing, it is a problem."""
    if not s.declaration.read_only:
        return False
    if s.live is None and _made_with_parent(s):
        change.action, change.after_parent = Action.NOOP, True
        change.reason = "read-only, made by AWS with its parent: looked up once that is made"
        return True
    if s.live is None:
        return _problem(change, (
            "is read-only (gc looks it up, never creates it) and was not found in this account and region; "
            "create it outside gc (a domain: register it), or remove it and what depends on it from resources.py"
        ))
    change.action, change.reason = Action.NOOP, "read-only: looked up, never changed"
    return True


def _made_with_parent(s: Situation) -> bool:
    spec = s.declaration.spec
    if spec.made_with_parent is None or spec.parent is None:
        return False
    key, dependency = spec.parent
    parent = s.planned.get((dependency.type, s.declaration.dependencies.get(key)))
    return (parent is not None and parent.action in (Action.CREATE, Action.REPLACE)
            and bool(spec.made_with_parent(parent.desired or {}, s.want)))


def rule_missing_dependency(s: Situation, change: Change) -> bool:
    missing = _missing_dependency(s.declaration, s.by_key, s.lives)
    return _problem(change, missing) if missing else False


def rule_not_live(s: Situation, change: Change) -> bool:
    if s.live is None:
        change.action, change.reason = Action.CREATE, "not live"
        return True
    return False


def rule_compare(s: Situation, change: Change) -> bool:
    """Live: the declaration plus defaults against what is live."""
    change.changes = diff(s.declaration.spec, s.want, s.live.live)
    change.action, change.forcing = action_for(s.declaration.spec, s.live.live, change.changes)
    change.reason = _reason(change)
    return True


def _reason(change: Change) -> str:
    if change.action is Action.NOOP:
        return "matches resources.py"
    if change.action is Action.REPLACE:
        return f"{', '.join(change.forcing)} cannot change in place"
    removed = [c.path for c in change.changes if c.removed]
    differ = [c.path for c in change.changes if not c.removed]
    parts = ([f"differs from resources.py: {', '.join(differ)}"] if differ else []) + \
        ([f"removed from resources.py, back to AWS's default: {', '.join(removed)}"] if removed else [])
    return "; ".join(parts)


def rule_parent_replaced(s: Situation, change: Change) -> None:
    """AWS deletes children with their parent: they are made again under the new one."""
    if s.live is not None and not change.problem and _parent_replaced(s.declaration, s.planned):
        change.action = Action.REPLACE
        change.forcing = [s.declaration.spec.parent[1].fills or s.declaration.spec.parent[0]]
        change.reason = "its parent is replaced"
        if s.declaration.spec.deleted_with_parent:  # the parent's delete takes the old one
            key, dependency = s.declaration.spec.parent
            change.with_parent = (dependency.type, s.declaration.dependencies.get(key))


def rule_cannot_unset(s: Situation, change: Change) -> None:
    """A member removed from resources.py that AWS has no way to put back."""
    stuck = [c.path for c in change.changes if c.removed and c.new is NO_WAY]
    if stuck and not change.problem and change.action is Action.UPDATE:
        _problem(change, f"{', '.join(stuck)} was removed from resources.py, but AWS cannot unset it in place; "
                         "declare the value it should have")


def rule_adopted(s: Situation, change: Change) -> None:
    """Adopting takes over in place, never by a replacement."""
    if not s.adopting or s.declaration.read_only:
        return
    change.adopted = True
    if change.action is Action.REPLACE:
        _problem(change, f"cannot be adopted: {', '.join(change.forcing)} cannot change in place and differs "
                         "from what is live; set it in resources.py as it is live")


DECIDING = (rule_not_ours, rule_read_only, rule_missing_dependency, rule_not_live, rule_compare)
AMENDING = (rule_parent_replaced, rule_cannot_unset, rule_adopted)


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

"""Carry out a plan: the walker runs each change once its dependencies are done.

Desired states are resolved again at execution time, when the ids of resources created
earlier in the same run are known.
"""

from __future__ import annotations

import copy
import graphlib
from collections.abc import Callable

from grucloud.aws import resources
from grucloud.aws.clients import Target
from grucloud.aws.spec import get_path
from grucloud.aws.specs import REGISTRY
from grucloud.engine import desired as desired_state
from grucloud.engine.create_once import create_once, send_once
from grucloud.engine.diff import Action, diff
from grucloud.engine.events import Event, Listener, ignore
from grucloud.engine.inventory import children_under
from grucloud.engine.plan import Key, Plan, live_value
from grucloud.engine.walker import Released, Unfinished, WalkResult, walk
from grucloud.program.loader import Project
from grucloud.unknown import Unknown, has_unknown


def _unknowns(value, path: str = "") -> list[str]:
    """Each field of a desired state still unknown, and what it stands for ("Type name path")."""
    if isinstance(value, Unknown):
        return [f"{path} ({value.what})" if path else value.what]
    if isinstance(value, dict):
        return [what for key, item in value.items() for what in _unknowns(item, f"{path}.{key}" if path else str(key))]
    if isinstance(value, list):
        return [what for i, item in enumerate(value) for what in _unknowns(item, f"{path}[{i}]")]
    if has_unknown(value):  # an Unknown written into a string (an f-string of ctx.get_id)
        return [f"{path} (a ctx.get_id value written into a string)"]
    return []


class UnresolvedValue(Exception):
    """A value a resource needs is still unknown (its dependency was not created)."""


def _steps(plan: Plan) -> list:
    """What runs: the plan's actions, and the look-ups of what AWS makes with a parent made here."""
    return [c for c in plan.changes if c.action is not Action.NOOP or c.after_parent]


def execution_graph(plan: Plan, cascades: bool = True) -> dict[Key, set[Key]]:
    """Creates and updates after their dependencies; deletes before what they depend on, where
    AWS refuses the other order (Dependency.blocks_delete). A
    child deleted with its parent (Change.with_parent) is done when its parent's delete is:
    what waits for it waits for the parent's delete."""
    by_key = {c.key: c for c in _steps(plan)}
    graph: dict[Key, set[Key]] = {key: set() for key in by_key}
    for change in by_key.values():
        if change.action is Action.DELETE:
            cascaded = cascades and change.with_parent in by_key
            if cascaded:
                graph[change.key].add(change.with_parent)
            for dep_key, names in change.live.dependencies.items():
                if not change.spec.dependencies[dep_key].blocks_delete:
                    continue
                dep_type = change.spec.dependencies[dep_key].type
                for name in names:
                    dependency = by_key.get((dep_type, name))
                    if cascaded and dependency is not None and dependency.key == change.with_parent:
                        continue
                    if dependency and dependency.action in (Action.DELETE, Action.REPLACE):
                        graph[dependency.key].add(change.key)
        else:
            needed = [(change.spec.dependencies[k].type, n) for k, n in change.declaration.dependency_names()]
            for dependency in [*needed, *change.declaration.reads]:  # ctx.get_id reads order it too
                if dependency in by_key and by_key[dependency].action is not Action.DELETE:
                    graph[change.key].add(dependency)
    return graph


def late_inputs(plan: Plan) -> dict[Key, set[Key]]:
    """For each resource to be made, what is made or changed in the same run that only its
    after_create needs (Dependency.late: a role's new policies): the create call is sent without
    waiting for them, the rest of the create waits (walker.Unfinished)."""
    by_key = {c.key: c for c in _steps(plan)}
    late: dict[Key, set[Key]] = {}
    for change in by_key.values():
        if change.action not in (Action.CREATE, Action.REPLACE) or change.after_parent:
            continue
        named = [(change.spec.dependencies[k], (change.spec.dependencies[k].type, n)) for k, n in change.declaration.dependency_names()]
        early = {key for dependency, key in named if not dependency.late} | set(change.declaration.reads)
        found = {key for dependency, key in named if dependency.late and key not in early
                 and key in by_key and by_key[key].action is not Action.DELETE}
        if found:
            late[change.key] = found
    return late


def _without_late(spec, desired: dict) -> dict:
    """The desired state without what late dependencies fill: what the create call is sent from."""
    sent = copy.deepcopy(desired)
    for dependency in spec.dependencies.values():
        if dependency.late and dependency.fills:
            *parents, last = dependency.fills.split(".")
            holder = get_path(sent, ".".join(parents)) if parents else sent
            if isinstance(holder, dict):
                holder.pop(last, None)
    return sent


def execute(
    plan: Plan,
    project: Project,
    target: Target,
    parallelism: int = 10,
    on_event: Listener = ignore,
    should_stop: Callable[[], bool] = lambda: False,
) -> WalkResult:
    changes = {c.key: c for c in _steps(plan)}
    # live data by key, updated as resources are created, for the ids dependents need
    lives: dict[Key, dict] = {key: resource.live for key, resource in plan.inventory.items()}
    lives.update({c.key: c.live.live for c in plan.changes if c.live is not None})
    gone: set[Key] = set()
    taken: dict[Key, dict] = {}  # children read by their parent's delete, which took them

    def lookup(type_key, name, path):
        live = lives.get((type_key, name))
        if live is None or (type_key, name) in gone:
            return Unknown(f"{type_key} {name}")
        value = live_value(live, path or REGISTRY[type_key].id_path)
        return Unknown(f"{type_key} {name} {getattr(path, '__name__', path)}") if value is None else value

    def run(key: Key):
        change = changes[key]
        spec = change.spec
        if change.action is Action.DELETE:
            if change.with_parent in changes:  # its parent's delete took it
                gone.add(key)
                return None

            def delete(unlinked: bool = False) -> None:
                _delete_with_children(change, plan.read_at_delete, target, taken, on_event, unlinked)
                gone.add(key)

            if not spec.unlink:
                return delete()
            spec.unlink(target, change.live.live)  # what waits for this delete may go now
            return Released(lambda: delete(unlinked=True))
        if change.after_parent:
            lives[key] = _made_with_parent(change, lives, target)
            return lives[key]
        want, ctx = desired_state.resolve(change.declaration, project, lookup)
        if key in late:
            want = _without_late(spec, want)  # what they fill is known once they are made
        _check_known(change, want)
        if change.action is Action.UPDATE:
            now = diff(spec, want, change.live.live)
            changed = [c.path for c in now]
            # A path unknown at plan time is filled by a resource (re)created in this run; its
            # value may come out the same while the link was lost (a replaced policy is
            # detached from its roles), so it is applied again.
            changed += [c.path for c in change.changes if has_unknown(c.new) and c.path not in changed]
            resources.update(spec, target, want, change.live.live, changed, [c for c in now if c.removed])
            lives[key] = _merged(change.live.live, want)
            return lives[key]
        if change.action is Action.REPLACE and change.with_parent not in changes:
            resources.delete(spec, target, change.live.live)
        if key not in late:
            lives[key] = create_once(spec, target, want, ctx, change.name, project.name, project.stage)
            return lives[key]
        complete = send_once(spec, target, want, ctx, change.name, project.name, project.stage)

        def rest():
            whole, _ = desired_state.resolve(change.declaration, project, lookup)
            _check_known(change, whole)
            lives[key] = complete(whole)
            return lives[key]

        return Unfinished(frozenset(late[key]), rest)

    graph = execution_graph(plan)  # late inputs included: no resource waits for what waits for it
    try:
        graphlib.TopologicalSorter(graph).prepare()
    except graphlib.CycleError:
        # a dependency between a child and its parent's other dependents that orders the
        # parent's delete after the child's: each child is deleted by its own call
        graph = execution_graph(plan, cascades=False)
        for change in changes.values():
            change.with_parent = None
    late = late_inputs(plan)
    graph = {key: needed - late.get(key, set()) for key, needed in graph.items()}

    def wait_before(key: Key) -> float:
        """How long the change's first call would wait for its service's quota (aws/pacing.py)."""
        change = changes[key]
        spec = change.spec
        call = {Action.DELETE: spec.delete, Action.UPDATE: spec.update}.get(change.action, spec.create)
        return target.pacer.wait_estimate(spec.service, call if isinstance(call, str) else "")

    # unpaced (the emulator): every change can go at once, and there is nothing to choose by
    result = walk(graph, run, parallelism, on_event, should_stop, wait_before if target.pacer.paces else None)
    result.taken = taken
    return result


def _delete_with_children(change, read_at_delete: list, target: Target, taken: dict, on_event: Listener,
                          unlinked: bool = False) -> None:
    """The delete of `change`, after reading its children that the plan did not list and that
    AWS deletes with it (plan.read_at_delete): each is then reported taken, with its parent."""
    kinds = [spec for spec in read_at_delete if spec.parent[1].type == change.spec.key]
    children = [child for spec in kinds for child in children_under(spec, target, change.live)]
    resources.delete(change.spec, target, change.live.live, unlinked)
    for child in children:
        taken[child.key] = child.live
        on_event(Event("taken", child.key, f"{change.spec.key} {change.name}"))


def _check_known(change, want: dict) -> None:
    if has_unknown(want):
        missing = ", ".join(sorted(set(_unknowns(want)))) or "a value"
        raise UnresolvedValue(f"{change.spec.key} {change.name}: no value for {missing} (a dependency was not created, "
                              "or AWS did not return the value)")


def _made_with_parent(change, lives: dict[Key, dict], target: Target) -> dict:
    """The live data of what AWS made with its parent (made earlier in this run), found by name
    among the parent's children."""
    spec = change.spec
    key, dependency = spec.parent
    parent_name = change.declaration.dependencies[key]
    for item in resources.list_live(spec, target, lives[(dependency.type, parent_name)]):
        name = spec.infer_name(item, {key: parent_name}) if spec.infer_name else item.get(spec.name_path)
        if name == change.name:
            return item
    raise UnresolvedValue(f"{spec.key} {change.name}: AWS did not make it with {dependency.type} {parent_name}, "
                          "so it cannot be looked up; declare it without readOnly, to be made by gc")


def _merged(live: dict, want: dict) -> dict:
    """The live data after an update: what was declared, over what AWS reported, nested dicts
    merged (a function's Configuration keeps its FunctionArn, which dependents read)."""
    merged = dict(live)
    for key, value in want.items():
        current = merged.get(key)
        merged[key] = _merged(current, value) if isinstance(current, dict) and isinstance(value, dict) else value
    return merged

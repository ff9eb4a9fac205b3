"""Discovery: list every type once (children once per parent), in parallel, then work out
names, dependencies and ownership from the live data alone (no state file)."""

from __future__ import annotations

import graphlib
from collections.abc import Callable
from dataclasses import dataclass, field

from grucloud.aws import resources, tagging
from grucloud.aws.calls import EmulatorGap
from grucloud.aws.clients import Target
from grucloud.aws.declarable import canonical
from grucloud.aws.spec import (
    Dependency,
    ResourceSpec,
    dependency_value,
    get_path,
    pointed_value,
)
from grucloud.aws.specs import REGISTRY
from grucloud.engine.events import Event, Listener, ignore
from grucloud.engine.walker import fan_out, walk


@dataclass
class LiveResource:
    spec: ResourceSpec
    live: dict
    parent: LiveResource | None = None
    name: str = ""
    ours: bool = False
    default: bool = False  # made by AWS itself (a default VPC): never ours, never deleted
    dependencies: dict[str, list[str]] = field(default_factory=dict)

    @property
    def key(self) -> tuple[str, str]:
        return (self.spec.key, self.name)

    @property
    def id(self) -> str:
        return str(get_path(self.live, self.spec.id_path))

    @property
    def managed_elsewhere(self) -> bool:
        """Made by gc for another project or stage: by its gc tags, or its parent's."""
        holder = self
        while not holder.spec.tagging and holder.parent is not None:
            holder = holder.parent
        if holder.ours or not holder.spec.tagging:
            return False
        return tagging.as_dict(holder.live.get(holder.spec.tagging.member)).get(tagging.MANAGED_BY) == "grucloud"


@dataclass
class Inventory:
    resources: list[LiveResource]
    gaps: list[str] = field(default_factory=list)  # operations the emulator lacks

    def by_key(self) -> dict[tuple[str, str], LiveResource]:
        # Names are not unique: another stage of the same project may have its own "my-api".
        # Ours win, so a plan never reads (or targets) another stack's resource for ours.
        return {r.key: r for r in sorted(self.resources, key=lambda r: r.ours)}


def with_parents(specs: list[ResourceSpec], naming: bool = True) -> list[ResourceSpec]:
    """The specs plus every type needed to list them (parents) and, with `naming`, to name
    them (the dependencies of a type whose name is inferred, e.g. an Integration's function)."""
    found: dict[str, ResourceSpec] = {}
    pending = list(specs)
    while pending:
        spec = pending.pop()
        if spec.key not in found:
            found[spec.key] = spec
            needed = spec.dependencies.values() if naming and spec.infer_name else [d for d in spec.dependencies.values() if d.parent]
            pending += [REGISTRY[d.type] for d in needed if not d.many]
    return list(found.values())


def discover(
    target: Target,
    specs: list[ResourceSpec],
    project: str,
    stage: str,
    parallelism: int = 10,
    on_event: Listener = ignore,
    listed_if: Callable[[ResourceSpec], bool] = lambda spec: True,
) -> Inventory:
    """Every live resource of `specs` (and of the types needed to list and name them) that
    `listed_if` accepts; it is asked when a type's turn comes (scope.plan_scope)."""
    # Types listed only to name others (an Integration's Lambda function, role, event bus...)
    # wait for the types they name, and are listed only when one of those points at them.
    eager = {s.key for s in with_parents(specs, naming=False)}
    specs = with_parents(specs)
    by_key = {s.key: s for s in specs}
    naming_only = _NamingOnly(specs, eager)
    listed: dict[str, list[LiveResource]] = {}
    gaps: list[str] = []

    def mapper(function, items):
        return fan_out(function, list(items), parallelism)

    def list_type(key: str) -> None:
        spec = by_key[key]
        found: list[LiveResource] = []
        try:
            if key in naming_only.keys and not naming_only.wanted(key, listed):
                pass  # nothing listed points at this type: no call
            elif not listed_if(spec):
                pass  # the tagging API says no resource of ours is of this type
            elif spec.parent:
                parents = listed.get(spec.parent[1].type, [])
                if spec.listing.matched:
                    children = resources.list_matched(spec, target, [p.live for p in parents], mapper)
                else:
                    children = fan_out(lambda p: resources.list_live(spec, target, p.live, mapper), parents, parallelism)
                found = [LiveResource(spec, item, parent) for parent, items in zip(parents, children) for item in items]
            else:
                found = [LiveResource(spec, item) for item in resources.list_live(spec, target, mapper=mapper)]
        except EmulatorGap as gap:
            gaps.append(str(gap))
            on_event(Event("gap", key, str(gap)))
        listed[key] = found
        on_event(Event("listed", key, str(len(found))))

    # every type at once: listings are reads, paced per service on AWS (aws/pacing.py); a type
    # whose listing waits on an answer (the tagging API's, a parent's) holds only its own thread
    outcome = walk(naming_only.graph, list_type, max(parallelism, len(naming_only.graph)), on_event)
    if outcome.failed:
        raise next(iter(outcome.failed.values()))
    _resolve(specs, listed, project, stage)
    _mark_defaults([r for found in listed.values() for r in found])
    return Inventory([r for s in specs for r in listed.get(s.key, [])], gaps)


class _NamingOnly:
    """The types listed only to name others, and when they are worth a call: when a listed
    resource of a type they name points at them (a found_in or filled value), or at one of
    their children that is itself naming-only (a listener's load balancer)."""

    def __init__(self, specs: list[ResourceSpec], eager: set[str]):
        self.specs = specs
        self.keys = {s.key for s in specs} - eager
        self.namers = {key: [(s.key, d) for s in specs if s.infer_name for d in s.dependencies.values()
                             if d.type == key and not d.parent and not d.many] for key in self.keys}
        self.children = {key: [s.key for s in specs if s.key in self.keys and s.parent and s.parent[1].type == key]
                         for key in self.keys}
        self.graph = self._graph()
        try:
            graphlib.TopologicalSorter(self.graph).prepare()
        except graphlib.CycleError:  # an unusual loop of names: list everything, as safe as before
            self.keys = set()
            self.graph = self._graph()

    def _waits_for(self, key: str) -> set[str]:
        namers = {namer for namer, _ in self.namers[key]}
        for child in self.children[key]:
            namers |= self._waits_for(child)
        return namers

    def _graph(self) -> dict[str, set[str]]:
        """Parents first; a naming-only type after every type that may point at it. Types with
        children start first: the per-parent listings behind them are the longest chains."""
        ordered = sorted(self.specs, key=lambda s: not any(c.parent and c.parent[1].type == s.key for c in self.specs))
        graph = {s.key: {s.parent[1].type} if s.parent else set() for s in ordered}
        for key in self.keys:
            graph[key] |= self._waits_for(key) - {key}
        return graph

    def wanted(self, key: str, listed: dict[str, list[LiveResource]]) -> bool:
        for namer, dependency in self.namers[key]:
            if any(pointed_value(dependency, resource.live) for resource in listed.get(namer, [])):
                return True
        return any(self.wanted(child, listed) for child in self.children[key])


def _resolve(specs: list[ResourceSpec], listed: dict[str, list[LiveResource]], project: str, stage: str) -> None:
    """Names, dependencies and ownership, dependency types first (a Route's name needs its
    Integration's, which needs its Lambda function's)."""
    # only the dependencies read from live data order this (one that only orders an apply, such
    # as a role's sqsQueues, names nothing here, and may point back: a state machine's role)
    order = graphlib.TopologicalSorter(
        {s.key: {d.type for d in s.dependencies.values() if d.parent or d.fills or d.found_in} & set(listed) for s in specs}
    ).static_order()
    providers = _Providers(listed)
    for key in order:
        spec = REGISTRY[key]
        for resource in listed.get(key, []):
            resource.dependencies = _dependencies_of(resource, listed, providers)
            resource.name = _name(resource)
            if spec.tagging:
                tags = resource.live.get(spec.tagging.member)
                resource.ours = tagging.is_ours(tags, project, stage)
                resource.name = tagging.as_dict(tags).get(tagging.NAME) or resource.name
            elif resource.parent is not None:
                resource.ours = resource.parent.ours


def _name(resource: LiveResource) -> str:
    spec = resource.spec
    if spec.infer_name:
        return spec.infer_name(resource.live, {k: v[0] for k, v in resource.dependencies.items() if v})
    return str(get_path(resource.live, spec.name_path))


def children_under(spec: ResourceSpec, target: Target, parent: LiveResource) -> list[LiveResource]:
    """The resources of child type `spec` under one parent, named as discover() names them;
    for the types a parent's delete reads (spec.read_at_parent_delete), whose only link read
    from live data is the parent, and which are ours when it is."""
    found = [LiveResource(spec, item, parent) for item in resources.list_live(spec, target, parent.live)]
    for child in found:
        child.dependencies = {key: [parent.name] for key, dependency in spec.dependencies.items() if dependency.parent}
        child.name, child.ours = _name(child), parent.ours
    return found


def _mark_defaults(found: list[LiveResource]) -> None:
    """Flag what AWS made by itself. Some defaults are known only through others (the default
    VPC's internet gateway), so flags spread until nothing changes."""
    default_ids: set[str] = set()
    spreading = True
    while spreading:
        spreading = False
        for resource in found:
            check = resource.spec.is_default
            if not resource.default and check is not None and check(resource.live, default_ids):
                resource.default, resource.ours = True, False
                default_ids.add(resource.id)
                spreading = True


class _Providers:
    """Which listed resources provide which value, indexed once per dependency when first
    asked, so that linking N resources to their dependencies takes N lookups, not N² scans.
    A dependency type is always resolved (named) before the types that depend on it."""

    def __init__(self, listed: dict[str, list[LiveResource]]):
        self.listed = listed
        self.indexes: dict[Dependency, dict[str, list[tuple[int, str]]]] = {}

    def names(self, dependency: Dependency, wanted: set[str]) -> list[str]:
        index = self.indexes.get(dependency)
        if index is None:
            index = self.indexes[dependency] = {}
            for position, candidate in enumerate(self.listed.get(dependency.type, [])):
                value = canonical(dependency_value(dependency, candidate.live))
                index.setdefault(value, []).append((position, candidate.name))
        return [name for _, name in sorted(found for value in wanted for found in index.get(value, []))]


def _dependencies_of(resource: LiveResource, listed: dict[str, list[LiveResource]],
                     providers: _Providers) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for key, dependency in resource.spec.dependencies.items():
        if dependency.parent and resource.parent is not None:
            found[key] = [resource.parent.name]
            continue
        if not (dependency.found_in or dependency.fills):
            continue
        value = pointed_value(dependency, resource.live)
        wanted = {canonical(v) for v in value} if isinstance(value, list) else {canonical(value)}
        if dependency.match:
            names = [c.name for c in listed.get(dependency.type, []) if dependency.match(resource.live, c.live)]
        else:
            names = providers.names(dependency, wanted)
        if names:
            found[key] = names
    return found

"""The desired state of one declared resource: its properties, plus what its dependencies
fill in, the spec's defaults, gc's tags, and what gc derives from the project."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from grucloud.aws import tagging
from grucloud.aws.spec import get_path, set_path
from grucloud.program.context import Context
from grucloud.program.declaration import Declaration

# (dependency type, name, live path or function of the live data) -> value or Unknown
Lookup = Callable[[str, str, Any], Any]


def context_for(declaration: Declaration, config: dict, project_dir, lookup: Lookup | None, declared=None) -> Context:
    return Context(config, project_dir, lookup, declaration.dependencies, declared)


def resolve(declaration: Declaration, ctx: Context, project: str, stage: str, lookup: Lookup) -> dict:
    spec = declaration.spec
    desired = declaration.evaluate(ctx)
    for key, name in declaration.dependency_names():
        dependency = spec.dependencies[key]
        if not dependency.fills:
            continue
        value = lookup(dependency.type, name, dependency.value)
        if dependency.many:
            current = get_path(desired, dependency.fills) or []
            set_path(desired, dependency.fills, [*current, value])
        else:
            set_path(desired, dependency.fills, value)
    defaults = {**spec.defaults, **(spec.defaults_for(desired, ctx) if spec.defaults_for else {})}
    for path, value in defaults.items():
        if get_path(desired, path) is None:
            set_path(desired, path, value)
    if spec.name_path and get_path(desired, spec.name_path) is None:
        set_path(desired, spec.name_path, declaration.name)
    if spec.tagging:
        member = spec.tagging.member
        tags = {**tagging.as_dict(desired.get(member)), **tagging.gc_tags(project, stage)}
        if declaration.tag_name:
            tags[spec.name_tag or tagging.NAME] = declaration.tag_name
        desired[member] = tagging.in_form(tags, spec.tagging)
    if spec.prepare:
        spec.prepare(desired, ctx)
    return desired

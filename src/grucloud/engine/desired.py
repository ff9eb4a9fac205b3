"""The desired state of one declared resource: its properties, plus what its dependencies
fill in, the spec's defaults, gc's tags, and what gc derives from the project."""

from __future__ import annotations

from grucloud.aws import tagging
from grucloud.aws.spec import get_path, set_path
from grucloud.program.context import Context, Lookup
from grucloud.program.declaration import Declaration
from grucloud.program.loader import Project


def resolve(declaration: Declaration, project: Project, lookup: Lookup, declared=None, fill: Lookup | None = None) -> tuple[dict, Context]:
    """What `declaration` asks AWS for, with other resources' values from `lookup`: the one
    resolver that validation, the plan and the apply share. Returns it with the Context its
    properties saw (rules and create parameters read the config through it). `declared` lets
    validation read a dependency's declared properties (ctx.dependency_property); `fill`, when
    given, looks up what dependencies fill, apart from what the properties read."""
    fill = fill or lookup
    ctx = Context(project.config, project.directory, lookup, declaration.dependencies, declared)
    spec = declaration.spec
    desired = declaration.evaluate(ctx)
    for key, name in declaration.dependency_names():
        dependency = spec.dependencies[key]
        if not dependency.fills:
            continue
        value = fill(dependency.type, name, dependency.value)
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
        tags = {**tagging.as_dict(desired.get(member)), **tagging.gc_tags(project.name, project.stage)}
        if declaration.tag_name:
            tags[spec.name_tag or tagging.NAME] = declaration.tag_name
        desired[member] = tagging.in_form(tags, spec.tagging)
    if spec.prepare_desired:
        spec.prepare_desired(desired, ctx)
    return desired, ctx

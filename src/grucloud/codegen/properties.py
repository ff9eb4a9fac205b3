"""From one live resource to what a person would declare: its properties and dependencies.

Everything here is read from the spec and the botocore model, for any type:
- kept: the members of the create request (recursively, by the model's shapes), the properties
  a dependency fills, and the spec's `extra_properties`;
- left out: read-only fields (not in the create request), what AWS sets by itself (the spec's
  `defaults` and `server_values`), empty values, gc's own tags, and values a dependency fills
  (written as the dependency's name instead);
- an ARN or id of another live resource becomes a reference to it by name;
- a field the model marks sensitive becomes a placeholder read from the environment.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from grucloud.aws import tagging
from grucloud.aws.declarable import (
    drop_aws_values,
    model_view,
    pruned,
    remove,
    same,
)
from grucloud.aws.spec import ResourceSpec, dependency_value, get_path, set_path
from grucloud.codegen.references import Index, Reference
from grucloud.engine.inventory import LiveResource

Key = tuple[str, str]


@dataclass
class Declared:
    """What gencode writes for one live resource, before it becomes source text."""

    resource: LiveResource
    properties: dict
    dependencies: dict[str, str | list[str]] = field(default_factory=dict)


def declare(resource: LiveResource, in_scope: dict[Key, LiveResource], index: Index) -> Declared:
    """`in_scope`: the live resources that the generated file may name (declared in it, or an
    AWS default a declaration may name without declaring it)."""
    spec = resource.spec
    properties = model_view(spec, resource.live)
    drop_aws_values(properties, spec)
    _drop_gc_tags(properties, spec)
    declared = Declared(resource, properties)
    _dependencies(declared, in_scope)
    _references(declared, index, in_scope)
    declared.properties = pruned(declared.properties) or {}
    return declared


def _drop_gc_tags(properties: dict, spec: ResourceSpec) -> None:
    if not spec.tagging or spec.tagging.member not in properties:
        return
    member = spec.tagging.member
    mine = {*tagging.gc_tags("", ""), tagging.NAME}  # the name tag is written as "name"
    kept = {k: v for k, v in tagging.as_dict(properties[member]).items() if k not in mine}
    properties[member] = tagging.in_form(dict(sorted(kept.items())), spec.tagging)


def _dependencies(declared: Declared, in_scope: dict[Key, LiveResource]) -> None:
    """Dependencies by name; the values they fill leave the properties. A dependency on a
    resource the file cannot name (not ours, without --all) stays a literal value."""
    resource = declared.resource
    for key, dependency in resource.spec.dependencies.items():
        names = [n for n in resource.dependencies.get(key, []) if (dependency.type, n) in in_scope]
        if not names:
            continue
        if dependency.fills:
            provided = [dependency_value(dependency, in_scope[(dependency.type, n)].live) for n in names]
            _remove_provided(declared.properties, dependency.fills, provided, dependency.many)
        declared.dependencies[key] = sorted(names) if dependency.many else names[0]


def _remove_provided(properties: dict, path: str, provided: list, many: bool) -> None:
    if not many:
        remove(properties, path)
        return
    current = get_path(properties, path)
    if isinstance(current, list):
        rest = [item for item in current if not any(same(item, p) for p in provided)]
        if rest:
            set_path(properties, path, rest)
        else:
            remove(properties, path)


def _references(declared: Declared, index: Index, in_scope: dict[Key, LiveResource]) -> None:
    """Strings that point at another resource become references, when the resource is made
    after it: through its dependencies (a NAT gateway's VPC, through its subnet), or by a
    dependency key that fills nothing (ordering only)."""
    resource = declared.resource

    def replace(value: Any) -> Any:
        if isinstance(value, dict):
            return {k: replace(v) for k, v in value.items()}
        if isinstance(value, list):
            return [replace(v) for v in value]
        if isinstance(value, str):
            found = index.find(value, resource)
            if found is not None and _ordered_after(declared, found, in_scope):
                code = found.code()
                if code is not None:
                    return code
        return value

    declared.properties = replace(declared.properties)


def _ordered_after(declared: Declared, reference: Reference, in_scope: dict[Key, LiveResource]) -> bool:
    pointee = reference.pointee.resource
    if pointee.key not in in_scope:
        return False
    if pointee.key in _upstream(declared.resource, in_scope):
        return True
    spec = declared.resource.spec
    for key, dependency in spec.dependencies.items():
        if dependency.type != pointee.spec.key:
            continue
        current = declared.dependencies.get(key)
        named = current if isinstance(current, list) else [current] if current else []
        if pointee.name in named:
            return True
        if dependency.fills is None and (dependency.many or current is None):
            declared.dependencies[key] = sorted([*named, pointee.name]) if dependency.many else pointee.name
            return True
    return False


def _upstream(resource: LiveResource, in_scope: dict[Key, LiveResource]) -> set[Key]:
    """Every resource this one depends on, directly or not, as the file will declare it."""
    found: set[Key] = set()
    pending = [resource]
    while pending:
        current = pending.pop()
        for key, names in current.dependencies.items():
            for name in names:
                dep_key = (current.spec.dependencies[key].type, name)
                if dep_key in in_scope and dep_key not in found:
                    found.add(dep_key)
                    pending.append(in_scope[dep_key])
    return found

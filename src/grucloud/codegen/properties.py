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

import copy
import json
from dataclasses import dataclass, field
from typing import Any

from grucloud.aws import shapes, tagging
from grucloud.aws.spec import ResourceSpec, dependency_value, get_path, set_path
from grucloud.codegen.references import Index, Reference
from grucloud.engine.inventory import LiveResource

Key = tuple[str, str]


@dataclass(frozen=True)
class Secret:
    """A sensitive value gencode does not write."""

    path: str
    structured: bool  # a map or a list (read as JSON), else text


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
    properties = _model_view(spec, resource.live)
    _drop_defaults(properties, spec)
    _drop_gc_tags(properties, spec)
    declared = Declared(resource, properties)
    _dependencies(declared, in_scope)
    _references(declared, index, in_scope)
    declared.properties = _pruned(declared.properties) or {}
    return declared


def _model_view(spec: ResourceSpec, live: dict) -> dict:
    """The live fields a create request takes, in the model's order."""
    operation = spec.schema_operation
    if operation is None:  # no model to read from: every live field
        return _sorted(live)
    root, request_path = spec.properties_model
    tag_member = spec.tagging.member if spec.tagging else None
    shape = _shape_at(shapes.input_shape(spec.service, operation), request_path)
    if root:
        inner = _filtered(live.get(root), shape, root, skip={tag_member})
        view = {root: inner} if inner is not None else {}
    else:
        view = _filtered(live, shape, "", skip=set()) or {}
    kept = {p.split(".")[0] for p in spec.extra_properties}
    kept |= {d.fills.split(".")[0] for d in spec.dependencies.values() if d.fills}
    kept |= {tag_member} if tag_member else set()
    for name in sorted(kept - set(view) - {root}):
        if name in live:
            view[name] = _sorted(live[name])
    return view


def _shape_at(shape, path: str):
    """The shape at a path of the request ("Targets[]": an entry of its Targets list)."""
    for part in filter(None, path.split(".")):
        shape = shape.members[part.removesuffix("[]")]
        if part.endswith("[]"):
            shape = shape.member
    return shape


def _filtered(value: Any, shape, path: str, skip: set) -> Any:
    """`value` reduced to what `shape` takes; sensitive values become Secret placeholders."""
    if value is None or shape is None:
        return _sorted(value)
    if shape.metadata.get("sensitive"):
        return Secret(path, shape.type_name in ("structure", "list", "map"))
    kind = shape.type_name
    if kind == "structure" and isinstance(value, dict):
        return {
            name: _filtered(value[name], member, _join(path, name), set())
            for name, member in shape.members.items()
            if name in value and name not in skip
        }
    if kind == "list" and isinstance(value, list):
        return [_filtered(item, shape.member, path, set()) for item in value]
    if kind == "map" and isinstance(value, dict):
        return {k: _filtered(value[k], shape.value, _join(path, k), set()) for k in sorted(value)}
    return _sorted(value)  # a scalar, or a document the model types as a string


def _sorted(value: Any) -> Any:
    """A copy with the keys of every dict sorted: the order of what the model does not
    describe (a policy document) is then the same whatever order AWS answers in."""
    if isinstance(value, dict):
        return {k: _sorted(value[k]) for k in sorted(value)}
    if isinstance(value, list):
        return [_sorted(v) for v in value]
    return copy.deepcopy(value)


def _join(path: str, name: str) -> str:
    return f"{path}.{name}" if path else name


def _drop_defaults(properties: dict, spec: ResourceSpec) -> None:
    """What AWS sets when it is not declared: the spec's defaults and server values."""
    for path, default in spec.defaults.items():
        if _same(get_path(properties, path), default):
            _remove(properties, path)
    for path, values in spec.server_values.items():
        if any(_same(get_path(properties, path), value) for value in values):
            _remove(properties, path)


def _drop_gc_tags(properties: dict, spec: ResourceSpec) -> None:
    if not spec.tagging or spec.tagging.member not in properties:
        return
    member = spec.tagging.member
    mine = set(tagging.gc_tags("", ""))
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
        _remove(properties, path)
        return
    current = get_path(properties, path)
    if isinstance(current, list):
        rest = [item for item in current if not any(_same(item, p) for p in provided)]
        if rest:
            set_path(properties, path, rest)
        else:
            _remove(properties, path)


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


def _pruned(value: Any) -> Any:
    """Without empty values (None, "", [], {}), which AWS reports for what was never set."""
    if isinstance(value, dict):
        kept = {k: _pruned(v) for k, v in value.items()}
        kept = {k: v for k, v in kept.items() if not _empty(v)}
        return kept or None
    if isinstance(value, list):
        # an item is never dropped: that would change the list
        kept = [item if (item := _pruned(v)) is not None else v for v in value]
        return kept or None
    return None if _empty(value) else value


def _empty(value: Any) -> bool:
    return value is None or value == "" or value == [] or value == {}


def _same(a: Any, b: Any) -> bool:
    return json.dumps(a, sort_keys=True, default=str) == json.dumps(b, sort_keys=True, default=str)


def _remove(data: dict, path: str) -> None:
    parts = path.split(".")
    for part in parts[:-1]:
        data = data.get(part)
        if not isinstance(data, dict):
            return
    data.pop(parts[-1], None)


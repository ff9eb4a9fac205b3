"""What of a live resource a person declares, read from the spec and the botocore model alone.

Shared by the diff (a member live here and not declared any more was removed from resources.py)
and by `gc gencode` (what it writes):
- kept: the members of the create request (recursively, by the model's shapes), the properties
  a dependency fills, the tag member, and the spec's `extra_properties`;
- left out: read-only fields (not in the create request), what AWS sets by itself (the spec's
  `server_values`, and with `drop_defaults` its `defaults`), and empty values (`pruned`);
- a field the model marks sensitive becomes a Secret placeholder.
"""

from __future__ import annotations

import copy
import json
from dataclasses import dataclass
from typing import Any

from grucloud.aws import shapes
from grucloud.aws.spec import ResourceSpec, get_path


@dataclass(frozen=True)
class Secret:
    """A sensitive value, neither written nor compared."""

    path: str
    structured: bool  # a map or a list (read as JSON), else text


def model_view(spec: ResourceSpec, live: dict) -> dict:
    """The live fields a create request takes, in the model's order."""
    operation = spec.schema_operation
    if operation is None:  # no model to read from: every live field
        return sorted_copy(live)
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
            view[name] = sorted_copy(live[name])
    return view


def drop_aws_values(properties: dict, spec: ResourceSpec, drop_defaults: bool = True) -> None:
    """Remove what AWS sets when it is not declared: the spec's server values (a "*" in a
    path stands for any key of a map) and, with `drop_defaults`, its defaults."""
    if drop_defaults:
        for path, default in spec.defaults.items():
            if same(get_path(properties, path), default):
                remove(properties, path)
    drop_values(properties, spec.server_values)


def drop_values(properties: dict, values_by_path: dict[str, tuple | None]) -> None:
    """Remove each path's value when it is one of the given values (None: any value)."""
    for path, values in values_by_path.items():
        for keys in _expand(properties, path.split(".")):
            holder = properties
            for key in keys[:-1]:
                holder = holder[key]
            if values is None or any(same(holder.get(keys[-1]), value) for value in values):
                holder.pop(keys[-1], None)


def _expand(data: Any, parts: list[str], done: tuple = ()) -> list[tuple]:
    """The key paths of `data` a dotted path with "*" wildcards matches."""
    if not parts:
        return [done]
    if not isinstance(data, dict):
        return []
    head, rest = parts[0], parts[1:]
    keys = list(data) if head == "*" else [head] if head in data else []
    if not rest:
        return [(*done, k) for k in keys]
    return [found for k in keys for found in _expand(data[k], rest, (*done, k))]


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
        return sorted_copy(value)
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
    return sorted_copy(value)  # a scalar, or a document the model types as a string


def sorted_copy(value: Any) -> Any:
    """A copy with the keys of every dict sorted: the order of what the model does not
    describe (a policy document) is then the same whatever order AWS answers in."""
    if isinstance(value, dict):
        return {k: sorted_copy(value[k]) for k in sorted(value)}
    if isinstance(value, list):
        return [sorted_copy(v) for v in value]
    return copy.deepcopy(value)


def _join(path: str, name: str) -> str:
    return f"{path}.{name}" if path else name


def pruned(value: Any) -> Any:
    """Without empty values (None, "", [], {}), which AWS reports for what was never set."""
    if isinstance(value, dict):
        kept = {k: pruned(v) for k, v in value.items()}
        kept = {k: v for k, v in kept.items() if not empty(v)}
        return kept or None
    if isinstance(value, list):
        # an item is never dropped: that would change the list
        kept = [item if (item := pruned(v)) is not None else v for v in value]
        return kept or None
    return None if empty(value) else value


def empty(value: Any) -> bool:
    return value is None or value == "" or value == [] or value == {}


def same(a: Any, b: Any) -> bool:
    return canonical(a) == canonical(b)


def canonical(value: Any) -> str:
    """One text per value, numbers as numbers: 8888 and 8888.0 are the same."""
    return json.dumps(_numbers(value), sort_keys=True, default=str)


def _numbers(value: Any) -> Any:
    if isinstance(value, bool):
        return value
    if isinstance(value, (int, float)):
        return float(value)
    if isinstance(value, dict):
        return {k: _numbers(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_numbers(v) for v in value]
    return value


def remove(data: dict, path: str) -> None:
    parts = path.split(".")
    for part in parts[:-1]:
        data = data.get(part)
        if not isinstance(data, dict):
            return
    data.pop(parts[-1], None)


class _Marker:
    def __init__(self, text: str):
        self.text = text

    def __repr__(self) -> str:
        return self.text


# what a removal sends: nothing, the map it was in is sent whole without it
LEFT_OUT = _Marker("(left out)")
# the spec's own call removes it (DeleteCorsConfiguration)
OWN_CALL = _Marker("(removed by its own call)")
# AWS has no way to unset it
NO_WAY = _Marker("(cannot be unset)")


def unset_rule(spec: ResourceSpec, keys: tuple) -> Any:
    """The spec's rule for this path: exact, or with "*" standing for one map key."""
    for pattern, rule in spec.unset.items():
        parts = pattern.split(".")
        if len(parts) == len(keys) and all(p in ("*", k) for p, k in zip(parts, keys)):
            return rule
    return None

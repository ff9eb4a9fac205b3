"""Diffs are lists of changed paths; small rules map a diff to an action.

What is compared: the declaration plus the spec's defaults (and what dependencies fill)
against what is live. A path declared and different is a change; a member live and not
declared any more (a property, a map key) was removed from resources.py and goes back to
AWS's default. Left out: read-only members (not in the create request), write-only ones (in
the create request, never returned by a read), what AWS fills by itself (the spec's
`server_values`; numbers and booleans, unless the spec says how to unset them), and the
spec's `ignore`. Numbers are compared as numbers (8888 is 8888.0).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import Enum
from typing import Any

from grucloud.aws import declarable, shapes, tagging
from grucloud.aws.declarable import canonical
from grucloud.aws.spec import ResourceSpec
from grucloud.unknown import Unknown


class Action(str, Enum):
    CREATE = "create"
    UPDATE = "update"
    REPLACE = "replace"
    DELETE = "delete"
    NOOP = "no change"


@dataclass(frozen=True)
class PathChange:
    path: str
    old: Any
    new: Any
    # declared before, not now: `new` is what the update sends to put AWS's default back
    removed: bool = False
    keys: tuple = field(default=(), compare=False)  # the path as keys (a map key may hold dots)


def diff(spec: ResourceSpec, desired: dict, live: dict) -> list[PathChange]:
    """The declared paths that differ, then the members removed from the declaration."""
    changes: list[PathChange] = []
    tag_member = spec.tagging.member if spec.tagging else None
    skipped = write_only_paths(spec)
    for key, want in desired.items():
        if key == tag_member:
            want_tags, have_tags = tagging.as_dict(want), tagging.as_dict(live.get(key))
            if want_tags != have_tags:
                changes.append(PathChange(key, have_tags, want_tags, keys=(key,)))
        elif key in skipped and key not in live:
            continue  # sent at create, never read back
        else:
            _compare(spec, (key,), want, live.get(key), changes)
    changes += [c for c in removals(spec, desired, live) if not any(_under(c.path, d.path) for d in changes)]
    return [c for c in changes if not any(_under(c.path, p) for p in spec.ignore)]


def _compare(spec: ResourceSpec, keys: tuple, want: Any, have: Any, changes: list[PathChange]) -> None:
    path = _path(keys)
    if isinstance(want, dict) and want and isinstance(have, dict):
        for key, value in want.items():
            if _path((*keys, key)) not in write_only_paths(spec) or key in have:
                _compare(spec, (*keys, key), value, have.get(key), changes)
        return
    if isinstance(want, dict) and not want and not have:
        return  # {} declared, nothing live: the same
    if path in spec.items_by_declared_keys and isinstance(want, list) and isinstance(have, list) and len(want) == len(have):
        for i, (item, live_item) in enumerate(zip(want, have)):
            _compare(spec, (*keys[:-1], f"{keys[-1]}[{i}]"), item, live_item, changes)
        return
    if path in spec.compare_as and not isinstance(want, Unknown):
        want, have = spec.compare_as[path](want), spec.compare_as[path](have)
    if path in spec.unordered and isinstance(want, list) and isinstance(have, list):
        want, have = sorted(want, key=canonical), sorted(have, key=canonical)
    if isinstance(want, Unknown) or canonical(want) != canonical(have):
        changes.append(PathChange(path, have, want, keys=keys))


def removals(spec: ResourceSpec, desired: dict, live: dict) -> list[PathChange]:
    """What is live and settable but no longer declared, each with what puts it back.

    Only what can change in place: a create-only member AWS chose when it was not declared
    (a subnet's zone, a VPC's tenancy) is AWS's, never a reason to replace."""
    if spec.update is None:
        return []
    have = declarable.model_view(spec, live)
    declarable.drop_aws_values(have, spec, drop_defaults=False)
    if spec.tagging:
        have.pop(spec.tagging.member, None)  # tags are compared whole, above
    for member in (*spec.identity, spec.name_path):
        have.pop(member, None)  # what names the resource is never removed
    declarable.drop_values(have, spec.aws_fills)
    found: list[PathChange] = []

    def walk(keys: tuple, have_value: dict, want_value: dict) -> None:
        for key, value in have_value.items():
            at = (*keys, key)
            if key in want_value and want_value[key] is not None:
                if isinstance(value, dict) and isinstance(want_value[key], dict):
                    walk(at, value, want_value[key])
                continue
            reset = _reset(spec, at, value)
            if reset is not None:
                found.append(PathChange(_path(at), value, reset, removed=True, keys=at))

    walk((), have, desired)
    fixed = create_only_paths(spec) - set(spec.unset)
    return [c for c in found if not any(_under(c.path, p) for p in fixed)]


def _reset(spec: ResourceSpec, keys: tuple, old: Any) -> Any:
    """What puts a removed member back to AWS's default; None: AWS fills it by itself."""
    if isinstance(old, declarable.Secret) or declarable.empty(old) or old is False:
        return None
    rule = declarable.unset_rule(spec, keys)
    if rule is not None and not callable(rule) and canonical(rule) == canonical(old):
        return None  # already AWS's default
    if rule is not None:
        return declarable.OWN_CALL if callable(rule) else rule
    each = spec.unset.get(_path(keys) + ".*")
    if each is not None and isinstance(old, dict):
        return declarable.OWN_CALL if callable(each) else {k: each for k in old}
    parent = _request_shape(spec, keys[:-1])
    if parent is not None and parent.type_name == "map":
        return declarable.LEFT_OUT
    shape = _request_shape(spec, keys)
    kind = shape.type_name if shape is not None else None
    if kind == "string":
        return ""
    if kind == "list":
        return []
    if kind == "map":
        return {}
    if kind == "structure" and isinstance(old, dict):
        return declarable.NO_WAY if any(_reset(spec, (*keys, k), v) is not None for k, v in old.items()) else None
    return None  # a number or a boolean AWS chose: unless the spec says how, it is AWS's


def _request_shape(spec: ResourceSpec, keys: tuple):
    operation = spec.update if isinstance(spec.update, str) else spec.schema_operation
    if operation is None:
        return None
    root, _ = spec.properties_model
    if root and keys[:1] == (root,):
        keys = keys[1:]
        operation = spec.schema_operation
    shape = shapes.shape_at(spec.service, operation, keys)
    if shape is None and operation != spec.schema_operation and spec.schema_operation:
        shape = shapes.shape_at(spec.service, spec.schema_operation, keys)
    return shape


def write_only_paths(spec: ResourceSpec) -> frozenset[str]:
    """Create members no read returns, from the model: never compared when not live."""
    listing = spec.listing
    if spec.read_more or not (isinstance(listing.operation, str) and isinstance(listing.items, str) and spec.schema_operation):
        return frozenset()  # the list is not the whole read (a per-resource read decorates it)
    members = shapes.write_only_members(spec.service, spec.schema_operation, listing.operation, listing.items)
    root, _ = spec.properties_model
    return frozenset(f"{root}.{m}" if root else m for m in members)


def _path(keys: tuple) -> str:
    return ".".join(str(k) for k in keys)


def _under(path: str, prefix: str) -> bool:
    return path == prefix or path.startswith(prefix + ".") or path.startswith(prefix + "[")


def create_only_paths(spec: ResourceSpec) -> set[str]:
    """Paths whose change forces a replacement: from the model, plus the spec's own."""
    found = set(spec.create_only)
    if isinstance(spec.create, str) and isinstance(spec.update, str):
        found |= shapes.create_only_members(spec.service, spec.create, spec.update)
    found -= set(spec.identity)
    if spec.tagging:
        found.discard(spec.tagging.member)  # tags change through the tag calls
    return found


def action_for(spec: ResourceSpec, live: dict | None, changes: list[PathChange]) -> tuple[Action, list[str]]:
    """The action, and the create-only paths that force a replacement."""
    if live is None:
        return Action.CREATE, []
    if not changes:
        return Action.NOOP, []
    create_only = create_only_paths(spec)
    forcing = [c.path for c in changes if any(_under(c.path, p) for p in create_only)]
    return (Action.REPLACE if forcing else Action.UPDATE), forcing

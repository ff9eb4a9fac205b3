"""Diffs are lists of changed paths; one function maps a diff to an action."""

from __future__ import annotations

import json
from dataclasses import dataclass
from enum import Enum
from typing import Any

from grucloud.aws import shapes, tagging
from grucloud.aws.spec import ResourceSpec
from grucloud.program.context import Unknown


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


def diff(spec: ResourceSpec, desired: dict, live: dict) -> list[PathChange]:
    """Changed paths, comparing only what is declared (AWS adds many fields we did not set)."""
    changes: list[PathChange] = []
    tag_member = spec.tagging.member if spec.tagging else None
    for key, want in desired.items():
        if key == tag_member:
            want_tags, have_tags = tagging.as_dict(want), tagging.as_dict(live.get(key))
            if want_tags != have_tags:
                changes.append(PathChange(key, have_tags, want_tags))
        else:
            _compare(spec, key, want, live.get(key), changes)
    return [c for c in changes if not any(_under(c.path, p) for p in spec.ignore)]


def _compare(spec: ResourceSpec, path: str, want: Any, have: Any, changes: list[PathChange]) -> None:
    if isinstance(want, dict) and want and isinstance(have, dict):
        for key, value in want.items():
            _compare(spec, f"{path}.{key}", value, have.get(key), changes)
        return
    if isinstance(want, dict) and not want and not have:
        return  # {} declared, nothing live: the same
    if path in spec.items_by_declared_keys and isinstance(want, list) and isinstance(have, list) and len(want) == len(have):
        for i, (item, live_item) in enumerate(zip(want, have)):
            _compare(spec, f"{path}[{i}]", item, live_item, changes)
        return
    if path in spec.unordered and isinstance(want, list) and isinstance(have, list):
        want, have = sorted(want, key=_canonical), sorted(have, key=_canonical)
    if isinstance(want, Unknown) or _canonical(want) != _canonical(have):
        changes.append(PathChange(path, have, want))


def _canonical(value: Any) -> str:
    return json.dumps(value, sort_keys=True, default=str)


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

"""The botocore service model as gc's schema: validation and create-only members.

Models are loaded lazily, one service at a time, so `gc --help` does not pay for them.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from functools import cache

import botocore.session
from botocore.validate import ParamValidator

from grucloud.aws.model_cache import CachedLoader


@dataclass(frozen=True)
class Problem:
    """One thing wrong with one field of one resource; `path` is a dotted property path."""

    path: str
    message: str


@cache
def _botocore_session():
    session = botocore.session.get_session()
    # as botocore's own create_loader: AWS_DATA_PATH's folders searched before its own
    data_path = session.get_config_variable("data_path")
    extra = [os.path.expanduser(os.path.expandvars(p)) for p in data_path.split(os.pathsep)] if data_path else []
    session.register_component("data_loader", CachedLoader(extra_search_paths=extra))
    return session


def data_loader():
    """botocore's loader of its data files, one per process: the clients share it (clients.py), so
    each service model is read and parsed once, for validation and for calls alike."""
    return _botocore_session().get_component("data_loader")


@cache
def service_model(service: str):
    return _botocore_session().get_service_model(service)


def input_shape(service: str, operation: str):
    return service_model(service).operation_model(operation).input_shape


@cache
def input_members(service: str, operation: str) -> frozenset[str]:
    shape = input_shape(service, operation)
    return frozenset(shape.members) if shape is not None else frozenset()


def create_only_members(service: str, create: str, update: str | None) -> set[str]:
    """Members the create call takes that the update call does not: changing one replaces."""
    created = input_members(service, create)
    return created - input_members(service, update) if update else created


def sensitive_paths(service: str, operation: str) -> set[str]:
    """Top-level input members the model marks sensitive (never printed)."""
    shape = input_shape(service, operation)
    return {
        name
        for name, member in (shape.members.items() if shape is not None else [])
        if member.serialization.get("sensitive") or getattr(member, "metadata", {}).get("sensitive")
    }


def validate(service: str, operation: str, params: dict) -> list[Problem]:
    """Every problem of `params` against the operation's input shape, not just the first."""
    shape = input_shape(service, operation)
    report = ParamValidator().validate(params, shape)
    problems = [_problem(reason, name, extra) for reason, name, extra in report._errors]
    problems += list(_limits(params, shape, ""))
    return problems


def _problem(reason: str, name: str, extra: dict) -> Problem:
    path = name.lstrip(".")
    if reason == "missing required field":
        field = ".".join(p for p in (path, extra["required_name"]) if p)
        return Problem(field, "is required")
    if reason == "unknown field":
        field = ".".join(p for p in (path, extra["unknown_param"]) if p)
        valid = ", ".join(sorted(extra["valid_names"]))
        return Problem(field, f"is not a known property; valid names are: {valid}")
    if reason == "invalid type":
        valid = ", ".join(extra["valid_types"])
        return Problem(path, f"has the wrong type ({type(extra['param']).__name__} {extra['param']!r}); expected {valid}")
    if reason in ("invalid range", "invalid length"):
        what = "value" if reason == "invalid range" else "length"
        return Problem(path, f"{what} of {extra['param']!r} is below the minimum {extra['min_allowed']}")
    return Problem(path, reason)


def _limits(value, shape, path: str):
    """What ParamValidator leaves out: enums and maximums."""
    if shape is None:
        return
    kind = shape.type_name
    if kind == "structure" and isinstance(value, dict):
        for name, member in shape.members.items():
            if name in value:
                yield from _limits(value[name], member, f"{path}.{name}" if path else name)
    elif kind == "list" and isinstance(value, list):
        for i, item in enumerate(value):
            yield from _limits(item, shape.member, f"{path}[{i}]")
    elif kind == "map" and isinstance(value, dict):
        for k, item in value.items():
            yield from _limits(item, shape.value, f"{path}.{k}")
    elif kind == "string" and isinstance(value, str):
        enum = shape.enum
        if enum and value not in enum:
            yield Problem(path, f"{value!r} is not one of: {', '.join(enum)}")
        max_len = shape.metadata.get("max")
        if max_len is not None and len(value) > max_len:
            yield Problem(path, f"is {len(value)} characters long; the maximum is {max_len}")
    elif kind in ("integer", "long", "float", "double") and isinstance(value, (int, float)):
        maximum = shape.metadata.get("max")
        if maximum is not None and value > maximum:
            yield Problem(path, f"{value} is above the maximum {maximum}")


def shape_at(service: str, operation: str, keys: tuple) -> object | None:
    """The model's shape at a key path of the operation's request: a structure's member, a
    map's value (any key), a list's entry; None when the request has no such place."""
    shape = input_shape(service, operation)
    for key in keys:
        if shape is None:
            return None
        kind = shape.type_name
        if kind == "structure":
            shape = shape.members.get(key)
        elif kind == "map":
            shape = shape.value
        elif kind == "list":
            shape = shape.member
        else:
            return None
    return shape


@cache
def read_members(service: str, operation: str, items: str) -> frozenset[str] | None:
    """The members of one listed item, by the model: the entry of the list the listing's
    answer holds in `items`; None when the model does not say (a list of names)."""
    output = service_model(service).operation_model(operation).output_shape
    listed = output.members.get(items) if output is not None else None
    entry = listed.member if listed is not None and listed.type_name == "list" else None
    if entry is None or entry.type_name != "structure":
        return None
    return frozenset(entry.members)


@cache
def write_only_members(service: str, create: str, listing: str, items: str) -> frozenset[str]:
    """Members the create call takes that a read never returns (an API's quick-create Target):
    they cannot be compared with what is live."""
    read = read_members(service, listing, items)
    return frozenset() if read is None else frozenset(input_members(service, create) - read)

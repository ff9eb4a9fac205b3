"""A declared resource: a dict from resources.py, checked and bound to its spec."""

from __future__ import annotations

import copy
import difflib
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from grucloud.aws import tagging
from grucloud.aws.spec import ResourceSpec, get_path
from grucloud.aws.specs import REGISTRY
from grucloud.problems import ProjectProblem
from grucloud.program.context import Context, Unknown

_KEYS = {"type", "group", "name", "properties", "dependencies", "readOnly"}


@dataclass
class Declaration:
    spec: ResourceSpec
    name: str
    properties: dict | Callable[[Any], dict]
    dependencies: dict[str, str | list[str]] = field(default_factory=dict)
    read_only: bool = False
    index: int = 0  # position in resources.py, for messages
    tag_name: str | None = None  # the declared "name", kept in a tag (spec.name_tag, or gc-name)
    # the declared resources its properties read with ctx.get_id (found by validation): made
    # before it, as its dependencies are
    reads: set[tuple[str, str]] = field(default_factory=set)
    # a declared "name" the type cannot keep on AWS: reported by validation, with the rest
    name_problem: str | None = None

    @property
    def key(self) -> tuple[str, str]:
        return (self.spec.key, self.name)

    @property
    def where(self) -> str:
        return f"resources.py: {self.spec.key} {self.name!r}"

    def evaluate(self, ctx) -> dict:
        """The properties as a fresh dict (a callable gets `ctx` to look up live values)."""
        value = self.properties(ctx) if callable(self.properties) else self.properties
        return copy.deepcopy(value or {})

    def dependency_names(self) -> list[tuple[str, str]]:
        """(dependency key, resource name) pairs, lists flattened."""
        pairs = []
        for key, names in self.dependencies.items():
            for name in names if isinstance(names, list) else [names]:
                pairs.append((key, name))
        return pairs


def suggest(word: str, choices) -> str:
    close = difflib.get_close_matches(word, list(choices), n=1)
    return f" (did you mean {close[0]!r}?)" if close else ""


def from_dict(raw: Any, index: int, problems: list[ProjectProblem], static_ctx) -> Declaration | None:
    """Check one resources.py entry; on problems, record them and return None."""
    where = f"resources.py: resource #{index + 1}"
    if not isinstance(raw, dict):
        problems.append(ProjectProblem(where, None, f"must be a dict with 'type' and 'group', got {type(raw).__name__}"))
        return None
    for key in raw:
        if key not in _KEYS:
            problems.append(ProjectProblem(where, key, f"is not a resource key; use one of {', '.join(sorted(_KEYS))}{suggest(key, _KEYS)}"))
    spec = _spec_of(raw, where, problems)
    if spec is None:
        return None
    where = f"resources.py: resource #{index + 1} ({spec.key})"
    properties = raw.get("properties", {})
    if not (isinstance(properties, dict) or callable(properties)):
        problems.append(ProjectProblem(where, "properties", "must be a dict or a function of the context returning a dict"))
        return None
    dependencies = raw.get("dependencies", {}) or {}
    if callable(dependencies):
        dependencies = dependencies(static_ctx)
    if not isinstance(dependencies, dict):
        problems.append(ProjectProblem(where, "dependencies", "must be a dict such as {\"api\": \"my-api\"}"))
        return None
    for key, names in dependencies.items():
        dependency = spec.dependencies.get(key)
        if dependency is None:
            valid = ", ".join(spec.dependencies) or "none"
            problems.append(ProjectProblem(where, f"dependencies.{key}", f"is not a dependency of {spec.key}; valid keys: {valid}{suggest(key, spec.dependencies)}"))
        elif dependency.many and not isinstance(names, list):
            problems.append(ProjectProblem(where, f"dependencies.{key}", f"takes a list of names, e.g. [{names!r}]"))
        elif not dependency.many and not isinstance(names, str):
            problems.append(ProjectProblem(where, f"dependencies.{key}", "takes one resource name (a string)"))
    declaration = Declaration(spec, "", properties, dependencies, bool(raw.get("readOnly")), index)
    if spec.name_tag:
        # the declared name goes into the tag; the full name may add the parent's (a subnet's VPC)
        declaration.tag_name = raw.get("name")
        name = _name_of(declaration, static_ctx, where, problems)
    else:
        name = raw.get("name") or _name_of(declaration, static_ctx, where, problems)
        _keep_declared_name(declaration, raw.get("name"), static_ctx, where, problems)
    if name is not None and not isinstance(name, str):
        # a name that is no string would silently drop the resource
        problems.append(ProjectProblem(where, "name", f"must be a string, got {type(name).__name__} {name!r}"))
    if not isinstance(name, str) or not name:
        return None
    declaration.name = name
    return declaration


def _keep_declared_name(declaration: Declaration, declared, static_ctx, where: str, problems: list[ProjectProblem]) -> None:
    """A declared "name" must be what names the resource live: where the type's own name
    (its name field, or the name gc infers) differs, it goes into the gc-name tag; a type
    without tags cannot keep it, and is refused."""
    if not isinstance(declared, str) or not declared:
        return
    own = _name_of(declaration, static_ctx, where, [])
    if own is None or own == declared:
        return
    spec = declaration.spec
    if spec.tagging:
        declaration.tag_name = declared
        return
    how = f"properties.{spec.name_path}" if spec.name_path else "its properties and dependencies"
    declaration.name_problem = (
        f"{declared!r} cannot be kept on AWS: a {spec.key} has no tags, and is named by {how} ({own!r}); "
        + (f"set properties.{spec.name_path} to {declared!r}, or remove \"name\"" if spec.name_path else "remove \"name\"")
    )


def _spec_of(raw: dict, where: str, problems: list[ProjectProblem]) -> ResourceSpec | None:
    type_name, group = raw.get("type"), raw.get("group")
    if not type_name:
        problems.append(ProjectProblem(where, "type", "is missing; e.g. \"type\": \"Integration\", \"group\": \"ApiGatewayV2\""))
        return None
    key = type_name if "::" in str(type_name) else f"{group}::{type_name}"
    spec = REGISTRY.get(key)
    if spec is None:
        problems.append(ProjectProblem(where, "type", f"{key!r} is not a known resource type{suggest(key, REGISTRY)}; known: {', '.join(sorted(REGISTRY))}"))
    return spec


def _name_of(declaration: Declaration, static_ctx, where: str, problems: list[ProjectProblem]) -> str | None:
    spec = declaration.spec
    reads: list[tuple[str, str]] = []

    def recording(type_key, name, path):
        reads.append((type_key, name))
        return Unknown(f"{type_key} {name}")

    try:
        properties = declaration.evaluate(Context(static_ctx.config, static_ctx.project_dir, recording, declaration.dependencies))
    except Exception as error:  # a user's function: report, do not crash
        problems.append(ProjectProblem(where, "properties", f"raised {type(error).__name__}: {error}"))
        return None
    if spec.name_tag:
        tags = tagging.as_dict(properties.get(spec.tagging.member))
        if declaration.tag_name:
            tags[spec.name_tag] = declaration.tag_name
        if not tags.get(spec.name_tag):
            problems.append(ProjectProblem(where, "name", f"is required: set \"name\" (gc writes it in the {spec.name_tag} tag)"))
            return None
        properties[spec.tagging.member] = tags
    if spec.infer_name:
        names = {k: v for k, v in declaration.dependencies.items() if isinstance(v, str)}
        # a resource its properties read with ctx.get_id names it as that dependency would
        # (an invoke ARN written around a function's ARN), as it is named when live: only where
        # the live resource shows it (a state machine's ARN inside a request template does not)
        for type_key, name in reads:
            for key, dependency in spec.dependencies.items():
                shown = dependency.found_in or (dependency.fills and get_path(properties, dependency.fills) == Unknown(f"{type_key} {name}"))
                if dependency.type == type_key and not dependency.many and key not in names and shown:
                    names[key] = name
        return spec.infer_name(properties, names)
    name = get_path(properties, spec.name_path) if spec.name_path else None
    if not name:
        problems.append(ProjectProblem(where, spec.name_path or "name", f"is required: set \"name\" or properties.{spec.name_path}"))
    return name

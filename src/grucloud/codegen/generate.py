"""`gc gencode`: the live resources as a resources.py, plus the files it refers to (the code
of each Lambda function), written so that `gc plan` then reports no change.

Which resources: ours (gc tags for this project and stage, or a parent's) and, with
`include_foreign`, those made outside gc. Resources that gc manages for another project or
stage are never included, and neither are those AWS makes by itself (a declaration names
them without declaring them).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from grucloud.aws.calls import CallFailed
from grucloud.aws.clients import Target
from grucloud.aws.declarable import Secret
from grucloud.aws.spec import get_path
from grucloud.codegen import pysource
from grucloud.codegen.properties import Declared, Key, declare
from grucloud.codegen.references import Index
from grucloud.engine.inventory import Inventory, LiveResource
from grucloud.program.context import Context
from grucloud.program.declaration import from_dict


@dataclass(frozen=True)
class Selection:
    include_foreign: bool = False  # --all
    types: frozenset[str] = frozenset()  # "Group::Type"; empty: every type
    include_groups: frozenset[str] = frozenset()  # empty: every group
    exclude_groups: frozenset[str] = frozenset()

    def wants(self, resource: LiveResource) -> bool:
        spec = resource.spec
        return (
            (not self.types or spec.key in self.types)
            and (not self.include_groups or spec.group in self.include_groups)
            and spec.group not in self.exclude_groups
        )


@dataclass
class Generated:
    """What gencode would write: file contents by path, and what the user should know."""

    files: dict[Path, bytes]
    resources: list[LiveResource]
    notes: list[str] = field(default_factory=list)
    # environment variable -> (the resource, the property path) of each sensitive value left out
    secrets: dict[str, tuple[LiveResource, str]] = field(default_factory=dict)


def in_scope(inventory: Inventory, include_foreign: bool) -> dict[Key, LiveResource]:
    """The resources the file may name: ours (plus, with `include_foreign`, those made outside
    gc) and AWS's defaults. Ours come first where names collide."""
    scope: dict[Key, LiveResource] = {}
    for resource in sorted(inventory.resources, key=lambda r: not r.ours):
        eligible = (resource.ours or resource.default or resource.spec.read_only
                    or (include_foreign and not resource.managed_elsewhere))
        if eligible and resource.key not in scope:
            scope[resource.key] = resource
    return scope


def generate(inventory: Inventory, target: Target, project: dict, output: Path, selection: Selection) -> Generated:
    """`project`: the config (projectName, stage); `output`: the resources.py to write."""
    scope = in_scope(inventory, selection.include_foreign)
    wanted = [r for r in scope.values() if not r.default and not r.spec.read_only and selection.wants(r)]
    chosen = sorted([*wanted, *_looked_up(wanted, scope)], key=lambda r: (r.spec.group, r.spec.type, r.name))
    # a looked-up resource's id is its plain name (a domain): never turned into a reference
    index = Index([r for r in scope.values() if not r.spec.read_only])
    declared = [declare(resource, scope, index) for resource in chosen]
    generated = Generated({}, chosen)
    folder = output.parent
    for item in declared:
        generated.files.update(_local_files(item.resource, target, folder, generated.notes))
        generated.notes += [f"{item.resource.spec.key} {item.resource.name}: AWS does not give back its {path}, which was not written; "
                            "add it before gc apply, or what is made from this file lacks it" for path in _not_given_back(item.resource)]
    secrets = _Secrets()
    text = _source(declared, project, output.parent, any(not r.ours and not r.spec.read_only for r in chosen), secrets)
    generated.files[output] = text.encode()
    generated.secrets = secrets.sources
    for variable, (resource, path) in secrets.sources.items():
        generated.notes.append(f"{resource.spec.key} {resource.name} {path} is sensitive and was not written: export {variable} before gc apply")
    return generated


def _not_given_back(resource: LiveResource) -> list[str]:
    """What another call than create set (extra_properties) and a read returns only as a
    stand-in that gencode leaves out (server_values, any value): an API's OpenAPI document."""
    spec = resource.spec
    return [path for path in spec.extra_properties
            if path in spec.server_values and spec.server_values[path] is None and get_path(resource.live, path) is not None]


def _looked_up(chosen: list[LiveResource], scope: dict[Key, LiveResource]) -> list[LiveResource]:
    """The read-only resources (a registered domain), and those AWS made with a parent the file
    declares (a quick create's stage), that what is written depends on: written as
    `"readOnly": True` entries, so that the file names them as the original did."""
    found = {}
    for resource in chosen:
        for key, names in resource.dependencies.items():
            dependency_type = resource.spec.dependencies[key].type
            for name in names:
                other = scope.get((dependency_type, name))
                if other is not None and (other.spec.read_only or _made_with_parent(other)):
                    found[other.key] = other
    return list(found.values())


def _made_with_parent(resource: LiveResource) -> bool:
    return resource.default and resource.spec.made_with_parent is not None


def _local_files(resource: LiveResource, target: Target, folder: Path, notes: list[str]) -> dict[Path, bytes]:
    if resource.spec.local_files is None:
        return {}
    try:
        files = resource.spec.local_files(target, resource.live)
    except (CallFailed, LookupError, OSError) as error:
        notes.append(f"{resource.spec.key} {resource.name}: its files were not written ({error}); add them before gc apply")
        return {}
    return {folder / relative: content for relative, content in sorted(files.items())}


def _source(declared: list[Declared], project: dict, directory: Path, foreign: bool, secrets: _Secrets) -> str:
    entries = [_entry(item, project, directory, secrets) for item in declared]
    docstring = f'"""Resources of {project["projectName"]} (stage {project["stage"]}), written by `gc gencode` from what is live.'
    if foreign:
        docstring += "\n\nSome were made outside gc: `gc apply --adopt` tags them as managed by gc, once."
    head = docstring + ('\n"""' if foreign else '"""')
    if secrets.used:  # the formatters want one blank line after the docstring, two around defs
        head += "\n\n" + "\n".join(f"import {name}" for name in sorted(secrets.imports()))
    body = pysource.lines(entries, 1, "return ")
    definitions = [*secrets.helpers(), "def create_resources(config):\n" + "\n".join(body)]
    return "\n\n\n".join([head, *definitions]) + "\n"


def _entry(item: Declared, project: dict, directory: Path, secrets: _Secrets) -> dict:
    resource = item.resource
    spec = resource.spec
    entry: dict[str, Any] = {"type": spec.type, "group": spec.group}
    if spec.read_only:  # looked up, never made: its name says which
        return {**entry, "name": resource.name, "readOnly": True}
    if _made_with_parent(resource):  # looked up once its parent is made
        entry["readOnly"] = True
    if _inferred_name(item, project, directory) != resource.name:
        entry["name"] = resource.name
    properties = secrets.replace(item.properties, resource)
    if properties:
        entry["properties"] = pysource.Lambda("ctx", properties) if _uses_ctx(properties) else properties
    if item.dependencies:
        entry["dependencies"] = item.dependencies
    return entry


def _inferred_name(item: Declared, project: dict, directory: Path) -> str | None:
    """The name gc would give the entry without "name", by the loader's own rules."""
    raw = {"type": item.resource.spec.type, "group": item.resource.spec.group,
           "properties": _plain(item.properties), "dependencies": item.dependencies}
    declaration = from_dict(raw, 0, [], Context(project, directory))
    return declaration.name if declaration else None


def _plain(value: Any) -> Any:
    """The properties as the loader sees them before any live lookup."""
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    if isinstance(value, (pysource.Code, pysource.Call, Secret)):
        return None
    return value


def _uses_ctx(value: Any) -> bool:
    if isinstance(value, dict):
        return any(_uses_ctx(v) for v in value.values())
    if isinstance(value, list):
        return any(_uses_ctx(v) for v in value)
    return isinstance(value, pysource.Code) or (isinstance(value, pysource.Call) and value.function.startswith("ctx."))


class _Secrets:
    """Sensitive values become `secret("GC_SECRET_...")`, read from the environment at load."""

    _HELPERS = {
        "secret": (
            "def secret(name):\n"
            '    """A sensitive text gc gencode does not write: set it in the environment."""\n'
            "    return os.environ[name]"
        ),
        "secret_json": (
            "def secret_json(name):\n"
            '    """A sensitive map or list gc gencode does not write: JSON in the environment."""\n'
            "    return json.loads(os.environ[name])"
        ),
    }

    def __init__(self):
        self.sources: dict[str, tuple[LiveResource, str]] = {}
        self.used: set[str] = set()

    def replace(self, value: Any, resource: LiveResource) -> Any:
        if isinstance(value, dict):
            return {k: self.replace(v, resource) for k, v in value.items()}
        if isinstance(value, list):
            return [self.replace(v, resource) for v in value]
        if not isinstance(value, Secret):
            return value
        variable = self._variable(resource.name, value.path)
        self.sources[variable] = (resource, value.path)
        helper = "secret_json" if value.structured else "secret"
        self.used.add(helper)
        what = "as JSON " if value.structured else ""
        comment = f"sensitive: gc gencode does not write it; export {variable} {what}before gc apply"
        return pysource.Commented(comment, pysource.Call(helper, (variable,)))

    def _variable(self, name: str, path: str) -> str:
        base = "GC_SECRET_" + re.sub(r"[^A-Z0-9]+", "_", f"{name}_{path.split('.')[-1]}".upper()).strip("_")
        variable, n = base, 1
        while variable in self.sources:
            n += 1
            variable = f"{base}_{n}"
        return variable

    def imports(self) -> set[str]:
        return {"os"} | ({"json"} if "secret_json" in self.used else set())

    def helpers(self) -> list[str]:
        return [self._HELPERS[name] for name in sorted(self.used)]


class Conflict(Exception):
    """Files that exist with other contents; gencode overwrites them only when forced."""

    def __init__(self, paths: list[Path]):
        self.paths = paths
        listed = ", ".join(str(p) for p in paths)
        super().__init__(f"would overwrite {listed}: pass --force to replace, or -o to write elsewhere")


@dataclass
class Written:
    written: list[Path]
    unchanged: list[Path]


def write(files: dict[Path, bytes], force: bool = False) -> Written:
    """Write every file, or none when one would overwrite different contents (unless forced)."""
    differing = [p for p, content in files.items() if p.exists() and p.read_bytes() != content]
    if differing and not force:
        raise Conflict(differing)
    done = Written([], [])
    for path, content in files.items():
        if path.exists() and path.read_bytes() == content:
            done.unchanged.append(path)
            continue
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(content)
        done.written.append(path)
    return done


def extra_files(files: dict[Path, bytes], output: Path) -> list[Path]:
    """Files in the code folders gencode writes that the live code does not have: gc would
    zip and upload them too."""
    folders = {output.parent / p.relative_to(output.parent).parts[0] for p in files if p.parent != output.parent}
    return sorted(p for folder in folders if folder.is_dir() for p in folder.rglob("*") if p.is_file() and p not in files)

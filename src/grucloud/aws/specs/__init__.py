"""Every resource type gc knows, by "Group::Type", found by itself: each module under this
package that defines `SPEC` (one type) or `SPECS` (several, e.g. a security group's ingress and
egress rules) adds its types. Adding a type is writing its spec file; nothing here changes."""

from __future__ import annotations

import importlib
import pkgutil
from types import ModuleType

from grucloud.aws.spec import ResourceSpec


def _spec_modules() -> list[ModuleType]:
    found = []
    for info in pkgutil.walk_packages(__path__, prefix=f"{__name__}."):
        module = importlib.import_module(info.name)
        if hasattr(module, "SPEC") or hasattr(module, "SPECS"):
            found.append(module)
    return found


def _specs_of(module: ModuleType) -> list[ResourceSpec]:
    return [module.SPEC] if hasattr(module, "SPEC") else list(module.SPECS)


def _registry() -> tuple[dict[str, ResourceSpec], dict[str, ModuleType]]:
    specs: dict[str, ResourceSpec] = {}
    modules: dict[str, ModuleType] = {}
    for module in _spec_modules():
        for spec in _specs_of(module):
            if spec.key in specs:
                raise RuntimeError(f"{spec.key} is declared twice: in {modules[spec.key].__name__} and {module.__name__}")
            specs[spec.key], modules[spec.key] = spec, module
    ordered = sorted(specs)  # the same order whatever the file system lists first
    return {k: specs[k] for k in ordered}, {k: modules[k] for k in ordered}


REGISTRY, MODULES = _registry()


def by_type(type_name: str, group: str | None = None) -> list[ResourceSpec]:
    """Specs matching a type name (with or without its group)."""
    return [s for s in REGISTRY.values() if s.type == type_name and (group is None or s.group == group)]

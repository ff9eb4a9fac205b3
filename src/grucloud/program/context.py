"""What a `properties` function receives: the config, and live values of other resources."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from grucloud.unknown import Unknown

# (type key, name, live path or a function of the live data; None: the type's id) -> value,
# or Unknown when the resource is not live yet. The plan, the apply and validation each give one.
Lookup = Callable[[str, str, Any], Any]


class Context:
    """Passed to `properties` functions: `ctx.config`, `ctx.get_id(type, name, path)`."""

    def __init__(self, config: dict, project_dir: Path, lookup: Lookup | None = None,
                 dependencies: dict | None = None, declared: Callable | None = None):
        self.config = config
        self.project_dir = Path(project_dir)
        self.dependencies = dependencies or {}
        self._lookup = lookup
        self._declared = declared

    def get_id(self, type_key: str, name: str, path: str | None = None) -> Any:
        """A live value of another resource: its id by default, or the field at `path`."""
        if self._lookup is None:
            return Unknown(f"{type_key} {name}")
        return self._lookup(type_key, name, path)

    def dependency_property(self, key: str, path: str) -> Any:
        """A declared property of the resource named by dependency `key` (for checks)."""
        name = self.dependencies.get(key)
        if self._declared is None or not isinstance(name, str):
            return None
        return self._declared(key, name, path)

    def dependency_properties(self, key: str, path: str) -> list:
        """The same for a dependency that names several resources: one value per name."""
        names = self.dependencies.get(key) or []
        if self._declared is None or not isinstance(names, list):
            return []
        return [self._declared(key, name, path) for name in names]

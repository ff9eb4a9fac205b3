"""What a `properties` function receives: the config, and live values of other resources."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any


class Unknown:
    """A value known only after apply (an id of a resource not created yet)."""

    def __init__(self, what: str):
        self.what = what

    def __repr__(self) -> str:
        return "(known after apply)"

    def __str__(self) -> str:
        return "(known after apply)"

    def __eq__(self, other) -> bool:
        return isinstance(other, Unknown) and other.what == self.what

    def __hash__(self) -> int:
        return hash(self.what)

    # written into a string ("arn:...:" + ctx.get_id(...)), it stays recognisably unknown
    def __add__(self, other) -> str:
        return f"{self}{other}"

    def __radd__(self, other) -> str:
        return f"{other}{self}"


def has_unknown(value: Any) -> bool:
    if isinstance(value, Unknown):
        return True
    if isinstance(value, dict):
        return any(has_unknown(v) for v in value.values())
    if isinstance(value, list):
        return any(has_unknown(v) for v in value)
    return isinstance(value, str) and "(known after apply)" in value


# (type key, name, live path) -> value, or Unknown when the resource is not live yet
Lookup = Callable[[str, str, str | None], Any]


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

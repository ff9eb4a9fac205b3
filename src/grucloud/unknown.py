"""A value known only after apply, as properties see it before the resource it comes from
exists (a leaf module: the program, the engine and the specs all meet it)."""

from __future__ import annotations

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

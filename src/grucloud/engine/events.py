"""What the engine reports while it works; only the CLI turns events into output."""

from __future__ import annotations

from collections.abc import Callable, Hashable
from dataclasses import dataclass


@dataclass(frozen=True)
class Event:
    # "start" | "done" | "failed" | "skipped" | "listed" | "gap" | "taken" (a child read by its
    # parent's delete, which took it: its detail names the parent)
    kind: str
    node: Hashable
    detail: str = ""
    error: BaseException | None = None


Listener = Callable[[Event], None]


def ignore(event: Event) -> None:
    """The listener used when nobody is listening."""

"""What the engine reports while it works; only the CLI turns events into output."""

from __future__ import annotations

from collections.abc import Callable, Hashable
from dataclasses import dataclass


@dataclass(frozen=True)
class Event:
    kind: str  # "start" | "done" | "failed" | "skipped" | "listed" | "gap"
    node: Hashable
    detail: str = ""
    error: BaseException | None = None


Listener = Callable[[Event], None]


def ignore(event: Event) -> None:
    """The listener used when nobody is listening."""

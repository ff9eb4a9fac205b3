"""Progress on stderr while the engine works, driven by its events."""

from __future__ import annotations

import threading
import time
from contextlib import contextmanager

from rich.console import Console
from rich.markup import escape
from rich.text import Text

from grucloud.engine.events import Event


@contextmanager
def listing_progress(console: Console):
    """'Listing n/N' while types are listed, then the reference page's check-mark tree."""
    counts = {"listed": 0, "total": 0}
    lock = threading.Lock()
    status = console.status("Listing resources on 1 provider: aws", spinner="dots")

    def on_event(event: Event) -> None:
        with lock:
            if event.kind == "start":
                counts["total"] += 1
            elif event.kind == "listed":
                counts["listed"] += 1
            # a Text, not a string: no markup to parse on the thread that hands out the next calls
            status.update(Text(f"Listing resources on 1 provider: aws  {counts['listed']}/{counts['total']}"))

    console.print("Listing resources on 1 provider: aws", highlight=False)
    with status:
        yield on_event
    console.print(f"✓ aws\n  ✓ Initialising\n  ✓ Listing {counts['listed']}/{counts['total']}", highlight=False)


class ApplyProgress:
    """One line per finished resource, with its duration; failures say why."""

    def __init__(self, console: Console, verbs: dict, notes: dict | None = None):
        self.console = console
        self.verbs = verbs  # node -> "create" | "update" | ...
        self.notes = notes or {}  # node -> what its delete really did
        self.started: dict = {}
        self.lock = threading.Lock()

    def __call__(self, event: Event) -> None:
        with self.lock:
            type_key, name = event.node
            verb = self.verbs.get(event.node, "")
            if event.kind == "start":
                self.started[event.node] = time.monotonic()
                return
            took = time.monotonic() - self.started.get(event.node, time.monotonic())
            # names and AWS's messages are text, not markup: "[a, b]" in one would vanish, "[/x]" raise
            what = escape(f"{verb} {type_key} {name}")
            if event.kind == "taken":
                self.console.print(f"[green]✓[/green] {escape(f'delete {type_key} {name}')} [dim](with {escape(event.detail)})[/dim]", highlight=False)
            elif event.kind == "done":
                note = f" [yellow]({escape(self.notes[event.node])})[/yellow]" if event.node in self.notes else ""
                self.console.print(f"[green]✓[/green] {what} [dim]({took:.1f}s)[/dim]{note}", highlight=False)
            elif event.kind == "failed":
                self.console.print(f"[red]✗ {what}: {escape(event.detail)}[/red]", highlight=False)
            elif event.kind == "skipped":
                self.console.print(f"[yellow]- skipped {what}: {escape(event.detail)}[/yellow]", highlight=False)

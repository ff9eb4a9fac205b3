"""The one walker: dependency order, bounded parallelism, failures skip only their dependents.

Apply, destroy (on the reversed graph) and listing all run through `walk`.
"""

from __future__ import annotations

import graphlib
from collections.abc import Callable, Hashable
from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait
from dataclasses import dataclass, field
from typing import Any

from grucloud.engine.events import Event, Listener, ignore


@dataclass
class WalkResult:
    done: dict[Hashable, Any] = field(default_factory=dict)
    failed: dict[Hashable, BaseException] = field(default_factory=dict)
    skipped: dict[Hashable, Hashable] = field(default_factory=dict)  # node -> failed cause
    not_started: list[Hashable] = field(default_factory=list)  # left when asked to stop

    @property
    def ok(self) -> bool:
        return not (self.failed or self.skipped or self.not_started)


def fan_out(function: Callable[[Any], Any], items: list, parallelism: int = 10) -> list:
    """`function` over independent items, at most `parallelism` at once, results in order
    (per-parent listings, per-resource reads). The first error is raised."""
    if len(items) <= 1 or parallelism <= 1:
        return [function(item) for item in items]
    with ThreadPoolExecutor(max_workers=min(parallelism, len(items))) as pool:
        return list(pool.map(function, items))


def walk(
    graph: dict[Hashable, set[Hashable]],
    run: Callable[[Hashable], Any],
    parallelism: int = 10,
    on_event: Listener = ignore,
    should_stop: Callable[[], bool] = lambda: False,
    wait_before: Callable[[Hashable], float] | None = None,
) -> WalkResult:
    """Run `run(node)` for every node after all of `graph[node]` (its dependencies) are done,
    at most `parallelism` at once.

    `wait_before(node)`: how long the node would wait for a rate limit if it started now. Of
    the nodes ready, the one that can go soonest starts first (else the first ready): a change
    for an idle service does not queue behind many waiting for a busy one's quota, each holding
    one of the `parallelism` places while it waits."""
    sorter = graphlib.TopologicalSorter(graph)
    sorter.prepare()  # raises graphlib.CycleError before anything runs
    result = WalkResult()
    running: dict[Future, Hashable] = {}
    ready: list[Hashable] = []
    with ThreadPoolExecutor(max_workers=max(1, parallelism)) as pool:
        while sorter.is_active():
            for node in sorter.get_ready():
                cause = next((d for d in graph.get(node, ()) if d in result.failed or d in result.skipped), None)
                if cause is not None:
                    result.skipped[node] = result.skipped.get(cause, cause)
                    on_event(Event("skipped", node, f"{cause} failed"))
                    sorter.done(node)
                else:
                    ready.append(node)
            while ready and len(running) < max(1, parallelism):
                node = min(ready, key=wait_before) if wait_before else ready[0]
                ready.remove(node)
                if should_stop() or any(d in result.not_started for d in graph.get(node, ())):
                    # a node whose dependency did not run cannot run either, even if the
                    # stop request has since been withdrawn
                    result.not_started.append(node)
                    sorter.done(node)
                else:
                    on_event(Event("start", node))
                    running[pool.submit(run, node)] = node
            if not running:
                continue
            finished, _ = wait(running, return_when=FIRST_COMPLETED)
            for future in finished:
                node = running.pop(future)
                error = future.exception()
                if error is None:
                    result.done[node] = future.result()
                    on_event(Event("done", node))
                else:
                    result.failed[node] = error
                    on_event(Event("failed", node, str(error), error))
                sorter.done(node)
    return result

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
    # not nodes: what a node's work found and AWS removed with it (a destroy's function
    # statements, read by the function's delete: executor), by key, with its live data
    taken: dict[Hashable, Any] = field(default_factory=dict)

    @property
    def ended(self) -> int:
        return len(self.done) + len(self.failed) + len(self.skipped) + len(self.not_started)

    @property
    def ok(self) -> bool:
        return not (self.failed or self.skipped or self.not_started)


@dataclass(frozen=True)
class Unfinished:
    """What `run(node)` returns when the rest of its work needs more nodes done (a role made
    before its new policy, attached once the policy is made): the node is done when `rest()` has
    run, which starts once every node of `waits_for` is done. Should one of them fail or not run,
    the node fails, saying so, and what depends on it is skipped."""

    waits_for: frozenset
    rest: Callable[[], Any]


@dataclass(frozen=True)
class Released:
    """What `run(node)` returns when what waits for the node may start before the rest of its
    work (a role's policies detached: their deletes may go beside the role's own): the node is
    done when `rest()` has run. Should the rest fail, the node fails; what started meanwhile
    is not undone."""

    rest: Callable[[], Any]


class NotFinished(Exception):
    """A node was started, but what the rest of its work waits for failed or did not run."""


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
    at most `parallelism` at once. `run` may return Unfinished (the rest of its work waits for
    other nodes) or Released (other nodes may wait for the first part of its work only).

    `wait_before(node)`: how long the node would wait for a rate limit if it started now. Of
    the nodes ready, the one that can go soonest starts first (else the first ready): a change
    for an idle service does not queue behind many waiting for a busy one's quota, each holding
    one of the `parallelism` places while it waits."""
    sorter = graphlib.TopologicalSorter(graph)
    sorter.prepare()  # raises graphlib.CycleError before anything runs
    result = WalkResult()
    places = max(1, parallelism)
    running: dict[Future, Hashable] = {}
    ready: list[Hashable] = []
    parked: dict[Hashable, Unfinished] = {}  # started, the rest waiting for other nodes
    released: set[Hashable] = set()  # what waits for it may start; the rest of its work still runs
    stalled = None  # (nodes ended, nodes parked) when nothing was running, to tell a deadlock

    def ended(node, error: BaseException | None = None, value: Any = None) -> None:
        if error is None:
            result.done[node] = value
            on_event(Event("done", node))
        else:
            result.failed[node] = error
            on_event(Event("failed", node, str(error), error))

    def finished(node, error: BaseException | None = None, value: Any = None) -> None:
        ended(node, error, value)
        sorter.done(node)

    with ThreadPoolExecutor(max_workers=places) as pool:
        while sorter.is_active() or running:  # a released node's rest may run after every node is done
            for node, unfinished in list(parked.items()):
                lost = next((w for w in unfinished.waits_for if w in result.failed or w in result.skipped
                             or w in result.not_started), None)
                if lost is not None:
                    del parked[node]
                    finished(node, NotFinished(f"started, but not finished: {lost} {'did not run' if lost in result.not_started else 'failed'}; "
                                               "the next apply finishes it"))
                elif unfinished.waits_for <= result.done.keys() and len(running) < places:
                    del parked[node]
                    running[pool.submit(unfinished.rest)] = node  # the rest of a started node: never held back by a stop
            for node in sorter.get_ready():
                cause = next((d for d in graph.get(node, ()) if d in result.failed or d in result.skipped), None)
                if cause is not None:
                    result.skipped[node] = result.skipped.get(cause, cause)
                    on_event(Event("skipped", node, f"{cause} failed"))
                    sorter.done(node)
                else:
                    ready.append(node)
            while ready and len(running) < places:
                # a choice only when there are more ready than places
                choose = wait_before and len(ready) > places - len(running)
                node = min(ready, key=wait_before) if choose else ready[0]
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
                if parked and stalled == (result.ended, len(parked)):
                    # nothing ran, resumed or ended since: parked nodes wait for each other
                    raise RuntimeError(f"nodes wait for each other (waits_for): {sorted(map(str, parked))}")
                stalled = (result.ended, len(parked))
                continue
            done, _ = wait(running, return_when=FIRST_COMPLETED)
            for future in done:
                node = running.pop(future)
                error = future.exception()
                if node in released:
                    released.discard(node)
                    ended(node, error, None if error else future.result())
                elif error is None and isinstance(future.result(), Unfinished):
                    parked[node] = future.result()
                elif error is None and isinstance(future.result(), Released):
                    sorter.done(node)  # what waits for it may start now
                    released.add(node)
                    running[pool.submit(future.result().rest)] = node
                else:
                    finished(node, error, None if error else future.result())
    return result

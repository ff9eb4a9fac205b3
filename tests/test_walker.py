"""The one walker: dependency order, bounded parallelism, failure isolation, stopping, cycles.

No timing anywhere: order and concurrency are measured with sets and counters under a lock.
"""

from __future__ import annotations

import graphlib
import random
import threading

import pytest

from grucloud.engine.events import Event
from grucloud.engine.walker import NotFinished, Released, Unfinished, walk


class Recorder:
    """A `run` function that records what ran, and checks dependencies were done first."""

    def __init__(self, graph, fail=(), stop_after=()):
        self.graph = graph
        self.fail = set(fail)
        self.lock = threading.Lock()
        self.started: list = []
        self.finished: set = set()
        self.violations: list = []
        self.stop = threading.Event()
        self.stop_after = set(stop_after)

    def __call__(self, node):
        with self.lock:
            missing = set(self.graph.get(node, ())) - self.finished
            if missing:
                self.violations.append((node, missing))
            self.started.append(node)
        if node in self.stop_after:
            self.stop.set()
        if node in self.fail:
            raise RuntimeError(f"{node} broke")
        with self.lock:
            self.finished.add(node)
        return f"result of {node}"


def random_dag(seed: int, size: int = 40, edges: int = 3) -> dict[int, set[int]]:
    rng = random.Random(seed)
    return {n: {rng.randrange(n) for _ in range(rng.randint(0, edges))} if n else set() for n in range(size)}


@pytest.mark.parametrize("seed", range(5))
@pytest.mark.parametrize("parallelism", [1, 4, 16])
def test_every_node_runs_once_after_its_dependencies(seed, parallelism):
    graph = random_dag(seed)
    run = Recorder(graph)
    result = walk(graph, run, parallelism)
    assert run.violations == []
    assert sorted(run.started) == sorted(graph)  # each exactly once
    assert result.ok
    assert result.done == {n: f"result of {n}" for n in graph}


def test_dependencies_that_are_not_nodes_do_not_block():
    # graphlib adds a node for each dependency; the walker runs it too
    graph = {"b": {"a"}}
    run = Recorder(graph)
    result = walk(graph, run, 2)
    assert run.started == ["a", "b"]
    assert set(result.done) == {"a", "b"}


class Gate:
    """Counts how many runs are inside at once; each waits until `size` are inside together,
    so the walker must reach its bound (and any excess shows up in the counter)."""

    def __init__(self, size: int):
        self.lock = threading.Lock()
        self.active = 0
        self.peak = 0
        self.barrier = threading.Barrier(size, timeout=10)

    def __call__(self, node):
        with self.lock:
            self.active += 1
            self.peak = max(self.peak, self.active)
        try:
            self.barrier.wait()
        finally:
            with self.lock:
                self.active -= 1


@pytest.mark.parametrize("parallelism", [1, 3, 5])
def test_parallelism_is_bounded_and_reached(parallelism):
    nodes = {n: set() for n in range(parallelism * 6)}
    gate = Gate(parallelism)
    result = walk(nodes, gate, parallelism)
    assert result.ok and len(result.done) == len(nodes)
    assert gate.peak == parallelism


def test_parallelism_bound_holds_on_a_wide_graph_with_dependencies():
    # 30 leaves under one root, then one node depending on all of them
    graph = {"root": set(), **{n: {"root"} for n in range(30)}, "top": set(range(30))}
    lock = threading.Lock()
    state = {"active": 0, "peak": 0}

    def run(node):
        with lock:
            state["active"] += 1
            state["peak"] = max(state["peak"], state["active"])
        # give other threads the chance to overlap, without depending on time
        for _ in range(2000):
            pass
        with lock:
            state["active"] -= 1

    result = walk(graph, run, 4)
    assert result.ok
    assert 1 <= state["peak"] <= 4


def test_failure_skips_only_dependents_transitively():
    #   a (fails) -> b -> c -> d
    #   x -> y ------------^      (d depends on c and y)
    #   z (independent)
    graph = {"a": set(), "b": {"a"}, "c": {"b"}, "x": set(), "y": {"x"}, "d": {"c", "y"}, "z": set()}
    run = Recorder(graph, fail={"a"})
    events: list[Event] = []
    lock = threading.Lock()

    def listen(event):
        with lock:
            events.append(event)

    result = walk(graph, run, 3, on_event=listen)
    assert set(result.failed) == {"a"}
    assert isinstance(result.failed["a"], RuntimeError)
    # every skipped node names the root cause, not its direct dependency
    assert result.skipped == {"b": "a", "c": "a", "d": "a"}
    assert set(result.done) == {"x", "y", "z"}
    assert set(run.started) == {"a", "x", "y", "z"}  # skipped nodes never ran
    assert not result.ok
    kinds = {(e.kind, e.node) for e in events}
    assert ("failed", "a") in kinds
    assert {("skipped", n) for n in "bcd"} <= kinds
    assert {("done", n) for n in "xyz"} <= kinds
    failed_event = next(e for e in events if e.kind == "failed")
    assert "a broke" in failed_event.detail and failed_event.error is result.failed["a"]


def test_two_failures_each_skip_their_own_dependents():
    graph = {"a": set(), "b": set(), "a1": {"a"}, "b1": {"b"}, "ab": {"a1", "b1"}, "free": set()}
    run = Recorder(graph, fail={"a", "b"})
    result = walk(graph, run, 2)
    assert set(result.failed) == {"a", "b"}
    assert result.skipped["a1"] == "a" and result.skipped["b1"] == "b"
    assert result.skipped["ab"] in {"a", "b"}
    assert set(result.done) == {"free"}


def test_should_stop_leaves_the_rest_not_started():
    graph = {"a": set(), "b": {"a"}, "c": {"b"}, "d": {"a"}}
    run = Recorder(graph, stop_after={"a"})
    result = walk(graph, run, 1, should_stop=run.stop.is_set)
    assert set(result.done) == {"a"}
    assert sorted(result.not_started) == ["b", "c", "d"]
    assert run.started == ["a"]
    assert not result.failed and not result.skipped
    assert not result.ok


def test_should_stop_before_start_runs_nothing():
    graph = {"a": set(), "b": {"a"}}
    run = Recorder(graph)
    result = walk(graph, run, 4, should_stop=lambda: True)
    assert run.started == []
    assert sorted(result.not_started) == ["a", "b"]


def test_a_node_whose_dependency_did_not_start_never_runs():
    # A stop request that is answered "stop" once and then "go on" must still not run a
    # node before its dependency: b was left not started, so c cannot run.
    graph = {"a": set(), "b": {"a"}, "c": {"b"}}
    answers = iter([False, True])  # a: go, b: stop, then go for everything after
    run = Recorder(graph)
    result = walk(graph, run, 1, should_stop=lambda: next(answers, False))
    assert run.violations == []
    assert "c" not in run.started
    assert set(result.not_started) == {"b", "c"}


def test_of_the_ready_nodes_the_one_that_can_go_soonest_starts_first():
    # Ten creates wait on one service's quota, a third for another service is ready beside
    # them: it must not queue behind them while they hold the places (a rate-limited apply).
    graph = {**{f"busy{i}": set() for i in range(10)}, "idle": set(), "after_idle": {"idle"}}
    run = Recorder(graph)
    waits = {"idle": 0.0, "after_idle": 0.0}
    result = walk(graph, run, 1, wait_before=lambda node: waits.get(node, 1.0))
    assert result.ok
    assert run.started[:2] == ["idle", "after_idle"]
    assert run.started[2:] == [f"busy{i}" for i in range(10)]  # then in the order they were ready


def test_without_estimates_nodes_start_in_the_order_they_became_ready():
    graph = {"b": set(), "a": set(), "c": {"a"}}
    run = Recorder(graph)
    walk(graph, run, 1)
    assert run.started == ["b", "a", "c"]


def _role_and_policy(policy_fails: bool):
    """A role started at once and finished once its policy is made (Dependency.late's shape):
    role -> function depends on it; the policy is slow, and started with the role."""
    graph = {"policy": set(), "role": set(), "function": {"role"}}
    order, lock = [], threading.Lock()
    policy_started = threading.Event()

    def run(node):
        with lock:
            order.append(f"{node} started")
        if node == "policy":
            policy_started.set()
            if policy_fails:
                raise RuntimeError("policy broke")
            return "policy"
        if node == "role":
            assert policy_started.wait(5)  # both started at once: neither waits for the other's start
            return Unfinished(frozenset({"policy"}), lambda: order.append("role finished") or "role")
        return node

    return graph, run, order


def test_a_node_finishes_once_what_its_rest_waits_for_is_done_and_its_dependents_wait_for_that():
    graph, run, order = _role_and_policy(policy_fails=False)
    result = walk(graph, run, 10)
    assert result.ok and result.done["role"] == "role"
    assert order.index("role finished") < order.index("function started")
    assert order.index("policy started") < order.index("role finished")


def test_a_node_whose_rest_waits_for_a_failure_fails_saying_so_and_its_dependents_are_skipped():
    graph, run, order = _role_and_policy(policy_fails=True)
    result = walk(graph, run, 10)
    assert isinstance(result.failed["role"], NotFinished)
    assert "policy failed" in str(result.failed["role"])
    assert result.skipped == {"function": "role"}
    assert "role finished" not in order


def _released_role(rest_fails: bool):
    """A role's delete detaches its policy, then releases the policy's delete (which waits for
    it), and deletes itself meanwhile: its rest ends only once the policy's delete has started."""
    graph = {"role": set(), "policy": {"role"}, "bucket": {"policy"}}
    policy_started = threading.Event()
    events = []

    def rest():
        assert policy_started.wait(5)  # the policy's delete went before the role's was done
        if rest_fails:
            raise RuntimeError("DeleteRole refused")
        return "role gone"

    def run(node):
        if node == "role":
            return Released(rest)
        if node == "policy":
            policy_started.set()
        return node

    return graph, run, events


@pytest.mark.parametrize("rest_fails", [False, True])
def test_what_waits_for_a_released_node_starts_before_its_rest_ends(rest_fails):
    graph, run, events = _released_role(rest_fails)
    result = walk(graph, run, 10, on_event=events.append)
    assert result.done["policy"] == "policy" and result.done["bucket"] == "bucket"
    if rest_fails:
        assert "DeleteRole refused" in str(result.failed["role"]) and "role" not in result.done
    else:
        assert result.ok and result.done["role"] == "role gone"
    assert [e.kind for e in events if e.node == "role"] == ["start", "failed" if rest_fails else "done"]


def test_cycle_raises_before_anything_runs():
    graph = {"a": {"c"}, "b": {"a"}, "c": {"b"}, "free": set()}
    run = Recorder(graph)
    with pytest.raises(graphlib.CycleError):
        walk(graph, run, 4)
    assert run.started == []


def test_empty_graph():
    result = walk({}, lambda node: pytest.fail("nothing to run"), 4)
    assert result.ok and result.done == {}

"""Waiting for a resource's state: done when ready, a clear message on failure or timeout."""

from __future__ import annotations

import pytest

from grucloud.aws import calls
from grucloud.aws.calls import WaitTimeout, wait_until


@pytest.fixture
def clock(monkeypatch):
    """calls.sleep advances a fake monotonic clock, so timeouts pass instantly."""
    now = [0.0]
    monkeypatch.setattr(calls.time, "monotonic", lambda: now[0])
    monkeypatch.setattr(calls, "sleep", lambda seconds: now.__setitem__(0, now[0] + seconds))
    return now


def states(*values):
    found = iter(values)
    return lambda: next(found)


def test_waits_through_pending_until_ready(clock):
    assert wait_until(states("PENDING", "PENDING", "AVAILABLE"), "VPC link l to be AVAILABLE", ("AVAILABLE",), delay=5) == "AVAILABLE"
    assert clock[0] == 10


def test_a_failed_state_stops_the_wait_with_what_was_awaited(clock):
    with pytest.raises(WaitTimeout, match="VPC link l to be AVAILABLE: it became FAILED"):
        wait_until(states("PENDING", "FAILED"), "VPC link l to be AVAILABLE", ("AVAILABLE",), ("FAILED",))


def test_the_timeout_message_says_what_and_the_last_state(clock):
    with pytest.raises(WaitTimeout) as timeout:
        wait_until(lambda: "pending", "NAT gateway n to be available", ("available",), timeout=60, delay=10)
    assert str(timeout.value) == "gave up after 60 s waiting for NAT gateway n to be available; it is still pending"
    assert clock[0] == 60

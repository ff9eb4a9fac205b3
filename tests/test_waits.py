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
    assert 0 < clock[0] <= 2 * calls.SOON


def _ready_after(seconds: float, clock, polls: list):
    """A resource's state that turns ready `seconds` after the first poll; each poll counted."""
    def poll():
        polls.append(clock[0])
        return "ready" if clock[0] >= seconds else "pending"
    return poll


@pytest.mark.parametrize("seconds, most_apart, within, at_most", [
    (2, 1, 0.4, 12),  # a Lambda function Pending (1 to 5 s): noticed within a fifth of the wait
    (3, 5, 0.6, 15),
    (100, 10, 10, 40),  # a NAT gateway (1.5 to 2 min): polled every 10 s at most once it has taken long
])
def test_a_state_change_is_noticed_within_a_fraction_of_the_wait_with_few_polls(clock, seconds, most_apart, within, at_most):
    polls = []
    wait_until(_ready_after(seconds, clock, polls), "it to be ready", ("ready",), delay=most_apart)
    assert seconds <= clock[0] <= seconds + within
    assert len(polls) <= at_most
    assert max(b - a for a, b in zip(polls, polls[1:])) <= most_apart


def test_a_failed_state_stops_the_wait_with_what_was_awaited(clock):
    with pytest.raises(WaitTimeout, match="VPC link l to be AVAILABLE: it became FAILED"):
        wait_until(states("PENDING", "FAILED"), "VPC link l to be AVAILABLE", ("AVAILABLE",), ("FAILED",))


def test_the_timeout_message_says_what_and_the_last_state(clock):
    with pytest.raises(WaitTimeout) as timeout:
        wait_until(lambda: "pending", "NAT gateway n to be available", ("available",), timeout=60, delay=10)
    assert str(timeout.value) == "gave up after 60 s waiting for NAT gateway n to be available; it is still pending"
    assert clock[0] == 60


@pytest.fixture
def ec2_script():
    """An EC2 client answering DescribeNatGateways from a script (at a closed loopback port, so
    an unexpected call fails at once)."""
    import boto3
    from botocore.stub import Stubber

    client = boto3.client("ec2", region_name="us-east-1", endpoint_url="http://127.0.0.1:9",
                          aws_access_key_id="x", aws_secret_access_key="x")
    with Stubber(client) as stubber:

        def script(*states):
            for state in states:
                stubber.add_response("describe_nat_gateways", {"NatGateways": [{"NatGatewayId": "nat-1", "State": state}]})
            return client

        yield script
        stubber.assert_no_pending_responses()


def test_a_botocore_waiter_that_meets_a_failed_state_says_so(ec2_script):
    client = ec2_script("pending", "failed")
    with pytest.raises(WaitTimeout, match=r"^NAT gateway n to be available: it failed instead \("):
        calls.wait(client, "nat_gateway_available", "NAT gateway n to be available", timeout=10, delay=0.001, NatGatewayIds=["nat-1"])


def test_a_botocore_waiter_that_runs_out_of_time_says_what_it_waited_for(ec2_script, clock):
    client = ec2_script("pending", "pending")  # polled at once, then when the time is up
    with pytest.raises(WaitTimeout, match=r"^gave up after 0 s waiting for NAT gateway n to be available$"):
        calls.wait(client, "nat_gateway_available", "NAT gateway n to be available", timeout=0.2, delay=10, NatGatewayIds=["nat-1"])

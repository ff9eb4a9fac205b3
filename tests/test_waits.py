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


def test_a_botocore_waiter_that_runs_out_of_time_says_what_it_waited_for(ec2_script):
    client = ec2_script("pending", "pending")
    with pytest.raises(WaitTimeout, match=r"^gave up after 0 s waiting for NAT gateway n to be available$"):
        calls.wait(client, "nat_gateway_available", "NAT gateway n to be available", timeout=0.002, delay=0.001, NatGatewayIds=["nat-1"])

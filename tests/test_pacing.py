"""Pacing: token buckets per service and per operation, from one table, on every request.

The apply through a rate-limited proxy in front of the emulator is in test_pacing_proxy.py.
"""

from __future__ import annotations

import pytest

from grucloud.aws import calls
from grucloud.aws.pacing import AWS_LIMITS, Pacer, Rate, TokenBucket


class FakeTime:
    """A clock that only moves when someone sleeps."""

    def __init__(self):
        self.now = 0.0
        self.slept: list[float] = []

    def clock(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.slept.append(seconds)
        self.now += seconds


def test_a_bucket_gives_its_burst_at_once_then_one_token_per_interval():
    fake = FakeTime()
    bucket = TokenBucket(Rate(per_second=2, burst=3), fake.clock)
    assert [bucket.reserve() for _ in range(3)] == [0, 0, 0]
    # the next callers queue: each is told to wait half a second more than the one before
    assert [bucket.reserve() for _ in range(3)] == [0.5, 1.0, 1.5]
    fake.now = 100.0  # a long idle time refills the bucket, but never beyond its burst
    assert [bucket.reserve() for _ in range(4)] == [0, 0, 0, 0.5]


def test_create_vpc_link_is_paced_to_one_per_15_s_while_other_calls_go_on():
    fake = FakeTime()
    pacer = Pacer(AWS_LIMITS, fake.clock, fake.sleep)
    starts = []
    for _ in range(3):
        pacer.acquire("apigatewayv2", "CreateVpcLink")
        starts.append(fake.now)
    assert starts == [0, 15, 30]
    before = fake.now
    pacer.acquire("apigatewayv2", "GetApis")  # the shared budget has refilled meanwhile
    assert fake.now == before


def test_the_account_budget_is_shared_by_every_operation_of_the_service():
    fake = FakeTime()
    pacer = Pacer(AWS_LIMITS, fake.clock, fake.sleep)
    for i in range(40):  # the burst
        pacer.acquire("apigatewayv2", "CreateRoute" if i % 2 else "GetIntegrations")
    assert fake.slept == []
    pacer.acquire("apigatewayv2", "CreateIntegration")
    assert fake.slept == [pytest.approx(0.1)]  # 10 per second after the burst
    pacer.acquire("sqs", "CreateQueue")  # a service without a row is not paced
    assert fake.slept == [pytest.approx(0.1)]


def test_lambda_shares_15_per_second_but_get_function_and_get_policy_have_their_own():
    fake = FakeTime()
    pacer = Pacer(AWS_LIMITS, fake.clock, fake.sleep)
    for i in range(15):  # one second's worth at once
        pacer.acquire("lambda", ("CreateFunction", "AddPermission", "ListFunctions")[i % 3])
    for _ in range(100):  # GetFunction: 100 per second, apart from the shared budget
        pacer.acquire("lambda", "GetFunction")
    for _ in range(15):
        pacer.acquire("lambda", "GetPolicy")
    assert fake.slept == []
    pacer.acquire("lambda", "DeleteFunction")
    assert fake.slept == [pytest.approx(1 / 15)]


def test_ec2_mutating_calls_share_a_bucket_of_50_refilled_5_per_second_and_reads_do_not_take_from_it():
    fake = FakeTime()
    pacer = Pacer(AWS_LIMITS, fake.clock, fake.sleep)
    for i in range(50):
        pacer.acquire("ec2", ("CreateVpc", "CreateSubnet", "DeleteSecurityGroup")[i % 3])
    for _ in range(100):
        pacer.acquire("ec2", "DescribeVpcs")
    pacer.acquire("ec2", "CreateTags")  # a bucket of its own
    assert fake.slept == []
    pacer.acquire("ec2", "CreateRouteTable")
    assert fake.slept == [pytest.approx(1 / 5)]


def test_route53_and_an_elb_create_load_balancer_are_paced_to_their_quotas():
    fake = FakeTime()
    pacer = Pacer(AWS_LIMITS, fake.clock, fake.sleep)
    for _ in range(6):
        pacer.acquire("route53", "ChangeResourceRecordSets")
    assert fake.slept == [pytest.approx(1 / 5)]
    starts = []
    for _ in range(12):
        pacer.acquire("elbv2", "CreateLoadBalancer")
        starts.append(fake.now)
    assert starts[9] - starts[0] < 1 and starts[11] - starts[10] == pytest.approx(5)  # burst 10, then 1 per 5 s


def test_every_operation_the_table_names_is_one_of_the_service():
    import botocore.session

    from grucloud.aws.pacing import Calls

    session = botocore.session.get_session()
    for service, selector in AWS_LIMITS:
        known = set(session.get_service_model(service).operation_names)
        named = (selector,) if isinstance(selector, str) else selector.operations if isinstance(selector, Calls) else ()
        assert set(named) <= known, (service, set(named) - known)


def test_every_request_of_a_target_goes_through_its_pacer(aws_env):
    """The hook sits on the client: plain calls and every page of a list are paced."""
    from moto import mock_aws

    from conftest import make_target

    with mock_aws():
        fake = FakeTime()
        paced, unpaced = make_target(), make_target()
        paced.pacing = Pacer({("apigatewayv2", None): Rate(per_second=20, burst=2)}, fake.clock, fake.sleep)
        for target in (paced, unpaced):
            client = target.client("apigatewayv2")
            for _ in range(3):
                calls.call(client, "GetApis")
            list(calls.paginate(client, "GetVpcLinks", "Items"))
            list(calls.paginate(client, "GetApis", "Items"))
        # 5 requests with 2 tokens in hand: the last 3 waited 1/20 s each for theirs
        assert fake.slept == pytest.approx([0.05] * 3)
        assert paced.pacer.waited == pytest.approx(0.15)
        assert unpaced.pacer.waited == 0


def test_the_wait_estimate_says_how_long_a_call_would_wait_and_reserves_nothing():
    fake = FakeTime()
    pacer = Pacer(AWS_LIMITS, fake.clock, fake.sleep)
    for _ in range(15):  # Lambda's burst
        pacer.acquire("lambda", "CreateFunction")
    assert pacer.wait_estimate("lambda", "CreateFunction") == pytest.approx(1 / 15)
    assert pacer.wait_estimate("lambda", "AddPermission") == pytest.approx(1 / 15)  # the same budget
    assert pacer.wait_estimate("lambda", "GetPolicy") == 0  # a budget of its own
    assert pacer.wait_estimate("apigatewayv2", "CreateIntegration") == 0
    assert pacer.wait_estimate("sqs", "CreateQueue") == 0  # not paced
    pacer.acquire("lambda", "CreateFunction")  # asking reserved nothing: the next token is free
    assert fake.slept == [pytest.approx(1 / 15)]

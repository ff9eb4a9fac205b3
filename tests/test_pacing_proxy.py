"""Pacing against a rate-limited API Gateway: the AWS-like proxy (aws/aws_like.py) in front of
the emulator answers 429 TooManyRequestsException, as AWS does, to any API Gateway request beyond
its token buckets.

With gc paced to the same table, an apply and a destroy of apigw-vpclink-pvt-alb (with a second
VPC link, so CreateVpcLink's own limit matters) complete with zero failures and the proxy never
has to throttle. The control: two VPC links made unpaced are throttled.
"""

from __future__ import annotations

import pytest

from conftest import apply
from grucloud.aws.aws_like import AwsLike, Profile, Served, forward
from grucloud.aws.clients import Target
from grucloud.aws.pacing import Rate
from grucloud.local import emulator

# AWS's table (pacing.AWS_LIMITS) with time running 30 times faster and a 2-request burst, so
# that a small apply meets both the shared budget and CreateVpcLink's own limit.
LIMITS = {
    ("apigatewayv2", None): Rate(10, burst=2),
    ("apigatewayv2", "CreateVpcLink"): Rate(2),  # AWS: 1 per 15 s
    ("apigatewayv2", "DeleteVpcLink"): Rate(1),  # AWS: 1 per 30 s
}
# AWS's side, as the proxy enforces it: the same buckets refilling 50% faster, and one more
# request of burst. A request leaves gc on time but may reach the proxy later than the one after
# it (both share 2 busy cores with the emulator and other tests).
SLACK = 1.5

SECOND_LINK = '''
        {"type": "VpcLink", "group": "ApiGatewayV2", "properties": {"Name": "second-link"}, "dependencies": {"subnets": subnets}},
'''


@pytest.fixture(scope="module")
def proxied_emulator(tmp_path_factory):
    """The emulator (private state folder) behind a rate-limited proxy; stopped at the end."""
    state = tmp_path_factory.mktemp("emulator-state")
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("GC_STATE_DIR", str(state))
        mp.setenv("MOTO_IAM_LOAD_MANAGED_POLICIES", "false")  # no managed policy needed here
        server = emulator.start()
        proxy = AwsLike(forward(server.url), Profile(latency=0, states=False, slack=SLACK), limits=LIMITS)
        served = Served(proxy)
        proxy.url = served.url
        try:
            yield server, proxy
        finally:
            served.close()
            emulator.stop()


def target_through(proxy: AwsLike, paced: bool) -> Target:
    target = Target(region="us-east-1", endpoint_url=proxy.url, pacing=LIMITS if paced else {})
    return target


@pytest.fixture
def two_links(copy_example):
    example = copy_example("ApiGatewayV2/apigw-vpclink-pvt-alb")
    resources = example / "resources.py"
    anchor = '        {"type": "VpcLink"'
    resources.write_text(resources.read_text().replace(anchor, SECOND_LINK.strip("\n") + "\n" + anchor, 1))
    return example


def ok(run) -> None:
    result = run.result
    assert result.ok and not result.failed, {k: repr(v) for k, v in result.failed.items()}


def test_a_paced_apply_and_destroy_are_never_throttled_and_keep_to_the_limits(proxied_emulator, two_links):
    server, proxy = proxied_emulator
    emulator.reset(server.url)
    proxy.clear()
    target = target_through(proxy, paced=True)

    applied = apply(two_links, target)
    ok(applied)
    assert len(applied.plan.actions) == 26
    destroyed = apply(two_links, target, destroy=True)
    ok(destroyed)

    assert not proxy.throttled
    creates = [at for at, operation in proxy.sent if operation == "apigatewayv2.CreateVpcLink"]
    deletes = [at for at, operation in proxy.sent if operation == "apigatewayv2.DeleteVpcLink"]
    assert len(creates) == len(deletes) == 2
    # gc spaced them as the table says (the proxy would have refused them otherwise)
    assert creates[1] - creates[0] >= 1 / LIMITS[("apigatewayv2", "CreateVpcLink")].per_second / SLACK
    assert deletes[1] - deletes[0] >= 1 / LIMITS[("apigatewayv2", "DeleteVpcLink")].per_second / SLACK
    assert target.pacer.waited > 0


TWO_LINKS = """
def create_resources(config):
    return [
        {"type": "Vpc", "group": "EC2", "name": "vpc", "properties": {"CidrBlock": "10.0.0.0/16"}},
        {"type": "Subnet", "group": "EC2", "name": "subnet", "properties": {"CidrBlock": "10.0.0.0/24"},
         "dependencies": {"vpc": "vpc"}},
        {"type": "VpcLink", "group": "ApiGatewayV2", "properties": {"Name": "one"}, "dependencies": {"subnets": ["vpc::subnet"]}},
        {"type": "VpcLink", "group": "ApiGatewayV2", "properties": {"Name": "two"}, "dependencies": {"subnets": ["vpc::subnet"]}},
    ]
"""


def test_the_control_unpaced_is_throttled(proxied_emulator, write_project):
    server, proxy = proxied_emulator
    emulator.reset(server.url)
    proxy.clear()
    target = target_through(proxy, paced=False)
    apply(write_project(TWO_LINKS), target)  # botocore and gc retry 429s: whether it ends well is not the point
    assert "apigatewayv2.CreateVpcLink" in proxy.throttled, "the proxy never throttled: the paced test above would prove nothing"
    assert target.pacer.waited == 0

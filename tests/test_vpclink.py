"""The VPC-link private integration and apigw-vpclink-pvt-alb, in-process against moto:
apply → no change → destroy leaves none of ours, in the right order; AWS's defaults in the VPC
are listed as not ours; a VPC link is waited for until AVAILABLE, with a clear message."""

from __future__ import annotations

import pytest
from botocore.stub import Stubber

from conftest import inventory_of, load_checked, pending, plan_of
from grucloud.aws import calls
from grucloud.aws.calls import WaitTimeout
from grucloud.aws.specs import REGISTRY
from grucloud.engine.diff import Action
from grucloud.engine.executor import execute, execution_graph
from grucloud.engine.validate import validate
from grucloud.problems import ProjectError
from grucloud.program.loader import load

API = "serverlessland-pvt-endpoint"
VPC = "vpclink-ex-vpc"
LISTENER = ("ElasticLoadBalancingV2::Listener", "listener::sam-a-LoadB-EC9ZTKNG2RSH::HTTP::80")
INTEGRATION = ("ApiGatewayV2::Integration", f"integration::{API}::{LISTENER[1]}")
ROUTE = ("ApiGatewayV2::Route", f"route::{API}::ANY /{{proxy+}}")
VPC_LINK = ("ApiGatewayV2::VpcLink", "APIGWVpcLinkToPrivateHTTPEndpoint")
TARGET_GROUP = ("ElasticLoadBalancingV2::TargetGroup", "sam-a-LoadB-29TIQLVPQQY9")
LOAD_BALANCER = ("ElasticLoadBalancingV2::LoadBalancer", "sam-a-LoadB-EC9ZTKNG2RSH")
SERVICE = ("ECS::Service", "sam-app-ECSService-dVx4w3SfxVcU")
CLUSTER = ("ECS::Cluster", "sam-app-ECSFargateCluster-iqHkBgW4h6Go")
ECS_SG = ("EC2::SecurityGroup", f"sg::{VPC}::sam-app-ECSSecurityGroup-1FYEJS4ML4TYJ")
LB_SG = ("EC2::SecurityGroup", f"sg::{VPC}::sam-app-LoadBalancerSG-10GJVKU6RNTZ4")
LB_EGRESS = ("EC2::SecurityGroupRuleEgress", f"{LB_SG[1]}-rule-egress-tcp-80")
SUBNET = ("EC2::Subnet", f"{VPC}::vpclink-ex-subnet-private1-us-east-1a")


@pytest.fixture
def no_managed_policies(monkeypatch):
    """These examples attach no AWS-managed policy: moto need not load its ~1000 (seconds)."""
    monkeypatch.setenv("MOTO_IAM_LOAD_MANAGED_POLICIES", "false")


def run(directory, target, destroy: bool = False):
    """The engine's flow, recording the order in which resources finished."""
    planned = plan_of(directory, target, destroy=destroy)
    finished = []
    planned.result = execute(planned.plan, planned.project, target,
                             on_event=lambda e: finished.append(e.node) if e.kind == "done" else None)
    assert planned.result.ok, {k: repr(v) for k, v in planned.result.failed.items()}
    return planned, finished


def test_private_alb_example_applies_converges_and_destroys_in_order(copy_example, target, no_managed_policies):
    example = copy_example("ApiGatewayV2/apigw-vpclink-pvt-alb")
    applied, _ = run(example, target)
    assert len(applied.plan.actions) == 25 and set(pending(applied.plan).values()) == {Action.CREATE}
    again = plan_of(example, target)
    assert pending(again.plan) == {}

    inventory = again.inventory
    found = inventory.by_key()
    integration, listener, vpc_link = found[INTEGRATION], found[LISTENER], found[VPC_LINK]
    assert integration.live["ConnectionType"] == "VPC_LINK"
    assert integration.live["IntegrationUri"] == listener.live["ListenerArn"]
    assert integration.live["ConnectionId"] == vpc_link.live["VpcLinkId"]
    assert integration.dependencies == {"api": [API], "listener": [LISTENER[1]], "vpcLink": [VPC_LINK[1]]}
    assert vpc_link.live["VpcLinkStatus"] == "AVAILABLE"
    assert found[SUBNET].live["CidrBlock"] == "10.0.128.0/20"  # NewBits 4, NetworkNumber 8 of 10.0.0.0/16
    # what AWS made in our VPC is listed, but as AWS's: its main route table, its default
    # security group and the all-traffic egress rule of each group
    made_by_aws = {r.key for r in inventory.resources if r.default and VPC in r.name}
    assert {("EC2::RouteTable", f"{VPC}::rt-default"), ("EC2::SecurityGroup", f"sg::{VPC}::default"),
            ("EC2::SecurityGroupRuleEgress", f"{ECS_SG[1]}-rule-egress-all")} <= made_by_aws
    assert not any(r.ours for r in inventory.resources if r.default)

    destroyed, order = run(example, target, destroy=True)
    graph = execution_graph(destroyed.plan)
    # each pair: the first is deleted before the second, by the graph and in fact; a listener
    # goes with its load balancer (DeleteLoadBalancer), an integration with its API (DeleteApi),
    # so what they use waits for their parent's delete
    assert destroyed.plan.changes[[c.key for c in destroyed.plan.changes].index(LISTENER)].with_parent == LOAD_BALANCER
    for first, then in [
        (ROUTE, INTEGRATION), (INTEGRATION, VPC_LINK), (INTEGRATION, LISTENER), (LISTENER, TARGET_GROUP),
        (LOAD_BALANCER, LISTENER), (("ApiGatewayV2::Api", API), INTEGRATION), (SERVICE, CLUSTER), (SERVICE, TARGET_GROUP), (SERVICE, SUBNET),
        (LB_EGRESS, ECS_SG), (LB_EGRESS, LB_SG), (LOAD_BALANCER, LB_SG), (VPC_LINK, SUBNET),
    ]:
        assert first in graph[then], f"{first} must be deleted before {then}"
        assert order.index(first) < order.index(then), f"{first} was deleted after {then}"
    assert not [r.key for r in inventory_of(target, load_checked(example)).resources if r.ours]


def test_a_security_group_in_the_default_vpc_by_name(write_project, target, no_managed_policies):
    """The default VPC is never declared: a resource names it, gc finds it live."""
    project = write_project('''
        def create_resources(config):
            return [
                {"type": "SecurityGroup", "group": "EC2", "properties": {"GroupName": "web", "Description": "web"},
                 "dependencies": {"vpc": "vpc-default"}},
                {"type": "SecurityGroupRuleIngress", "group": "EC2",
                 "properties": {"IpProtocol": "tcp", "FromPort": 443, "ToPort": 443, "IpRanges": [{"CidrIp": "0.0.0.0/0"}]},
                 "dependencies": {"securityGroup": "sg::vpc-default::web"}},
            ]
    ''')
    run(project, target)
    assert pending(plan_of(project, target).plan) == {}
    _, order = run(project, target, destroy=True)
    assert order == [("EC2::SecurityGroupRuleIngress", "sg::vpc-default::web-rule-ingress-tcp-443"),
                     ("EC2::SecurityGroup", "sg::vpc-default::web")]
    default_vpc = inventory_of(target, load_checked(project)).by_key()[("EC2::Vpc", "vpc-default")]
    assert default_vpc.default and not default_vpc.ours


PRIVATE_INTEGRATION = '''
def create_resources(config):
    return [
        {"type": "Api", "group": "ApiGatewayV2", "properties": {"Name": "api"}},
        {"type": "Integration", "group": "ApiGatewayV2",
         "properties": {"ConnectionType": "VPC_LINK", "IntegrationType": "HTTP_PROXY", "PayloadFormatVersion": "1.0"},
         "dependencies": {"api": "api"}},
    ]
'''


def test_a_vpc_link_integration_without_its_link_and_listener_is_refused_before_any_call(write_project):
    calls.reset_counts()
    with pytest.raises(ProjectError) as caught:
        validate(load(write_project(PRIVATE_INTEGRATION)))
    assert calls.total_calls() == 0
    assert {p.field: p.message for p in caught.value.problems} == {
        "ConnectionId": 'is required for a VPC_LINK integration: add "dependencies": {"vpcLink": "<VPC link>"}',
        "IntegrationUri": 'is required for a VPC_LINK integration: add "dependencies": {"listener": "<load balancer listener>"}',
        "IntegrationMethod": "is required for HTTP_PROXY: the method sent to the backend, e.g. ANY or GET",
    }


@pytest.fixture
def link_status(monkeypatch):
    """A VPC link whose GetVpcLink answers come from a script; waits take no time. The client
    points at a closed loopback port, so a call the script does not expect fails at once."""
    from grucloud.aws.clients import Target

    slept = []
    monkeypatch.setattr(calls, "sleep", slept.append)
    target = Target(region="us-east-1", endpoint_url="http://127.0.0.1:9")
    with Stubber(target.client("apigatewayv2")) as stubber:

        def script(*statuses):
            for status in statuses:
                stubber.add_response("get_vpc_link", {"VpcLinkId": "abc", "Name": "link", "VpcLinkStatus": status}, {"VpcLinkId": "abc"})

        yield target, script, slept
        stubber.assert_no_pending_responses()


def test_creating_a_vpc_link_waits_until_it_is_available(link_status):
    target, script, slept = link_status
    script("PENDING", "PENDING", "AVAILABLE")
    live = REGISTRY[VPC_LINK[0]].after_create(target, {}, {"VpcLinkId": "abc", "Name": "link", "VpcLinkStatus": "PENDING"})
    assert live["VpcLinkStatus"] == "AVAILABLE"
    assert len(slept) == 2 and max(slept) <= 10  # asked again soon, then at most every 10 s


def test_a_failed_vpc_link_stops_the_wait_with_a_message_naming_it(link_status):
    target, script, _ = link_status
    script("PENDING", "FAILED")
    with pytest.raises(WaitTimeout, match="^VPC link link to be AVAILABLE: it became FAILED$"):
        REGISTRY[VPC_LINK[0]].after_create(target, {}, {"VpcLinkId": "abc", "Name": "link"})

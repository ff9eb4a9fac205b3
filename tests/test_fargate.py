"""apigw-fargate-cdk, in-process against moto: the VPC link example with its whole network
(public and private subnets, internet gateway, NAT gateways and their elastic IPs).
apply → no change → destroy leaves none of ours; NAT gateways go before their addresses and
subnets, routes before the gateways they use."""

from __future__ import annotations

from conftest import inventory_of, load_checked, pending, plan_of
from grucloud.engine.diff import Action
from grucloud.engine.executor import execute, execution_graph

VPC = "CdkStack/MyVpc"
PUBLIC1 = f"{VPC}/PublicSubnet1"
NAT = ("EC2::NatGateway", PUBLIC1)
EIP = ("EC2::ElasticIpAddress", PUBLIC1)
PUBLIC_SUBNET = ("EC2::Subnet", f"{VPC}::{PUBLIC1}")
PRIVATE_SUBNET = ("EC2::Subnet", f"{VPC}::{VPC}/PrivateSubnet1")
NAT_ROUTE = ("EC2::Route", f"{VPC}::{VPC}/PrivateSubnet1::nat-gateway::0.0.0.0/0")
IGW_ROUTE = ("EC2::Route", f"{VPC}::{PUBLIC1}::igw::0.0.0.0/0")
IGW = ("EC2::InternetGateway", VPC)
ATTACHMENT = ("EC2::InternetGatewayAttachment", f"ig-attach::{VPC}::{VPC}")
THE_VPC = ("EC2::Vpc", VPC)
SERVICE = ("ECS::Service", "CdkStack-MyFargateServiceF490C034-lTQybhmxxdlq")
CLUSTER = ("ECS::Cluster", "CdkStack-MyCluster4C1BA579-Ca3ghlIXp91U")


def run(directory, target, destroy: bool = False):
    planned = plan_of(directory, target, destroy=destroy)
    finished = []
    result = execute(planned.plan, planned.project, target,
                     on_event=lambda e: finished.append(e.node) if e.kind == "done" else None)
    assert result.ok, {k: repr(v) for k, v in result.failed.items()}
    return planned.plan, finished


def test_fargate_example_with_its_network_applies_converges_and_destroys_in_order(copy_example, target, monkeypatch):
    monkeypatch.setenv("MOTO_IAM_LOAD_MANAGED_POLICIES", "false")  # it attaches no AWS-managed policy
    example = copy_example("ApiGatewayV2/apigw-fargate-cdk")
    applied, _ = run(example, target)
    assert len(applied.actions) == 43 and set(pending(applied).values()) == {Action.CREATE}
    again = plan_of(example, target)
    assert pending(again.plan) == {}

    found = again.inventory.by_key()
    nat, eip = found[NAT], found[EIP]
    assert nat.live["State"] == "available" and nat.live["AllocationId"] == eip.live["AllocationId"]
    assert nat.dependencies == {"subnet": [PUBLIC_SUBNET[1]], "eip": [EIP[1]]}
    assert found[NAT_ROUTE].live["NatGatewayId"] == nat.live["NatGatewayId"]
    assert found[IGW_ROUTE].dependencies == {"routeTable": [f"{VPC}::{PUBLIC1}"], "ig": [VPC]}
    assert found[PUBLIC_SUBNET].live["MapPublicIpOnLaunch"] is True
    assert found[PUBLIC_SUBNET].live["CidrBlock"] == "10.0.0.0/18"
    assert found[PRIVATE_SUBNET].live["CidrBlock"] == "10.0.128.0/18"
    assert found[THE_VPC].live["DnsHostnames"] is True

    destroyed, order = run(example, target, destroy=True)
    graph = execution_graph(destroyed)
    for first, then in [
        (NAT, EIP), (NAT, PUBLIC_SUBNET), (NAT_ROUTE, NAT), (IGW_ROUTE, IGW), (ATTACHMENT, IGW),
        (ATTACHMENT, THE_VPC), (SERVICE, CLUSTER), (SERVICE, PRIVATE_SUBNET),
    ]:
        assert first in graph[then], f"{first} must be deleted before {then}"
        assert order.index(first) < order.index(then), f"{first} was deleted after {then}"
    assert not [r.key for r in inventory_of(target, load_checked(example)).resources if r.ours]

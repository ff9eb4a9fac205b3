"""ElasticLoadBalancingV2::LoadBalancer: an application or network load balancer.

gc waits for it to be active after create, and to be gone after delete: until then AWS keeps its
network interfaces in the subnets and security groups, which cannot be deleted before."""

from grucloud.aws.calls import call, wait
from grucloud.aws.spec import Dependency, Listing, ResourceSpec
from grucloud.aws.specs.elbv2.common import elb_tagging, first_created, with_tags

WAIT_TIMEOUT = 600


def _add_computed(target, live):
    # create takes Name and Subnets; describe answers LoadBalancerName and AvailabilityZones
    subnets = [zone["SubnetId"] for zone in live.get("AvailabilityZones", [])]
    return {**live, "Name": live["LoadBalancerName"], "Subnets": subnets}


def _after_create(target, desired, live):
    created = first_created("LoadBalancers")(target, desired, live)
    wait(target.client("elbv2"), "load_balancer_available", f"load balancer {desired['Name']} to be active",
         timeout=WAIT_TIMEOUT, delay=10, LoadBalancerArns=[created["LoadBalancerArn"]])
    return created


def _update(target, desired, live, changed) -> None:
    client = target.client("elbv2")
    arn = live["LoadBalancerArn"]
    if "Subnets" in changed:
        call(client, "SetSubnets", LoadBalancerArn=arn, Subnets=desired["Subnets"])
    if "SecurityGroups" in changed:
        call(client, "SetSecurityGroups", LoadBalancerArn=arn, SecurityGroups=desired["SecurityGroups"])
    if "IpAddressType" in changed:
        call(client, "SetIpAddressType", LoadBalancerArn=arn, IpAddressType=desired["IpAddressType"])


def _delete(target, live) -> None:
    client = target.client("elbv2")
    call(client, "DeleteLoadBalancer", LoadBalancerArn=live["LoadBalancerArn"])
    wait(client, "load_balancers_deleted", f"load balancer {live['LoadBalancerName']} to be deleted",
         timeout=WAIT_TIMEOUT, delay=10, LoadBalancerArns=[live["LoadBalancerArn"]])


SPEC = ResourceSpec(
    group="ElasticLoadBalancingV2",
    type="LoadBalancer",
    service="elbv2",
    listing=Listing("DescribeLoadBalancers", "LoadBalancers"),
    identity={"LoadBalancerArn": "LoadBalancerArn"},
    name_path="Name",
    create="CreateLoadBalancer",
    update=_update,
    delete=_delete,
    dependencies={
        "subnets": Dependency("EC2::Subnet", fills="Subnets", value="SubnetId", many=True),
        "securityGroups": Dependency("EC2::SecurityGroup", fills="SecurityGroups", value="GroupId", many=True),
    },
    tagging=elb_tagging("LoadBalancerArn", "elasticloadbalancing:loadbalancer"),
    defaults={"Type": "application", "Scheme": "internet-facing", "IpAddressType": "ipv4"},
    create_only=("Name", "Type", "Scheme", "SubnetMappings", "CustomerOwnedIpv4Pool"),
    unordered=("Subnets", "SecurityGroups"),
    not_found=("LoadBalancerNotFound",),
    read_more=with_tags("LoadBalancerArn"),
    add_computed=_add_computed,
    after_create=_after_create,
)


# What forces a replacement (tests/test_specs_meta.py checks it): change it deliberately.
CREATE_ONLY_SNAPSHOT = frozenset({"CustomerOwnedIpv4Pool", "Name", "Scheme", "SubnetMappings", "Type"})

"""EC2::NatGateway: outbound internet for private subnets, named by its Name tag.

AWS takes a minute or two to make one and as long to delete it: gc waits for both, so that the
routes through it, and the subnet and address it holds, are changed only once it is there or gone.
"""

from grucloud.aws.calls import call, wait
from grucloud.aws.spec import Dependency, Listing, ResourceSpec
from grucloud.aws.specs.ec2.common import NAME_TAG, ec2_tagging, name_or_id, tag_name

WAIT_TIMEOUT = 600  # seconds; AWS documents "a few minutes"


def _add_computed(target, live):
    # the address it holds, where the eip dependency finds it
    addresses = live.get("NatGatewayAddresses") or [{}]
    return {**live, "AllocationId": addresses[0].get("AllocationId")}


def _after_create(target, desired, live):
    what = f"NAT gateway {tag_name(desired) or live['NatGatewayId']} to be available"
    wait(target.client("ec2"), "nat_gateway_available", what, timeout=WAIT_TIMEOUT, delay=10, NatGatewayIds=[live["NatGatewayId"]])
    return {**live, "Tags": desired.get("Tags", [])}


def _delete(target, live) -> None:
    client = target.client("ec2")
    call(client, "DeleteNatGateway", NatGatewayId=live["NatGatewayId"])
    what = f"NAT gateway {tag_name(live) or live['NatGatewayId']} to be deleted"
    wait(client, "nat_gateway_deleted", what, timeout=WAIT_TIMEOUT, delay=10, NatGatewayIds=[live["NatGatewayId"]])


SPEC = ResourceSpec(
    group="EC2",
    type="NatGateway",
    service="ec2",
    # deleted gateways stay listed for an hour: they are gone for gc
    listing=Listing("DescribeNatGateways", "NatGateways", params={"Filter": [{"Name": "state", "Values": ["pending", "available", "failed"]}]}),
    identity={"NatGatewayId": "NatGatewayId"},
    infer_name=name_or_id("NatGatewayId"),
    name_tag=NAME_TAG,
    create="CreateNatGateway",
    created_key="NatGateway",
    delete=_delete,
    dependencies={
        "subnet": Dependency("EC2::Subnet", fills="SubnetId", value="SubnetId"),
        "eip": Dependency("EC2::ElasticIpAddress", fills="AllocationId", value="AllocationId"),
    },
    tagging=ec2_tagging("natgateway", "NatGatewayId"),
    defaults={"ConnectivityType": "public"},
    create_only=("SubnetId", "AllocationId", "ConnectivityType", "PrivateIpAddress"),
    not_found=("NatGatewayNotFound", "InvalidNatGatewayID.NotFound"),
    add_computed=_add_computed,
    after_create=_after_create,
)


# What forces a replacement (tests/test_specs_meta.py checks it): change it deliberately.
CREATE_ONLY_SNAPSHOT = frozenset({"AllocationId", "ConnectivityType", "PrivateIpAddress", "SubnetId"})

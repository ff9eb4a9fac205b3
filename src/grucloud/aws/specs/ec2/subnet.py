"""EC2::Subnet: named <vpc>::<Name tag>; AWS's default subnets are <vpc>::subnet-default-<az letter>.

As in GruCloud, the CIDR block may be given as NewBits and NetworkNumber: the NetworkNumber-th
block of the VPC's CIDR split into blocks NewBits bits longer.
"""

import ipaddress

from grucloud.aws.calls import call
from grucloud.aws.spec import Dependency, Listing, ResourceSpec
from grucloud.aws.specs.ec2.common import NAME_TAG, ec2_tagging, tag_name

_CIDR_PARTS = ("NewBits", "NetworkNumber")
_ATTRIBUTES = ("MapPublicIpOnLaunch",)  # not CreateSubnet members: set right after


def _name(properties, deps) -> str:
    if properties.get("DefaultForAz"):
        own = f"subnet-default-{properties.get('AvailabilityZone', '')[-1:]}"
    else:
        own = tag_name(properties) or properties.get("SubnetId")
    return f"{deps.get('vpc')}::{own}"


def subnet_cidr(vpc_cidr, new_bits: int, number: int):
    """The subnet block, or the VPC's value itself while it is not known (not created yet)."""
    try:
        network = ipaddress.ip_network(vpc_cidr)
    except (TypeError, ValueError):
        return vpc_cidr
    size = network.num_addresses >> new_bits
    return str(ipaddress.ip_network((int(network.network_address) + number * size, network.prefixlen + new_bits)))


def _prepare_desired(desired, ctx) -> None:
    if not all(isinstance(desired.get(part), int) for part in _CIDR_PARTS) or not ctx.dependencies.get("vpc"):
        return
    vpc_cidr = ctx.get_id("EC2::Vpc", ctx.dependencies["vpc"], "CidrBlock")
    desired["CidrBlock"] = subnet_cidr(vpc_cidr, desired["NewBits"], desired["NetworkNumber"])


def _rules(properties, context):
    given = [part for part in _CIDR_PARTS if part in properties]
    if given and len(given) < 2:
        yield given[0], "goes with " + " and ".join(p for p in _CIDR_PARTS if p not in given) + ": give both, or CidrBlock"
    new_bits, number = properties.get("NewBits"), properties.get("NetworkNumber")
    if isinstance(new_bits, int) and isinstance(number, int) and not 0 <= number < 2**new_bits:
        yield "NetworkNumber", f"{number} is out of range: NewBits {new_bits} makes {2**new_bits} blocks, numbered 0 to {2**new_bits - 1}"
    if "MapPublicIpOnLaunch" in properties and not isinstance(properties["MapPublicIpOnLaunch"], bool):
        yield "MapPublicIpOnLaunch", "must be true or false"


def _set_attributes(target, desired, subnet_id, props) -> None:
    for prop in props:
        call(target.client("ec2"), "ModifySubnetAttribute", SubnetId=subnet_id, **{prop: {"Value": desired[prop]}})


def _after_create(target, desired, live):
    _set_attributes(target, desired, live["SubnetId"], [p for p in _ATTRIBUTES if p in desired])
    return {**live, **desired}


def _update(target, desired, live, changed) -> None:
    _set_attributes(target, desired, live["SubnetId"], [p for p in _ATTRIBUTES if p in changed])


SPEC = ResourceSpec(
    group="EC2",
    type="Subnet",
    service="ec2",
    listing=Listing("DescribeSubnets", "Subnets"),
    identity={"SubnetId": "SubnetId"},
    infer_name=_name,
    name_tag=NAME_TAG,
    create="CreateSubnet",
    created_key="Subnet",
    update=_update,
    delete="DeleteSubnet",
    dependencies={"vpc": Dependency("EC2::Vpc", fills="VpcId", value="VpcId")},
    tagging=ec2_tagging("subnet", "SubnetId"),
    create_only=("CidrBlock", "AvailabilityZone", "AvailabilityZoneId", "VpcId", "Ipv6CidrBlock"),
    ignore=_CIDR_PARTS,  # GruCloud's way to say CidrBlock: compared through CidrBlock
    is_default=lambda live, defaults: bool(live.get("DefaultForAz")),
    not_found=("InvalidSubnetID.NotFound",),
    prepare_desired=_prepare_desired,
    to_create_params=lambda desired, ctx: {k: v for k, v in desired.items() if k not in _CIDR_PARTS + _ATTRIBUTES},
    extra_properties=_ATTRIBUTES,
    after_create=_after_create,
    rules=_rules,
)


# What forces a replacement (tests/test_specs_meta.py checks it): change it deliberately.
CREATE_ONLY_SNAPSHOT = frozenset({"AvailabilityZone", "AvailabilityZoneId", "CidrBlock", "Ipv6CidrBlock", "VpcId"})

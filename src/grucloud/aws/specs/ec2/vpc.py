"""EC2::Vpc: named by its Name tag; the default VPC AWS makes in each region is "vpc-default".

DnsHostnames and DnsSupport (GruCloud's names) are VPC attributes, read and set by their own calls.
"""

from grucloud.aws.calls import call, together
from grucloud.aws.spec import Listing, ResourceSpec
from grucloud.aws.specs.ec2.common import NAME_TAG, ec2_tagging, tag_name

DEFAULT_NAME = "vpc-default"
# property -> (DescribeVpcAttribute's Attribute, ModifyVpcAttribute's member)
_ATTRIBUTES = {"DnsHostnames": ("enableDnsHostnames", "EnableDnsHostnames"), "DnsSupport": ("enableDnsSupport", "EnableDnsSupport")}


def _name(properties, deps) -> str:
    if properties.get("IsDefault"):
        return DEFAULT_NAME
    return tag_name(properties) or properties.get("VpcId")


def _read_more(target, item):
    client = target.client("ec2")

    def read(attribute, member):
        return lambda: call(client, "DescribeVpcAttribute", VpcId=item["VpcId"], Attribute=attribute)[member]["Value"]

    values = together(*(read(attribute, member) for attribute, member in _ATTRIBUTES.values()))
    return {**item, **dict(zip(_ATTRIBUTES, values))}


def _set_attributes(target, desired, vpc_id, props) -> None:
    for prop in props:
        member = _ATTRIBUTES[prop][1]
        call(target.client("ec2"), "ModifyVpcAttribute", VpcId=vpc_id, **{member: {"Value": desired[prop]}})


def _after_create(target, desired, live):
    _set_attributes(target, desired, live["VpcId"], [p for p in _ATTRIBUTES if p in desired])
    return {**live, **desired}


def _update(target, desired, live, changed) -> None:
    _set_attributes(target, desired, live["VpcId"], [p for p in _ATTRIBUTES if p in changed])


def _rules(properties, context):
    for prop in _ATTRIBUTES:
        if prop in properties and not isinstance(properties[prop], bool):
            yield prop, f"must be true or false, not {properties[prop]!r}"


SPEC = ResourceSpec(
    group="EC2",
    type="Vpc",
    service="ec2",
    listing=Listing("DescribeVpcs", "Vpcs"),
    identity={"VpcId": "VpcId"},
    infer_name=_name,
    name_tag=NAME_TAG,
    create="CreateVpc",
    created_key="Vpc",
    update=_update,
    delete="DeleteVpc",
    tagging=ec2_tagging("vpc", "VpcId"),
    create_only=("CidrBlock", "InstanceTenancy"),
    # not CreateVpc members: set right after
    to_create_params=lambda desired, ctx: {k: v for k, v in desired.items() if k not in _ATTRIBUTES},
    extra_properties=tuple(_ATTRIBUTES),
    rules=_rules,
    is_default=lambda live, defaults: bool(live.get("IsDefault")),
    not_found=("InvalidVpcID.NotFound",),
    read_more=_read_more,
    after_create=_after_create,
)


# What forces a replacement (tests/test_specs_meta.py checks it): change it deliberately.
CREATE_ONLY_SNAPSHOT = frozenset({"CidrBlock", "InstanceTenancy"})

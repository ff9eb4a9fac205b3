"""EC2::RouteTable: named <vpc>::<Name tag>; each VPC's main route table is <vpc>::rt-default.

Its routes and subnet associations are types of their own, read from this type's listing."""

from grucloud.aws.spec import Dependency, Listing, ResourceSpec
from grucloud.aws.specs.ec2.common import NAME_TAG, ec2_tagging, tag_name


def is_main(live) -> bool:
    return any(a.get("Main") for a in live.get("Associations", []))


def _name(properties, deps) -> str:
    own = "rt-default" if is_main(properties) else tag_name(properties) or properties.get("RouteTableId")
    return f"{deps.get('vpc')}::{own}"


SPEC = ResourceSpec(
    group="EC2",
    type="RouteTable",
    service="ec2",
    listing=Listing("DescribeRouteTables", "RouteTables"),
    identity={"RouteTableId": "RouteTableId"},
    infer_name=_name,
    name_tag=NAME_TAG,
    create="CreateRouteTable",
    created_key="RouteTable",
    delete="DeleteRouteTable",
    dependencies={"vpc": Dependency("EC2::Vpc", fills="VpcId", value="VpcId")},
    tagging=ec2_tagging("route-table", "RouteTableId"),
    create_only=("VpcId",),
    is_default=lambda live, defaults: is_main(live),
    not_found=("InvalidRouteTableID.NotFound",),
)


# What forces a replacement (tests/test_specs_meta.py checks it): change it deliberately.
CREATE_ONLY_SNAPSHOT = frozenset({"VpcId"})

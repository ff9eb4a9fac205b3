"""EC2::RouteTableAssociation: a subnet using a route table, named rt-assoc::<routeTable>::<subnet>.

Read from the route table's Associations; the main association (a VPC's default table) is AWS's."""

from grucloud.aws.spec import Dependency, Listing, ResourceSpec


def _after_create(target, desired, live):
    return {**desired, "RouteTableAssociationId": live["AssociationId"]}


SPEC = ResourceSpec(
    group="EC2",
    type="RouteTableAssociation",
    service="ec2",
    listing=Listing(None, "Associations", from_parent=lambda table: table.get("Associations", [])),
    identity={"AssociationId": "RouteTableAssociationId"},
    infer_name=lambda properties, deps: f"rt-assoc::{deps.get('routeTable')}::{deps.get('subnet') or 'main'}",
    create="AssociateRouteTable",
    delete="DisassociateRouteTable",
    dependencies={
        "routeTable": Dependency("EC2::RouteTable", fills="RouteTableId", value="RouteTableId", parent=True),
        "subnet": Dependency("EC2::Subnet", fills="SubnetId", value="SubnetId"),
    },
    create_only=("RouteTableId", "SubnetId"),
    is_default=lambda live, defaults: bool(live.get("Main")),
    not_found=("InvalidAssociationID.NotFound",),
    after_create=_after_create,
)


# What forces a replacement (tests/test_specs_meta.py checks it): change it deliberately.
CREATE_ONLY_SNAPSHOT = frozenset({"RouteTableId", "SubnetId"})

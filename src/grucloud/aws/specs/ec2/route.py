"""EC2::Route: a destination in a route table and where it goes (an internet or NAT gateway).

Named <routeTable>::<target kind>::<destination>, e.g. <vpc>::public1::igw::0.0.0.0/0. Read from
the route table's Routes; the "local" route of the VPC's own range is AWS's."""

from grucloud.aws.spec import Dependency, Listing, ResourceSpec

# dependency key -> the name's middle part, as GruCloud names them
_KINDS = {"ig": "igw", "natGateway": "nat-gateway"}


def _name(properties, deps) -> str:
    kind = next((part for key, part in _KINDS.items() if deps.get(key)), None)
    if kind is None:
        kind = "local" if properties.get("GatewayId") == "local" else properties.get("GatewayId") or properties.get("NatGatewayId") or "route"
    return f"{deps.get('routeTable')}::{kind}::{properties.get('DestinationCidrBlock') or properties.get('DestinationIpv6CidrBlock')}"


def _routes(table) -> list:
    return [{**route, "RouteTableId": table["RouteTableId"]} for route in table.get("Routes", [])]


SPEC = ResourceSpec(
    group="EC2",
    type="Route",
    service="ec2",
    listing=Listing(None, "Routes", from_parent=_routes),
    identity={"RouteTableId": "RouteTableId", "DestinationCidrBlock": "DestinationCidrBlock"},
    infer_name=_name,
    create="CreateRoute",
    update="ReplaceRoute",
    delete="DeleteRoute",
    dependencies={
        "routeTable": Dependency("EC2::RouteTable", fills="RouteTableId", value="RouteTableId", parent=True),
        "ig": Dependency("EC2::InternetGateway", fills="GatewayId", value="InternetGatewayId"),
        "natGateway": Dependency("EC2::NatGateway", fills="NatGatewayId", value="NatGatewayId"),
    },
    is_default=lambda live, defaults: live.get("GatewayId") == "local",
    not_found=("InvalidRoute.NotFound", "InvalidRouteTableID.NotFound"),
    after_create=lambda target, desired, live: dict(desired),
)


# What forces a replacement (tests/test_specs_meta.py checks it): change it deliberately.
# ReplaceRoute changes the target
CREATE_ONLY_SNAPSHOT = frozenset()

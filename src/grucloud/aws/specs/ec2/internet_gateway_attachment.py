"""EC2::InternetGatewayAttachment: an internet gateway attached to a VPC,
named ig-attach::<internetGateway>::<vpc>. Read from the gateway's Attachments."""

from grucloud.aws.spec import Dependency, Listing, ResourceSpec


def _attachments(gateway) -> list:
    return [{**a, "InternetGatewayId": gateway["InternetGatewayId"]} for a in gateway.get("Attachments", [])]


SPEC = ResourceSpec(
    group="EC2",
    type="InternetGatewayAttachment",
    service="ec2",
    listing=Listing(None, "Attachments", from_parent=_attachments),
    identity={"InternetGatewayId": "InternetGatewayId", "VpcId": "VpcId"},
    infer_name=lambda properties, deps: f"ig-attach::{deps.get('internetGateway')}::{deps.get('vpc')}",
    create="AttachInternetGateway",
    delete="DetachInternetGateway",
    dependencies={
        "internetGateway": Dependency("EC2::InternetGateway", fills="InternetGatewayId", value="InternetGatewayId", parent=True),
        "vpc": Dependency("EC2::Vpc", fills="VpcId", value="VpcId"),
    },
    create_only=("InternetGatewayId", "VpcId"),
    is_default=lambda live, defaults: live.get("VpcId") in defaults,
    not_found=("InvalidInternetGatewayID.NotFound", "Gateway.NotAttached"),
    after_create=lambda target, desired, live: dict(desired),
)


# What forces a replacement (tests/test_specs_meta.py checks it): change it deliberately.
# both members are its identity
CREATE_ONLY_SNAPSHOT = frozenset()

"""EC2::InternetGateway: named by its Name tag. The one AWS attaches to the default VPC is AWS's."""

from grucloud.aws.spec import Listing, ResourceSpec
from grucloud.aws.specs.ec2.common import NAME_TAG, ec2_tagging, name_or_id

SPEC = ResourceSpec(
    group="EC2",
    type="InternetGateway",
    service="ec2",
    listing=Listing("DescribeInternetGateways", "InternetGateways"),
    identity={"InternetGatewayId": "InternetGatewayId"},
    infer_name=name_or_id("InternetGatewayId"),
    name_tag=NAME_TAG,
    create="CreateInternetGateway",
    created_key="InternetGateway",
    delete="DeleteInternetGateway",
    tagging=ec2_tagging("internet-gateway", "InternetGatewayId"),
    # known only through the default VPC it is attached to, once that one is found
    is_default=lambda live, defaults: any(a.get("VpcId") in defaults for a in live.get("Attachments", [])),
    not_found=("InvalidInternetGatewayID.NotFound",),
)


# What forces a replacement (tests/test_specs_meta.py checks it): change it deliberately.
CREATE_ONLY_SNAPSHOT = frozenset()

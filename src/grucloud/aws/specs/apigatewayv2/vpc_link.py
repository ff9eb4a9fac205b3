"""ApiGatewayV2::VpcLink: how an HTTP API reaches a private load balancer, through subnets.

AWS takes a while to make one (PENDING, then AVAILABLE) and to delete it: gc waits for both,
since an integration cannot use it before, and its subnets cannot go while it holds them.
AWS allows one CreateVpcLink per 15 s and one DeleteVpcLink per 30 s (paced in pacing.py)."""

from grucloud.aws.calls import CallFailed, call, is_not_found, wait_until
from grucloud.aws.spec import Dependency, Listing, ResourceSpec, Tagging

WAIT_TIMEOUT = 600
GONE = "DELETED"  # not an AWS status: GetVpcLink answers NotFound


def _arn(target, live) -> str:
    return f"arn:aws:apigateway:{target.region_name}::/vpclinks/{live['VpcLinkId']}"


def _status(target, vpc_link_id: str):
    def poll():
        try:
            return call(target.client("apigatewayv2"), "GetVpcLink", VpcLinkId=vpc_link_id).get("VpcLinkStatus")
        except CallFailed as error:
            if is_not_found(error):
                return GONE
            raise

    return poll


def _after_create(target, desired, live):
    what = f"VPC link {live['Name']} to be AVAILABLE"
    wait_until(_status(target, live["VpcLinkId"]), what, ("AVAILABLE",), ("FAILED",), timeout=WAIT_TIMEOUT, delay=10)
    return {**live, "VpcLinkStatus": "AVAILABLE"}


def _delete(target, live) -> None:
    call(target.client("apigatewayv2"), "DeleteVpcLink", VpcLinkId=live["VpcLinkId"])
    what = f"VPC link {live['Name']} to be deleted"
    wait_until(_status(target, live["VpcLinkId"]), what, (GONE, "INACTIVE"), ("FAILED",), timeout=WAIT_TIMEOUT, delay=10)


SPEC = ResourceSpec(
    group="ApiGatewayV2",
    type="VpcLink",
    service="apigatewayv2",
    listing=Listing("GetVpcLinks", "Items"),
    identity={"VpcLinkId": "VpcLinkId"},
    name_path="Name",
    create="CreateVpcLink",
    update="UpdateVpcLink",
    delete=_delete,
    dependencies={
        "subnets": Dependency("EC2::Subnet", fills="SubnetIds", value="SubnetId", many=True),
        "securityGroups": Dependency("EC2::SecurityGroup", fills="SecurityGroupIds", value="GroupId", many=True),
    },
    tagging=Tagging(tag_operation="TagResource", untag_operation="UntagResource", arn=_arn, bulk_type="apigateway:vpclinks"),
    unordered=("SubnetIds", "SecurityGroupIds"),
    after_create=_after_create,
)


# What forces a replacement (tests/test_specs_meta.py checks it): change it deliberately.
CREATE_ONLY_SNAPSHOT = frozenset({"SecurityGroupIds", "SubnetIds"})

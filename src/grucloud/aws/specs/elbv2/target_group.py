"""ElasticLoadBalancingV2::TargetGroup: where a listener forwards (here: Fargate task IPs)."""

from grucloud.aws.spec import Dependency, Listing, ResourceSpec
from grucloud.aws.specs.elbv2.common import elb_tagging, first_created, with_tags

SPEC = ResourceSpec(
    group="ElasticLoadBalancingV2",
    type="TargetGroup",
    service="elbv2",
    listing=Listing("DescribeTargetGroups", "TargetGroups"),
    identity={"TargetGroupArn": "TargetGroupArn"},
    name_path="Name",
    create="CreateTargetGroup",
    update="ModifyTargetGroup",
    delete="DeleteTargetGroup",
    dependencies={"vpc": Dependency("EC2::Vpc", fills="VpcId", value="VpcId")},
    tagging=elb_tagging("TargetGroupArn", "elasticloadbalancing:targetgroup"),
    not_found=("TargetGroupNotFound",),
    read_more=with_tags("TargetGroupArn"),
    # create takes Name; describe answers TargetGroupName
    add_computed=lambda target, live: {**live, "Name": live["TargetGroupName"]},
    after_create=first_created("TargetGroups"),
)


# What forces a replacement (tests/test_specs_meta.py checks it): change it deliberately.
CREATE_ONLY_SNAPSHOT = frozenset({
    "IpAddressType",
    "Name",
    "Port",
    "Protocol",
    "ProtocolVersion",
    "TargetControlPort",
    "TargetType",
    "VpcId",
})

"""EC2::SecurityGroup: named sg::<vpc>::<GroupName>; each VPC's "default" group is AWS's.

Its rules are types of their own (SecurityGroupRuleIngress/Egress), read from this listing."""

from grucloud.aws.calls import error_code
from grucloud.aws.spec import Dependency, Listing, ResourceSpec
from grucloud.aws.specs.ec2.common import ec2_tagging


def _in_use(error) -> bool:
    # a load balancer or task deleted a moment ago may still hold a network interface in it
    return error_code(error) == "DependencyViolation"


SPEC = ResourceSpec(
    group="EC2",
    type="SecurityGroup",
    service="ec2",
    listing=Listing("DescribeSecurityGroups", "SecurityGroups"),
    identity={"GroupId": "GroupId"},
    infer_name=lambda properties, deps: f"sg::{deps.get('vpc')}::{properties.get('GroupName')}",
    create="CreateSecurityGroup",
    delete="DeleteSecurityGroup",
    dependencies={"vpc": Dependency("EC2::Vpc", fills="VpcId", value="VpcId")},
    tagging=ec2_tagging("security-group", "GroupId"),
    create_only=("GroupName", "Description", "VpcId"),
    is_default=lambda live, defaults: live.get("GroupName") == "default",
    not_found=("InvalidGroup.NotFound",),
    retry_when=_in_use,
    after_create=lambda target, desired, live: {**desired, **live},
)


# What forces a replacement (tests/test_specs_meta.py checks it): change it deliberately.
CREATE_ONLY_SNAPSHOT = frozenset({"Description", "GroupName", "VpcId"})

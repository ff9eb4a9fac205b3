"""ECS::Service: tasks kept running from a task definition, behind a target group.

Deleting one drains it first (desiredCount 0), deletes it, and waits until it is INACTIVE, so
that its cluster, subnets and security groups are deleted only once no task holds them. On
create gc waits for nothing more than ACTIVE, as GruCloud does: steady state depends on the
image starting, which is not gc's to wait for."""

from grucloud.aws.calls import call, wait
from grucloud.aws.spec import Dependency, Listing, ResourceSpec
from grucloud.aws.specs.ecs.common import ecs_tagging

WAIT_TIMEOUT = 600
_NETWORK = "networkConfiguration.awsvpcConfiguration"


def _read_more(target, item):
    found = call(target.client("ecs"), "DescribeServices", cluster=item["cluster"], services=[item["serviceArn"]], include=["TAGS"])
    services = [s for s in found.get("services", []) if s.get("status") != "INACTIVE"]
    return services[0] if services else None


def _add_computed(target, live):
    # create takes the cluster's name; describe answers its ARN
    return {**live, "cluster": live["clusterArn"].rsplit("/", 1)[-1]}


def _after_create(target, desired, live):
    return {**live, "tags": desired.get("tags", [])}


def _delete(target, live) -> None:
    client = target.client("ecs")
    where = {"cluster": live["clusterArn"], "service": live["serviceName"]}
    if live.get("desiredCount"):
        call(client, "UpdateService", desiredCount=0, **where)
    call(client, "DeleteService", **where)
    wait(client, "services_inactive", f"ECS service {live['serviceName']} to be drained and inactive",
         timeout=WAIT_TIMEOUT, delay=10, cluster=live["clusterArn"], services=[live["serviceName"]])


SPEC = ResourceSpec(
    group="ECS",
    type="Service",
    service="ecs",
    listing=Listing("ListServices", "serviceArns", parent_params={"cluster": "clusterArn"}, item_key="serviceArn"),
    identity={"cluster": "clusterArn", "service": "serviceName"},
    name_path="serviceName",
    create="CreateService",
    created_key="service",
    update="UpdateService",
    delete=_delete,
    dependencies={
        "cluster": Dependency("ECS::Cluster", fills="cluster", value="clusterName", parent=True),
        "taskDefinition": Dependency("ECS::TaskDefinition", fills="taskDefinition", value="taskDefinitionArn"),
        "subnets": Dependency("EC2::Subnet", fills=f"{_NETWORK}.subnets", value="SubnetId", many=True),
        "securityGroups": Dependency("EC2::SecurityGroup", fills=f"{_NETWORK}.securityGroups", value="GroupId", many=True),
        # loadBalancers name the groups by ARN (ctx.get_id): the dependency orders, fills nothing
        "targetGroups": Dependency(
            "ElasticLoadBalancingV2::TargetGroup", value="TargetGroupArn", many=True,
            found_in=lambda live: [balancer.get("targetGroupArn") for balancer in live.get("loadBalancers", [])],
        ),
    },
    tagging=ecs_tagging("serviceArn", "ecs:service"),
    unordered=(f"{_NETWORK}.subnets", f"{_NETWORK}.securityGroups"),
    not_found=("ServiceNotFoundException", "ServiceNotActiveException", "ClusterNotFoundException"),
    read_more=_read_more,
    add_computed=_add_computed,
    after_create=_after_create,
    aws_fills={"deploymentController": ({"type": "ECS"},), "propagateTags": ("NONE",)},  # AWS's defaults
)


# What forces a replacement (tests/test_specs_meta.py checks it): change it deliberately.
CREATE_ONLY_SNAPSHOT = frozenset({"clientToken", "launchType", "role", "schedulingStrategy", "serviceName"})

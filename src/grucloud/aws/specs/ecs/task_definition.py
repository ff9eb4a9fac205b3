"""ECS::TaskDefinition: the containers of a task, named by its family (GruCloud's shape).

AWS never changes a revision: any change registers a new one, so every property forces a
replacement. Listed by family (its latest active revision); deleting it deregisters every active
revision of the family and asks AWS to delete them."""

from grucloud.aws.calls import CallFailed, call, error_code, paginate
from grucloud.aws.spec import Dependency, Listing, ResourceSpec
from grucloud.aws.specs.ecs.common import ecs_tagging


def without_empty(value):
    """AWS fills every container field it has ([] environment, [] mountPoints...): compared
    without the empty ones, on both sides."""
    if isinstance(value, dict):
        return {k: without_empty(v) for k, v in value.items() if v not in ([], {}, None)}
    if isinstance(value, list):
        return [without_empty(v) for v in value]
    return value


def _read_more(target, item):
    try:
        found = call(target.client("ecs"), "DescribeTaskDefinition", taskDefinition=item["family"], include=["TAGS"])
    except CallFailed as error:
        if error_code(error.error) == "ClientException":
            return None  # no revision of the family is left (deregistered since it was listed)
        raise
    if found["taskDefinition"].get("status") != "ACTIVE":
        return None
    return {**found["taskDefinition"], "tags": found.get("tags", [])}


def _add_computed(target, live):
    return {**live, "containerDefinitions": without_empty(live.get("containerDefinitions", []))}


def _prepare_desired(desired, ctx) -> None:
    if isinstance(desired.get("containerDefinitions"), list):
        desired["containerDefinitions"] = without_empty(desired["containerDefinitions"])


def _after_create(target, desired, live):
    return {**live["taskDefinition"], "tags": desired.get("tags", [])}


def _delete(target, live) -> None:
    client = target.client("ecs")
    revisions = list(paginate(client, "ListTaskDefinitions", "taskDefinitionArns", familyPrefix=live["family"], status="ACTIVE"))
    for arn in revisions:
        call(client, "DeregisterTaskDefinition", taskDefinition=arn)
    if revisions:
        call(client, "DeleteTaskDefinitions", taskDefinitions=revisions)


SPEC = ResourceSpec(
    group="ECS",
    type="TaskDefinition",
    service="ecs",
    listing=Listing("ListTaskDefinitionFamilies", "families", params={"status": "ACTIVE"}, item_key="family"),
    identity={"taskDefinition": "taskDefinitionArn"},
    name_path="family",
    create="RegisterTaskDefinition",
    delete=_delete,
    dependencies={
        "taskRole": Dependency("IAM::Role", fills="taskRoleArn", value="Arn", blocks_delete=False),
        "executionRole": Dependency("IAM::Role", fills="executionRoleArn", value="Arn", blocks_delete=False),
    },
    tagging=ecs_tagging("taskDefinitionArn", "ecs:task-definition"),
    create_only=(
        "containerDefinitions", "cpu", "memory", "networkMode", "requiresCompatibilities", "taskRoleArn",
        "executionRoleArn", "volumes", "runtimePlatform", "ephemeralStorage", "placementConstraints",
        "pidMode", "ipcMode", "proxyConfiguration", "inferenceAccelerators",
    ),
    read_more=_read_more,
    add_computed=_add_computed,
    prepare_desired=_prepare_desired,
    after_create=_after_create,
)


# What forces a replacement (tests/test_specs_meta.py checks it): change it deliberately.
# a revision never changes: any change registers a new one
CREATE_ONLY_SNAPSHOT = frozenset({
    "containerDefinitions",
    "cpu",
    "ephemeralStorage",
    "executionRoleArn",
    "inferenceAccelerators",
    "ipcMode",
    "memory",
    "networkMode",
    "pidMode",
    "placementConstraints",
    "proxyConfiguration",
    "requiresCompatibilities",
    "runtimePlatform",
    "taskRoleArn",
    "volumes",
})

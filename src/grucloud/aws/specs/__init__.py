"""Every resource type gc knows, by "Group::Type". Adding a type: one spec file and one line here."""

from grucloud.aws.spec import ResourceSpec
from grucloud.aws.specs.apigatewayv2 import api, deployment, integration, route, stage
from grucloud.aws.specs.events import event_bus, rule, target
from grucloud.aws.specs.iam import policy, role
from grucloud.aws.specs.lambda_ import function, permission
from grucloud.aws.specs.logs import log_group

_ALL: list[ResourceSpec] = [
    api.SPEC,
    integration.SPEC,
    route.SPEC,
    stage.SPEC,
    deployment.SPEC,
    function.SPEC,
    permission.SPEC,
    role.SPEC,
    policy.SPEC,
    log_group.SPEC,
    event_bus.SPEC,
    rule.SPEC,
    target.SPEC,
]

REGISTRY: dict[str, ResourceSpec] = {spec.key: spec for spec in _ALL}


def by_type(type_name: str, group: str | None = None) -> list[ResourceSpec]:
    """Specs matching a type name (with or without its group)."""
    return [s for s in _ALL if s.type == type_name and (group is None or s.group == group)]

"""Every resource type gc knows, by "Group::Type". Adding a type: one spec file and one line here."""

from grucloud.aws.spec import ResourceSpec
from grucloud.aws.specs.acm import certificate
from grucloud.aws.specs.apigatewayv2 import api, api_mapping, authorizer, deployment, domain_name, integration, route, stage
from grucloud.aws.specs.cognito_idp import user_pool, user_pool_client, user_pool_domain
from grucloud.aws.specs.dynamodb import table
from grucloud.aws.specs.events import event_bus, rule, target
from grucloud.aws.specs.iam import policy, role
from grucloud.aws.specs.lambda_ import function, permission
from grucloud.aws.specs.logs import log_group
from grucloud.aws.specs.route53 import hosted_zone, record
from grucloud.aws.specs.route53domains import domain

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
    authorizer.SPEC,
    domain_name.SPEC,
    api_mapping.SPEC,
    table.SPEC,
    user_pool.SPEC,
    user_pool_client.SPEC,
    user_pool_domain.SPEC,
    certificate.SPEC,
    hosted_zone.SPEC,
    record.SPEC,
    domain.SPEC,
]

REGISTRY: dict[str, ResourceSpec] = {spec.key: spec for spec in _ALL}


def by_type(type_name: str, group: str | None = None) -> list[ResourceSpec]:
    """Specs matching a type name (with or without its group)."""
    return [s for s in _ALL if s.type == type_name and (group is None or s.group == group)]

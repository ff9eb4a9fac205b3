"""Every resource type gc knows, by "Group::Type". Adding a type: one spec file and one line here."""

from grucloud.aws.spec import ResourceSpec
from grucloud.aws.specs.acm import certificate
from grucloud.aws.specs.apigatewayv2 import api, api_mapping, authorizer, deployment, domain_name, integration, route, stage
from grucloud.aws.specs.cognito_idp import user_pool, user_pool_client, user_pool_domain
from grucloud.aws.specs.dynamodb import table
from grucloud.aws.specs.apigatewayv2 import vpc_link
from grucloud.aws.specs.ec2 import (
    elastic_ip_address,
    internet_gateway,
    internet_gateway_attachment,
    nat_gateway,
    route_table,
    route_table_association,
    security_group,
    security_group_rule,
    subnet,
    vpc,
)
from grucloud.aws.specs.ec2 import route as ec2_route
from grucloud.aws.specs.ecs import cluster, service, task_definition
from grucloud.aws.specs.elbv2 import listener, load_balancer, target_group
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
    vpc_link.SPEC,
    vpc.SPEC,
    subnet.SPEC,
    route_table.SPEC,
    route_table_association.SPEC,
    ec2_route.SPEC,
    internet_gateway.SPEC,
    internet_gateway_attachment.SPEC,
    elastic_ip_address.SPEC,
    nat_gateway.SPEC,
    security_group.SPEC,
    security_group_rule.INGRESS,
    security_group_rule.EGRESS,
    load_balancer.SPEC,
    listener.SPEC,
    target_group.SPEC,
    cluster.SPEC,
    task_definition.SPEC,
    service.SPEC,
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

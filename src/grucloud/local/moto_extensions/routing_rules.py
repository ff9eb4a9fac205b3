"""Routing rules of a custom domain name (CreateRoutingRule, GetRoutingRule, ListRoutingRules,
PutRoutingRule, DeleteRoutingRule), which moto lacks. Kept on the domain name, so that they go
with it. As AWS answers: no rule on a domain whose RoutingMode is API_MAPPING_ONLY, no two rules
of one priority, and no HTTP or WebSocket API as the rule's target (only a REST API's stage)."""

from __future__ import annotations

import string

from moto.apigatewayv2.exceptions import BadRequestException
from moto.apigatewayv2.models import DomainName
from moto.moto_api._internal import mock_random as random

from grucloud.local.moto_extensions.domain_names import routing_mode
from grucloud.local.moto_extensions.patching import (
    NotFound,
    add_operations,
    add_routes,
    answer,
    backend,
    body,
    path_after,
)


def _rules(domain: DomainName) -> dict[str, dict]:
    if not hasattr(domain, "gc_routing_rules"):
        domain.gc_routing_rules = {}
    return domain.gc_routing_rules


def _domain_and_id(response) -> tuple[DomainName, str | None]:
    name, _, *rest = path_after(response, "/domainnames/")
    return backend(response).get_domain_name(name), (rest[0] if rest else None)


def _rule(response) -> tuple[DomainName, dict]:
    domain, rule_id = _domain_and_id(response)
    if rule_id not in _rules(domain):
        raise NotFound(f"Unable to find RoutingRule {rule_id} for domain name {domain.domain_name}")
    return domain, _rules(domain)[rule_id]


def _checked(response, domain: DomainName, request: dict, rule_id: str | None) -> dict:
    if routing_mode(domain) == "API_MAPPING_ONLY":
        raise BadRequestException(f"Routing rules cannot be created for domain name {domain.domain_name} with routing mode API_MAPPING_ONLY")
    if any(rule["priority"] == request.get("priority") and other != rule_id for other, rule in _rules(domain).items()):
        raise BadRequestException(f"A routing rule with priority {request.get('priority')} already exists for {domain.domain_name}")
    v2_apis = backend(response).apis
    for action in request.get("actions") or []:
        if (action.get("invokeApi") or {}).get("apiId") in v2_apis:
            raise BadRequestException("WebSocket or HTTP APIs aren't supported as target APIs for routing rules")
    return {member: request[member] for member in ("actions", "conditions", "priority") if member in request}


def create_routing_rule(self):
    domain, _ = _domain_and_id(self)
    rule_id = "".join(random.choice(string.ascii_lowercase + string.digits) for _ in range(6))
    rule = {**_checked(self, domain, body(self), None), "routingRuleId": rule_id,
            "routingRuleArn": f"arn:aws:apigateway:{self.region}:{self.current_account}:/domainnames/{domain.domain_name}/routingrules/{rule_id}"}
    _rules(domain)[rule_id] = rule
    return answer(rule, status=201)


def get_routing_rule(self):
    return answer(_rule(self)[1])


def list_routing_rules(self):
    domain, _ = _domain_and_id(self)
    return answer({"routingRules": sorted(_rules(domain).values(), key=lambda rule: rule["priority"])})


def put_routing_rule(self):
    domain, rule = _rule(self)
    rule.update(_checked(self, domain, body(self), rule["routingRuleId"]))
    return answer(rule)


def delete_routing_rule(self):
    domain, rule = _rule(self)
    del _rules(domain)[rule["routingRuleId"]]
    return answer(status=204)


def install() -> None:
    add_routes(r"{0}/v2/domainnames/(?P<domain_name>[^/]+)/routingrules$",
               r"{0}/v2/domainnames/(?P<domain_name>[^/]+)/routingrules/(?P<routing_rule_id>[^/]+)$")
    add_operations(create_routing_rule, get_routing_rule, list_routing_rules, put_routing_rule, delete_routing_rule)

"""ApiGatewayV2::RoutingRule: sends the requests to a custom domain name that match its conditions
(up to two header conditions and one base path condition) to the stage its action names, in the
order of the rules' priorities, before or instead of the domain's API mappings (the domain name's
RoutingMode says which).

AWS takes only a REST API's stage (API Gateway v1) as a rule's target, never an HTTP or WebSocket
API: gc makes no REST API, so the action names one made elsewhere by its id. Listed under its
domain name, and ours when that is; named routingrule::<domain>::<priority> (no two rules of a
domain share a priority), as an ApiMapping is apimapping::<domain>::<stage>.
"""

from grucloud.aws.spec import Dependency, Listing, ResourceSpec

DOMAIN_NAME = "ApiGatewayV2::DomainName"
_RULES_USED = ("ROUTING_RULE_ONLY", "ROUTING_RULE_THEN_API_MAPPING")
_CONDITIONS = ("MatchHeaders", "MatchBasePaths")
_MOST = {"MatchHeaders": 2, "MatchBasePaths": 1}


def _rules(properties, context):
    conditions = properties.get("Conditions")
    if isinstance(conditions, list):
        kinds = []
        for index, condition in enumerate(conditions):
            named = [kind for kind in _CONDITIONS if isinstance(condition, dict) and kind in condition]
            if len(named) == 1:
                kinds += named
            else:
                yield f"Conditions[{index}]", "names one condition: either MatchHeaders or MatchBasePaths (several conditions are several entries)"
        for kind, most in _MOST.items():
            if kinds.count(kind) > most:
                yield "Conditions", f"has {kinds.count(kind)} {kind} conditions: a routing rule takes at most {most}"
    actions = properties.get("Actions")
    if isinstance(actions, list) and len(actions) != 1:
        yield "Actions", f"has {len(actions)} actions: a routing rule takes exactly one, {{\"InvokeApi\": {{\"ApiId\": ..., \"Stage\": ...}}}}"
    mode = context.dependency_property("domainName", "RoutingMode")
    if context.dependencies.get("domainName") and mode not in _RULES_USED:
        yield "dependencies.domainName", (
            f"{context.dependencies['domainName']!r} routes by API mappings only (RoutingMode {mode or 'API_MAPPING_ONLY'}): "
            "AWS takes no routing rule for it; set its RoutingMode to ROUTING_RULE_THEN_API_MAPPING or ROUTING_RULE_ONLY")


SPEC = ResourceSpec(
    group="ApiGatewayV2",
    type="RoutingRule",
    service="apigatewayv2",
    listing=Listing("ListRoutingRules", "RoutingRules", parent_params={"DomainName": "DomainName"}),
    identity={"DomainName": "DomainName", "RoutingRuleId": "RoutingRuleId"},
    infer_name=lambda properties, deps: f"routingrule::{deps.get('domainName')}::{properties.get('Priority')}",
    create="CreateRoutingRule",
    # PutRoutingRule takes the whole rule again: the desired state, as it is
    update="PutRoutingRule",
    delete="DeleteRoutingRule",
    dependencies={
        "domainName": Dependency(DOMAIN_NAME, fills="DomainName", value="DomainName", parent=True),
    },
    defaults={"Conditions": []},  # a rule with no condition catches every request
    rules=_rules,
)


# What forces a replacement (tests/test_specs_meta.py checks it): change it deliberately.
CREATE_ONLY_SNAPSHOT = frozenset()

"""ApiGatewayV2::Route: a route key ("ANY /my-function"; "$connect", "sendmessage" on a WebSocket
API) sent to an integration, optionally behind an authorizer."""

import re

from grucloud.aws.calls import call
from grucloud.aws.spec import Dependency, ResourceSpec
from grucloud.aws.specs.apigatewayv2.common import (
    API_PARENT,
    api_child_listing,
    made_by_api,
    made_with_api,
)

_HTTP_ROUTE_KEY = re.compile(r"^(\$default|(ANY|GET|POST|PUT|PATCH|DELETE|HEAD|OPTIONS) /\S*)$")
_AUTHORIZATION = {"HTTP": ("NONE", "JWT", "AWS_IAM", "CUSTOM"), "WEBSOCKET": ("NONE", "AWS_IAM", "CUSTOM")}
# the authorization a route needs for its authorizer's type
_BY_AUTHORIZER = {"JWT": "JWT", "REQUEST": "CUSTOM"}
_WEBSOCKET_ONLY = ("ApiKeyRequired", "ModelSelectionExpression", "RequestModels", "RequestParameters", "RouteResponseSelectionExpression")


def _rules(properties, context):
    key = properties.get("RouteKey")
    protocol = context.dependency_property("api", "ProtocolType") or "HTTP"
    if protocol == "HTTP" and isinstance(key, str) and not _HTTP_ROUTE_KEY.match(key):
        yield "RouteKey", f"{key!r} is not an HTTP route key: use '$default' or 'METHOD /path' (e.g. 'ANY /my-function')"
    if protocol == "HTTP":
        for field in _WEBSOCKET_ONLY:
            if properties.get(field):
                yield field, "is for WebSocket APIs only; remove it from this HTTP API route"
    yield from _authorization_rules(properties, context, protocol, key)


def _authorization_rules(properties, context, protocol, key):
    authorization = properties.get("AuthorizationType") or "NONE"
    if authorization not in _AUTHORIZATION.get(protocol, ()):
        yield "AuthorizationType", f"{authorization!r} is not for a {protocol} API; use one of {', '.join(_AUTHORIZATION.get(protocol, ()))}"
    has_authorizer = bool(properties.get("AuthorizerId"))
    if authorization in ("JWT", "CUSTOM") and not has_authorizer:
        yield "AuthorizerId", f"is required with AuthorizationType {authorization}: add \"dependencies\": {{\"authorizer\": \"<authorizer>\"}}"
    expected = _BY_AUTHORIZER.get(context.dependency_property("authorizer", "AuthorizerType"))
    if has_authorizer and expected and authorization != expected:
        yield "AuthorizationType", f"must be {expected} for its {context.dependency_property('authorizer', 'AuthorizerType')} authorizer, not {authorization!r}"
    if properties.get("AuthorizationScopes") and authorization != "JWT":
        yield "AuthorizationScopes", "are for JWT authorization only; set AuthorizationType JWT with a JWT authorizer, or remove them"
    if protocol == "WEBSOCKET" and has_authorizer and key != "$connect":
        yield "dependencies.authorizer", "a WebSocket API authorizes on $connect only; move the authorizer to the $connect route"


def _delete_request_parameter(target, live, keys) -> None:
    call(target.client("apigatewayv2"), "DeleteRouteRequestParameter", ApiId=live["ApiId"], RouteId=live["RouteId"], RequestParameterKey=keys[-1])


SPEC = ResourceSpec(
    group="ApiGatewayV2",
    type="Route",
    service="apigatewayv2",
    deleted_with_parent=True,  # DeleteApi removes it (aws-timing-facts §4)
    listing=api_child_listing("GetRoutes"),
    is_default=made_by_api,  # made by AWS with its API
    made_with_parent=made_with_api,
    identity={"ApiId": "ApiId", "RouteId": "RouteId"},
    infer_name=lambda properties, deps: f"route::{deps.get('api')}::{properties.get('RouteKey')}",
    create="CreateRoute",
    update="UpdateRoute",
    delete="DeleteRoute",
    dependencies={
        "api": API_PARENT,
        "integration": Dependency(
            "ApiGatewayV2::Integration",
            fills="Target",
            value=lambda live: f"integrations/{live['IntegrationId']}",
        ),
        "authorizer": Dependency("ApiGatewayV2::Authorizer", fills="AuthorizerId", value="AuthorizerId"),
        # the models RequestModels names (by name, unique within the API): made first
        "models": Dependency(
            "ApiGatewayV2::Model", many=True, value="Name",
            found_in=lambda live: sorted((live.get("RequestModels") or {}).values()),
            match=lambda route, model: route.get("ApiId") == model.get("ApiId") and model.get("Name") in (route.get("RequestModels") or {}).values(),
        ),
    },
    defaults={"ApiKeyRequired": False, "AuthorizationType": "NONE"},
    unset={"RequestParameters.*": _delete_request_parameter},
    rules=_rules,
)


# What forces a replacement (tests/test_specs_meta.py checks it): change it deliberately.
CREATE_ONLY_SNAPSHOT = frozenset()

"""ApiGatewayV2::Route: a route key ("ANY /my-function") sent to an integration."""

import re

from grucloud.aws.spec import Dependency, Listing, ResourceSpec

_HTTP_ROUTE_KEY = re.compile(r"^(\$default|(ANY|GET|POST|PUT|PATCH|DELETE|HEAD|OPTIONS) /\S*)$")


def _rules(properties, context):
    key = properties.get("RouteKey")
    protocol = context.dependency_property("api", "ProtocolType") or "HTTP"
    if protocol == "HTTP" and isinstance(key, str) and not _HTTP_ROUTE_KEY.match(key):
        yield "RouteKey", f"{key!r} is not an HTTP route key: use '$default' or 'METHOD /path' (e.g. 'ANY /my-function')"


SPEC = ResourceSpec(
    group="ApiGatewayV2",
    type="Route",
    service="apigatewayv2",
    listing=Listing("GetRoutes", "Items", parent_params={"ApiId": "ApiId"}, parent_fields={"ApiName": "Name", "Tags": "Tags"}),
    identity={"ApiId": "ApiId", "RouteId": "RouteId"},
    infer_name=lambda properties, deps: f"route::{deps.get('api')}::{properties.get('RouteKey')}",
    create="CreateRoute",
    update="UpdateRoute",
    delete="DeleteRoute",
    dependencies={
        "api": Dependency("ApiGatewayV2::Api", fills="ApiId", value="ApiId", parent=True),
        "integration": Dependency(
            "ApiGatewayV2::Integration",
            fills="Target",
            value=lambda live: f"integrations/{live['IntegrationId']}",
        ),
    },
    defaults={"ApiKeyRequired": False, "AuthorizationType": "NONE"},
    rules=_rules,
)

"""ApiGatewayV2::RouteResponse: makes a WebSocket route two-way, so that its integration's answer
is sent back to the client. AWS takes only the `$default` route response key.

Listed under its route, and ours when that is; named `<route>::<key>`, as GruCloud's.
"""

import re

from grucloud.aws.spec import Dependency, Listing, ResourceSpec
from grucloud.aws.specs.apigatewayv2.common import on_websocket_api

ROUTE = "ApiGatewayV2::Route"
_HTTP_ROUTE_KEY = re.compile(r"^(ANY|GET|POST|PUT|PATCH|DELETE|HEAD|OPTIONS) /")


def _prepare_desired(desired, ctx) -> None:
    route = ctx.dependencies.get("route")
    if route and "ApiId" not in desired:
        desired["ApiId"] = ctx.get_id(ROUTE, route, "ApiId")


def _rules(properties, context):
    key = properties.get("RouteResponseKey")
    if isinstance(key, str) and key != "$default":
        yield "RouteResponseKey", f"{key!r}: a WebSocket route takes only the '$default' route response"
    route_key = context.dependency_property("route", "RouteKey")
    if isinstance(route_key, str) and _HTTP_ROUTE_KEY.match(route_key):
        yield "dependencies.route", (
            f"{context.dependencies.get('route')!r} is an HTTP API's route ({route_key!r}): route responses are for WebSocket APIs, "
            "where an HTTP API answers with its integration's answer already")


SPEC = ResourceSpec(
    group="ApiGatewayV2",
    type="RouteResponse",
    service="apigatewayv2",
    listing=Listing("GetRouteResponses", "Items", parent_params={"ApiId": "ApiId", "RouteId": "RouteId"},
                    parent_fields={"ApiName": "ApiName", "Tags": "Tags"}, under=on_websocket_api),
    identity={"ApiId": "ApiId", "RouteId": "RouteId", "RouteResponseId": "RouteResponseId"},
    infer_name=lambda properties, deps: f"{deps.get('route')}::{properties.get('RouteResponseKey')}",
    create="CreateRouteResponse",
    update="UpdateRouteResponse",
    delete="DeleteRouteResponse",
    dependencies={
        "route": Dependency(ROUTE, fills="RouteId", value="RouteId", parent=True),
    },
    prepare_desired=_prepare_desired,
    rules=_rules,
    deleted_with_parent=True,  # DeleteRoute (and so DeleteApi) removes it: it lives inside its route
)


# What forces a replacement (tests/test_specs_meta.py checks it): change it deliberately.
CREATE_ONLY_SNAPSHOT = frozenset()

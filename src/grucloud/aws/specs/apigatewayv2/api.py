"""ApiGatewayV2::Api: an HTTP or WebSocket API."""

from grucloud.aws.calls import call
from grucloud.aws.spec import Listing, ResourceSpec, Tagging


def api_arn(target, live) -> str:
    return f"arn:aws:apigateway:{target.region_name}::/apis/{live['ApiId']}"


# HTTP APIs route by method and path; a WebSocket API by an expression on the message
_HTTP_ROUTE_SELECTION = "${request.method} ${request.path}"
_HTTP_ONLY = ("CorsConfiguration", "CredentialsArn", "RouteKey", "Target")
_WEBSOCKET_ONLY = ("DisableSchemaValidation",)


def _rules(properties, context):
    protocol = properties.get("ProtocolType")
    if protocol == "WEBSOCKET":
        if not properties.get("RouteSelectionExpression"):
            yield "RouteSelectionExpression", "is required for a WebSocket API, e.g. '$request.body.action'"
        for field in _HTTP_ONLY:
            if field in properties:
                yield field, "is for HTTP APIs only; remove it from this WebSocket API"
    elif protocol == "HTTP":
        for field in _WEBSOCKET_ONLY:
            if field in properties:
                yield field, "is for WebSocket APIs only; remove it from this HTTP API"
        expression = properties.get("RouteSelectionExpression")
        if expression not in (None, _HTTP_ROUTE_SELECTION):
            yield "RouteSelectionExpression", f"{expression!r}: an HTTP API routes by method and path; leave it out, or set {_HTTP_ROUTE_SELECTION!r}"


def _derive(target, live):
    # The execute-api ARN, which Lambda permissions use as SourceArn (GruCloud's "ArnV2").
    arn = f"arn:aws:execute-api:{target.region_name}:{target.account_id()}:{live['ApiId']}"
    return {**live, "ArnV2": arn}


def _delete_cors(target, live, keys) -> None:
    # UpdateApi cannot remove a CORS configuration; its own call does
    call(target.client("apigatewayv2"), "DeleteCorsConfiguration", ApiId=live["ApiId"])


SPEC = ResourceSpec(
    group="ApiGatewayV2",
    type="Api",
    service="apigatewayv2",
    listing=Listing("GetApis", "Items"),
    identity={"ApiId": "ApiId"},
    name_path="Name",
    create="CreateApi",
    update="UpdateApi",
    delete="DeleteApi",
    tagging=Tagging(
        tag_operation="TagResource", untag_operation="UntagResource", arn=api_arn
    ),
    defaults={
        "ProtocolType": "HTTP",
        "ApiKeySelectionExpression": "$request.header.x-api-key",
        "DisableExecuteApiEndpoint": False,
    },
    # what every HTTP API has (moto spells it without braces); a WebSocket API declares its own
    server_values={"RouteSelectionExpression": ("${request.method} ${request.path}", "$request.method $request.path")},
    unset={"CorsConfiguration": _delete_cors, "CorsConfiguration.AllowCredentials": False, "CorsConfiguration.MaxAge": -1,
           "DisableSchemaValidation": False},
    derive=_derive,
    rules=_rules,
)


# What forces a replacement (tests/test_specs_meta.py checks it): change it deliberately.
CREATE_ONLY_SNAPSHOT = frozenset({"ProtocolType"})

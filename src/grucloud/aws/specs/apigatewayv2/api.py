"""ApiGatewayV2::Api: an HTTP or WebSocket API."""

from grucloud.aws.spec import Listing, ResourceSpec, Tagging


def api_arn(target, live) -> str:
    return f"arn:aws:apigateway:{target.region_name}::/apis/{live['ApiId']}"


def _derive(target, live):
    # The execute-api ARN, which Lambda permissions use as SourceArn (GruCloud's "ArnV2").
    arn = f"arn:aws:execute-api:{target.region_name}:{target.account_id()}:{live['ApiId']}"
    return {**live, "ArnV2": arn}


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
    derive=_derive,
)

"""What an API's children (integrations, routes, stages, deployments, authorizers) share."""

import re

from grucloud.aws.spec import Dependency, Listing

# a child is listed under its API, and deleted with it
API_PARENT = Dependency("ApiGatewayV2::Api", fills="ApiId", value="ApiId", parent=True)


def api_child_listing(operation: str, api_tags: bool = True, **more) -> Listing:
    """`operation` once per API. Each child carries its API's id, name and protocol and, with
    `api_tags`, its tags (shown by `gc list` for children that have none of their own), and,
    when AWS made the API's children from an OpenAPI document, that it did (ApiChildrenMadeBy)."""
    fields = {"ApiName": "Name", "ProtocolType": "ProtocolType"}
    fields |= {"Tags": "Tags"} if api_tags else {}
    return Listing(operation, "Items", parent_params={"ApiId": "ApiId"},
                   parent_fields={**fields, "ApiChildrenMadeBy": "ChildrenMadeBy"}, **more)


def made_by_api(live, defaults) -> bool:
    """A route, integration or authorizer that AWS made with its API, imported from an OpenAPI
    document or by a quick create (AWS's ApiGatewayManaged): the API's own, never diffed nor
    deleted one by one (a spec's is_default)."""
    return bool(live.get("ApiChildrenMadeBy") or live.get("ApiGatewayManaged"))


def made_with_api(api: dict, child: dict) -> bool:
    """Whether AWS makes such a child with the API declared so (a spec's made_with_parent)."""
    return bool(api.get("Body") or api.get("Target"))


# API Gateway names the Lambda function it invokes by an invoke ARN (Terraform, CloudFormation
# and the console write it so; a WebSocket API takes nothing else); an HTTP API also takes the
# function's own ARN. Both forms are the same function.
_INVOKE = re.compile(r"^arn:aws[\w-]*:apigateway:[\w-]+:lambda:path/2015-03-31/functions/(?P<arn>[^/]+)/invocations$")
_INVOKE_PATH = re.compile(r":lambda:path/2015-03-31/functions/.+/invocations$")
_FUNCTION = re.compile(r"^arn:aws[\w-]*:lambda:[\w-]+:\d+:function:[^:/]+(:[^:/]+)?$")


def invocation_uri(function_arn: str) -> str:
    """The invoke ARN of a function, from its ARN."""
    region = function_arn.split(":")[3]
    return f"arn:aws:apigateway:{region}:lambda:path/2015-03-31/functions/{function_arn}/invocations"


def lambda_function_arn(uri) -> str | None:
    """The function a URI names, in either form (function ARN or invoke ARN); None when it
    names no Lambda function."""
    if not isinstance(uri, str):
        return None
    match = _INVOKE.match(uri)
    arn = match["arn"] if match else uri
    return arn if _FUNCTION.match(arn) else None


def names_lambda(uri) -> bool:
    """Whether a URI names a Lambda function, in either form, even before the function's ARN
    is known (an invoke ARN written around ctx.get_id)."""
    return isinstance(uri, str) and (lambda_function_arn(uri) is not None or bool(_INVOKE_PATH.search(uri)))


def same_lambda_target(uri):
    """A URI as compared: the function it names, whatever the form; else the URI itself."""
    return lambda_function_arn(uri) or uri


def on_websocket_api(parent: dict) -> bool:
    """Integration and route responses exist on WebSocket APIs only: listed under an
    integration or a route of one (a Listing's `under`), no call per route of an HTTP API."""
    return parent.get("ProtocolType") == "WEBSOCKET"

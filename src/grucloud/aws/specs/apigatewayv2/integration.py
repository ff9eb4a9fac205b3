"""ApiGatewayV2::Integration: where a route sends its requests (here: a Lambda function)."""

from grucloud.aws.calls import CallFailed, call, is_not_found
from grucloud.aws.spec import Dependency, Listing, ResourceSpec

# Which dependency names the target, in the order GruCloud infers the name from.
_TARGETS = ("lambdaFunction", "eventBus", "listener")
_HTTP_TYPES = ("AWS_PROXY", "HTTP_PROXY")
_WEBSOCKET_ONLY = ("PassthroughBehavior", "RequestTemplates", "ContentHandlingStrategy", "TemplateSelectionExpression")


def _name(properties, dependencies) -> str:
    target = next((dependencies[k] for k in _TARGETS if dependencies.get(k)), None)
    return f"integration::{dependencies.get('api')}::{target or properties.get('IntegrationType', 'integration')}"


def _remove_implied_permission(target, live) -> None:
    # gc (and the console) grant API Gateway invoke rights with StatementId = IntegrationId.
    uri = live.get("IntegrationUri", "")
    if ":lambda:" not in uri or ":function:" not in uri:
        return
    try:
        call(target.client("lambda"), "RemovePermission", FunctionName=uri, StatementId=live["IntegrationId"])
    except CallFailed as error:
        if not is_not_found(error):
            raise


def _rules(properties, context):
    """What the model cannot say: valid combinations for the API's protocol (facts §4.3)."""
    protocol = context.dependency_property("api", "ProtocolType") or "HTTP"
    kind = properties.get("IntegrationType")
    lambda_target = bool(context.dependencies.get("lambdaFunction"))
    if protocol == "HTTP":
        if kind and kind not in _HTTP_TYPES:
            yield "IntegrationType", f"{kind!r} is for WebSocket APIs; an HTTP API takes AWS_PROXY or HTTP_PROXY"
        for field in _WEBSOCKET_ONLY:
            if properties.get(field):
                yield field, "is for WebSocket APIs only; remove it from this HTTP API integration"
        version = properties.get("PayloadFormatVersion")
        if version is None:
            yield "PayloadFormatVersion", "is required for HTTP APIs: use '2.0' for Lambda, '1.0' otherwise"
        elif version not in ("1.0", "2.0"):
            yield "PayloadFormatVersion", f"{version!r} is not valid: use '1.0' or '2.0'"
        elif version == "2.0" and not (lambda_target and kind == "AWS_PROXY"):
            yield "PayloadFormatVersion", "'2.0' is only for Lambda proxy integrations; use '1.0'"
    timeout = properties.get("TimeoutInMillis")
    maximum = 29000 if protocol == "WEBSOCKET" else 30000
    if isinstance(timeout, int) and not 50 <= timeout <= maximum:
        yield "TimeoutInMillis", f"{timeout} is out of range for a {protocol} API: 50 to {maximum}"
    method = properties.get("IntegrationMethod")
    if lambda_target and kind == "AWS_PROXY" and method not in (None, "POST"):
        yield "IntegrationMethod", f"{method!r}: a Lambda proxy integration must use POST"
    if lambda_target and kind not in ("AWS_PROXY", "AWS"):
        yield "IntegrationType", f"{kind!r} cannot call a Lambda function; use AWS_PROXY"


SPEC = ResourceSpec(
    group="ApiGatewayV2",
    type="Integration",
    service="apigatewayv2",
    listing=Listing(
        "GetIntegrations", "Items", parent_params={"ApiId": "ApiId"}, parent_fields={"ApiName": "Name", "Tags": "Tags"}
    ),
    identity={"ApiId": "ApiId", "IntegrationId": "IntegrationId"},
    infer_name=_name,
    create="CreateIntegration",
    update="UpdateIntegration",
    delete="DeleteIntegration",
    dependencies={
        "api": Dependency("ApiGatewayV2::Api", fills="ApiId", value="ApiId", parent=True),
        "lambdaFunction": Dependency(
            "Lambda::Function", fills="IntegrationUri", value="Configuration.FunctionArn"
        ),
    },
    defaults={"ConnectionType": "INTERNET", "TimeoutInMillis": 30000},
    before_delete=_remove_implied_permission,
    rules=_rules,
)

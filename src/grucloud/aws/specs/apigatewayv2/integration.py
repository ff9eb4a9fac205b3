"""ApiGatewayV2::Integration: where a route sends its requests: a Lambda function, an AWS
service API such as EventBridge PutEvents, SQS SendMessage or Step Functions StartExecution (a
"subtype": `eventBus`, `sqsQueue` and `stepFunctionsStateMachine` fill its RequestParameters),
or a private ALB behind a VPC link."""

from grucloud.aws.spec import Dependency, ResourceSpec
from grucloud.aws.specs.apigatewayv2.common import (
    API_PARENT,
    api_child_listing,
    invocation_uri,
    lambda_function_arn,
    made_by_api,
    made_with_api,
    names_lambda,
    same_lambda_target,
)
from grucloud.unknown import Unknown

# Which dependency names the target, in the order GruCloud infers the name from.
_TARGETS = ("lambdaFunction", "eventBus", "sqsQueue", "stepFunctionsStateMachine", "listener")
_HTTP_TYPES = ("AWS_PROXY", "HTTP_PROXY")
_WEBSOCKET_ONLY = ("PassthroughBehavior", "RequestTemplates", "ContentHandlingStrategy", "TemplateSelectionExpression")
_HTTP_ONLY = ("IntegrationSubtype", "TlsConfig", "ResponseParameters")
_MAX_TIMEOUT = {"HTTP": 30000, "WEBSOCKET": 29000}
# RequestParameters of first-class AWS service integrations: (required, optional), facts §4.4
_SUBTYPE_PARAMETERS = {
    "EventBridge-PutEvents": (("Detail", "DetailType", "Source"), ("Time", "EventBusName", "Resources", "Region", "TraceHeader")),
    "SQS-SendMessage": (("QueueUrl", "MessageBody"), ("DelaySeconds", "MessageAttributes", "MessageDeduplicationId", "MessageGroupId", "MessageSystemAttributes", "Region")),
    "SQS-ReceiveMessage": (("QueueUrl",), ("AttributeNames", "MaxNumberOfMessages", "MessageAttributeNames", "ReceiveRequestAttemptId", "VisibilityTimeout", "WaitTimeSeconds", "Region")),
    "SQS-DeleteMessage": (("ReceiptHandle", "QueueUrl"), ("Region",)),
    "SQS-PurgeQueue": (("QueueUrl",), ("Region",)),
    "AppConfig-GetConfiguration": (("Application", "Environment", "Configuration", "ClientId"), ("ClientConfigurationVersion", "Region")),
    "Kinesis-PutRecord": (("StreamName", "Data", "PartitionKey"), ("SequenceNumberForOrdering", "ExplicitHashKey", "Region")),
    "StepFunctions-StartExecution": (("StateMachineArn",), ("Name", "Input", "Region")),
    "StepFunctions-StartSyncExecution": (("StateMachineArn",), ("Name", "Input", "Region", "TraceHeader")),
    "StepFunctions-StopExecution": (("ExecutionArn",), ("Cause", "Error", "Region")),
}



def _name(properties, dependencies) -> str:
    target = next((dependencies[k] for k in _TARGETS if dependencies.get(k)), None)
    function = lambda_function_arn(properties.get("IntegrationUri"))
    if target is None and function:  # a function named by its ARN (or invoke ARN) is named so live
        target = function.split(":")[6]
    if target is None and properties.get("IntegrationSubtype") == "EventBridge-PutEvents":
        target = "eventBusDefault"  # no eventBus dependency: the account's default bus
    if target is None and properties.get("IntegrationType") == "AWS" and properties.get("IntegrationUri"):
        target = properties["IntegrationUri"]  # a service action: "arn:aws:apigateway:<region>:dynamodb:action/PutItem"
    return f"integration::{dependencies.get('api')}::{target or properties.get('IntegrationType', 'integration')}"


def _protocol(context) -> str:
    return context.dependency_property("api", "ProtocolType") or "HTTP"


def _api_protocol(context):
    """The API's protocol as declared (validation) or as live (plan and apply); Unknown
    before the API is made."""
    protocol = context.dependency_property("api", "ProtocolType")
    api = context.dependencies.get("api")
    if protocol is None and api:
        protocol = context.get_id("ApiGatewayV2::Api", api, "ProtocolType")
    return protocol


def _defaults(properties, context) -> dict:
    """AWS's timeout is the protocol's longest: 29 s on a WebSocket API, 30 s on HTTP."""
    protocol = _api_protocol(context)
    if isinstance(protocol, Unknown):
        return {"TimeoutInMillis": protocol}
    return {"TimeoutInMillis": _MAX_TIMEOUT.get(protocol, 30000)}


def _prepare_desired(desired, context) -> None:
    """A WebSocket API invokes a Lambda function by its invoke ARN only, and sends to a queue
    by its path (a non-proxy `AWS` integration has no QueueUrl parameter)."""
    arn = lambda_function_arn(desired.get("IntegrationUri"))
    if arn and _api_protocol(context) == "WEBSOCKET":
        desired["IntegrationUri"] = invocation_uri(arn)
    queue = context.dependencies.get("sqsQueue")
    if queue and desired.get("IntegrationType") == "AWS":
        parameters = desired.get("RequestParameters") or {}
        parameters.pop("QueueUrl", None)
        if not parameters:
            desired.pop("RequestParameters", None)
        desired["IntegrationUri"] = queue_path(context.get_id("SQS::Queue", queue, "QueueArn"))


def queue_path(queue_arn):
    """The service action that sends to a queue: `arn:aws:apigateway:<region>:sqs:path/<account>/<queue>`
    (the ARN itself while it is not known)."""
    parts = queue_arn.split(":") if isinstance(queue_arn, str) else []
    if len(parts) != 6 or parts[2] != "sqs":
        return queue_arn
    return f"arn:aws:apigateway:{parts[3]}:sqs:path/{parts[4]}/{parts[5]}"


def _is_queue_of(integration, queue) -> bool:
    """Whether a live integration sends to a live queue: by QueueUrl (HTTP APIs' subtype), or by
    the queue's path (WebSocket APIs' AWS integration)."""
    url = (integration.get("RequestParameters") or {}).get("QueueUrl")
    return bool(url and url == queue.get("QueueUrl")) or (
        bool(queue.get("QueueArn")) and integration.get("IntegrationUri") == queue_path(queue["QueueArn"]))


def _rules(properties, context):
    """What the model cannot say: valid combinations for the API's protocol (facts §4.3)."""
    protocol = _protocol(context)
    kind = properties.get("IntegrationType")
    # a function named by dependency, or by either form of its ARN (Terraform's invoke ARN)
    lambda_target = bool(context.dependencies.get("lambdaFunction")) or names_lambda(properties.get("IntegrationUri"))
    if protocol == "HTTP":
        yield from _service_rules(properties)
        yield from _private_rules(properties, kind)
        yield from _http_rules(properties, kind, lambda_target)
    elif protocol == "WEBSOCKET":
        yield from _websocket_rules(properties, kind)
    timeout = properties.get("TimeoutInMillis")
    maximum = _MAX_TIMEOUT.get(protocol, 30000)
    if isinstance(timeout, int) and not 50 <= timeout <= maximum:
        yield "TimeoutInMillis", f"{timeout} is out of range for a {protocol} API: 50 to {maximum}"
    method = properties.get("IntegrationMethod")
    if lambda_target and kind == "AWS_PROXY" and method not in (None, "POST"):
        yield "IntegrationMethod", f"{method!r}: a Lambda proxy integration must use POST"
    if lambda_target and kind not in ("AWS_PROXY", "AWS"):
        yield "IntegrationType", f"{kind!r} cannot call a Lambda function; use AWS_PROXY"


def _http_rules(properties, kind, lambda_target):
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


def _service_rules(properties):
    """A subtype calls an AWS API: its parameters, and a role for API Gateway to call it with."""
    subtype = properties.get("IntegrationSubtype")
    if not subtype:
        return
    if subtype not in _SUBTYPE_PARAMETERS:
        yield "IntegrationSubtype", f"{subtype!r} is not a subtype API Gateway knows; one of: {', '.join(_SUBTYPE_PARAMETERS)}"
        return
    required, optional = _SUBTYPE_PARAMETERS[subtype]
    given = properties.get("RequestParameters") or {}
    for name in required:
        if name not in given:
            yield f"RequestParameters.{name}", f"is required for {subtype} (e.g. a static value or $request.body.{name})"
    for name in given:
        if name not in required + optional:
            yield f"RequestParameters.{name}", f"is not a parameter of {subtype}; valid: {', '.join(required + optional)}"
    if properties.get("IntegrationType") != "AWS_PROXY":
        yield "IntegrationType", f"a {subtype} integration is AWS_PROXY"
    if not properties.get("CredentialsArn"):
        yield "CredentialsArn", f"is required for {subtype}: add \"dependencies\": {{\"role\": \"<a role API Gateway may assume>\"}}"


def _private_rules(properties, kind):
    """An HTTP_PROXY integration to a private load balancer goes through a VPC link."""
    if properties.get("ConnectionType") == "VPC_LINK":
        if not properties.get("ConnectionId"):
            yield "ConnectionId", "is required for a VPC_LINK integration: add \"dependencies\": {\"vpcLink\": \"<VPC link>\"}"
        if not properties.get("IntegrationUri"):
            yield "IntegrationUri", "is required for a VPC_LINK integration: add \"dependencies\": {\"listener\": \"<load balancer listener>\"}"
        if kind != "HTTP_PROXY":
            yield "IntegrationType", f"{kind!r}: a VPC_LINK integration is HTTP_PROXY"
    if kind == "HTTP_PROXY" and not properties.get("IntegrationMethod"):
        yield "IntegrationMethod", "is required for HTTP_PROXY: the method sent to the backend, e.g. ANY or GET"


def _websocket_rules(properties, kind):
    for field in _HTTP_ONLY:
        if properties.get(field):
            yield field, "is for HTTP APIs only; remove it from this WebSocket API integration"
    version = properties.get("PayloadFormatVersion")
    if version not in (None, "1.0"):
        yield "PayloadFormatVersion", f"{version!r}: WebSocket integrations take '1.0' only"
    if kind != "MOCK" and not properties.get("IntegrationUri"):
        yield "IntegrationUri", f"is required for a {kind} integration: add \"dependencies\": {{\"lambdaFunction\": \"<function>\"}}, or set the URL"


SPEC = ResourceSpec(
    group="ApiGatewayV2",
    type="Integration",
    service="apigatewayv2",
    deleted_with_parent=True,  # DeleteApi removes it (aws-timing-facts §4)
    listing=api_child_listing("GetIntegrations"),
    is_default=made_by_api,  # made by AWS with its API
    made_with_parent=made_with_api,
    identity={"ApiId": "ApiId", "IntegrationId": "IntegrationId"},
    infer_name=_name,
    create="CreateIntegration",
    update="UpdateIntegration",
    delete="DeleteIntegration",
    dependencies={
        "api": API_PARENT,
        "lambdaFunction": Dependency(
            "Lambda::Function", fills="IntegrationUri", value="Configuration.FunctionArn",
            found_in=lambda live: lambda_function_arn(live.get("IntegrationUri")), blocks_delete=False,
        ),
        "eventBus": Dependency("CloudWatchEvents::EventBus", fills="RequestParameters.EventBusName", value="Name", blocks_delete=False),
        "sqsQueue": Dependency("SQS::Queue", fills="RequestParameters.QueueUrl", value="QueueUrl", match=_is_queue_of, blocks_delete=False),
        "stepFunctionsStateMachine": Dependency(
            "StepFunctions::StateMachine", fills="RequestParameters.StateMachineArn", value="stateMachineArn", blocks_delete=False
        ),
        "role": Dependency("IAM::Role", fills="CredentialsArn", value="Arn", blocks_delete=False),
        "listener": Dependency("ElasticLoadBalancingV2::Listener", fills="IntegrationUri", value="ListenerArn"),
        "vpcLink": Dependency("ApiGatewayV2::VpcLink", fills="ConnectionId", value="VpcLinkId"),
    },
    defaults={"ConnectionType": "INTERNET", "TimeoutInMillis": 30000},
    defaults_for=_defaults,
    # what AWS answers for a WebSocket integration that declares neither
    aws_fills={"PayloadFormatVersion": ("1.0",), "PassthroughBehavior": ("WHEN_NO_MATCH",),
               "IntegrationMethod": ("POST",)},  # a Lambda function is invoked by POST
    # a request parameter is removed by sending it empty, a response one by an empty map
    unset={"RequestParameters.*": "", "ResponseParameters.*": {}},
    compare_as={"IntegrationUri": same_lambda_target},
    prepare_desired=_prepare_desired,
    rules=_rules,
)


# What forces a replacement (tests/test_specs_meta.py checks it): change it deliberately.
CREATE_ONLY_SNAPSHOT = frozenset()

"""A WebSocket API whose $default route runs an express Step Functions workflow synchronously
(StartSyncExecution through a request template, no code) and answers the client with the
execution's outcome (a two-way route).

Mirrors GruCloud's examples/aws/ApiGatewayV2/apigw-websocket-api-sfn-sync (serverlessland's
pattern), without its Deployment: the stage deploys by itself (AutoDeploy), the emulator having
no deployments. The state machine's ARN in the template is read from the state machine
(GruCloud writes the account id in it). IntegrationResponseSelectionExpression, which GruCloud
lists, is AWS's own: CreateIntegration takes none.
"""

API = "sam-app-WebSocketApi"
STAGE = "api"
STATE_MACHINE = "SyncSFn-pN3JqWwqQJ60"
EXECUTION_ROLE = "sam-app-StepFunctionsSyncExecutionRole-196375L2OVLO7"
STATE_MACHINE_ROLE = "sam-app-SyncSFnRole-1QD6CF0EHAZNE"
# the message, escaped into a JSON string, is the execution's input
TEMPLATE = """#set($sfn_input=$util.escapeJavaScript($input.body).replaceAll("\\\\'","'")) { 
  "input": "$sfn_input",
  "stateMachineArn": "%s"
}
"""
DEFINITION = {
    "Comment": "Sample Expess Workflow for Synchronous Execution by API Gateway",
    "StartAt": "Wait for 3 Seconds",
    "States": {"Wait for 3 Seconds": {"End": True, "Seconds": 3, "Type": "Wait"}},
}


def assumed_by(service: str) -> dict:
    return {
        "Version": "2012-10-17",
        "Statement": [{"Effect": "Allow", "Principal": {"Service": service}, "Action": "sts:AssumeRole"}],
    }


def create_resources(config):
    start = f"arn:aws:apigateway:{config.get('region') or 'us-east-1'}:states:action/StartSyncExecution"
    integration = f"integration::{API}::{start}"
    state_machine_arn = lambda ctx: ctx.get_id("StepFunctions::StateMachine", STATE_MACHINE, "stateMachineArn")  # noqa: E731
    return [
        {
            "type": "Api",
            "group": "ApiGatewayV2",
            "properties": {"Name": API, "ProtocolType": "WEBSOCKET", "RouteSelectionExpression": "$request.body.action"},
        },
        {
            "type": "Integration",
            "group": "ApiGatewayV2",
            "properties": lambda ctx: {
                "ConnectionType": "INTERNET",
                "IntegrationMethod": "POST",
                "IntegrationType": "AWS",
                "IntegrationUri": start,
                "PassthroughBehavior": "WHEN_NO_MATCH",
                "PayloadFormatVersion": "1.0",
                "RequestTemplates": {"$default": TEMPLATE % state_machine_arn(ctx)},
                "TemplateSelectionExpression": "\\$default",
                "TimeoutInMillis": 29000,
            },
            "dependencies": {"api": API, "role": EXECUTION_ROLE},
        },
        {
            "type": "IntegrationResponse",
            "group": "ApiGatewayV2",
            "properties": {"IntegrationResponseKey": "$default"},
            "dependencies": {"integration": integration},
        },
        {
            "type": "Route",
            "group": "ApiGatewayV2",
            "properties": {"OperationName": "DefaultRoute", "RouteKey": "$default"},
            "dependencies": {"api": API, "integration": integration},
        },
        {
            "type": "RouteResponse",
            "group": "ApiGatewayV2",
            "properties": {"RouteResponseKey": "$default"},
            "dependencies": {"route": f"route::{API}::$default"},
        },
        {
            "type": "Stage",
            "group": "ApiGatewayV2",
            "properties": {
                "AutoDeploy": True,
                "DefaultRouteSettings": {"DataTraceEnabled": False, "LoggingLevel": "OFF"},
                "StageName": STAGE,
            },
            "dependencies": {"api": API},
        },
        {
            "type": "Role",
            "group": "IAM",
            "properties": lambda ctx: {
                "RoleName": EXECUTION_ROLE,
                "AssumeRolePolicyDocument": assumed_by("apigateway.amazonaws.com"),
                "Policies": [
                    {
                        "PolicyDocument": {
                            "Statement": [
                                {"Action": ["states:StartSyncExecution"], "Effect": "Allow", "Resource": state_machine_arn(ctx)}
                            ],
                            "Version": "2012-10-17",
                        },
                        "PolicyName": "StepFunctionsSyncExecution",
                    }
                ],
            },
            "dependencies": {"stepFunctionsStateMachines": [STATE_MACHINE]},
        },
        {
            "type": "Role",
            "group": "IAM",
            "properties": {"RoleName": STATE_MACHINE_ROLE, "AssumeRolePolicyDocument": assumed_by("states.amazonaws.com")},
        },
        {
            "type": "StateMachine",
            "group": "StepFunctions",
            "properties": {
                "definition": DEFINITION,
                "name": STATE_MACHINE,
                "tracingConfiguration": {"enabled": True},
                "type": "EXPRESS",
            },
            "dependencies": {"role": STATE_MACHINE_ROLE},
        },
    ]

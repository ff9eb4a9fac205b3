"""A WebSocket API whose $default route starts a standard Step Functions workflow (StartExecution
through a request template, no code); the workflow waits 5 seconds, then posts a message to the
client through the API's @connections (an apigateway:invoke task).

Mirrors GruCloud's examples/aws/ApiGatewayV2/apigw-websocket-api-sfn-async (serverlessland's
pattern), without its Deployment: the stage deploys by itself (AutoDeploy), the emulator having
no deployments. GruCloud's request template is not JSON (its "input" lost the backslashes that
escape the quotes of the execution's input); this one is AWS's sample as it was meant: the input
is {"data": <the message>, "ConnectionID": <the connection>}. The state machine's ARN is read
from the state machine (GruCloud writes the account id in it). IntegrationResponseSelectionExpression,
which GruCloud lists, is AWS's own: CreateIntegration takes none.
"""

API = "sam-app-WebSocketApi"
STAGE = "api"
STATE_MACHINE = "AsyncSFn-srNK33QLTR0R"
EXECUTION_ROLE = "sam-app-StepFunctionsAsyncExecutionRole-6RGKCARYYWG"
STATE_MACHINE_ROLE = "sam-app-AsyncSFnRole-DJEA1WIA8X0T"
TEMPLATE = r"""#set($sfn_input=$util.escapeJavaScript($input.body).replaceAll("\\'","'")) { 
  "input": "{\"data\":$sfn_input, \"ConnectionID\":\"$context.connectionId\"}",
  "stateMachineArn": "%s"
}
"""
MESSAGE = "Hello from asynchronous workflow execution!"


def assumed_by(service: str) -> dict:
    return {
        "Version": "2012-10-17",
        "Statement": [{"Effect": "Allow", "Principal": {"Service": service}, "Action": "sts:AssumeRole"}],
    }


def definition(ctx) -> dict:
    return {
        "Comment": "Sample Standard Workflow for Asynchronous Execution by API Gateway",
        "StartAt": "Wait for 5 Seconds",
        "States": {
            "Send Message to WebSocket Client": {
                "End": True,
                "Parameters": {
                    "ApiEndpoint": ctx.get_id("ApiGatewayV2::Api", API, "Endpoint"),
                    "AuthType": "IAM_ROLE",
                    "Method": "POST",
                    "Path.$": "States.Format('/@connections/{}', $.ConnectionID)",
                    "RequestBody": {"Message": MESSAGE},
                    "Stage": STAGE,
                },
                "Resource": "arn:aws:states:::apigateway:invoke",
                "Type": "Task",
            },
            "Wait for 5 Seconds": {"Next": "Send Message to WebSocket Client", "Seconds": 5, "Type": "Wait"},
        },
    }


def create_resources(config):
    start = f"arn:aws:apigateway:{config.get('region') or 'us-east-1'}:states:action/StartExecution"
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
                "RoleName": STATE_MACHINE_ROLE,
                "AssumeRolePolicyDocument": assumed_by("states.amazonaws.com"),
                "Policies": [
                    {
                        "PolicyDocument": {
                            "Statement": [
                                {
                                    "Action": ["execute-api:ManageConnections"],
                                    "Effect": "Allow",
                                    "Resource": [f"{ctx.get_id('ApiGatewayV2::Api', API, 'ArnV2')}/{STAGE}/POST/@connections/{{connectionId}}"],
                                }
                            ],
                            "Version": "2012-10-17",
                        },
                        "PolicyName": "APIGWConnectionsAccess",
                    }
                ],
            },
            "dependencies": {"apiGatewayV2Apis": [API]},
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
                            "Statement": [{"Action": ["states:StartExecution"], "Effect": "Allow", "Resource": state_machine_arn(ctx)}],
                            "Version": "2012-10-17",
                        },
                        "PolicyName": "StepFunctionsAsyncExecution",
                    }
                ],
            },
            "dependencies": {"stepFunctionsStateMachines": [STATE_MACHINE]},
        },
        {
            "type": "StateMachine",
            "group": "StepFunctions",
            "properties": lambda ctx: {
                "definition": definition(ctx),
                "name": STATE_MACHINE,
                "tracingConfiguration": {"enabled": True},
            },
            "dependencies": {"role": STATE_MACHINE_ROLE, "apiGatewayV2Apis": [API]},
        },
    ]

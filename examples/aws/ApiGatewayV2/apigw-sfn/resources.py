"""An HTTP API whose route POST / runs an express Step Functions workflow and answers with its
result (StepFunctions-StartSyncExecution, no code in between).

Mirrors GruCloud's examples/aws/ApiGatewayV2/apigw-sfn (serverlessland's apigw-sfn), without its
Deployment: the emulator has none, and the $default stage deploys by itself.
"""

API = "processFormExample"
STATE_MACHINE = "StateMachineExpressSync-2CoJnh1wm0fA"
LOG_GROUP = "stepfunctions/StateMachineExpressSync"
API_ROLE = "sam-app-HttpApiRole-JUJJQ0MR8S77"
STATE_MACHINE_ROLE = "sam-app-StateMachineExpressSyncRole-C5B9KAPO70UU"


def assumed_by(service: str) -> dict:
    return {
        "Version": "2012-10-17",
        "Statement": [{"Effect": "Allow", "Principal": {"Service": service}, "Action": "sts:AssumeRole"}],
    }


DEFINITION = {
    "Comment": "A Hello World example demonstrating various state types of the Amazon States Language",
    "StartAt": "Pass",
    "States": {
        "Pass": {
            "Comment": "A Pass state passes its input to its output, without performing work. Pass states are useful when constructing and debugging state machines.",
            "Type": "Pass",
            "Next": "Hello World example?",
        },
        "Hello World example?": {
            "Comment": "A Choice state adds branching logic to a state machine. Choice rules can implement 16 different comparison operators, and can be combined using And, Or, and Not",
            "Type": "Choice",
            "Choices": [
                {"Variable": "$.IsHelloWorldExample", "StringEquals": "Yes", "Next": "Yes"},
                {"Variable": "$.IsHelloWorldExample", "StringEquals": "No", "Next": "No"},
            ],
            "Default": "No",
        },
        "Yes": {"Type": "Pass", "Next": "Wait 3 sec"},
        "No": {"Type": "Fail", "Cause": "Not Hello World"},
        "Wait 3 sec": {
            "Comment": "A Wait state delays the state machine from continuing for a specified time.",
            "Type": "Wait",
            "Seconds": 3,
            "Next": "Parallel State",
        },
        "Parallel State": {
            "Comment": "A Parallel state can be used to create parallel branches of execution in your state machine.",
            "Type": "Parallel",
            "Next": "Hello World",
            "Branches": [
                {"StartAt": "Hello", "States": {"Hello": {"Type": "Pass", "End": True}}},
                {"StartAt": "World", "States": {"World": {"Type": "Pass", "End": True}}},
            ],
        },
        "Hello World": {"Type": "Pass", "End": True},
    },
}


def create_resources(config):
    return [
        {
            "type": "Api",
            "group": "ApiGatewayV2",
            "properties": {
                "CorsConfiguration": {
                    "AllowCredentials": False,
                    "AllowMethods": ["*"],
                    "AllowOrigins": ["*"],
                    "MaxAge": 0,
                },
                "Name": API,
                "ProtocolType": "HTTP",
                "Tags": {"httpapi:createdBy": "SAM"},
            },
        },
        {
            "type": "Integration",
            "group": "ApiGatewayV2",
            "properties": {
                "ConnectionType": "INTERNET",
                "IntegrationSubtype": "StepFunctions-StartSyncExecution",
                "IntegrationType": "AWS_PROXY",
                "PayloadFormatVersion": "1.0",
                # StateMachineArn is filled by the stepFunctionsStateMachine dependency
                "RequestParameters": {"Input": "$request.body"},
            },
            "dependencies": {"api": API, "role": API_ROLE, "stepFunctionsStateMachine": STATE_MACHINE},
        },
        {
            "type": "Route",
            "group": "ApiGatewayV2",
            "properties": {"RouteKey": "POST /"},
            "dependencies": {"api": API, "integration": f"integration::{API}::{STATE_MACHINE}"},
        },
        {
            "type": "Stage",
            "group": "ApiGatewayV2",
            "properties": {"AutoDeploy": True, "StageName": "$default", "Tags": {"httpapi:createdBy": "SAM"}},
            "dependencies": {"api": API},
        },
        {
            "type": "LogGroup",
            "group": "CloudWatchLogs",
            "properties": {"logGroupName": LOG_GROUP},
        },
        {
            "type": "Role",
            "group": "IAM",
            "properties": lambda ctx: {
                "RoleName": API_ROLE,
                "AssumeRolePolicyDocument": assumed_by("apigateway.amazonaws.com"),
                "Policies": [
                    {
                        "PolicyDocument": {
                            "Statement": [
                                {
                                    "Action": "states:StartSyncExecution",
                                    "Effect": "Allow",
                                    "Resource": ctx.get_id("StepFunctions::StateMachine", STATE_MACHINE, "stateMachineArn"),
                                }
                            ],
                            "Version": "2012-10-17",
                        },
                        "PolicyName": "AllowSFNExec",
                    }
                ],
            },
            "dependencies": {"stepFunctionsStateMachines": [STATE_MACHINE]},
        },
        {
            "type": "Role",
            "group": "IAM",
            "properties": {
                "RoleName": STATE_MACHINE_ROLE,
                "AssumeRolePolicyDocument": assumed_by("states.amazonaws.com"),
                "Policies": [
                    {
                        "PolicyDocument": {
                            "Statement": [{"Action": ["cloudwatch:*", "logs:*"], "Effect": "Allow", "Resource": "*"}],
                            "Version": "2012-10-17",
                        },
                        "PolicyName": "StateMachineExpressSyncRolePolicy0",
                    }
                ],
            },
        },
        {
            "type": "StateMachine",
            "group": "StepFunctions",
            "properties": lambda ctx: {
                "definition": DEFINITION,
                "loggingConfiguration": {
                    "destinations": [
                        {"cloudWatchLogsLogGroup": {"logGroupArn": ctx.get_id("CloudWatchLogs::LogGroup", LOG_GROUP, "arn")}}
                    ],
                    "level": "ALL",
                },
                "name": STATE_MACHINE,
                "type": "EXPRESS",
            },
            "dependencies": {"role": STATE_MACHINE_ROLE, "logGroups": [LOG_GROUP]},
        },
    ]

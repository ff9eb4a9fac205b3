"""An HTTP API whose route POST / puts the body's Detail as an event on the default bus
(EventBridge-PutEvents, Source "demo.apigw"); a rule sends this account's demo.apigw events to a
Python function.

Mirrors GruCloud's examples/aws/ApiGatewayV2/apigw-http-eventbridge-terraform (a Terraform stack,
hence the names), without its Deployment: the emulator has none, and the $default stage deploys by
itself. The account and region GruCloud reads from its config are read here from the default
event bus's ARN (AWS makes that bus; it is named, never declared). The function's runtime is
python3.12: AWS no longer creates python3.9 functions.
"""

API = "Terraform API Gateway HTTP API to EventBridge"
RULE = "terraform-20230207223115042400000001"
FUNCTION = "apigw-http-eventbridge-terraform-demo-840541460064"
FUNCTION_ROLE = "terraform-20230207223115042400000003"
API_ROLE = "terraform-20230207223115042500000004"
PUT_EVENTS_POLICY = "terraform-20230207223115042400000002"
LOGS_POLICY = "terraform-20230207223208573700000006"


def default_bus_arn(ctx):
    return ctx.get_id("CloudWatchEvents::EventBus", "default", "Arn")


def arn_part(arn, index: int):
    """A part of an ARN (3: region, 4: account), or the value itself while it is not known yet."""
    parts = arn.split(":") if isinstance(arn, str) else []
    return parts[index] if len(parts) > index else arn


def assumed_by(service: str) -> dict:
    return {
        "Version": "2012-10-17",
        "Statement": [{"Effect": "Allow", "Principal": {"Service": service}, "Action": "sts:AssumeRole"}],
    }


def create_resources(config):
    return [
        {
            "type": "Api",
            "group": "ApiGatewayV2",
            "properties": {"Name": API, "ProtocolType": "HTTP"},
        },
        {
            "type": "Integration",
            "group": "ApiGatewayV2",
            "properties": {
                "ConnectionType": "INTERNET",
                "IntegrationSubtype": "EventBridge-PutEvents",
                "IntegrationType": "AWS_PROXY",
                "PayloadFormatVersion": "1.0",
                "RequestParameters": {"DetailType": "MyDetailType", "Detail": "$request.body.Detail", "Source": "demo.apigw"},
            },
            "dependencies": {"api": API, "role": API_ROLE},
        },
        {
            "type": "Route",
            "group": "ApiGatewayV2",
            "properties": {"RouteKey": "POST /"},
            "dependencies": {"api": API, "integration": f"integration::{API}::eventBusDefault"},
        },
        {
            "type": "Stage",
            "group": "ApiGatewayV2",
            "properties": {"AutoDeploy": True, "StageName": "$default"},
            "dependencies": {"api": API},
        },
        {
            "type": "Rule",
            "group": "CloudWatchEvents",
            "properties": lambda ctx: {
                "EventPattern": {"account": [arn_part(default_bus_arn(ctx), 4)], "source": ["demo.apigw"]},
                "Name": RULE,
            },
            "dependencies": {"eventBus": "default"},
        },
        {
            "type": "Target",
            "group": "CloudWatchEvents",
            "properties": {"Id": "terraform-20230207223208574200000007"},
            "dependencies": {"rule": RULE, "lambdaFunction": FUNCTION},
        },
        {
            "type": "Role",
            "group": "IAM",
            "properties": {"RoleName": FUNCTION_ROLE, "AssumeRolePolicyDocument": assumed_by("lambda.amazonaws.com")},
            "dependencies": {"policies": [LOGS_POLICY]},
        },
        {
            "type": "Role",
            "group": "IAM",
            "properties": {"RoleName": API_ROLE, "AssumeRolePolicyDocument": assumed_by("apigateway.amazonaws.com")},
            "dependencies": {"policies": [PUT_EVENTS_POLICY]},
        },
        {
            "type": "Policy",
            "group": "IAM",
            "properties": lambda ctx: {
                "PolicyName": PUT_EVENTS_POLICY,
                "PolicyDocument": {
                    "Statement": [{"Action": ["events:PutEvents"], "Effect": "Allow", "Resource": default_bus_arn(ctx)}],
                    "Version": "2012-10-17",
                },
                "Path": "/",
            },
        },
        {
            "type": "Policy",
            "group": "IAM",
            "properties": lambda ctx: {
                "PolicyName": LOGS_POLICY,
                "PolicyDocument": {
                    "Statement": [
                        {
                            "Action": ["logs:CreateLogStream", "logs:PutLogEvents"],
                            "Effect": "Allow",
                            "Resource": f"arn:aws:logs:{arn_part(default_bus_arn(ctx), 3)}:{arn_part(default_bus_arn(ctx), 4)}:log-group:/aws/lambda/{FUNCTION}:*:*",
                        }
                    ],
                    "Version": "2012-10-17",
                },
                "Path": "/",
            },
        },
        {
            "type": "Function",
            "group": "Lambda",
            "properties": {
                "Configuration": {
                    "FunctionName": FUNCTION,
                    "Handler": "LambdaFunction.lambda_handler",
                    "Runtime": "python3.12",
                },
            },
            "dependencies": {"role": FUNCTION_ROLE},
        },
        {
            "type": "Permission",
            "group": "Lambda",
            "properties": lambda ctx: {
                "Permissions": [
                    {
                        "Action": "lambda:InvokeFunction",
                        "FunctionName": FUNCTION,
                        "Principal": "events.amazonaws.com",
                        "StatementId": "AllowExecutionFromCloudWatch",
                        "SourceArn": ctx.get_id("CloudWatchEvents::Rule", RULE, "Arn"),
                    }
                ]
            },
            "dependencies": {"lambdaFunction": FUNCTION, "eventsRules": [RULE]},
        },
    ]

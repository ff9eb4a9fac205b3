"""HTTP API → EventBridge PutEvents on the account's default event bus → a rule → a Lambda function.

`POST /` puts the request body's Detail on the default bus as an event with Source "WebApp";
a rule matching that source sends it to a function. Mirrors GruCloud's
examples/aws/ApiGatewayV2/apigw-http-api-eventbridge (a SAM pattern).
"""

API = "API Gateway HTTP API to EventBridge"
RULE = "sam-app-MyTriggeredLambdaEventBridgeTrigger-1CZB0M0XR00UH"
FUNCTION = "sam-app-MyTriggeredLambda-QtqMTZc89naA"
API_ROLE = "sam-app-MyHttpApiRole-KV1DOMSBSRDO"
FUNCTION_ROLE = "sam-app-MyTriggeredLambdaRole-PFCAXLPPKQG8"


def assume_role(service):
    return {
        "Version": "2012-10-17",
        "Statement": [{"Effect": "Allow", "Principal": {"Service": service}, "Action": "sts:AssumeRole"}],
    }


def create_resources(config):
    return [
        {
            "type": "Api",
            "group": "ApiGatewayV2",
            "properties": {"Name": API, "Tags": {"httpapi:createdBy": "SAM"}},
        },
        {
            "type": "Stage",
            "group": "ApiGatewayV2",
            "properties": {"StageName": "$default", "AutoDeploy": True, "Tags": {"httpapi:createdBy": "SAM"}},
            "dependencies": {"api": API},
        },
        {
            # No eventBus dependency: the default bus. Named integration::<api>::eventBusDefault.
            "type": "Integration",
            "group": "ApiGatewayV2",
            "properties": {
                "ConnectionType": "INTERNET",
                "IntegrationSubtype": "EventBridge-PutEvents",
                "IntegrationType": "AWS_PROXY",
                "PayloadFormatVersion": "1.0",
                "RequestParameters": {
                    "Detail": "$request.body.Detail",
                    "DetailType": "MyDetailType",
                    "Source": "WebApp",
                },
            },
            # the role fills CredentialsArn: API Gateway assumes it to call PutEvents
            "dependencies": {"api": API, "role": API_ROLE},
        },
        {
            "type": "Route",
            "group": "ApiGatewayV2",
            "properties": {"RouteKey": "POST /"},
            "dependencies": {"api": API, "integration": f"integration::{API}::eventBusDefault"},
        },
        {
            # On the default bus: "default" is made by AWS, never declared, never deleted.
            "type": "Rule",
            "group": "CloudWatchEvents",
            "properties": {"Name": RULE, "EventPattern": {"source": ["WebApp"]}},
            "dependencies": {"eventBus": "default"},
        },
        {
            "type": "Target",
            "group": "CloudWatchEvents",
            "properties": {"Id": "MyTriggeredLambdaEventBridgeTriggerLambdaTarget"},
            "dependencies": {"rule": RULE, "lambdaFunction": FUNCTION},
        },
        {
            "type": "Policy",
            "group": "IAM",
            "properties": {
                "PolicyName": "ApiDirectWriteEventBridge",
                "PolicyDocument": {
                    "Version": "2012-10-17",
                    "Statement": [
                        {
                            "Action": ["events:PutEvents"],
                            "Effect": "Allow",
                            "Resource": ["arn:aws:events:*:*:event-bus/default"],
                        }
                    ],
                },
            },
        },
        {
            "type": "Role",
            "group": "IAM",
            "properties": {"RoleName": API_ROLE, "AssumeRolePolicyDocument": assume_role("apigateway.amazonaws.com")},
            "dependencies": {"policies": ["ApiDirectWriteEventBridge"]},
        },
        {
            "type": "Role",
            "group": "IAM",
            "properties": {
                "RoleName": FUNCTION_ROLE,
                "AssumeRolePolicyDocument": assume_role("lambda.amazonaws.com"),
                "AttachedPolicies": [
                    {
                        "PolicyArn": "arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole",
                        "PolicyName": "AWSLambdaBasicExecutionRole",
                    }
                ],
            },
        },
        {
            "type": "Function",
            "group": "Lambda",
            "properties": {
                "Configuration": {"FunctionName": FUNCTION, "Handler": "app.lambdaHandler", "Runtime": "nodejs20.x"},
            },
            "dependencies": {"role": FUNCTION_ROLE},
        },
        {
            # EventBridge may invoke the function for this rule only (SAM adds the same).
            "type": "Permission",
            "group": "Lambda",
            "properties": lambda ctx: {
                "Permissions": [
                    {
                        "Action": "lambda:InvokeFunction",
                        "FunctionName": FUNCTION,
                        "Principal": "events.amazonaws.com",
                        "SourceArn": ctx.get_id("CloudWatchEvents::Rule", RULE, "Arn"),
                        "StatementId": "allow-events-rule-invoke",
                    }
                ]
            },
            "dependencies": {"lambdaFunction": FUNCTION, "eventsRules": [RULE]},
        },
    ]

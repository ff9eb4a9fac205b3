"""An HTTP API whose route POST / puts the request body as an event (EventBridge-PutEvents,
Source "WebApp"); a rule on a custom bus sends every event to a log group.

Mirrors GruCloud's examples/aws/ApiGatewayV2/apigw-http-api-eventbridge-cdk (a CDK stack), without
its Deployment: the emulator has none, and the $default stage deploys by itself. As there, the
integration names no bus, so it puts events on the default one (integration::MyHttpApi::eventBusDefault).
"""

API = "MyHttpApi"
BUS = "MyEventBus"
RULE = "ApiEventbridgeStack-EventLoggerRuleC0DD3E40-G6CDILDRSIPL"
LOG_GROUP = "/aws/events/MyEventBus"
ROLE = "ApiEventbridgeStack-EventBridgeIntegrationRoleB322-1LXDAK3DKUOQS"


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
                "RequestParameters": {"Detail": "$request.body", "DetailType": "MyDetailType", "Source": "WebApp"},
                "TimeoutInMillis": 10000,
            },
            "dependencies": {"api": API, "role": ROLE},
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
            "type": "EventBus",
            "group": "CloudWatchEvents",
            "properties": {"Name": BUS},
        },
        {
            "type": "Rule",
            "group": "CloudWatchEvents",
            "properties": {
                "Description": "Log all events",
                "EventPattern": {"region": ["ap-southeast-2"]},
                "Name": RULE,
            },
            "dependencies": {"eventBus": BUS},
        },
        {
            "type": "Target",
            "group": "CloudWatchEvents",
            "properties": {"Id": "Target0"},
            "dependencies": {"rule": RULE, "logGroup": LOG_GROUP},
        },
        {
            "type": "LogGroup",
            "group": "CloudWatchLogs",
            "properties": {"logGroupName": LOG_GROUP, "retentionInDays": 731},
        },
        {
            "type": "Role",
            "group": "IAM",
            "properties": lambda ctx: {
                "RoleName": ROLE,
                "AssumeRolePolicyDocument": {
                    "Version": "2012-10-17",
                    "Statement": [
                        {
                            "Effect": "Allow",
                            "Principal": {"Service": "apigateway.amazonaws.com"},
                            "Action": "sts:AssumeRole",
                        }
                    ],
                },
                "Policies": [
                    {
                        "PolicyDocument": {
                            "Statement": [
                                {
                                    "Action": "events:PutEvents",
                                    "Effect": "Allow",
                                    "Resource": ctx.get_id("CloudWatchEvents::EventBus", BUS, "Arn"),
                                }
                            ],
                            "Version": "2012-10-17",
                        },
                        "PolicyName": "EventBridgeIntegrationRoleDefaultPolicy16371A00",
                    }
                ],
            },
            "dependencies": {"eventBuses": [BUS]},
        },
    ]

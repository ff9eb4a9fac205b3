"""HTTP API → EventBridge PutEvents on a bus of its own → a rule → a CloudWatch log group.

The Integration.md reference page's "Event Bus integration" sample: `POST /` puts the whole
request body on MyEventBus; a rule logs every event of the region to /aws/events/MyEventBus.
Mirrors GruCloud's examples/aws/ApiGatewayV2/apigw-http-api-eventbridge-cdk (a CDK pattern).
"""

API = "MyHttpApi"
BUS = "MyEventBus"
RULE = "ApiEventbridgeStack-EventLoggerRuleC0DD3E40-G6CDILDRSIPL"
ROLE = "ApiEventbridgeStack-EventBridgeIntegrationRoleB322-V1AK3L262GGK"
LOG_GROUP = f"/aws/events/{BUS}"


def create_resources(config):
    return [
        {"type": "Api", "group": "ApiGatewayV2", "properties": {"Name": API}},
        {
            "type": "Stage",
            "group": "ApiGatewayV2",
            "properties": {"StageName": "$default", "AutoDeploy": True},
            "dependencies": {"api": API},
        },
        {
            # The eventBus fills RequestParameters.EventBusName; named integration::MyHttpApi::MyEventBus.
            "type": "Integration",
            "group": "ApiGatewayV2",
            "properties": {
                "ConnectionType": "INTERNET",
                "IntegrationSubtype": "EventBridge-PutEvents",
                "IntegrationType": "AWS_PROXY",
                "PayloadFormatVersion": "1.0",
                "RequestParameters": {"DetailType": "MyDetailType", "Source": "WebApp", "Detail": "$request.body"},
                "TimeoutInMillis": 10000,
            },
            "dependencies": {"api": API, "eventBus": BUS, "role": ROLE},
        },
        {
            "type": "Route",
            "group": "ApiGatewayV2",
            "properties": {"RouteKey": "POST /"},
            "dependencies": {"api": API, "integration": f"integration::{API}::{BUS}"},
        },
        {"type": "EventBus", "group": "CloudWatchEvents", "properties": {"Name": BUS}},
        {
            "type": "Rule",
            "group": "CloudWatchEvents",
            "properties": {
                "Name": RULE,
                "Description": "Log all events",
                "EventPattern": {"region": [config.get("region") or "us-east-1"]},
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
            "type": "Policy",
            "group": "IAM",
            "properties": {
                "PolicyName": "EventBridgeIntegrationRoleDefaultPolicy16371A00",
                "PolicyDocument": {
                    "Version": "2012-10-17",
                    "Statement": [
                        {"Action": "events:PutEvents", "Effect": "Allow", "Resource": f"arn:aws:events:*:*:event-bus/{BUS}"}
                    ],
                },
            },
        },
        {
            "type": "Role",
            "group": "IAM",
            "properties": {
                "RoleName": ROLE,
                "AssumeRolePolicyDocument": {
                    "Version": "2012-10-17",
                    "Statement": [
                        {"Effect": "Allow", "Principal": {"Service": "apigateway.amazonaws.com"}, "Action": "sts:AssumeRole"}
                    ],
                },
            },
            "dependencies": {"policies": ["EventBridgeIntegrationRoleDefaultPolicy16371A00"]},
        },
    ]

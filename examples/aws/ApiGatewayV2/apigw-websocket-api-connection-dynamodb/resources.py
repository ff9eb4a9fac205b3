"""A WebSocket API that keeps its sessions in DynamoDB with no code: $connect puts an item
(PutItem through a request template), $disconnect deletes it (DeleteItem); $default answers
with a Lambda function. The three routes are two-way (a route response each).

Mirrors GruCloud's examples/aws/ApiGatewayV2/apigw-websocket-api-connection-dynamodb
(serverlessland's pattern), without its Deployment: the stage deploys by itself (AutoDeploy),
the emulator having no deployments. The function's runtime is nodejs20.x: AWS no longer
creates nodejs14.x functions. IntegrationResponseSelectionExpression, which GruCloud lists, is
AWS's own (${integration.response.statuscode} for an AWS integration): CreateIntegration takes none.
"""

API = "sam-app-WebSocketApi"
STAGE = "api"
TABLE = "sam-app-Sessions"
FUNCTION = "sam-app-DefaultRouteFunction-7n6DEEQGucp4"
FUNCTION_ROLE = "sam-app-DefaultRouteFunctionRole-1RNBIXEOE8DGH"
TABLE_ROLE = "sam-app-SessionsTableAccessRole-RKP6XCC4WDQN"

PUT_TEMPLATE = """#set($ttl = $context.requestTimeEpoch + 86400) { 
    "TableName": "sam-app-Sessions",
    "Item": {
  "connectionid": {
            "S": "$context.connectionId"
            },
  "headers": {
            "S": "$input.params().get('header')"
            },
  "querystring": {
            "S": "$input.params().get('querystring')"
            },
  "ttl": {
            "N": "$ttl"
            }
    }
}
"""
DELETE_TEMPLATE = """{ 
    "TableName": "sam-app-Sessions",
    "Key": {
  "connectionid": {
            "S": "$context.connectionId"
            }
    }
}
"""


def assumed_by(service: str) -> dict:
    return {
        "Version": "2012-10-17",
        "Statement": [{"Effect": "Allow", "Principal": {"Service": service}, "Action": "sts:AssumeRole"}],
    }


def dynamodb_action(config, action: str) -> str:
    return f"arn:aws:apigateway:{config.get('region') or 'us-east-1'}:dynamodb:action/{action}"


def table_integration(config, action: str, template: str) -> dict:
    return {
        "type": "Integration",
        "group": "ApiGatewayV2",
        "properties": {
            "ConnectionType": "INTERNET",
            "IntegrationMethod": "POST",
            "IntegrationType": "AWS",
            "IntegrationUri": dynamodb_action(config, action),
            "PassthroughBehavior": "WHEN_NO_MATCH",
            "PayloadFormatVersion": "1.0",
            "RequestTemplates": {"$default": template},
            "TemplateSelectionExpression": "\\$default",
            "TimeoutInMillis": 29000,
        },
        "dependencies": {"api": API, "role": TABLE_ROLE},
    }


def route(route_key: str, operation: str, integration: str) -> list[dict]:
    """A route and its route response (two-way)."""
    return [
        {
            "type": "Route",
            "group": "ApiGatewayV2",
            "properties": {"OperationName": operation, "RouteKey": route_key},
            "dependencies": {"api": API, "integration": integration},
        },
        {
            "type": "RouteResponse",
            "group": "ApiGatewayV2",
            "properties": {"RouteResponseKey": "$default"},
            "dependencies": {"route": f"route::{API}::{route_key}"},
        },
    ]


def create_resources(config):
    put, delete = dynamodb_action(config, "PutItem"), dynamodb_action(config, "DeleteItem")
    put_integration, delete_integration = f"integration::{API}::{put}", f"integration::{API}::{delete}"
    function_integration = f"integration::{API}::{FUNCTION}"
    return [
        {
            "type": "Api",
            "group": "ApiGatewayV2",
            "properties": {"Name": API, "ProtocolType": "WEBSOCKET", "RouteSelectionExpression": "$request.body.action"},
        },
        table_integration(config, "DeleteItem", DELETE_TEMPLATE),
        table_integration(config, "PutItem", PUT_TEMPLATE),
        {
            "type": "Integration",
            "group": "ApiGatewayV2",
            "properties": {
                "ConnectionType": "INTERNET",
                "IntegrationMethod": "POST",
                "IntegrationType": "AWS_PROXY",
                "PassthroughBehavior": "WHEN_NO_MATCH",
                "PayloadFormatVersion": "1.0",
                "TimeoutInMillis": 29000,
            },
            "dependencies": {"api": API, "lambdaFunction": FUNCTION},
        },
        *[
            {
                "type": "IntegrationResponse",
                "group": "ApiGatewayV2",
                "properties": {"IntegrationResponseKey": "/200/", "TemplateSelectionExpression": "\\$default"},
                "dependencies": {"integration": integration},
            }
            for integration in (delete_integration, put_integration)
        ],
        {
            "type": "IntegrationResponse",
            "group": "ApiGatewayV2",
            "properties": {"IntegrationResponseKey": "$default"},
            "dependencies": {"integration": function_integration},
        },
        *route("$connect", "ConnectRoute", put_integration),
        *route("$default", "DefaultRoute", function_integration),
        *route("$disconnect", "DisconnectRoute", delete_integration),
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
            "type": "Table",
            "group": "DynamoDB",
            "properties": {
                "TableName": TABLE,
                "AttributeDefinitions": [{"AttributeName": "connectionid", "AttributeType": "S"}],
                "KeySchema": [{"AttributeName": "connectionid", "KeyType": "HASH"}],
                "BillingMode": "PAY_PER_REQUEST",
            },
        },
        {
            "type": "Role",
            "group": "IAM",
            "properties": {
                "RoleName": FUNCTION_ROLE,
                "AssumeRolePolicyDocument": assumed_by("lambda.amazonaws.com"),
                "AttachedPolicies": [
                    {
                        "PolicyArn": "arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole",
                        "PolicyName": "AWSLambdaBasicExecutionRole",
                    }
                ],
            },
        },
        {
            "type": "Role",
            "group": "IAM",
            "properties": lambda ctx: {
                "RoleName": TABLE_ROLE,
                "AssumeRolePolicyDocument": assumed_by("apigateway.amazonaws.com"),
                "Policies": [
                    {
                        "PolicyDocument": {
                            "Statement": [
                                {
                                    "Action": ["dynamodb:DeleteItem", "dynamodb:PutItem"],
                                    "Effect": "Allow",
                                    "Resource": [ctx.get_id("DynamoDB::Table", TABLE, "TableArn")],
                                }
                            ],
                            "Version": "2012-10-17",
                        },
                        "PolicyName": "DynamoDBAccess",
                    }
                ],
            },
            "dependencies": {"dynamoDbTables": [TABLE]},
        },
        {
            "type": "Function",
            "group": "Lambda",
            "properties": {
                "Configuration": {"FunctionName": FUNCTION, "Handler": "index.handler", "Runtime": "nodejs20.x"},
            },
            "dependencies": {"role": FUNCTION_ROLE},
        },
        {
            "type": "Permission",
            "group": "Lambda",
            "properties": {
                "Permissions": [
                    {
                        "Action": "lambda:InvokeFunction",
                        "FunctionName": FUNCTION,
                        "Principal": "apigateway.amazonaws.com",
                        "StatementId": "sam-app-DefaultRouteFunctionPermission-1OG3BQQ43QDFF",
                    }
                ]
            },
            "dependencies": {"lambdaFunction": FUNCTION},
        },
    ]

"""A WebSocket API: $connect, $disconnect and sendmessage routes, each to its Lambda function,
with the open connections kept in a DynamoDB table.

Mirrors GruCloud's examples/aws/serverless-patterns/apigw-websocket-api-lambda (its generated
code names the message route "post"; this one uses AWS's "sendmessage"). The roles get their
rights from two managed policies instead of inline ones.
"""

API = "sam-app"
TABLE = "sam-app-websocket_connections"
FUNCTIONS = {
    # function name: (handler, route key, operation name)
    "sam-app-onconnect-function": ("onconnect.handler", "$connect", "OnConnectRoute"),
    "sam-app-ondisconnect-function": ("ondisconnect.handler", "$disconnect", "OnDisconnectRoute"),
    "sam-app-post-function": ("post.handler", "sendmessage", "PostRoute"),
}
TABLE_POLICY = "sam-app-websocket-connections-table"
MANAGE_POLICY = "sam-app-manage-connections"
ASSUME_BY_LAMBDA = {
    "Version": "2012-10-17",
    "Statement": [{"Effect": "Allow", "Principal": {"Service": "lambda.amazonaws.com"}, "Action": "sts:AssumeRole"}],
}
BASIC_EXECUTION = {
    "PolicyArn": "arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole",
    "PolicyName": "AWSLambdaBasicExecutionRole",
}


def role_name(function: str) -> str:
    return f"{function}-role"


def create_resources(config):
    return [
        {
            "type": "Api",
            "group": "ApiGatewayV2",
            "properties": {
                "Name": API,
                "Description": "An Amazon API Gateway WebSocket API and an AWS Lambda function.",
                "ProtocolType": "WEBSOCKET",
                "RouteSelectionExpression": "$request.body.action",
            },
        },
        {
            "type": "Stage",
            "group": "ApiGatewayV2",
            "properties": {
                "StageName": "prod",
                "Description": "Prod Stage",
                # The emulator has no Deployment; AutoDeploy publishes every change instead.
                "AutoDeploy": True,
                "DefaultRouteSettings": {"DataTraceEnabled": False, "LoggingLevel": "OFF"},
            },
            "dependencies": {"api": API},
        },
        {
            "type": "Table",
            "group": "DynamoDB",
            "properties": {
                "TableName": TABLE,
                "AttributeDefinitions": [{"AttributeName": "connectionId", "AttributeType": "S"}],
                "KeySchema": [{"AttributeName": "connectionId", "KeyType": "HASH"}],
                "ProvisionedThroughput": {"ReadCapacityUnits": 5, "WriteCapacityUnits": 5},
            },
        },
        {
            "type": "Policy",
            "group": "IAM",
            "properties": lambda ctx: {
                "PolicyName": TABLE_POLICY,
                "Description": "Read and write the connections table",
                "PolicyDocument": {
                    "Version": "2012-10-17",
                    "Statement": [
                        {
                            "Effect": "Allow",
                            "Action": [
                                "dynamodb:GetItem",
                                "dynamodb:DeleteItem",
                                "dynamodb:PutItem",
                                "dynamodb:Scan",
                                "dynamodb:Query",
                                "dynamodb:UpdateItem",
                                "dynamodb:BatchWriteItem",
                                "dynamodb:BatchGetItem",
                                "dynamodb:DescribeTable",
                                "dynamodb:ConditionCheckItem",
                            ],
                            "Resource": [
                                ctx.get_id("DynamoDB::Table", TABLE, "TableArn"),
                                f"{ctx.get_id('DynamoDB::Table', TABLE, 'TableArn')}/index/*",
                            ],
                        }
                    ],
                },
            },
            "dependencies": {"dynamoDbTables": [TABLE]},
        },
        {
            "type": "Policy",
            "group": "IAM",
            "properties": lambda ctx: {
                "PolicyName": MANAGE_POLICY,
                "Description": "Send messages to the API's connections",
                "PolicyDocument": {
                    "Version": "2012-10-17",
                    "Statement": [
                        {
                            "Effect": "Allow",
                            "Action": ["execute-api:ManageConnections"],
                            "Resource": [f"{ctx.get_id('ApiGatewayV2::Api', API, 'ArnV2')}/*"],
                        }
                    ],
                },
            },
            "dependencies": {"apiGatewayV2Apis": [API]},
        },
        *[resource for function, spec in FUNCTIONS.items() for resource in _function(function, *spec)],
    ]


def _function(function: str, handler: str, route_key: str, operation: str) -> list[dict]:
    """A function, its role, its invoke permission, its integration and its route."""
    policies = [TABLE_POLICY, MANAGE_POLICY] if route_key == "sendmessage" else [TABLE_POLICY]
    return [
        {
            "type": "Role",
            "group": "IAM",
            "properties": {
                "RoleName": role_name(function),
                "AssumeRolePolicyDocument": ASSUME_BY_LAMBDA,
                "AttachedPolicies": [BASIC_EXECUTION],
            },
            "dependencies": {"policies": policies},
        },
        {
            "type": "Function",
            "group": "Lambda",
            "properties": {
                "Configuration": {
                    "FunctionName": function,
                    "Handler": handler,
                    "Runtime": "nodejs20.x",
                    "MemorySize": 256,
                    "Timeout": 15,
                    "Environment": {"Variables": {"TABLE_NAME": TABLE}},
                },
            },
            "dependencies": {"role": role_name(function)},
        },
        {
            "type": "Permission",
            "group": "Lambda",
            "properties": lambda ctx: {
                "Permissions": [
                    {
                        "Action": "lambda:InvokeFunction",
                        "FunctionName": function,
                        "Principal": "apigateway.amazonaws.com",
                        "SourceArn": f"{ctx.get_id('ApiGatewayV2::Api', API, 'ArnV2')}/*",
                        "StatementId": f"{operation}-invoke",
                    }
                ]
            },
            "dependencies": {"lambdaFunction": function, "apiGatewayV2Apis": [API]},
        },
        {
            "type": "Integration",
            "group": "ApiGatewayV2",
            "properties": {
                "ConnectionType": "INTERNET",
                "Description": f"{operation.removesuffix('Route')} Integration",
                "IntegrationMethod": "POST",
                "IntegrationType": "AWS_PROXY",
                "PassthroughBehavior": "WHEN_NO_MATCH",
                "PayloadFormatVersion": "1.0",
                "TimeoutInMillis": 29000,
            },
            "dependencies": {"api": API, "lambdaFunction": function},
        },
        {
            "type": "Route",
            "group": "ApiGatewayV2",
            "properties": {"RouteKey": route_key, "OperationName": operation},
            "dependencies": {"api": API, "integration": f"integration::{API}::{function}"},
        },
    ]

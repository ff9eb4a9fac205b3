"""An HTTP API whose route POST /submit sends the request body to an SQS queue (SQS-SendMessage,
no code in between); a Lambda function reads the queue through an event source mapping.

Mirrors GruCloud's examples/aws/ApiGatewayV2/apigw-sqs-lambda (serverlessland's apigw-sqs),
without its Deployment: the emulator has none, and the $default stage deploys by itself.
The function's runtime is nodejs20.x: AWS no longer creates nodejs14.x functions.
"""

API = "Queue Based Leveling Example"
QUEUE = "MySqsQueue"
LOG_GROUP = "MyHttpApi-Access-Logs"
API_ROLE = "sam-app-MyHttpApiRole-IAG13XOOCKHW"
FUNCTION_ROLE = "sam-app-MyLambdaFunctionRole-MQLVXO5LF3G"


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
                "IntegrationSubtype": "SQS-SendMessage",
                "IntegrationType": "AWS_PROXY",
                "PayloadFormatVersion": "1.0",
                # QueueUrl is filled by the sqsQueue dependency
                "RequestParameters": {"MessageBody": "$request.body"},
            },
            "dependencies": {"api": API, "role": API_ROLE, "sqsQueue": QUEUE},
        },
        {
            "type": "Route",
            "group": "ApiGatewayV2",
            "properties": {"RouteKey": "POST /submit"},
            "dependencies": {"api": API, "integration": f"integration::{API}::{QUEUE}"},
        },
        {
            "type": "Stage",
            "group": "ApiGatewayV2",
            "properties": {
                "AccessLogSettings": {
                    "Format": '{ "requestId":"$context.requestId", "ip": "$context.identity.sourceIp", "requestTime":"$context.requestTime", "httpMethod":"$context.httpMethod","routeKey":"$context.routeKey", "status":"$context.status","protocol":"$context.protocol", "responseLength":"$context.responseLength" }',
                },
                "AutoDeploy": True,
                "StageName": "$default",
                "Tags": {"httpapi:createdBy": "SAM"},
            },
            "dependencies": {"api": API, "logGroup": LOG_GROUP},
        },
        {
            "type": "LogGroup",
            "group": "CloudWatchLogs",
            "properties": {"logGroupName": LOG_GROUP, "retentionInDays": 1},
        },
        {
            "type": "Role",
            "group": "IAM",
            "properties": lambda ctx: {
                "RoleName": API_ROLE,
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
                                    "Action": ["sqs:SendMessage", "sqs:GetQueueUrl", "sqs:SendMessageBatch"],
                                    "Effect": "Allow",
                                    "Resource": ctx.get_id("SQS::Queue", QUEUE, "QueueArn"),
                                },
                                {
                                    "Action": [
                                        "logs:CreateLogGroup",
                                        "logs:CreateLogStream",
                                        "logs:DescribeLogGroups",
                                        "logs:DescribeLogStreams",
                                        "logs:PutLogEvents",
                                        "logs:GetLogEvents",
                                        "logs:FilterLogEvents",
                                    ],
                                    "Effect": "Allow",
                                    "Resource": ctx.get_id("CloudWatchLogs::LogGroup", LOG_GROUP, "arn"),
                                },
                            ],
                            "Version": "2012-10-17",
                        },
                        "PolicyName": "AllowSqsIntegration",
                    }
                ],
            },
            "dependencies": {"sqsQueues": [QUEUE], "logGroups": [LOG_GROUP]},
        },
        {
            "type": "Role",
            "group": "IAM",
            "properties": {
                "RoleName": FUNCTION_ROLE,
                "AssumeRolePolicyDocument": {
                    "Version": "2012-10-17",
                    "Statement": [
                        {
                            "Effect": "Allow",
                            "Principal": {"Service": "lambda.amazonaws.com"},
                            "Action": "sts:AssumeRole",
                        }
                    ],
                },
                "AttachedPolicies": [
                    {
                        "PolicyArn": "arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole",
                        "PolicyName": "AWSLambdaBasicExecutionRole",
                    },
                    {
                        "PolicyArn": "arn:aws:iam::aws:policy/service-role/AWSLambdaSQSQueueExecutionRole",
                        "PolicyName": "AWSLambdaSQSQueueExecutionRole",
                    },
                ],
            },
        },
        {
            "type": "EventSourceMapping",
            "group": "Lambda",
            "dependencies": {"lambdaFunction": "MyLambdaFunction", "sqsQueue": QUEUE},
        },
        {
            "type": "Function",
            "group": "Lambda",
            "properties": {
                "Configuration": {
                    "Description": "Lambda to be invoked by the SQS Queue",
                    "FunctionName": "MyLambdaFunction",
                    "Handler": "app.handler",
                    "Runtime": "nodejs20.x",
                },
            },
            "dependencies": {"role": FUNCTION_ROLE},
        },
        {
            "type": "Queue",
            "group": "SQS",
            "properties": {"QueueName": QUEUE},
        },
    ]

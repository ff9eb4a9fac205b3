"""An HTTP API whose route POST /send puts the body's MessageBody on an SQS queue
(SQS-SendMessage); a Python function reads the queue through an event source mapping.

Mirrors GruCloud's examples/aws/ApiGatewayV2/apigw-http-api-sqs-lambda-cdk (a CDK stack), without
its Deployment: the emulator has none, and the $default stage deploys by itself. The function's
runtime is python3.12: AWS no longer creates python3.8 functions. Its REGION and ACCOUNT_ID come
from the queue's ARN (GruCloud reads them from its config).
"""

API = "HttpToSqs"
QUEUE = "ApigwHttpApiSqsLambdaStack-ApigwV2SqsLambdaQueue60DA20A7-u0KdXdwrt4es"
FUNCTION = "ApigwHttpApiSqsLambdaStac-SqsMessageHandlerE373F75-y85OnXm16stq"
API_ROLE = "ApigwHttpApiSqsLambdaStac-ApiGwV2ToSqsRole230A72FB-DSMDY5EKTBRF"
FUNCTION_ROLE = "ApigwHttpApiSqsLambdaStac-SqsMessageHandlerService-H5VSPLLD36UB"


def assumed_by(service: str) -> dict:
    return {
        "Version": "2012-10-17",
        "Statement": [{"Effect": "Allow", "Principal": {"Service": service}, "Action": "sts:AssumeRole"}],
    }


def arn_part(arn, index: int):
    """A part of an ARN (3: region, 4: account), or the value itself while it is not known yet."""
    parts = arn.split(":") if isinstance(arn, str) else []
    return parts[index] if len(parts) > index else arn


def queue_policy(name: str, actions: list[str]):
    return lambda ctx: {
        "PolicyDocument": {
            "Statement": [{"Action": actions, "Effect": "Allow", "Resource": ctx.get_id("SQS::Queue", QUEUE, "QueueArn")}],
            "Version": "2012-10-17",
        },
        "PolicyName": name,
    }


API_POLICY = queue_policy(
    "ApiGwV2ToSqsInlinePolicyED3DFF22", ["sqs:SendMessage", "sqs:ReceiveMessage", "sqs:PurgeQueue", "sqs:DeleteMessage"]
)
FUNCTION_POLICY = queue_policy(
    "SqsMessageHandlerServiceRoleDefaultPolicyBA193A36",
    ["sqs:ReceiveMessage", "sqs:ChangeMessageVisibility", "sqs:GetQueueUrl", "sqs:DeleteMessage", "sqs:GetQueueAttributes"],
)


def create_resources(config):
    return [
        {
            "type": "Api",
            "group": "ApiGatewayV2",
            "properties": {
                "CorsConfiguration": {
                    "AllowCredentials": False,
                    "AllowHeaders": ["*"],
                    "AllowMethods": ["GET", "POST", "PUT", "DELETE"],
                    "AllowOrigins": ["*"],
                    "MaxAge": 43200,
                },
                "Name": API,
                "ProtocolType": "HTTP",
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
                "RequestParameters": {"MessageBody": "$request.body.MessageBody"},
            },
            "dependencies": {"api": API, "role": API_ROLE, "sqsQueue": QUEUE},
        },
        {
            "type": "Route",
            "group": "ApiGatewayV2",
            "properties": {"RouteKey": "POST /send"},
            "dependencies": {"api": API, "integration": f"integration::{API}::{QUEUE}"},
        },
        {
            "type": "Stage",
            "group": "ApiGatewayV2",
            "properties": {"AutoDeploy": True, "StageName": "$default"},
            "dependencies": {"api": API},
        },
        {
            "type": "Role",
            "group": "IAM",
            "properties": lambda ctx: {
                "RoleName": API_ROLE,
                "AssumeRolePolicyDocument": assumed_by("apigateway.amazonaws.com"),
                "Policies": [API_POLICY(ctx)],
                "AttachedPolicies": [
                    {
                        "PolicyArn": "arn:aws:iam::aws:policy/service-role/AmazonAPIGatewayPushToCloudWatchLogs",
                        "PolicyName": "AmazonAPIGatewayPushToCloudWatchLogs",
                    }
                ],
            },
            "dependencies": {"sqsQueues": [QUEUE]},
        },
        {
            "type": "Role",
            "group": "IAM",
            "properties": lambda ctx: {
                "RoleName": FUNCTION_ROLE,
                "AssumeRolePolicyDocument": assumed_by("lambda.amazonaws.com"),
                "Policies": [FUNCTION_POLICY(ctx)],
                "AttachedPolicies": [
                    {
                        "PolicyArn": "arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole",
                        "PolicyName": "AWSLambdaBasicExecutionRole",
                    }
                ],
            },
            "dependencies": {"sqsQueues": [QUEUE]},
        },
        {
            "type": "EventSourceMapping",
            "group": "Lambda",
            "dependencies": {"lambdaFunction": FUNCTION, "sqsQueue": QUEUE},
        },
        {
            "type": "Function",
            "group": "Lambda",
            "properties": lambda ctx: {
                "Configuration": {
                    "Environment": {
                        "Variables": {
                            "ACCOUNT_ID": arn_part(ctx.get_id("SQS::Queue", QUEUE, "QueueArn"), 4),
                            "REGION": arn_part(ctx.get_id("SQS::Queue", QUEUE, "QueueArn"), 3),
                        }
                    },
                    "FunctionName": FUNCTION,
                    "Handler": "app.handler",
                    "Runtime": "python3.12",
                    "Timeout": 180,
                },
            },
            "dependencies": {"role": FUNCTION_ROLE},
        },
        {
            "type": "Queue",
            "group": "SQS",
            "properties": {"Attributes": {"VisibilityTimeout": "300"}, "QueueName": QUEUE},
        },
    ]

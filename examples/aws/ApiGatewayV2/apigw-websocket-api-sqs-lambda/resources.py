"""A WebSocket API whose $default route sends each message to a FIFO SQS queue (SendMessage
through a request template, no code); a Lambda function reads the queue and sends each message
back to the connection it came from, through the API's @connections.

Mirrors GruCloud's examples/aws/ApiGatewayV2/apigw-websocket-api-sqs-lambda (serverlessland's
apigw-websocket-sqs-lambda), without its Deployment (the stage deploys itself, AutoDeploy). The
integration's queue is its `sqsQueue` dependency, which writes the queue's path with the account
in IntegrationUri (GruCloud writes the account id into the integration's URI and name; here
it is named integration::<api>::<queue>). The function's runtime is nodejs20.x (AWS no longer
creates nodejs14.x functions), so its code uses the SDK v3 that runtime provides.
IntegrationResponseSelectionExpression, which GruCloud lists, is AWS's own: CreateIntegration
takes none.
"""

API = "APIGWWebsocketSQSLambda"
STAGE = "production"
QUEUE = "APIGWWebsocketQueue.fifo"
FUNCTION = "sam-app-SQSWebsocketResponse-xvCVTmGEZ2xx"
API_ROLE = "sam-app-ApiGatewayWebsocketSQSRole-1V39NB449HWBY"
FUNCTION_ROLE = "sam-app-SQSWebsocketResponseServiceRole-13ZF133MLHMTF"
SEND_MESSAGE = (
    "Action=SendMessage&MessageGroupId=$input.path('$.MessageGroupId')&MessageDeduplicationId=$context.requestId"
    "&MessageAttribute.1.Name=connectionId&MessageAttribute.1.Value.StringValue=$context.connectionId"
    "&MessageAttribute.1.Value.DataType=String&MessageAttribute.2.Name=requestId"
    "&MessageAttribute.2.Value.StringValue=$context.requestId&MessageAttribute.2.Value.DataType=String"
    "&MessageBody=$input.json('$')"
)


def assumed_by(service: str) -> dict:
    return {
        "Version": "2012-10-17",
        "Statement": [{"Effect": "Allow", "Principal": {"Service": service}, "Action": "sts:AssumeRole"}],
    }


def create_resources(config):
    queue_arn = lambda ctx: ctx.get_id("SQS::Queue", QUEUE, "QueueArn")  # noqa: E731
    return [
        {
            "type": "Api",
            "group": "ApiGatewayV2",
            "properties": {
                "Description": "Send websocket data to SQS which is then processed by a Lambda",
                "Name": API,
                "ProtocolType": "WEBSOCKET",
                "RouteSelectionExpression": "$request.body.action",
            },
        },
        {
            "type": "Integration",
            "group": "ApiGatewayV2",
            "properties": {
                "ConnectionType": "INTERNET",
                "IntegrationMethod": "POST",
                "IntegrationType": "AWS",
                "PassthroughBehavior": "NEVER",
                "PayloadFormatVersion": "1.0",
                "RequestParameters": {"integration.request.header.Content-Type": "'application/x-www-form-urlencoded'"},
                "RequestTemplates": {"$default": SEND_MESSAGE},
                "TemplateSelectionExpression": "\\$default",
                "TimeoutInMillis": 29000,
            },
            "dependencies": {"api": API, "role": API_ROLE, "sqsQueue": QUEUE},
        },
        {
            "type": "Route",
            "group": "ApiGatewayV2",
            "properties": {"RouteKey": "$default"},
            "dependencies": {"api": API, "integration": f"integration::{API}::{QUEUE}"},
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
                "RoleName": API_ROLE,
                "AssumeRolePolicyDocument": assumed_by("apigateway.amazonaws.com"),
                "Policies": [
                    {
                        "PolicyDocument": {
                            "Statement": [{"Action": "sqs:SendMessage", "Effect": "Allow", "Resource": queue_arn(ctx)}],
                            "Version": "2012-10-17",
                        },
                        "PolicyName": "APIGatewaySQSSendMessagePolicy",
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
                "Policies": [
                    {
                        "PolicyDocument": {
                            "Statement": [
                                {
                                    "Action": "execute-api:ManageConnections",
                                    "Effect": "Allow",
                                    "Resource": f"{ctx.get_id('ApiGatewayV2::Api', API, 'ArnV2')}/{STAGE}/POST/*",
                                },
                                {
                                    "Action": [
                                        "sqs:ReceiveMessage",
                                        "sqs:ChangeMessageVisibility",
                                        "sqs:GetQueueUrl",
                                        "sqs:DeleteMessage",
                                        "sqs:GetQueueAttributes",
                                    ],
                                    "Effect": "Allow",
                                    "Resource": queue_arn(ctx),
                                },
                            ],
                            "Version": "2012-10-17",
                        },
                        "PolicyName": "SQSWebsocketResponseServiceRoleDefaultPolicy",
                    }
                ],
                "AttachedPolicies": [
                    {
                        "PolicyArn": "arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole",
                        "PolicyName": "AWSLambdaBasicExecutionRole",
                    }
                ],
            },
            "dependencies": {"apiGatewayV2Apis": [API], "sqsQueues": [QUEUE]},
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
                        "Variables": {"ApiGatewayEndpoint": f"{ctx.get_id('ApiGatewayV2::Api', API, 'Endpoint')}/{STAGE}"},
                    },
                    "FunctionName": FUNCTION,
                    "Handler": "SQSWebsocketResponse.handler",
                    "Runtime": "nodejs20.x",
                    "Timeout": 15,
                },
            },
            "dependencies": {"role": FUNCTION_ROLE},
        },
        {
            "type": "Queue",
            "group": "SQS",
            "properties": {
                "Attributes": {
                    "ContentBasedDeduplication": "false",
                    "DeduplicationScope": "queue",
                    "FifoQueue": "true",
                    "FifoThroughputLimit": "perQueue",
                },
                "QueueName": QUEUE,
            },
        },
    ]

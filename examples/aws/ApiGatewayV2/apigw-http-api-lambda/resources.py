"""An HTTP API whose $default route sends every request to a Lambda function (AWS_PROXY,
payload 2.0).

Mirrors GruCloud's examples/aws/ApiGatewayV2/apigw-http-api-lambda (serverlessland's pattern),
without its Deployment: the emulator has none, and the $default stage deploys by itself. The
function's runtime is nodejs20.x: AWS no longer creates nodejs14.x functions.
"""

API = "apigw-http-api-lambda"
FUNCTION = "apigw-http-api-lambda-function"
ROLE = "sam-app-LambdaFunctionRole-1SC6BQPCMKIBW"


def create_resources(config):
    return [
        {
            "type": "Api",
            "group": "ApiGatewayV2",
            "properties": {
                "CorsConfiguration": {
                    "AllowMethods": ["GET", "HEAD", "OPTIONS", "POST"],
                    "AllowOrigins": ["*"],
                },
                "Description": "An Amazon API Gateway HTTP API and an AWS Lambda function.",
                "Name": API,
                "ProtocolType": "HTTP",
            },
        },
        {
            "type": "Integration",
            "group": "ApiGatewayV2",
            "properties": {
                "ConnectionType": "INTERNET",
                "IntegrationMethod": "POST",
                "IntegrationType": "AWS_PROXY",
                "PayloadFormatVersion": "2.0",
            },
            "dependencies": {"api": API, "lambdaFunction": FUNCTION},
        },
        {
            "type": "Route",
            "group": "ApiGatewayV2",
            "properties": {"RouteKey": "$default"},
            "dependencies": {"api": API, "integration": f"integration::{API}::{FUNCTION}"},
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
            "properties": {
                "RoleName": ROLE,
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
                    }
                ],
            },
        },
        {
            "type": "Function",
            "group": "Lambda",
            "properties": {
                "Configuration": {
                    "Environment": {"Variables": {"Variable1": "1234", "Variable2": "ABCD"}},
                    "FunctionName": FUNCTION,
                    "Handler": "app.handler",
                    "Runtime": "nodejs20.x",
                    "Timeout": 15,
                },
            },
            "dependencies": {"role": ROLE},
        },
        {
            "type": "Permission",
            "group": "Lambda",
            "properties": lambda ctx: {
                "Permissions": [
                    {
                        "Action": "lambda:InvokeFunction",
                        "FunctionName": FUNCTION,
                        "Principal": "apigateway.amazonaws.com",
                        "SourceArn": f"{ctx.get_id('ApiGatewayV2::Api', API, 'ArnV2')}/*",
                        "StatementId": "sam-app-FunctionResourcePermission-1PT8AZUS3H82W",
                    }
                ]
            },
            "dependencies": {"lambdaFunction": FUNCTION, "apiGatewayV2Apis": [API]},
        },
    ]

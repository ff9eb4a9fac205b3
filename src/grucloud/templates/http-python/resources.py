"""An HTTP API whose route `ANY /hello` calls a Python Lambda function (AWS_PROXY, payload 2.0).

The function's code is the folder my-function/; a requirements.txt there is installed for
Lambda's platform by gc. `gc --local apply` deploys it to the embedded emulator.
"""


def create_resources(config):
    return [
        {"type": "Api", "group": "ApiGatewayV2", "properties": {"Name": "my-api", "ProtocolType": "HTTP"}},
        {
            "type": "Stage",
            "group": "ApiGatewayV2",
            "properties": {"StageName": "$default", "AutoDeploy": True},
            "dependencies": {"api": "my-api"},
        },
        {
            "type": "Integration",
            "group": "ApiGatewayV2",
            "properties": {"IntegrationType": "AWS_PROXY", "IntegrationMethod": "POST", "PayloadFormatVersion": "2.0"},
            "dependencies": {"api": "my-api", "lambdaFunction": "my-function"},
        },
        {
            "type": "Route",
            "group": "ApiGatewayV2",
            "properties": {"RouteKey": "ANY /hello"},
            "dependencies": {"api": "my-api", "integration": "integration::my-api::my-function"},
        },
        {
            "type": "Policy",
            "group": "IAM",
            "properties": {
                "PolicyName": "my-function-logs",
                "PolicyDocument": {
                    "Version": "2012-10-17",
                    "Statement": [
                        {
                            "Effect": "Allow",
                            "Action": ["logs:CreateLogGroup", "logs:CreateLogStream", "logs:PutLogEvents"],
                            "Resource": "*",
                        }
                    ],
                },
            },
        },
        {
            "type": "Role",
            "group": "IAM",
            "properties": {
                "RoleName": "my-function-role",
                "AssumeRolePolicyDocument": {
                    "Version": "2012-10-17",
                    "Statement": [
                        {"Effect": "Allow", "Principal": {"Service": "lambda.amazonaws.com"}, "Action": "sts:AssumeRole"}
                    ],
                },
            },
            "dependencies": {"policies": ["my-function-logs"]},
        },
        {
            "type": "Function",
            "group": "Lambda",
            "properties": {
                "Configuration": {"FunctionName": "my-function", "Handler": "app.handler", "Runtime": "python3.12"},
            },
            "dependencies": {"role": "my-function-role"},
        },
        {
            # without it, API Gateway may not invoke the function and the API answers 500
            "type": "Permission",
            "group": "Lambda",
            "properties": lambda ctx: {
                "Permissions": [
                    {
                        "Action": "lambda:InvokeFunction",
                        "FunctionName": "my-function",
                        "Principal": "apigateway.amazonaws.com",
                        "SourceArn": f"{ctx.get_id('ApiGatewayV2::Api', 'my-api', 'ArnV2')}/*/*",
                        "StatementId": "allow-my-api-invoke",
                    }
                ]
            },
            "dependencies": {"lambdaFunction": "my-function", "apiGatewayV2Apis": ["my-api"]},
        },
    ]

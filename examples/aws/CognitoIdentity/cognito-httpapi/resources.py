"""An HTTP API whose route GET / needs a JWT from a Cognito user pool: the pool is the
authorizer's issuer, its app client the audience (both filled in from the dependencies).

Mirrors GruCloud's examples/aws/serverless-patterns/cognito-httpapi.
"""

API = "sam-app"
USER_POOL = "UserPool-sam-app"
CLIENT = "UserPoolClient-sam-app"
FUNCTION = "sam-app-AppFunction"
ROLE = "sam-app-AppFunctionRole"
AUTHORIZER = "OAuth2Authorizer"
APP_URL = "https://myapp.com"


def create_resources(config):
    return [
        {
            "type": "Api",
            "group": "ApiGatewayV2",
            "properties": {
                "Name": API,
                "Description": "Cognito to HTTP API demo",
                "ProtocolType": "HTTP",
                "CorsConfiguration": {"AllowMethods": ["GET"], "AllowOrigins": [APP_URL]},
            },
        },
        {
            "type": "Stage",
            "group": "ApiGatewayV2",
            "properties": {"StageName": "$default", "AutoDeploy": True},
            "dependencies": {"api": API},
        },
        {
            "type": "Authorizer",
            "group": "ApiGatewayV2",
            "properties": {
                "Name": AUTHORIZER,
                "AuthorizerType": "JWT",
                "IdentitySource": ["$request.header.Authorization"],
            },
            # JwtConfiguration: Issuer from the user pool, Audience from its app client
            "dependencies": {"api": API, "userPool": USER_POOL, "userPoolClients": [CLIENT]},
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
            "properties": {
                "RouteKey": "GET /",
                "AuthorizationType": "JWT",
                "AuthorizationScopes": ["email"],
            },
            "dependencies": {"api": API, "integration": f"integration::{API}::{FUNCTION}", "authorizer": AUTHORIZER},
        },
        {
            "type": "UserPool",
            "group": "CognitoIdentityServiceProvider",
            "properties": {
                "PoolName": USER_POOL,
                "UsernameAttributes": ["email"],
                "Policies": {
                    "PasswordPolicy": {
                        "MinimumLength": 8,
                        "RequireLowercase": False,
                        "RequireNumbers": False,
                        "RequireSymbols": False,
                        "RequireUppercase": False,
                    }
                },
            },
        },
        {
            "type": "UserPoolClient",
            "group": "CognitoIdentityServiceProvider",
            "properties": {
                "ClientName": CLIENT,
                "AllowedOAuthFlows": ["code"],
                "AllowedOAuthFlowsUserPoolClient": True,
                "AllowedOAuthScopes": ["email", "openid", "profile"],
                "CallbackURLs": [APP_URL],
                "LogoutURLs": [APP_URL],
                "SupportedIdentityProviders": ["COGNITO"],
            },
            "dependencies": {"userPool": USER_POOL},
        },
        {
            "type": "UserPoolDomain",
            "group": "CognitoIdentityServiceProvider",
            # the hosted sign-in page, <Domain>.auth.<region>.amazoncognito.com: unique in the
            # region, so change it for your own deployment
            "properties": {"Domain": f"gc-{config['projectName']}-{config['stage']}"},
            "dependencies": {"userPool": USER_POOL},
        },
        {
            "type": "Role",
            "group": "IAM",
            "properties": {
                "RoleName": ROLE,
                "AssumeRolePolicyDocument": {
                    "Version": "2012-10-17",
                    "Statement": [
                        {"Effect": "Allow", "Principal": {"Service": "lambda.amazonaws.com"}, "Action": "sts:AssumeRole"}
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
                "Configuration": {"FunctionName": FUNCTION, "Handler": "app.handler", "Runtime": "nodejs20.x"},
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
                        "SourceArn": f"{ctx.get_id('ApiGatewayV2::Api', API, 'ArnV2')}/*/*/",
                        "StatementId": "allow-sam-app-invoke",
                    }
                ]
            },
            "dependencies": {"lambdaFunction": FUNCTION, "apiGatewayV2Apis": [API]},
        },
    ]

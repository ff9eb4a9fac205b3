"""An HTTP API guarded by an Auth0 JWT authorizer, served at its own domain: the route
ANY /my-function needs an access token from the Auth0 tenant (config.py's issuer) for the API's
audience. The certificate, hosted zone, records, API domain name and mapping are
http-lambda-domain's; the registered domain is only looked up.

Mirrors GruCloud's examples/aws/ApiGatewayV2/auth0, without its Deployment: the stage deploys by
itself (AutoDeploy). The runtime is nodejs20.x: AWS no longer creates nodejs14.x functions.
"""


def create_resources(config):
    domain = config["domainName"]
    zone = f"{domain}."
    return [
        {
            "type": "Api",
            "group": "ApiGatewayV2",
            "properties": {
                "Name": "my-api",
                "ProtocolType": "HTTP",
            },
        },
        {
            "type": "Authorizer",
            "group": "ApiGatewayV2",
            "properties": {
                "Name": "authorizer-auth0",
                "AuthorizerType": "JWT",
                "IdentitySource": ["$request.header.Authorization"],
                "JwtConfiguration": {"Audience": [config["audience"]], "Issuer": config["issuer"]},
            },
            "dependencies": {"api": "my-api"},
        },
        {
            "type": "Stage",
            "group": "ApiGatewayV2",
            "properties": {
                "StageName": "my-api-stage-dev",
                # The emulator has no Deployment; AutoDeploy publishes every change instead.
                "AutoDeploy": True,
                "AccessLogSettings": {
                    "Format": '$context.identity.sourceIp - - [$context.requestTime] "$context.httpMethod $context.routeKey $context.protocol" $context.status $context.responseLength $context.requestId',
                },
            },
            "dependencies": {"api": "my-api", "logGroup": "lg-http-test"},
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
            "dependencies": {"api": "my-api", "lambdaFunction": "my-function"},
        },
        {
            "type": "Route",
            "group": "ApiGatewayV2",
            "properties": {"AuthorizationType": "JWT", "RouteKey": "ANY /my-function"},
            "dependencies": {
                "api": "my-api",
                "integration": "integration::my-api::my-function",
                "authorizer": "authorizer-auth0",
            },
        },
        {
            "type": "LogGroup",
            "group": "CloudWatchLogs",
            "properties": {"logGroupName": "lg-http-test"},
        },
        {
            "type": "Policy",
            "group": "IAM",
            "properties": {
                "PolicyName": "lambda-policy",
                "PolicyDocument": {
                    "Version": "2012-10-17",
                    "Statement": [{"Action": ["logs:*"], "Effect": "Allow", "Resource": "*"}],
                },
                "Path": "/",
                "Description": "Allow logs",
            },
        },
        {
            "type": "Role",
            "group": "IAM",
            "properties": {
                "RoleName": "lambda-role",
                "AssumeRolePolicyDocument": {
                    "Version": "2012-10-17",
                    "Statement": [
                        {
                            "Action": "sts:AssumeRole",
                            "Effect": "Allow",
                            "Principal": {"Service": "lambda.amazonaws.com"},
                        }
                    ],
                },
            },
            "dependencies": {"policies": ["lambda-policy"]},
        },
        {
            "type": "Function",
            "group": "Lambda",
            "properties": {
                "Configuration": {
                    "FunctionName": "my-function",
                    "Handler": "my-function.handler",
                    "Runtime": "nodejs20.x",
                },
            },
            "dependencies": {"role": "lambda-role"},
        },
        {
            "type": "Permission",
            "group": "Lambda",
            # A function of the context: the API's ARN is known only once the API exists.
            "properties": lambda ctx: {
                "Permissions": [
                    {
                        "Action": "lambda:InvokeFunction",
                        "FunctionName": "my-function",
                        "Principal": "apigateway.amazonaws.com",
                        "SourceArn": f"{ctx.get_id('ApiGatewayV2::Api', 'my-api', 'ArnV2')}/*/*/my-function",
                        "StatementId": "lambda-7ca7734f-45ef-4f83-a4de-917719c34d3d",
                    }
                ]
            },
            "dependencies": {"lambdaFunction": "my-function", "apiGatewayV2Apis": ["my-api"]},
        },
        {
            "type": "Domain",
            "group": "Route53Domains",
            "name": domain,
            "readOnly": True,
        },
        {
            "type": "HostedZone",
            "group": "Route53",
            "properties": {"Name": zone},
            "dependencies": {"domain": domain},
        },
        {
            "type": "Certificate",
            "group": "ACM",
            "properties": {"DomainName": domain, "SubjectAlternativeNames": [domain, f"*.{domain}"]},
        },
        {
            # the CNAME that proves to ACM that the domain is ours: written from the certificate
            "type": "Record",
            "group": "Route53",
            "dependencies": {"hostedZone": zone, "certificate": domain},
        },
        {
            "type": "DomainName",
            "group": "ApiGatewayV2",
            "properties": {"DomainName": domain},
            "dependencies": {"certificates": [domain]},
        },
        {
            "type": "ApiMapping",
            "group": "ApiGatewayV2",
            "properties": {"ApiMappingKey": ""},
            "dependencies": {"domainName": domain, "stage": "my-api::my-api-stage-dev"},
        },
        {
            # the domain's A record, an alias to the API domain's endpoint
            "type": "Record",
            "group": "Route53",
            "dependencies": {"hostedZone": zone, "apiGatewayV2DomainName": domain},
        },
    ]

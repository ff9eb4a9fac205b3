"""An HTTP API made by quick create (its Target is the function: AWS makes the integration, the
$default route and the $default stage), served only at its own domain (the execute-api endpoint
is disabled). The domain's certificate, hosted zone and records are http-lambda-domain's; the
registered domain is only looked up, and so is the stage the quick create made.

Mirrors GruCloud's examples/aws/ApiGatewayV2/apigw-mutualtls-lambda (a SAM stack, hence the
role's name), without its Deployment: the quick create's stage deploys by itself. The runtime is
nodejs20.x: AWS no longer creates nodejs14.x functions. Like GruCloud's, it declares no mutual
TLS truststore (DomainName's MutualTlsAuthentication) despite its name.
"""

API = "apigw-mutualtls-lambda"
FUNCTION = "apigw-mutualtls-lambda-function"
ROLE = "sam-app-LambdaFunctionRole-1DN25A5IY6VDT"


def create_resources(config):
    domain = config["domainName"]
    zone = f"{domain}."
    return [
        {
            "type": "Certificate",
            "group": "ACM",
            "properties": {"DomainName": domain, "SubjectAlternativeNames": [domain, f"*.{domain}"]},
        },
        {
            "type": "Api",
            "group": "ApiGatewayV2",
            "properties": lambda ctx: {
                "CorsConfiguration": {"AllowMethods": ["GET", "HEAD", "OPTIONS", "POST"], "AllowOrigins": ["*"]},
                "Description": "An Amazon API Gateway HTTP API with mutual TLS and an AWS Lambda function.",
                "DisableExecuteApiEndpoint": True,
                "Name": API,
                "ProtocolType": "HTTP",
                # quick create: AWS makes the integration to the function, the route, the stage
                "Target": "arn:aws:apigateway:{region}:lambda:path/2015-03-31/functions/{arn}/invocations".format(
                    region=config.get("region", "us-east-1"),
                    arn=ctx.get_id("Lambda::Function", FUNCTION, "Configuration.FunctionArn"),
                ),
            },
        },
        {
            "type": "ApiMapping",
            "group": "ApiGatewayV2",
            "properties": {"ApiMappingKey": ""},
            "dependencies": {"domainName": domain, "stage": f"{API}::$default"},
        },
        {
            "type": "DomainName",
            "group": "ApiGatewayV2",
            "properties": {"DomainName": domain},
            "dependencies": {"certificates": [domain]},
        },
        {
            # made by the quick create: looked up, never changed
            "type": "Stage",
            "group": "ApiGatewayV2",
            "name": f"{API}::$default",
            "readOnly": True,
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
                        "PolicyName": "AWSLambdaBasicExecutionRole",
                        "PolicyArn": "arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole",
                    }
                ],
            },
        },
        {
            "type": "Function",
            "group": "Lambda",
            "properties": {
                "Configuration": {
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
                        "StatementId": "sam-app-FunctionResourcePermission-10FTBFON2N9UG",
                        "SourceArn": f"{ctx.get_id('ApiGatewayV2::Api', API, 'ArnV2')}/*",
                    }
                ]
            },
            "dependencies": {"lambdaFunction": FUNCTION, "apiGatewayV2Apis": [API]},
        },
        {
            "type": "HostedZone",
            "group": "Route53",
            "properties": {"Name": zone},
            "dependencies": {"domain": domain},
        },
        {
            # the CNAME that proves to ACM that the domain is ours: written from the certificate
            "type": "Record",
            "group": "Route53",
            "dependencies": {"hostedZone": zone, "certificate": domain},
        },
        {
            # the domain's A record, an alias to the API domain's endpoint
            "type": "Record",
            "group": "Route53",
            "dependencies": {"hostedZone": zone, "apiGatewayV2DomainName": domain},
        },
        {
            "type": "Domain",
            "group": "Route53Domains",
            "name": domain,
            "readOnly": True,
        },
    ]

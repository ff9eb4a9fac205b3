"""http-lambda with its custom domain: the HTTP API served at https://<domainName>/, with an
ACM certificate validated by DNS, the API domain name and its mapping to the stage, the hosted
zone with the validation record and the alias record, and the registered domain, looked up
read-only (gc never registers or deletes a domain).

Mirrors GruCloud's examples/aws/ApiGatewayV2/http-lambda as a whole; ../http-lambda is the same
API without the domain, which runs anywhere with no setup.
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
                "Tags": {"mykey1": "value"},
            },
        },
        {
            "type": "Stage",
            "group": "ApiGatewayV2",
            "properties": {
                "StageName": "stage-dev",
                # The emulator has no Deployment; AutoDeploy publishes every change instead.
                "AutoDeploy": True,
                "AccessLogSettings": {
                    "Format": '$context.identity.sourceIp - - [$context.requestTime] "$context.httpMethod $context.routeKey $context.protocol" $context.status $context.responseLength $context.requestId',
                },
                "Tags": {"mykey1": "value"},
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
            "properties": {"RouteKey": "ANY /my-function"},
            "dependencies": {
                "api": "my-api",
                "integration": "integration::my-api::my-function",
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
                        "StatementId": "allow-my-api-invoke",
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
            "properties": {"DomainName": domain, "Tags": {"mykey1": "value"}},
            "dependencies": {"certificates": [domain]},
        },
        {
            "type": "ApiMapping",
            "group": "ApiGatewayV2",
            "properties": {"ApiMappingKey": ""},
            "dependencies": {"domainName": domain, "stage": "my-api::stage-dev"},
        },
        {
            # the domain's A record, an alias to the API domain's endpoint
            "type": "Record",
            "group": "Route53",
            "dependencies": {"hostedZone": zone, "apiGatewayV2DomainName": domain},
        },
    ]

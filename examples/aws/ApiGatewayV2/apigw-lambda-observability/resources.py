"""An HTTP API (GET /) in front of a Node.js function, watched: a CloudWatch dashboard of the
function's and the API's metrics, the function's business metric and its errors' log lines; two
alarms (the API's 5XX errors, the function's errors) that notify an SNS topic encrypted with a
KMS key; the stage's access logs in their own log group.

Mirrors GruCloud's examples/aws/ApiGatewayV2/apigw-lambda-observability (a SAM stack, hence the
names), without its Deployment: the $default stage deploys by itself. The account and API id
that GruCloud wrote literally are read from live resources here (the key policy's account from
the function role's ARN). The runtime is nodejs20.x: AWS no longer creates nodejs14.x functions.
Destroying it schedules the key's deletion: AWS deletes a KMS key only after a waiting period.
"""

API = "sam-app"
FUNCTION = "sam-app-SampleFunction-7LguHNIijNN9"
ROLE = "sam-app-SampleFunctionRole-113ACVPJUKMC7"
TOPIC = "sam-app-AlarmsTopic-dHb6mAE6WUbZ"
KEY = "e6df1f6d-9049-4597-92d2-45991e66d43b"
API_ALARM = "sam-app-HttpApiErrorsAlarm-1FCVNCGFY7X81"
FUNCTION_ALARM = "sam-app-SampleFunctionErrorsAlarm-152VK254LOXW2"
ACCESS_LOGS = "/sam-app/APIAccessLogs"
REGION = "us-east-1"
SAM_TAGS = {"httpapi:createdBy": "SAM", "Stack": "sam-app"}


def account_of(ctx):
    """This account's id, from an ARN of its own (the value itself while it is not known yet)."""
    arn = ctx.get_id("IAM::Role", ROLE, "Arn")
    parts = arn.split(":") if isinstance(arn, str) else []
    return parts[4] if len(parts) > 4 else arn


def metric_widget(title, metrics, x, y, width=6):
    return {
        "height": 6,
        "properties": {
            "metrics": metrics,
            "period": 60,
            "region": REGION,
            "stacked": False,
            "stat": "Sum",
            "title": title,
            "view": "timeSeries",
        },
        "type": "metric",
        "width": width,
        "x": x,
        "y": y,
    }


def dashboard_body(ctx):
    api_id = ctx.get_id("ApiGatewayV2::Api", API, "ApiId")
    return {
        "widgets": [
            metric_widget(
                "Lambda",
                [
                    ["AWS/Lambda", "Invocations", "FunctionName", FUNCTION],
                    [".", "Errors", ".", "."],
                    [".", "Throttles", ".", "."],
                    [".", "Duration", ".", ".", {"stat": "Average"}],
                    [".", "ConcurrentExecutions", ".", ".", {"stat": "Maximum"}],
                ],
                x=6,
                y=6,
            ),
            metric_widget(
                "API Gateway",
                [
                    ["AWS/ApiGateway", "4xx", "ApiId", api_id, {"yAxis": "right"}],
                    [".", "5xx", ".", ".", {"yAxis": "right"}],
                    [".", "DataProcessed", ".", ".", {"yAxis": "left"}],
                    [".", "Count", ".", ".", {"label": "Count", "yAxis": "right"}],
                    [".", "IntegrationLatency", ".", ".", {"stat": "Average"}],
                    [".", "Latency", ".", ".", {"stat": "Average"}],
                ],
                x=0,
                y=6,
            ),
            metric_widget(
                "Business Metrics",
                [
                    [
                        "sam-app",
                        "ProcessedRequests",
                        "ServiceName",
                        FUNCTION,
                        "LogGroup",
                        FUNCTION,
                        "ServiceType",
                        "AWS::Lambda::Function",
                        "Service",
                        "Sample Service",
                        {"label": "Processed Requests"},
                    ]
                ],
                x=0,
                y=0,
                width=12,
            ),
            {
                "height": 2,
                "properties": {
                    "alarms": [
                        ctx.get_id("CloudWatch::MetricAlarm", FUNCTION_ALARM, "AlarmArn"),
                        ctx.get_id("CloudWatch::MetricAlarm", API_ALARM, "AlarmArn"),
                    ],
                    "title": "Application Alarms",
                },
                "type": "alarm",
                "width": 12,
                "x": 0,
                "y": 12,
            },
            {
                "height": 6,
                "properties": {
                    "query": f"SOURCE '/aws/lambda/{FUNCTION}' | fields @message, ispresent(errorMessage) as errorPresent\n"
                    "| filter errorPresent != 0\n| sort @timestamp desc\n| display @message\n| limit 100\n",
                    "region": REGION,
                    "stacked": False,
                    "title": "Lambda Errors",
                    "view": "table",
                },
                "type": "log",
                "width": 12,
                "x": 0,
                "y": 14,
            },
        ]
    }


def errors_alarm(name, namespace, metric, dimension, apis=()):
    return {
        "type": "MetricAlarm",
        "group": "CloudWatch",
        "properties": lambda ctx: {
            "AlarmActions": [ctx.get_id("SNS::Topic", TOPIC, "TopicArn")],
            "AlarmName": name,
            "ComparisonOperator": "GreaterThanOrEqualToThreshold",
            "Dimensions": [dimension(ctx)],
            "EvaluationPeriods": 1,
            "MetricName": metric,
            "Namespace": namespace,
            "Period": 60,
            "Statistic": "Sum",
            "Threshold": 1,
        },
        "dependencies": {"snsTopicAlarmActions": TOPIC, **({"apiGatewayV2Apis": list(apis)} if apis else {})},
    }


def create_resources(config):
    return [
        {
            "type": "Api",
            "group": "ApiGatewayV2",
            "properties": {"Name": API, "ProtocolType": "HTTP", "Tags": SAM_TAGS},
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
            "properties": {"RouteKey": "GET /"},
            "dependencies": {"api": API, "integration": f"integration::{API}::{FUNCTION}"},
        },
        {
            "type": "Stage",
            "group": "ApiGatewayV2",
            "properties": {
                "AccessLogSettings": {
                    "Format": '{ "requestId":"$context.requestId", "ip": "$context.identity.sourceIp", "requestTime":"$context.requestTime", "httpMethod":"$context.httpMethod","routeKey":"$context.routeKey", "status":"$context.status","protocol":"$context.protocol", "integrationStatus": $context.integrationStatus, "integrationLatency": $context.integrationLatency, "responseLength":"$context.responseLength" }',
                },
                "AutoDeploy": True,
                "StageName": "$default",
                "Tags": SAM_TAGS,
            },
            "dependencies": {"api": API, "logGroup": ACCESS_LOGS},
        },
        {
            "type": "Dashboard",
            "group": "CloudWatch",
            "properties": lambda ctx: {"DashboardBody": dashboard_body(ctx), "DashboardName": "sam-app-Dashboard"},
            # made after what its widgets name by id
            "dependencies": {"apiGatewayV2Apis": [API], "metricAlarms": [API_ALARM, FUNCTION_ALARM]},
        },
        errors_alarm(
            API_ALARM, "AWS/ApiGateway", "5XXError",
            lambda ctx: {"Name": "ApiName", "Value": ctx.get_id("ApiGatewayV2::Api", API, "ApiId")},
            apis=[API],
        ),
        errors_alarm(FUNCTION_ALARM, "AWS/Lambda", "Errors", lambda ctx: {"Name": "FunctionName", "Value": FUNCTION}),
        {
            "type": "LogGroup",
            "group": "CloudWatchLogs",
            "properties": {"logGroupName": ACCESS_LOGS, "retentionInDays": 30},
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
                    {"PolicyArn": "arn:aws:iam::aws:policy/AWSXrayWriteOnlyAccess", "PolicyName": "AWSXrayWriteOnlyAccess"},
                    {
                        "PolicyArn": "arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole",
                        "PolicyName": "AWSLambdaBasicExecutionRole",
                    },
                ],
                "Tags": [{"Key": "Stack", "Value": "sam-app-Function"}],
            },
        },
        {
            "type": "Key",
            "group": "KMS",
            "name": KEY,
            "properties": lambda ctx: {
                "Description": "CMK for SNS alarms topic",
                "Policy": {
                    "Version": "2012-10-17",
                    "Statement": [
                        {
                            "Effect": "Allow",
                            "Principal": {"Service": ["cloudwatch.amazonaws.com", "sns.amazonaws.com"]},
                            "Action": ["kms:GenerateDataKey*", "kms:Decrypt"],
                            "Resource": "*",
                        },
                        {
                            "Effect": "Allow",
                            "Principal": {"AWS": f"arn:aws:iam::{account_of(ctx)}:root"},
                            "Action": "kms:*",
                            "Resource": "*",
                        },
                    ],
                },
            },
        },
        {
            "type": "Function",
            "group": "Lambda",
            "properties": {
                "Configuration": {
                    "Description": "Sample handler for all API operations",
                    "Environment": {"Variables": {"AWS_EMF_NAMESPACE": "sam-app"}},
                    "FunctionName": FUNCTION,
                    "Handler": "src/app.handler",
                    "Runtime": "nodejs20.x",
                    "Timeout": 100,
                    "TracingConfig": {"Mode": "Active"},
                },
                "Tags": {"Stack": "sam-app-Function"},
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
                        "SourceArn": f"{ctx.get_id('ApiGatewayV2::Api', API, 'ArnV2')}/*/GET/",
                        "StatementId": "sam-app-SampleFunctionAllEventsPermission-9396IP9YG4A4",
                    }
                ]
            },
            "dependencies": {"lambdaFunction": FUNCTION, "apiGatewayV2Apis": [API]},
        },
        {
            "type": "Topic",
            "group": "SNS",
            "properties": {"Name": TOPIC, "Tags": [{"Key": "Stack", "Value": "sam-app"}]},
            "dependencies": {"kmsKey": KEY},
        },
    ]

"""The benchmark stacks, described once and written out for each contender: a gc project
folder, a Terraform configuration, and the zips the floor script uploads.

A stack is one HTTP API with a stage and its access-log group, one role with one policy, and
per function: the Lambda function, an AWS_PROXY integration, the route `ANY /<function>` and
the permission letting the API invoke it. `http-lambda` is the repository's example
(examples/aws/ApiGatewayV2/http-lambda); `scaled` has N functions f1..fN.
"""

from __future__ import annotations

import io
import json
import shutil
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "examples" / "aws" / "ApiGatewayV2" / "http-lambda"
RUNTIME = "nodejs20.x"
ACCESS_LOG_FORMAT = '$context.identity.sourceIp - - [$context.requestTime] "$context.httpMethod $context.routeKey $context.protocol" $context.status $context.responseLength $context.requestId'
ASSUME_ROLE = {
    "Version": "2012-10-17",
    "Statement": [{"Action": "sts:AssumeRole", "Effect": "Allow", "Principal": {"Service": "lambda.amazonaws.com"}}],
}
POLICY = {"Version": "2012-10-17", "Statement": [{"Action": ["logs:*"], "Effect": "Allow", "Resource": "*"}]}
_FIXED_TIME = (1980, 1, 1, 0, 0, 0)


@dataclass(frozen=True)
class Stack:
    label: str
    project: str
    api: str
    stage: str
    log_group: str
    role: str
    policy: str
    policy_description: str
    statement_id: str
    functions: tuple[str, ...]
    tags: dict = field(default_factory=dict)  # the user's own tags on the API and the stage

    @property
    def n(self) -> int:
        return len(self.functions)

    def route_key(self, function: str) -> str:
        return f"ANY /{function}"


def http_lambda() -> Stack:
    """The example as it is in the repository (its resources.py is what gc runs)."""
    return Stack("http-lambda", "example-aws-api-gateway-lambda", "my-api", "stage-dev", "lg-http-test",
                 "lambda-role", "lambda-policy", "Allow logs", "allow-my-api-invoke", ("my-function",),
                 {"mykey1": "value"})


def scaled(n: int) -> Stack:
    return Stack(f"scaled-{n}", "bench-scaled", "bench-api", "bench", "bench-access-logs", "bench-lambda-role",
                 "bench-lambda-policy", "Allow logs", "allow-bench-api-invoke",
                 tuple(f"f{i}" for i in range(1, n + 1)))


def function_source(stack: Stack, function: str) -> str:
    if stack.label == "http-lambda":
        return (EXAMPLE / function / f"{function}.js").read_text()
    return f'exports.handler = async () => ({{ statusCode: 200, body: "{function}" }});\n'


def zip_bytes(name: str, source: str) -> bytes:
    """A deterministic zip of one file (fixed timestamp), like gc's own."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        info = zipfile.ZipInfo(name, _FIXED_TIME)
        info.external_attr = 0o644 << 16
        info.compress_type = zipfile.ZIP_DEFLATED
        archive.writestr(info, source)
    return buffer.getvalue()


def write_zips(stack: Stack, folder: Path) -> Path:
    """code/<function>.zip for Terraform and the floor script."""
    code = folder / "code"
    code.mkdir(parents=True, exist_ok=True)
    for function in stack.functions:
        (code / f"{function}.zip").write_bytes(zip_bytes(f"{function}.js", function_source(stack, function)))
    return code


# --- gc -------------------------------------------------------------------------------------

_GC_SCALED = '''"""Benchmark stack: one HTTP API, N Lambda functions each behind `ANY /<function>`."""

FUNCTIONS = {functions!r}


def create_resources(config):
    resources = [
        {{"type": "Api", "group": "ApiGatewayV2", "properties": {{"Name": {api!r}, "ProtocolType": "HTTP"}}}},
        {{
            "type": "Stage",
            "group": "ApiGatewayV2",
            "properties": {{"StageName": {stage!r}, "AutoDeploy": True, "AccessLogSettings": {{"Format": {log_format!r}}}}},
            "dependencies": {{"api": {api!r}, "logGroup": {log_group!r}}},
        }},
        {{"type": "LogGroup", "group": "CloudWatchLogs", "properties": {{"logGroupName": {log_group!r}}}}},
        {{
            "type": "Policy",
            "group": "IAM",
            "properties": {{"PolicyName": {policy!r}, "PolicyDocument": {policy_document!r}, "Path": "/", "Description": {description!r}}},
        }},
        {{
            "type": "Role",
            "group": "IAM",
            "properties": {{"RoleName": {role!r}, "AssumeRolePolicyDocument": {assume_role!r}}},
            "dependencies": {{"policies": [{policy!r}]}},
        }},
    ]
    for name in FUNCTIONS:
        resources += [
            {{
                "type": "Function",
                "group": "Lambda",
                "properties": {{"Configuration": {{"FunctionName": name, "Handler": f"{{name}}.handler", "Runtime": {runtime!r}}}}},
                "dependencies": {{"role": {role!r}}},
            }},
            {{
                "type": "Integration",
                "group": "ApiGatewayV2",
                "properties": {{"ConnectionType": "INTERNET", "IntegrationMethod": "POST", "IntegrationType": "AWS_PROXY", "PayloadFormatVersion": "2.0"}},
                "dependencies": {{"api": {api!r}, "lambdaFunction": name}},
            }},
            {{
                "type": "Route",
                "group": "ApiGatewayV2",
                "properties": {{"RouteKey": f"ANY /{{name}}"}},
                "dependencies": {{"api": {api!r}, "integration": f"integration::{api}::{{name}}"}},
            }},
            {{
                "type": "Permission",
                "group": "Lambda",
                "properties": lambda ctx, name=name: {{
                    "Permissions": [
                        {{
                            "Action": "lambda:InvokeFunction",
                            "FunctionName": name,
                            "Principal": "apigateway.amazonaws.com",
                            "SourceArn": f"{{ctx.get_id('ApiGatewayV2::Api', {api!r}, 'ArnV2')}}/*/*/{{name}}",
                            "StatementId": {statement_id!r},
                        }}
                    ]
                }},
                "dependencies": {{"lambdaFunction": name, "apiGatewayV2Apis": [{api!r}]}},
            }},
        ]
    return resources
'''


def write_gc_project(stack: Stack, folder: Path) -> Path:
    """The gc project: the example copied as it is, or a generated resources.py and config.py
    with one code folder per function (gc's convention)."""
    if stack.label == "http-lambda":
        # without hooks.py: the apply is timed alone, as the other contenders' (bench/dataplane.py
        # measures requests to the deployed API)
        shutil.copytree(EXAMPLE, folder, ignore=shutil.ignore_patterns("__pycache__", "hooks.py"))
        return folder
    folder.mkdir(parents=True)
    (folder / "config.py").write_text(f'def create_config():\n    return {{"projectName": {stack.project!r}, "stage": "dev"}}\n')
    (folder / "resources.py").write_text(_GC_SCALED.format(
        functions=list(stack.functions), api=stack.api, stage=stack.stage, log_group=stack.log_group,
        log_format=ACCESS_LOG_FORMAT, policy=stack.policy, policy_document=POLICY, description=stack.policy_description,
        role=stack.role, assume_role=ASSUME_ROLE, runtime=RUNTIME, statement_id=stack.statement_id,
    ))
    for function in stack.functions:
        (folder / function).mkdir()
        (folder / function / f"{function}.js").write_text(function_source(stack, function))
    return folder


# --- Terraform ------------------------------------------------------------------------------

def _hcl(value) -> str:
    return json.dumps(value)  # JSON strings, lists and objects are valid HCL expressions


def terraform_configuration(stack: Stack, provider_version: str) -> str:
    """main.tf: the same resources, for_each over the functions; the emulator's address comes
    in as var.endpoint so one configuration serves every fresh emulator."""
    tags = {"managed-by": "terraform", "project": stack.project, "stage": "dev"}
    services = ("apigatewayv2", "cloudwatchlogs", "iam", "lambda", "sts")
    endpoints = "\n".join(f"    {s} = var.endpoint" for s in services)
    return f'''terraform {{
  required_providers {{
    aws = {{
      source  = "hashicorp/aws"
      version = "{provider_version}"
    }}
  }}
}}

variable "endpoint" {{
  type = string
}}

provider "aws" {{
  region                      = "us-east-1"
  access_key                  = "testing"
  secret_key                  = "testing"
  skip_credentials_validation = true
  skip_requesting_account_id  = true
  skip_metadata_api_check     = true
  skip_region_validation      = true
  s3_use_path_style           = true
  endpoints {{
{endpoints}
  }}
  default_tags {{
    tags = {_hcl(tags)}
  }}
}}

locals {{
  functions = toset({_hcl(list(stack.functions))})
}}

data "aws_caller_identity" "current" {{}}

resource "aws_apigatewayv2_api" "api" {{
  name          = {_hcl(stack.api)}
  protocol_type = "HTTP"
  tags          = {_hcl(stack.tags)}
}}

resource "aws_cloudwatch_log_group" "access" {{
  name = {_hcl(stack.log_group)}
}}

resource "aws_apigatewayv2_stage" "stage" {{
  api_id      = aws_apigatewayv2_api.api.id
  name        = {_hcl(stack.stage)}
  auto_deploy = true
  tags        = {_hcl(stack.tags)}
  access_log_settings {{
    destination_arn = aws_cloudwatch_log_group.access.arn
    format          = {_hcl(ACCESS_LOG_FORMAT)}
  }}
}}

resource "aws_iam_policy" "policy" {{
  name        = {_hcl(stack.policy)}
  path        = "/"
  description = {_hcl(stack.policy_description)}
  policy      = jsonencode({_hcl(POLICY)})
}}

resource "aws_iam_role" "role" {{
  name               = {_hcl(stack.role)}
  assume_role_policy = jsonencode({_hcl(ASSUME_ROLE)})
}}

resource "aws_iam_role_policy_attachment" "attach" {{
  role       = aws_iam_role.role.name
  policy_arn = aws_iam_policy.policy.arn
}}

resource "aws_lambda_function" "fn" {{
  for_each         = local.functions
  function_name    = each.key
  role             = aws_iam_role.role.arn
  handler          = "${{each.key}}.handler"
  runtime          = "{RUNTIME}"
  filename         = "${{path.module}}/code/${{each.key}}.zip"
  source_code_hash = filebase64sha256("${{path.module}}/code/${{each.key}}.zip")
}}

resource "aws_apigatewayv2_integration" "fn" {{
  for_each               = local.functions
  api_id                 = aws_apigatewayv2_api.api.id
  connection_type        = "INTERNET"
  integration_type       = "AWS_PROXY"
  integration_method     = "POST"
  integration_uri        = aws_lambda_function.fn[each.key].arn
  payload_format_version = "2.0"
}}

resource "aws_apigatewayv2_route" "fn" {{
  for_each  = local.functions
  api_id    = aws_apigatewayv2_api.api.id
  route_key = "ANY /${{each.key}}"
  target    = "integrations/${{aws_apigatewayv2_integration.fn[each.key].id}}"
}}

resource "aws_lambda_permission" "fn" {{
  for_each      = local.functions
  statement_id  = {_hcl(stack.statement_id)}
  action        = "lambda:InvokeFunction"
  function_name = aws_lambda_function.fn[each.key].function_name
  principal     = "apigateway.amazonaws.com"
  source_arn    = "arn:aws:execute-api:us-east-1:${{data.aws_caller_identity.current.account_id}}:${{aws_apigatewayv2_api.api.id}}/*/*/${{each.key}}"
}}
'''

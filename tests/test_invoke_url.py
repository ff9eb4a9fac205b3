"""Every stage has a live InvokeUrl; `gc apply` prints it, `gc output` reads it, and on the
emulator it answers."""

from __future__ import annotations

import re

from dataplane_support import gc, request

from grucloud.aws.clients import Target
from grucloud.aws.specs.apigatewayv2.stage import invoke_url, path_style_url


def test_invoke_url_on_aws_and_on_the_emulator():
    aws = Target(region="eu-west-3")
    assert invoke_url(aws, "a1b2c3", "prod") == "https://a1b2c3.execute-api.eu-west-3.amazonaws.com/prod"
    assert invoke_url(aws, "a1b2c3", "$default") == "https://a1b2c3.execute-api.eu-west-3.amazonaws.com"
    local = Target(region="us-east-1", endpoint_url="http://127.0.0.1:4599")
    assert invoke_url(local, "a1b2c3", "prod") == "http://a1b2c3.execute-api.localhost:4599/prod"
    assert invoke_url(local, "a1b2c3", "$default") == "http://a1b2c3.execute-api.localhost:4599"
    assert path_style_url(local, "a1b2c3", "prod") == "http://127.0.0.1:4599/_aws/execute-api/a1b2c3/prod"


def test_apply_prints_the_url_that_answers(emulator_server, copy_example):
    project = copy_example("ApiGatewayV2/http-lambda")
    applied = gc(emulator_server, "-C", str(project), "apply", "-f").stdout
    printed = re.search(r"^my-api::stage-dev: (http://(\w+)\.execute-api\.localhost:\d+/stage-dev)  \(or (http://\S+)\)$", applied, re.M)
    assert printed, applied
    url, api_id, path_style = printed.groups()
    assert path_style == f"{emulator_server.url}/_aws/execute-api/{api_id}/stage-dev"
    output = gc(emulator_server, "-C", str(project), "output", "-t", "ApiGatewayV2::Stage", "-n", "my-api::stage-dev", "-f", "InvokeUrl")
    assert output.stdout.strip() == url
    answer = request(f"{path_style}/my-function")
    assert (answer.status, answer.json()) == (200, "Hello from gc Lambda")
    # a second apply changes nothing and still says where the stage answers
    again = gc(emulator_server, "-C", str(project), "apply", "-f").stdout
    assert f"my-api::stage-dev: {url}" in again
    gc(emulator_server, "-C", str(project), "destroy", "-f")
    assert request(f"{path_style}/my-function").status == 404

"""Every stage has a live InvokeUrl, on AWS and on the emulator (test_hooks shows `gc apply`
printing it and `gc output` reading it)."""

from __future__ import annotations

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


def test_websocket_stage_invoke_url_on_aws_and_on_the_emulator(emulator_server):
    aws = Target(region="eu-west-3")
    assert invoke_url(aws, "a1b2c3", "prod", "WEBSOCKET") == "wss://a1b2c3.execute-api.eu-west-3.amazonaws.com/prod"
    local = Target(region="us-east-1", endpoint_url=emulator_server.url)
    url = invoke_url(local, "a1b2c3", "prod", "WEBSOCKET")
    assert url.startswith("ws://127.0.0.1:") and url.endswith("/a1b2c3/prod") and url != f"{emulator_server.url}/a1b2c3/prod"

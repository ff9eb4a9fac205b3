"""Every HTTP example's on_deployed check, on the emulator: each applied in-process to the
session's emulator server (whose data plane answers), checked, destroyed. http-lambda and
cognito-httpapi run theirs through the CLI in test_hooks.py."""

from __future__ import annotations

import pytest

from conftest import REGION, apply, assert_applied
from grucloud.aws.clients import Target
from grucloud.engine.inventory import discover
from grucloud.engine.scope import plan_types
from grucloud.program import hooks
from grucloud.program.loader import load

EXAMPLES = [
    "ApiGatewayV2/apigw-http-api-eventbridge",
    "ApiGatewayV2/apigw-http-api-eventbridge-custom-bus",
    "ApiGatewayV2/apigw-vpclink-pvt-alb",
    "ApiGatewayV2/apigw-fargate-cdk",
    "ApiGatewayV2/apigw-http-api-lambda",
    "ApiGatewayV2/apigw-http-api-eventbridge-cdk",
    "ApiGatewayV2/apigw-http-eventbridge-terraform",
    "ApiGatewayV2/apigw-sqs-lambda",  # the function reads the queue: event source mappings run
    "ApiGatewayV2/apigw-http-api-sqs-lambda-cdk",
    "ApiGatewayV2/apigw-lambda-observability",  # its metric line, in the function's log
]


@pytest.mark.parametrize("example", EXAMPLES)
def test_on_deployed_passes_on_the_emulator(example, emulator_server, copy_example):
    directory = copy_example(example)
    target = Target(region=REGION, endpoint_url=emulator_server.url, pacing={})
    assert_applied(apply(directory, target, parallelism=4))
    try:
        project = load(directory)
        inventory = discover(target, plan_types(target, project), project.name, project.stage)
        ctx = hooks.HookContext(project, target, [r for r in inventory.resources if r.ours])
        assert hooks.run(hooks.load(directory), "on_deployed", ctx)
    finally:
        assert_applied(apply(directory, target, destroy=True, parallelism=4))

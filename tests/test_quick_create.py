"""An API made by quick create (its Target a Lambda function), GruCloud's apigw-mutualtls-lambda,
in-process against moto: AWS makes the integration, the $default route and the $default stage
with it; they are the API's own (listed as made by AWS, never ours, never deleted one by one),
and the stage, declared read-only, is looked up once the API is made in the same apply."""

from __future__ import annotations

from arrangements import arrange_in_process
from conftest import (
    apply,
    assert_applied,
    assert_converged,
    inventory_of,
    load_checked,
    pending,
    plan_of,
)
from grucloud.engine.diff import Action

EXAMPLE = "ApiGatewayV2/apigw-mutualtls-lambda"
API = ("ApiGatewayV2::Api", "apigw-mutualtls-lambda")
STAGE = ("ApiGatewayV2::Stage", "apigw-mutualtls-lambda::$default")
MAPPING = ("ApiGatewayV2::ApiMapping", "apimapping::grucloud.org::apigw-mutualtls-lambda::$default")


def test_quick_create_children_are_the_apis_own(copy_example, target, boto, monkeypatch):
    arrange_in_process(EXAMPLE, boto, monkeypatch)
    example = copy_example(EXAMPLE)
    run = apply(example, target)
    assert_applied(run)
    (stage,) = [c for c in run.plan.changes if c.key == STAGE]
    assert stage.action is Action.NOOP and stage.after_parent and not stage.problem
    assert STAGE in run.result.done and MAPPING in run.result.done

    apigw = boto("apigatewayv2")
    (api,) = apigw.get_apis()["Items"]
    (integration,) = apigw.get_integrations(ApiId=api["ApiId"])["Items"]
    assert integration["IntegrationUri"].endswith(":function:apigw-mutualtls-lambda-function/invocations")
    assert [r["RouteKey"] for r in apigw.get_routes(ApiId=api["ApiId"])["Items"]] == ["$default"]
    (mapping,) = apigw.get_api_mappings(DomainName="grucloud.org")["Items"]
    assert mapping["Stage"] == "$default" and mapping["ApiId"] == api["ApiId"]

    resources = inventory_of(target, load_checked(example)).resources
    made_by_aws = {r.key: r for r in resources if r.spec.key in ("ApiGatewayV2::Integration", "ApiGatewayV2::Route", "ApiGatewayV2::Stage")}
    assert len(made_by_aws) == 3 and all(r.default and not r.ours for r in made_by_aws.values())
    assert_converged(example, target)

    run = apply(example, target, destroy=True)
    assert_applied(run)
    assert API in pending(run.plan) and not set(made_by_aws) & set(pending(run.plan))
    assert apigw.get_apis()["Items"] == []
    assert {c.key for c in plan_of(example, target).plan.changes if c.problem} == set()

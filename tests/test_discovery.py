"""Discovery in bulk: each type listed once (children once per parent), and names, dependencies
and ownership worked out from live data alone."""

from __future__ import annotations

from collections import Counter

from conftest import apply, load_checked

from grucloud.aws import calls
from grucloud.aws.specs import REGISTRY
from grucloud.engine.inventory import discover


def inventory_of(target, project):
    inventory = discover(target, list(REGISTRY.values()), project.name, project.stage)
    # the emulator's one known gap for these types; real AWS has it
    assert inventory.gaps == ["the local emulator (moto) does not implement apigatewayv2.GetDeployments"]
    return inventory


def test_each_type_is_listed_once_and_children_once_per_parent(target, copy_example):
    folder = copy_example("ApiGatewayV2/http-lambda")
    apply(folder, target)
    project = load_checked(folder)
    calls.reset_counts()
    inventory = inventory_of(target, project)
    made = Counter({op: n for (service, op), n in calls.CALLS.items()})
    # one list call per type; API children once for the one API; permissions once per function
    for operation in ("GetApis", "GetIntegrations", "GetStages", "ListFunctions",
                      "GetPolicy", "ListRoles", "ListPolicies", "DescribeLogGroups"):
        assert made[operation] == 1, (operation, made)
    # routes: once as routes, once more by the authorizers' emulator fallback (no GetAuthorizers)
    assert made["GetRoutes"] == 2 and made["GetAuthorizers"] == 1, made
    # no per-resource GET for what the API Gateway lists already return
    for operation in ("GetApi", "GetIntegration", "GetRoute", "GetStage", "GetFunction"):
        assert made[operation] == 0, (operation, made)
    names = {r.key for r in inventory.resources if r.ours}
    assert ("ApiGatewayV2::Integration", "integration::my-api::my-function") in names
    assert ("ApiGatewayV2::Route", "route::my-api::ANY /my-function") in names
    assert ("ApiGatewayV2::Stage", "my-api::stage-dev") in names


def test_dependencies_are_found_from_live_values(target, copy_example):
    folder = copy_example("ApiGatewayV2/http-lambda")
    apply(folder, target)
    inventory = inventory_of(target, load_checked(folder))
    by_key = inventory.by_key()
    route = by_key[("ApiGatewayV2::Route", "route::my-api::ANY /my-function")]
    assert route.dependencies == {"api": ["my-api"], "integration": ["integration::my-api::my-function"]}
    stage = by_key[("ApiGatewayV2::Stage", "my-api::stage-dev")]
    assert stage.dependencies == {"api": ["my-api"], "logGroup": ["lg-http-test"]}
    role = by_key[("IAM::Role", "lambda-role")]
    assert role.dependencies == {"policies": ["lambda-policy"]}
    function = by_key[("Lambda::Function", "my-function")]
    assert function.dependencies == {"role": ["lambda-role"]}


def test_children_are_ours_through_their_parent(target, copy_example, boto):
    folder = copy_example("ApiGatewayV2/http-lambda")
    apply(folder, target)
    client = boto("apigatewayv2")
    foreign = client.create_api(Name="foreign-api", ProtocolType="HTTP")
    client.create_integration(ApiId=foreign["ApiId"], IntegrationType="HTTP_PROXY", IntegrationUri="https://example.com", IntegrationMethod="GET", PayloadFormatVersion="1.0")
    inventory = inventory_of(target, load_checked(folder))
    integrations = [r for r in inventory.resources if r.spec.type == "Integration"]
    assert {(r.name, r.ours) for r in integrations} == {
        ("integration::my-api::my-function", True),
        ("integration::foreign-api::HTTP_PROXY", False),
    }

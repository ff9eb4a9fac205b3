"""Destroy through AWS's own cascades: DeleteApi takes an API's routes, integrations and stages,
DeleteFunction its resource policy, so a destroy of a parent and its children sends the parent's
delete only. The plan still lists every child, marked as going with its parent, and nothing of
ours is left."""

from __future__ import annotations

import io

from rich.console import Console

from conftest import apply, inventory_of, load_checked, plan_of
from grucloud.aws import calls
from grucloud.cli import render
from grucloud.engine.diff import Action
from grucloud.engine.executor import execution_graph

GOING_WITH_PARENT = {
    ("ApiGatewayV2::Route", "route::my-api::ANY /my-function"): ("ApiGatewayV2::Api", "my-api"),
    ("ApiGatewayV2::Integration", "integration::my-api::my-function"): ("ApiGatewayV2::Api", "my-api"),
    ("ApiGatewayV2::Stage", "my-api::stage-dev"): ("ApiGatewayV2::Api", "my-api"),
}
# read by the function's delete just before it (spec.read_at_parent_delete), not by the plan
PERMISSION = ("Lambda::Permission", "my-function")


def test_a_destroy_deletes_the_api_and_the_function_only_and_leaves_nothing(target, copy_example):
    folder = copy_example("ApiGatewayV2/http-lambda")
    assert apply(folder, target).result.ok
    calls.reset_counts()
    destroyed = apply(folder, target, destroy=True)
    assert destroyed.result.ok

    deletes = {c.key for c in destroyed.plan.changes if c.action is Action.DELETE}
    assert set(GOING_WITH_PARENT) <= deletes  # each child is still in the plan
    assert {c.key: c.with_parent for c in destroyed.plan.changes if c.with_parent} == GOING_WITH_PARENT
    assert PERMISSION not in deletes and PERMISSION in destroyed.result.taken  # found, and gone with its function
    assert calls.CALLS[("lambda", "GetPolicy")] == 1
    assert calls.CALLS[("route53domains", "ListDomains")] == 0  # read-only: never deleted, so not listed
    sent = {op for (_, op), n in calls.CALLS.items() if n}
    assert {"DeleteApi", "DeleteFunction"} <= sent
    assert not sent & {"DeleteRoute", "DeleteIntegration", "DeleteStage", "RemovePermission"}, sent
    left = [r.key for r in inventory_of(target, load_checked(folder)).resources if r.ours]
    assert left == []


WEBSOCKET_CHILDREN = {
    # each goes with its own parent, which goes with the API: one DeleteApi takes them all
    ("ApiGatewayV2::Model", "Message"): ("ApiGatewayV2::Api", "ws-model"),
    ("ApiGatewayV2::IntegrationResponse", "integration::ws-model::MOCK::$default"): ("ApiGatewayV2::Integration", "integration::ws-model::MOCK"),
    ("ApiGatewayV2::RouteResponse", "route::ws-model::sendmessage::$default"): ("ApiGatewayV2::Route", "route::ws-model::sendmessage"),
    ("ApiGatewayV2::Integration", "integration::ws-model::MOCK"): ("ApiGatewayV2::Api", "ws-model"),
    ("ApiGatewayV2::Route", "route::ws-model::sendmessage"): ("ApiGatewayV2::Api", "ws-model"),
    ("ApiGatewayV2::Stage", "ws-model::dev"): ("ApiGatewayV2::Api", "ws-model"),
}


def test_a_websocket_apis_models_and_responses_go_with_it(target, copy_example):
    folder = copy_example("ApiGatewayV2/apigw-websocket-api-model")
    assert apply(folder, target).result.ok
    calls.reset_counts()
    destroyed = apply(folder, target, destroy=True)
    assert destroyed.result.ok
    assert {c.key: c.with_parent for c in destroyed.plan.changes if c.with_parent} == WEBSOCKET_CHILDREN
    sent = {op for (_, op), n in calls.CALLS.items() if n}
    assert "DeleteApi" in sent
    assert not sent & {"DeleteModel", "DeleteIntegrationResponse", "DeleteRouteResponse", "DeleteRoute", "DeleteIntegration"}, sent
    assert [r.key for r in inventory_of(target, load_checked(folder)).resources if r.ours] == []


def _page(plan) -> str:
    out = io.StringIO()
    render.plan_page(Console(file=out, width=250), plan, destroying=True)
    return out.getvalue()


def test_the_plan_says_which_children_go_with_their_parent(target, copy_example):
    folder = copy_example("ApiGatewayV2/http-lambda")
    assert apply(folder, target).result.ok
    plan = plan_of(folder, target, destroy=True).plan  # gc plan --destroy: every child listed
    printed = _page(plan)
    assert "- delete ApiGatewayV2::Route route::my-api::ANY /my-function (goes with its parent ApiGatewayV2::Api my-api" in printed
    assert "- delete Lambda::Permission my-function (goes with its parent Lambda::Function my-function" in printed
    assert render.change_json(next(c for c in plan.changes if c.spec.type == "Stage"))["with_parent"] == "ApiGatewayV2::Api my-api"
    # gc destroy: a function's statements are read by its delete, and the page says so
    printed = _page(plan_of(folder, target, destroy=True, deleting=True).plan)
    assert "Lambda::Permission my-function" not in printed
    assert "and each Lambda::Function's Lambda::Permission, which AWS deletes with it: read just before it goes" in printed


def test_a_child_removed_while_its_parent_stays_is_deleted_by_its_own_call(target, copy_example):
    folder = copy_example("ApiGatewayV2/http-lambda")
    assert apply(folder, target).result.ok
    resources = folder / "resources.py"
    text = resources.read_text()
    start = text.index('        {\n            "type": "Route"')
    end = text.index("\n        },\n", start) + len("\n        },\n")
    resources.write_text(text[:start] + text[end:])
    calls.reset_counts()
    run = apply(folder, target)
    assert run.result.ok
    route = next(c for c in run.plan.changes if c.spec.type == "Route")
    assert route.action is Action.DELETE and route.with_parent is None
    assert calls.CALLS[("apigatewayv2", "DeleteRoute")] == 1
    assert calls.CALLS[("apigatewayv2", "DeleteApi")] == 0


def test_a_foreign_api_and_its_routes_stay_untouched(target, boto, copy_example):
    api = boto("apigatewayv2").create_api(Name="not-ours", ProtocolType="HTTP")["ApiId"]
    boto("apigatewayv2").create_route(ApiId=api, RouteKey="GET /x")
    folder = copy_example("ApiGatewayV2/http-lambda")
    assert apply(folder, target).result.ok
    assert apply(folder, target, destroy=True).result.ok
    assert [r["RouteKey"] for r in boto("apigatewayv2").get_routes(ApiId=api)["Items"]] == ["GET /x"]


def test_an_integration_and_a_route_removed_take_their_responses(target, copy_example):
    folder = copy_example("ApiGatewayV2/apigw-websocket-api-model")
    assert apply(folder, target).result.ok
    resources = folder / "resources.py"
    text = resources.read_text()
    kept = text[:text.index('        {\n            "type": "Integration"')] + text[text.index('        {\n            "type": "Stage"'):]
    resources.write_text(kept)
    calls.reset_counts()
    run = apply(folder, target)
    assert run.result.ok, run.result.failed
    assert {c.key[0]: c.with_parent for c in run.plan.changes if c.action is Action.DELETE} == {
        "ApiGatewayV2::Integration": None, "ApiGatewayV2::Route": None,
        "ApiGatewayV2::IntegrationResponse": ("ApiGatewayV2::Integration", "integration::ws-model::MOCK"),
        "ApiGatewayV2::RouteResponse": ("ApiGatewayV2::Route", "route::ws-model::sendmessage")}
    sent = {op for (_, op), n in calls.CALLS.items() if n}
    assert {"DeleteRoute", "DeleteIntegration"} <= sent
    assert not sent & {"DeleteIntegrationResponse", "DeleteRouteResponse", "DeleteApi"}, sent
    left = {r.spec.key for r in inventory_of(target, load_checked(folder)).resources if r.ours}
    assert left == {"ApiGatewayV2::Api", "ApiGatewayV2::Model", "ApiGatewayV2::Stage"}


def test_a_destroy_orders_only_the_deletes_aws_refuses_in_another_order(target, copy_example):
    """AWS deletes a function while an integration names it, a log group while a stage logs to
    it, a role while a function runs as it: those deletes go in the first round. A policy
    attached to a role is refused (DeleteConflict) until the role's delete detaches it."""
    folder = copy_example("ApiGatewayV2/http-lambda")
    assert apply(folder, target).result.ok
    graph = execution_graph(plan_of(folder, target, destroy=True).plan)
    first_round = {key for key, waits_for in graph.items() if not waits_for}
    assert {("ApiGatewayV2::Api", "my-api"), ("Lambda::Function", "my-function"),
            ("CloudWatchLogs::LogGroup", "lg-http-test"), ("IAM::Role", "lambda-role")} <= first_round
    assert graph[("IAM::Policy", "lambda-policy")] == {("IAM::Role", "lambda-role")}
    destroyed = apply(folder, target, destroy=True, parallelism=1)
    assert destroyed.result.ok
    assert [r.key for r in inventory_of(target, load_checked(folder)).resources if r.ours] == []

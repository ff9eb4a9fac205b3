"""apply → no change → update → replace → delete → destroy, in-process against moto (`mock_aws`).

Each test has a fresh moto world and a private copy of the example, edited like a user would.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

from conftest import (
    actions,
    apply,
    destroyed,
    inventory_of,
    load_checked,
    pending,
    plan_of,
)
from grucloud.aws import calls, tagging
from grucloud.aws.calls import CallFailed
from grucloud.engine.diff import Action, PathChange
from grucloud.program.loader import load

EXAMPLE = "ApiGatewayV2/http-lambda"
PROJECT = "example-aws-api-gateway-lambda"

API = ("ApiGatewayV2::Api", "my-api")
STAGE = ("ApiGatewayV2::Stage", "my-api::stage-dev")
INTEGRATION = ("ApiGatewayV2::Integration", "integration::my-api::my-function")
ROUTE = ("ApiGatewayV2::Route", "route::my-api::ANY /my-function")
LOG_GROUP = ("CloudWatchLogs::LogGroup", "lg-http-test")
POLICY = ("IAM::Policy", "lambda-policy")
ROLE = ("IAM::Role", "lambda-role")
FUNCTION = ("Lambda::Function", "my-function")
PERMISSION = ("Lambda::Permission", "my-function")
ALL = {API, STAGE, INTEGRATION, ROUTE, LOG_GROUP, POLICY, ROLE, FUNCTION, PERMISSION}


def edit(directory: Path, old: str, new: str) -> None:
    path = directory / "resources.py"
    text = path.read_text()
    assert text.count(old) == 1, f"{old!r} occurs {text.count(old)} times in {path}"
    path.write_text(text.replace(old, new))


def ours(target, project) -> set[tuple[str, str]]:
    return {r.key for r in inventory_of(target, project).resources if r.ours}


def assert_converged(directory, target) -> None:
    run = plan_of(directory, target)
    assert pending(run.plan) == {}, [(c.key, c.action, c.changes) for c in run.plan.actions]


def assert_applied(run) -> None:
    result = run.result
    assert result.ok, {"failed": {k: repr(v) for k, v in result.failed.items()}, "skipped": result.skipped}
    assert set(result.done) == {c.key for c in run.plan.actions}


@pytest.fixture
def example(copy_example):
    return copy_example(EXAMPLE)


@pytest.fixture
def applied(example, target):
    """The example, applied once."""
    run = apply(example, target)
    assert actions(run.plan) == {key: Action.CREATE for key in ALL}
    assert_applied(run)
    return example


def test_apply_creates_everything_then_no_change_then_destroy(applied, target, boto):
    project = load_checked(applied)
    inventory = inventory_of(target, project)
    # besides ours, only what AWS makes by itself (e.g. a default event bus) may be live
    assert all(r.default and not r.ours for r in inventory.resources if r.key not in ALL)
    found = {r.key: r for r in inventory.resources if not r.default}
    assert set(found) == ALL
    assert all(r.ours for r in found.values()), [r.key for r in found.values() if not r.ours]
    # dependencies were worked out from the live data alone
    assert found[ROUTE].dependencies == {"api": ["my-api"], "integration": [INTEGRATION[1]]}
    assert found[INTEGRATION].dependencies == {"api": ["my-api"], "lambdaFunction": ["my-function"]}
    assert found[STAGE].dependencies == {"api": ["my-api"], "logGroup": ["lg-http-test"]}
    assert found[FUNCTION].dependencies == {"role": ["lambda-role"]}
    assert found[ROLE].dependencies == {"policies": ["lambda-policy"]}

    # what AWS holds, read from outside gc
    apigw = boto("apigatewayv2")
    (api,) = apigw.get_apis()["Items"]
    assert api["Name"] == "my-api" and api["ProtocolType"] == "HTTP"
    assert tagging.is_ours(api["Tags"], PROJECT, "dev") and api["Tags"]["mykey1"] == "value"
    (integration,) = apigw.get_integrations(ApiId=api["ApiId"])["Items"]
    function_arn = boto("lambda").get_function(FunctionName="my-function")["Configuration"]["FunctionArn"]
    assert integration["IntegrationUri"] == function_arn
    (route,) = apigw.get_routes(ApiId=api["ApiId"])["Items"]
    assert route["RouteKey"] == "ANY /my-function"
    assert route["Target"] == f"integrations/{integration['IntegrationId']}"
    role = boto("iam").get_role(RoleName="lambda-role")["Role"]
    assert boto("lambda").get_function(FunctionName="my-function")["Configuration"]["Role"] == role["Arn"]
    attached = boto("iam").list_attached_role_policies(RoleName="lambda-role")["AttachedPolicies"]
    assert [p["PolicyName"] for p in attached] == ["lambda-policy"]

    assert_converged(applied, target)

    run = apply(applied, target, destroy=True)
    assert destroyed(run) == {key: Action.DELETE for key in ALL}
    assert_applied(run)
    assert ours(target, project) == set()
    assert apigw.get_apis()["Items"] == []
    assert boto("lambda").list_functions()["Functions"] == []
    assert boto("iam").list_policies(Scope="Local")["Policies"] == []
    # destroy again: nothing to do, nothing fails
    run = apply(applied, target, destroy=True)
    assert run.plan.actions == [] and run.result.ok


def test_update_in_place(applied, target, boto):
    edit(applied, '"PayloadFormatVersion": "2.0",', '"PayloadFormatVersion": "2.0",\n                "TimeoutInMillis": 10000,')
    run = plan_of(applied, target)
    assert pending(run.plan) == {INTEGRATION: Action.UPDATE}
    (change,) = run.plan.actions
    assert change.changes == [PathChange("TimeoutInMillis", 30000, 10000)]
    assert change.forcing == []
    integration_id = change.live.live["IntegrationId"]

    run = apply(applied, target)
    assert_applied(run)
    assert_converged(applied, target)
    api_id = change.live.live["ApiId"]
    live = boto("apigatewayv2").get_integration(ApiId=api_id, IntegrationId=integration_id)
    assert live["TimeoutInMillis"] == 10000
    assert live["IntegrationId"] == integration_id  # updated, not replaced


def test_replace_on_a_create_only_path(applied, target, boto):
    old_arn = boto("iam").get_role(RoleName="lambda-role")["Role"]["Arn"]
    edit(applied, '"RoleName": "lambda-role",', '"RoleName": "lambda-role",\n                "Path": "/gc/",')
    run = plan_of(applied, target)
    changes = {c.key: c for c in run.plan.actions}
    assert changes[ROLE].action is Action.REPLACE
    assert changes[ROLE].forcing == ["Path"]
    assert [c.path for c in changes[ROLE].changes] == ["Path"]
    # the role's ARN changes with its path, so the function that names it is updated
    assert changes[FUNCTION].action is Action.UPDATE
    assert [c.path for c in changes[FUNCTION].changes] == ["Configuration.Role"]
    assert set(changes) == {ROLE, FUNCTION}

    run = apply(applied, target)
    assert_applied(run)
    assert_converged(applied, target)
    role = boto("iam").get_role(RoleName="lambda-role")["Role"]
    assert role["Path"] == "/gc/" and role["Arn"] != old_arn
    assert boto("lambda").get_function(FunctionName="my-function")["Configuration"]["Role"] == role["Arn"]
    attached = boto("iam").list_attached_role_policies(RoleName="lambda-role")["AttachedPolicies"]
    assert [p["PolicyName"] for p in attached] == ["lambda-policy"]


def test_replacing_a_dependency_keeps_what_refers_to_it(applied, target, boto):
    # The policy's Description is create-only: the policy is deleted (which detaches it from
    # the role) and created again, and the role must end up with it attached again.
    edit(applied, '"Description": "Allow logs",', '"Description": "Allow logs, v2",')
    run = plan_of(applied, target)
    changes = {c.key: c for c in run.plan.actions}
    assert changes[POLICY].action is Action.REPLACE and changes[POLICY].forcing == ["Description"]
    assert changes[ROLE].action is Action.UPDATE

    run = apply(applied, target)
    assert_applied(run)
    attached = boto("iam").list_attached_role_policies(RoleName="lambda-role")["AttachedPolicies"]
    assert [p["PolicyName"] for p in attached] == ["lambda-policy"]
    assert_converged(applied, target)


def test_children_go_with_a_replaced_parent(applied, target, boto):
    # A new ProtocolType replaces the API; AWS deletes its stages, integrations and routes with
    # it, so they must be created again under the new API, not updated under the old one.
    edit(applied, '"ProtocolType": "HTTP",', '"ProtocolType": "WEBSOCKET",\n                "RouteSelectionExpression": "$request.body.action",')
    edit(applied, '"PayloadFormatVersion": "2.0",', '"PayloadFormatVersion": "1.0",\n                "TimeoutInMillis": 29000,')
    old_api = boto("apigatewayv2").get_apis()["Items"][0]["ApiId"]
    run = plan_of(applied, target)
    changes = {c.key: c for c in run.plan.actions}
    assert changes[API].action is Action.REPLACE and changes[API].forcing == ["ProtocolType"]
    for child in (STAGE, INTEGRATION, ROUTE):
        assert changes[child].action is Action.REPLACE, (child, changes[child].action)
        assert changes[child].forcing == ["ApiId"]

    run = apply(applied, target)
    assert_applied(run)
    assert_converged(applied, target)
    (api,) = boto("apigatewayv2").get_apis()["Items"]
    assert api["ApiId"] != old_api and api["ProtocolType"] == "WEBSOCKET"
    assert len(boto("apigatewayv2").get_integrations(ApiId=api["ApiId"])["Items"]) == 1
    assert [r["RouteKey"] for r in boto("apigatewayv2").get_routes(ApiId=api["ApiId"])["Items"]] == ["ANY /my-function"]
    assert [s["StageName"] for s in boto("apigatewayv2").get_stages(ApiId=api["ApiId"])["Items"]] == ["stage-dev"]


def test_removed_route_is_deleted(applied, target, boto):
    text = (applied / "resources.py").read_text()
    start = text.index('        {\n            "type": "Route"')
    end = text.index('        {\n            "type": "LogGroup"')
    (applied / "resources.py").write_text(text[:start] + text[end:])
    run = plan_of(applied, target)
    assert pending(run.plan) == {ROUTE: Action.DELETE}
    api_id = run.plan.actions[0].live.live["ApiId"]

    run = apply(applied, target)
    assert_applied(run)
    assert boto("apigatewayv2").get_routes(ApiId=api_id)["Items"] == []
    assert_converged(applied, target)
    # the integration the route used is still there
    assert len(boto("apigatewayv2").get_integrations(ApiId=api_id)["Items"]) == 1


def test_edits_to_resources_py_are_always_seen(example, monkeypatch):
    # Python trusts a cached .pyc when size and whole-second mtime match; an edit that keeps
    # the size, made within the same second, must still be loaded.
    monkeypatch.setattr(sys, "dont_write_bytecode", False)
    path = example / "resources.py"
    assert load(example).declarations[5].properties["Description"] == "Allow logs"
    before = path.stat()
    edit(example, '"Allow logs"', '"Allow LOGS"')
    os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))  # the same second, the same size
    assert path.stat().st_size == before.st_size
    assert load(example).declarations[5].properties["Description"] == "Allow LOGS"
    assert not (example / "__pycache__").exists()  # nothing written into the user's project


# --- ownership ---------------------------------------------------------------------------------

ASSUME = '{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"Service": "lambda.amazonaws.com"}, "Action": "sts:AssumeRole"}]}'


def make_foreign(boto) -> dict:
    """Resources gc must never touch: untagged, or tagged by gc for another project or stage."""
    apigw = boto("apigatewayv2")
    untagged = apigw.create_api(Name="foreign-api", ProtocolType="HTTP")["ApiId"]
    integration = apigw.create_integration(
        ApiId=untagged, IntegrationType="HTTP_PROXY", IntegrationMethod="GET",
        IntegrationUri="https://example.com", PayloadFormatVersion="1.0",
    )["IntegrationId"]
    apigw.create_route(ApiId=untagged, RouteKey="GET /x", Target=f"integrations/{integration}")
    other_project = apigw.create_api(
        Name="other-api", ProtocolType="HTTP", Tags=tagging.gc_tags("another-project", "dev")
    )["ApiId"]
    role = boto("iam").create_role(RoleName="foreign-role", AssumeRolePolicyDocument=ASSUME)["Role"]
    boto("lambda").create_function(
        FunctionName="foreign-function", Role=role["Arn"], Runtime="nodejs20.x",
        Handler="index.handler", Code={"ZipFile": b"PK\x05\x06" + b"\x00" * 18},
    )
    boto("logs").create_log_group(logGroupName="foreign-log-group")
    boto("logs").create_log_group(logGroupName="other-project-log-group", tags=tagging.gc_tags("another-project", "dev"))
    return {"apis": {untagged, other_project}}


def make_other_stage(boto) -> str:
    """The same project deployed in another stage: an API with the very same names as ours."""
    apigw = boto("apigatewayv2")
    api = apigw.create_api(Name="my-api", ProtocolType="HTTP", Tags=tagging.gc_tags(PROJECT, "prod"))["ApiId"]
    integration = apigw.create_integration(
        ApiId=api, IntegrationType="HTTP_PROXY", IntegrationMethod="ANY",
        IntegrationUri="https://example.com", PayloadFormatVersion="1.0",
    )["IntegrationId"]
    apigw.create_route(ApiId=api, RouteKey="ANY /my-function", Target=f"integrations/{integration}")
    apigw.create_stage(ApiId=api, StageName="stage-dev", Tags=tagging.gc_tags(PROJECT, "prod"))
    return api


def assert_foreign_intact(boto, foreign) -> None:
    apigw = boto("apigatewayv2")
    apis = {a["ApiId"] for a in apigw.get_apis()["Items"]}
    assert foreign["apis"] <= apis
    for api in foreign["apis"]:
        assert apigw.get_api(ApiId=api)
    untagged = next(a for a in apigw.get_apis()["Items"] if a["Name"] == "foreign-api")["ApiId"]
    assert len(apigw.get_routes(ApiId=untagged)["Items"]) == 1
    assert len(apigw.get_integrations(ApiId=untagged)["Items"]) == 1
    if "prod" in foreign:
        assert len(apigw.get_routes(ApiId=foreign["prod"])["Items"]) == 1
        assert len(apigw.get_integrations(ApiId=foreign["prod"])["Items"]) == 1
        assert len(apigw.get_stages(ApiId=foreign["prod"])["Items"]) == 1
    assert boto("iam").get_role(RoleName="foreign-role")
    assert boto("lambda").get_function(FunctionName="foreign-function")
    names = {g["logGroupName"] for g in boto("logs").describe_log_groups()["logGroups"]}
    assert {"foreign-log-group", "other-project-log-group"} <= names


def test_foreign_resources_are_never_touched(example, target, boto):
    foreign = make_foreign(boto)
    run = apply(example, target)
    assert actions(run.plan) == {key: Action.CREATE for key in ALL}
    assert_applied(run)
    assert_foreign_intact(boto, foreign)

    project = load_checked(example)
    inventory = inventory_of(target, project)
    assert {r.key for r in inventory.resources if r.ours} == ALL
    foreign_found = [r for r in inventory.resources if not r.ours]
    assert {r.name for r in foreign_found} >= {"foreign-api", "other-api", "foreign-role", "foreign-function", "foreign-log-group"}

    assert_converged(example, target)
    # the same project in another stage, with the same names, deployed next to ours
    foreign["prod"] = make_other_stage(boto)
    foreign["apis"].add(foreign["prod"])
    assert_converged(example, target)
    # a plan after removing everything from resources.py deletes only ours
    (example / "resources.py").write_text("def create_resources(config):\n    return []\n")
    run = plan_of(example, target)
    assert pending(run.plan) == {key: Action.DELETE for key in ALL}
    assert all(c.live.ours for c in run.plan.actions)

    run = apply(example, target, destroy=True)
    assert destroyed(run) == {key: Action.DELETE for key in ALL}
    assert all(c.live.ours for c in run.plan.actions)
    assert_applied(run)
    assert ours(target, project) == set()
    assert_foreign_intact(boto, foreign)


# --- failures ----------------------------------------------------------------------------------

FAILING = '''
def create_resources(config):
    return [
        {"type": "Api", "group": "ApiGatewayV2", "properties": {"Name": "my-api", "ProtocolType": "HTTP"}},
        {"type": "LogGroup", "group": "CloudWatchLogs", "properties": {"logGroupName": "lg"}},
        {
            "type": "Role", "group": "IAM",
            "properties": {"RoleName": "good-role", "AssumeRolePolicyDocument": {
                "Version": "2012-10-17",
                "Statement": [{"Effect": "Allow", "Action": "sts:AssumeRole",
                               "Principal": {"Service": "lambda.amazonaws.com"}}]}},
        },
        {
            "type": "Function", "group": "Lambda",
            # no such role: Lambda refuses to create the function
            "properties": {"Configuration": {"FunctionName": "my-function", "Handler": "my-function.handler",
                                             "Runtime": "nodejs20.x",
                                             "Role": "arn:aws:iam::123456789012:role/does-not-exist"}},
        },
        {
            "type": "Function", "group": "Lambda",
            "properties": {"Configuration": {"FunctionName": "other-function", "Handler": "index.handler",
                                             "Runtime": "nodejs20.x"}},
            "dependencies": {"role": "good-role"},
        },
        {
            "type": "Integration", "group": "ApiGatewayV2",
            "properties": {"IntegrationType": "AWS_PROXY", "IntegrationMethod": "POST", "PayloadFormatVersion": "2.0"},
            "dependencies": {"api": "my-api", "lambdaFunction": "my-function"},
        },
        {
            "type": "Integration", "group": "ApiGatewayV2",
            "properties": {"IntegrationType": "AWS_PROXY", "IntegrationMethod": "POST", "PayloadFormatVersion": "2.0"},
            "dependencies": {"api": "my-api", "lambdaFunction": "other-function"},
        },
        {
            "type": "Route", "group": "ApiGatewayV2", "properties": {"RouteKey": "ANY /my-function"},
            "dependencies": {"api": "my-api", "integration": "integration::my-api::my-function"},
        },
        {
            "type": "Route", "group": "ApiGatewayV2", "properties": {"RouteKey": "ANY /other"},
            "dependencies": {"api": "my-api", "integration": "integration::my-api::other-function"},
        },
        {
            "type": "Permission", "group": "Lambda",
            "properties": {"Permissions": [{"Action": "lambda:InvokeFunction", "FunctionName": "my-function",
                                            "Principal": "apigateway.amazonaws.com", "StatementId": "s1"}]},
            "dependencies": {"lambdaFunction": "my-function"},
        },
    ]
'''


def test_a_failure_skips_only_its_dependents(example, target, monkeypatch):
    monkeypatch.setattr(calls, "sleep", lambda seconds: None)  # the retries of "role not ready"
    (example / "resources.py").write_text(FAILING)
    (example / "other-function").mkdir()
    (example / "other-function" / "index.js").write_text("exports.handler = async () => ({});\n")
    run = apply(example, target)
    result = run.result
    bad = ("Lambda::Function", "my-function")
    assert set(result.failed) == {bad}
    error = result.failed[bad]
    assert isinstance(error, CallFailed) and error.operation == "CreateFunction"
    assert "cannot be assumed" in str(error)
    assert result.skipped == {
        INTEGRATION: bad,
        ROUTE: bad,
        ("Lambda::Permission", "my-function"): bad,
    }
    assert set(result.done) == {
        API,
        ("CloudWatchLogs::LogGroup", "lg"),
        ("IAM::Role", "good-role"),
        ("Lambda::Function", "other-function"),
        ("ApiGatewayV2::Integration", "integration::my-api::other-function"),
        ("ApiGatewayV2::Route", "route::my-api::ANY /other"),
    }
    # the next plan creates exactly what is missing and nothing else
    run = plan_of(example, target)
    assert pending(run.plan) == {
        bad: Action.CREATE, INTEGRATION: Action.CREATE, ROUTE: Action.CREATE,
        ("Lambda::Permission", "my-function"): Action.CREATE,
    }

"""What was declared before and is not now goes back to AWS's default, and the plan says so;
numbers compare as numbers; write-only members and what AWS fills by itself are never a change."""

from __future__ import annotations

from conftest import apply, assert_applied, assert_converged, edit, pending, plan_of
from grucloud.aws import declarable
from grucloud.aws.specs import REGISTRY
from grucloud.engine.diff import Action, PathChange, action_for, diff

API = REGISTRY["ApiGatewayV2::Api"]
INTEGRATION = REGISTRY["ApiGatewayV2::Integration"]
ROUTE = REGISTRY["ApiGatewayV2::Route"]
STAGE = REGISTRY["ApiGatewayV2::Stage"]
ROLE = REGISTRY["IAM::Role"]


def removed(changes: list[PathChange]) -> dict:
    return {c.path: c.new for c in changes if c.removed}


def test_a_string_no_longer_declared_is_sent_empty():
    live = {"ApiId": "a", "Name": "n", "ProtocolType": "HTTP", "Description": "old", "Version": "1"}
    changes = diff(API, {"Name": "n", "ProtocolType": "HTTP"}, live)
    assert removed(changes) == {"Description": "", "Version": ""}
    assert action_for(API, live, changes)[0] is Action.UPDATE


def test_a_map_key_no_longer_declared_is_removed_as_aws_removes_it():
    live = {"RequestParameters": {"append:header.a": "x", "append:header.b": "y"}}
    changes = diff(INTEGRATION, {"RequestParameters": {"append:header.a": "x"}}, live)
    # a key with dots in it stays one key
    assert [(c.keys, c.new) for c in changes] == [(("RequestParameters", "append:header.b"), "")]
    # the whole map gone: each key sent empty
    assert removed(diff(INTEGRATION, {}, live)) == {"RequestParameters": {"append:header.a": "", "append:header.b": ""}}


def test_removals_that_take_their_own_call():
    assert removed(diff(API, {}, {"CorsConfiguration": {"AllowOrigins": ["*"]}})) == {"CorsConfiguration": declarable.OWN_CALL}
    live = {"RequestParameters": {"route.request.header.a": {"Required": True}}}
    assert removed(diff(ROUTE, {}, live)) == {"RequestParameters": declarable.OWN_CALL}
    assert removed(diff(STAGE, {}, {"RouteSettings": {"GET /": {"ThrottlingBurstLimit": 5}}})) == {"RouteSettings": declarable.OWN_CALL}


def test_a_nested_member_no_longer_declared():
    live = {"CorsConfiguration": {"AllowOrigins": ["*"], "AllowMethods": ["GET"], "MaxAge": 60}}
    changes = diff(API, {"CorsConfiguration": {"AllowOrigins": ["*"]}}, live)
    assert removed(changes) == {"CorsConfiguration.AllowMethods": [], "CorsConfiguration.MaxAge": -1}


def test_what_aws_fills_by_itself_is_no_removal():
    # read-only (ApiEndpoint), AWS's own values (an HTTP API's route selection), a number or a
    # boolean AWS chose (a role's MaxSessionDuration is a default), empty values, gc's tags
    live = {"ApiId": "a", "Name": "n", "ProtocolType": "HTTP", "ApiEndpoint": "https://x", "Description": "",
            "RouteSelectionExpression": "$request.method $request.path", "Tags": {"gc-stage": "dev"}}
    assert diff(API, {"Name": "n", "ProtocolType": "HTTP", "Tags": {"gc-stage": "dev"}}, live) == []
    # a WebSocket integration's server defaults
    assert diff(INTEGRATION, {}, {"PayloadFormatVersion": "1.0", "PassthroughBehavior": "WHEN_NO_MATCH"}) == []
    # a stage deployed by AutoDeploy; route settings at AWS's own values
    live = {"DeploymentId": "d1", "DefaultRouteSettings": {"ThrottlingBurstLimit": 0, "DetailedMetricsEnabled": False, "LoggingLevel": "OFF"}}
    assert diff(STAGE, {"DefaultRouteSettings": {"DetailedMetricsEnabled": False}}, live) == []


def test_a_number_the_spec_knows_how_to_unset():
    live = {"DefaultRouteSettings": {"ThrottlingBurstLimit": 100, "ThrottlingRateLimit": 8888.0}}
    assert removed(diff(STAGE, {"DefaultRouteSettings": {"DetailedMetricsEnabled": False}}, live)) == {
        "DefaultRouteSettings.ThrottlingBurstLimit": 0, "DefaultRouteSettings.ThrottlingRateLimit": 0.0}


def test_numbers_compare_as_numbers():
    live = {"DefaultRouteSettings": {"ThrottlingRateLimit": 8888.0, "ThrottlingBurstLimit": 10}}
    assert diff(STAGE, {"DefaultRouteSettings": {"ThrottlingRateLimit": 8888, "ThrottlingBurstLimit": 10.0}}, live) == []
    assert diff(STAGE, {"DefaultRouteSettings": {"ThrottlingRateLimit": 8889, "ThrottlingBurstLimit": 10}}, live) == [
        PathChange("DefaultRouteSettings.ThrottlingRateLimit", 8888.0, 8889)]
    # a boolean is no number
    assert diff(ROLE, {"MaxSessionDuration": True}, {"MaxSessionDuration": 1}) != []


def test_write_only_members_from_the_model_are_not_compared():
    # quick create: AWS never returns Target, RouteKey, CredentialsArn
    want = {"Name": "n", "ProtocolType": "HTTP", "Target": "arn:aws:lambda:us-east-1:1:function:f", "RouteKey": "GET /",
            "CredentialsArn": "arn:aws:iam::1:role/r"}
    assert diff(API, want, {"ApiId": "a", "Name": "n", "ProtocolType": "HTTP"}) == []


API_WITH_EXTRAS = '''
def create_resources(config):
    return [
        {"type": "Api", "group": "ApiGatewayV2", "properties": {
            "Name": "removals-api", "Description": "d", "Version": "v1",
            "CorsConfiguration": {"AllowOrigins": ["https://example.com"], "AllowMethods": ["GET"]},
        }},
        {"type": "Integration", "group": "ApiGatewayV2", "properties": {
            "IntegrationType": "HTTP_PROXY", "IntegrationMethod": "GET", "IntegrationUri": "https://example.com",
            "PayloadFormatVersion": "1.0",
            "RequestParameters": {"append:header.a": "x", "append:header.b": "y"},
        }, "dependencies": {"api": "removals-api"}},
        {"type": "Route", "group": "ApiGatewayV2", "properties": {"RouteKey": "GET /", "OperationName": "get-it"},
         "dependencies": {"api": "removals-api", "integration": "integration::removals-api::HTTP_PROXY"}},
    ]
'''


def test_removed_properties_go_back_to_aws_defaults_and_the_plan_converges(target, boto, write_project):
    directory = write_project(API_WITH_EXTRAS)
    assert_applied(apply(directory, target))
    assert_converged(directory, target)
    edit(directory, '"Description": "d", "Version": "v1",', "")
    edit(directory, '"CorsConfiguration": {"AllowOrigins": ["https://example.com"], "AllowMethods": ["GET"]},', "")
    edit(directory, ', "append:header.b": "y"', "")
    edit(directory, ', "OperationName": "get-it"', "")
    plan = plan_of(directory, target).plan
    assert set(pending(plan).values()) == {Action.UPDATE}
    shown = {(c.spec.type, p.path) for c in plan.actions for p in c.changes if p.removed}
    assert shown == {("Api", "Description"), ("Api", "Version"), ("Api", "CorsConfiguration"),
                     ("Integration", "RequestParameters.append:header.b"), ("Route", "OperationName")}
    assert all("removed from resources.py" in c.reason for c in plan.actions)
    assert_applied(apply(directory, target))
    assert_converged(directory, target)
    client = boto("apigatewayv2")
    api = client.get_apis()["Items"][0]
    assert not api.get("Description") and not api.get("Version") and "CorsConfiguration" not in api
    integration = client.get_integrations(ApiId=api["ApiId"])["Items"][0]
    assert integration["RequestParameters"] == {"append:header.a": "x"}
    route = client.get_routes(ApiId=api["ApiId"])["Items"][0]
    assert not route.get("OperationName")

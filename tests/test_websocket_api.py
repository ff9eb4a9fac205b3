"""The WebSocket example, apigw-websocket-api-lambda, in-process against moto (`mock_aws`):
apply → no change → an in-place update → a replacement → destroy leaves none of ours; and
what the emulator cannot do (update a stage), shown as a skip that names the gap."""

from __future__ import annotations

import pytest

from conftest import (
    apply,
    assert_applied,
    assert_converged,
    destroyed,
    edit,
    ours,
    pending,
    plan_of,
)
from grucloud.engine.diff import Action, PathChange

EXAMPLE = "ApiGatewayV2/apigw-websocket-api-lambda"
API = ("ApiGatewayV2::Api", "sam-app")
STAGE = ("ApiGatewayV2::Stage", "sam-app::prod")
TABLE = ("DynamoDB::Table", "sam-app-websocket_connections")
TABLE_POLICY = ("IAM::Policy", "sam-app-websocket-connections-table")
MANAGE_POLICY = ("IAM::Policy", "sam-app-manage-connections")
SEND_ROUTE = ("ApiGatewayV2::Route", "route::sam-app::sendmessage")


@pytest.fixture
def applied(copy_example, target):
    example = copy_example(EXAMPLE)
    run = apply(example, target)
    assert_applied(run)
    assert set(pending(run.plan).values()) == {Action.CREATE} and len(run.plan.actions) == 20
    return example


def test_apply_update_replace_destroy(applied, target, boto):
    assert_converged(applied, target)
    found = ours(target, applied)
    assert len(found) == 20
    apigw = boto("apigatewayv2")
    (api,) = apigw.get_apis()["Items"]
    assert api["ProtocolType"] == "WEBSOCKET" and api["RouteSelectionExpression"] == "$request.body.action"
    routes = {r["RouteKey"]: r for r in apigw.get_routes(ApiId=api["ApiId"])["Items"]}
    assert set(routes) == {"$connect", "$disconnect", "sendmessage"}
    integrations = {i["IntegrationId"]: i for i in apigw.get_integrations(ApiId=api["ApiId"])["Items"]}
    # each route goes to its own function's integration
    connect = integrations[routes["$connect"]["Target"].removeprefix("integrations/")]
    # a WebSocket API invokes a function by its invoke ARN only (gc once sent the bare ARN)
    assert connect["IntegrationUri"].startswith("arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/")
    assert connect["IntegrationUri"].endswith(":function:sam-app-onconnect-function/invocations")
    assert connect["TimeoutInMillis"] == 29000 and connect["PassthroughBehavior"] == "WHEN_NO_MATCH"
    # the table policy names the table's ARN, known only once the table existed
    table_arn = boto("dynamodb").describe_table(TableName=TABLE[1])["Table"]["TableArn"]
    document = found[TABLE_POLICY].live["PolicyDocument"]
    assert document["Statement"][0]["Resource"] == [table_arn, f"{table_arn}/index/*"]

    # in place: more read capacity, and a route's operation name
    edit(applied, '"ProvisionedThroughput": {"ReadCapacityUnits": 5, "WriteCapacityUnits": 5}',
         '"ProvisionedThroughput": {"ReadCapacityUnits": 10, "WriteCapacityUnits": 5}')
    edit(applied, '"sam-app-post-function": ("post.handler", "sendmessage", "PostRoute")',
         '"sam-app-post-function": ("post.handler", "sendmessage", "SendMessageRoute")')
    run = plan_of(applied, target)
    changes = {c.key: c for c in run.plan.actions}
    assert changes[TABLE].action is Action.UPDATE
    assert changes[TABLE].changes == [PathChange("ProvisionedThroughput.ReadCapacityUnits", 5, 10)]
    assert changes[SEND_ROUTE].action is Action.UPDATE
    assert changes[SEND_ROUTE].changes == [PathChange("OperationName", "PostRoute", "SendMessageRoute")]
    created = boto("dynamodb").describe_table(TableName=TABLE[1])["Table"]["CreationDateTime"]
    assert_applied(apply(applied, target))
    assert_converged(applied, target)
    table = boto("dynamodb").describe_table(TableName=TABLE[1])["Table"]
    assert table["ProvisionedThroughput"]["ReadCapacityUnits"] == 10
    assert table["CreationDateTime"] == created  # the same table
    route = next(r for r in apigw.get_routes(ApiId=api["ApiId"])["Items"] if r["RouteKey"] == "sendmessage")
    assert route["OperationName"] == "SendMessageRoute" and route["RouteId"] == routes["sendmessage"]["RouteId"]

    # a table's key cannot change: the plan says the table is replaced (its items with it)
    edit(applied, '"AttributeDefinitions": [{"AttributeName": "connectionId", "AttributeType": "S"}]',
         '"AttributeDefinitions": [{"AttributeName": "id", "AttributeType": "S"}]')
    edit(applied, '"KeySchema": [{"AttributeName": "connectionId", "KeyType": "HASH"}]',
         '"KeySchema": [{"AttributeName": "id", "KeyType": "HASH"}]')
    run = plan_of(applied, target)
    # the policy names the table's ARN: known again only once the new table exists
    assert pending(run.plan) == {TABLE: Action.REPLACE, TABLE_POLICY: Action.UPDATE}
    changes = {c.key: c for c in run.plan.actions}
    assert sorted(changes[TABLE].forcing) == ["AttributeDefinitions", "KeySchema"]
    assert_applied(apply(applied, target))
    assert_converged(applied, target)
    table = boto("dynamodb").describe_table(TableName=TABLE[1])["Table"]
    assert table["KeySchema"] == [{"AttributeName": "id", "KeyType": "HASH"}]

    run = apply(applied, target, destroy=True)
    assert_applied(run)
    assert len(destroyed(run)) == 20
    assert ours(target, applied) == {}
    assert apigw.get_apis()["Items"] == []
    assert boto("dynamodb").list_tables()["TableNames"] == []


def test_a_policy_document_change_makes_its_new_default_version(applied, target, boto):
    edit(applied, '"Action": ["execute-api:ManageConnections"],', '"Action": ["execute-api:ManageConnections", "execute-api:Invoke"],')
    run = plan_of(applied, target)
    assert pending(run.plan) == {MANAGE_POLICY: Action.UPDATE}
    assert [c.path for c in run.plan.actions[0].changes] == ["PolicyDocument.Statement"]
    assert_applied(apply(applied, target))
    assert_converged(applied, target)
    iam = boto("iam")
    arn = next(p["Arn"] for p in iam.list_policies(Scope="Local")["Policies"] if p["PolicyName"] == MANAGE_POLICY[1])
    version = iam.get_policy(PolicyArn=arn)["Policy"]["DefaultVersionId"]
    document = iam.get_policy_version(PolicyArn=arn, VersionId=version)["PolicyVersion"]["Document"]
    assert document["Statement"][0]["Action"] == ["execute-api:ManageConnections", "execute-api:Invoke"]


def test_a_stage_is_updated_in_place(applied, target, boto):
    edit(applied, '"Description": "Prod Stage"', '"Description": "Production stage"')
    run = plan_of(applied, target)
    assert pending(run.plan) == {STAGE: Action.UPDATE}
    assert_applied(apply(applied, target))
    assert_converged(applied, target)
    apigw = boto("apigatewayv2")
    (api,) = apigw.get_apis()["Items"]
    (stage,) = apigw.get_stages(ApiId=api["ApiId"])["Items"]
    assert stage["Description"] == "Production stage"

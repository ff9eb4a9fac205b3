"""The SQS and Step Functions examples in-process against moto: what the integrations are filled
with, a role's inline policies put, changed and removed one by one, a queue changed in place,
and destroy leaving none of ours."""

from __future__ import annotations

import json

import pytest

from conftest import (
    apply,
    assert_applied,
    assert_converged,
    edit,
    ours,
    pending,
    plan_of,
)
from grucloud.engine.diff import Action

SQS_EXAMPLE = "ApiGatewayV2/apigw-sqs-lambda"
SFN_EXAMPLE = "ApiGatewayV2/apigw-sfn"
API_ROLE = ("IAM::Role", "sam-app-MyHttpApiRole-IAG13XOOCKHW")
QUEUE = ("SQS::Queue", "MySqsQueue")


@pytest.fixture
def sqs_applied(copy_example, target):
    example = copy_example(SQS_EXAMPLE)
    run = apply(example, target)
    assert_applied(run)
    assert set(pending(run.plan).values()) == {Action.CREATE} and len(run.plan.actions) == 10
    return example


def test_queue_integration_mapping_and_inline_policies(sqs_applied, target, boto):
    assert_converged(sqs_applied, target)
    url = boto("sqs").get_queue_url(QueueName="MySqsQueue")["QueueUrl"]
    arn = boto("sqs").get_queue_attributes(QueueUrl=url, AttributeNames=["QueueArn"])["Attributes"]["QueueArn"]
    (api,) = boto("apigatewayv2").get_apis()["Items"]
    (integration,) = boto("apigatewayv2").get_integrations(ApiId=api["ApiId"])["Items"]
    # the sqsQueue dependency filled the queue's URL
    assert integration["RequestParameters"] == {"MessageBody": "$request.body", "QueueUrl": url}
    (mapping,) = boto("lambda").list_event_source_mappings(FunctionName="MyLambdaFunction")["EventSourceMappings"]
    assert mapping["EventSourceArn"] == arn and mapping["BatchSize"] == 10
    iam = boto("iam")
    document = iam.get_role_policy(RoleName=API_ROLE[1], PolicyName="AllowSqsIntegration")["PolicyDocument"]
    assert document["Statement"][0]["Resource"] == arn

    # one inline policy changed, one added: the role is updated, nothing else
    edit(sqs_applied, '"sqs:SendMessage", "sqs:GetQueueUrl", "sqs:SendMessageBatch"', '"sqs:SendMessage"')
    edit(sqs_applied, '"PolicyName": "AllowSqsIntegration",\n                    }\n',
         '"PolicyName": "AllowSqsIntegration",\n                    },\n'
         '                    {"PolicyName": "Extra", "PolicyDocument": {"Version": "2012-10-17", "Statement": ['
         '{"Effect": "Allow", "Action": "sqs:ListQueues", "Resource": "*"}]}},\n')
    run = apply(sqs_applied, target)
    assert_applied(run)
    assert pending(run.plan) == {API_ROLE: Action.UPDATE}
    assert sorted(iam.list_role_policies(RoleName=API_ROLE[1])["PolicyNames"]) == ["AllowSqsIntegration", "Extra"]
    document = iam.get_role_policy(RoleName=API_ROLE[1], PolicyName="AllowSqsIntegration")["PolicyDocument"]
    assert document["Statement"][0]["Action"] == ["sqs:SendMessage"]
    assert_converged(sqs_applied, target)

    # an empty list removes them; a queue attribute changes in place
    text = (sqs_applied / "resources.py").read_text()
    start = text.index('"Policies": [')
    end = text.index('"dependencies": {"sqsQueues"')
    (sqs_applied / "resources.py").write_text(text[:start] + '"Policies": [],\n            },\n            ' + text[end:])
    edit(sqs_applied, '"properties": {"QueueName": QUEUE},', '"properties": {"QueueName": QUEUE, "Attributes": {"VisibilityTimeout": "60"}},')
    run = apply(sqs_applied, target)
    assert_applied(run)
    assert pending(run.plan) == {API_ROLE: Action.UPDATE, QUEUE: Action.UPDATE}
    assert iam.list_role_policies(RoleName=API_ROLE[1])["PolicyNames"] == []
    assert boto("sqs").get_queue_attributes(QueueUrl=url, AttributeNames=["VisibilityTimeout"])["Attributes"] == {"VisibilityTimeout": "60"}
    assert_converged(sqs_applied, target)

    assert apply(sqs_applied, target, destroy=True).result.ok
    assert ours(target, sqs_applied) == {}
    assert boto("sqs").list_queues().get("QueueUrls", []) == []


def test_removing_the_policies_keys_removes_the_policies(sqs_applied, target, boto):
    # not empty lists: the keys themselves are gone from resources.py (issue 14)
    text = (sqs_applied / "resources.py").read_text()
    start = text.index('"Policies": [')
    end = text.index('"dependencies": {"sqsQueues"')
    text = text[:start] + "},\n            " + text[end:]
    start = text.index('"AttachedPolicies": [')
    end = text.index("],", start) + len("],")
    (sqs_applied / "resources.py").write_text(text[:start] + text[end:])
    run = plan_of(sqs_applied, target)
    changes = {c.key: c for c in run.plan.actions}
    function_role = ("IAM::Role", "sam-app-MyLambdaFunctionRole-MQLVXO5LF3G")
    assert set(changes) == {API_ROLE, function_role}
    (removal,) = changes[API_ROLE].changes
    assert removal.path == "Policies" and removal.removed
    assert [p["PolicyName"] for p in removal.old] == ["AllowSqsIntegration"]
    (detach,) = changes[function_role].changes
    assert detach.path == "AttachedPolicies" and detach.removed and len(detach.old) == 2
    assert_applied(apply(sqs_applied, target))
    iam = boto("iam")
    assert iam.list_role_policies(RoleName=API_ROLE[1])["PolicyNames"] == []
    assert iam.list_attached_role_policies(RoleName=function_role[1])["AttachedPolicies"] == []
    assert_converged(sqs_applied, target)


def test_state_machine_integration_is_filled_and_named_after_it(copy_example, target, boto):
    example = copy_example(SFN_EXAMPLE)
    assert_applied(apply(example, target))
    assert_converged(example, target)
    (machine,) = boto("stepfunctions").list_state_machines()["stateMachines"]
    (api,) = boto("apigatewayv2").get_apis()["Items"]
    (integration,) = boto("apigatewayv2").get_integrations(ApiId=api["ApiId"])["Items"]
    assert integration["RequestParameters"]["StateMachineArn"] == machine["stateMachineArn"]
    found = ours(target, example)
    assert ("ApiGatewayV2::Integration", "integration::processFormExample::StateMachineExpressSync-2CoJnh1wm0fA") in found
    described = boto("stepfunctions").describe_state_machine(stateMachineArn=machine["stateMachineArn"])
    assert json.loads(described["definition"])["StartAt"] == "Pass" and described["type"] == "EXPRESS"

    # the definition changes in place: UpdateStateMachine, same ARN
    edit(example, '"Seconds": 3,', '"Seconds": 5,')
    run = plan_of(example, target)
    assert pending(run.plan) == {("StepFunctions::StateMachine", "StateMachineExpressSync-2CoJnh1wm0fA"): Action.UPDATE}
    assert_applied(apply(example, target))
    assert_converged(example, target)
    assert boto("stepfunctions").list_state_machines()["stateMachines"][0]["stateMachineArn"] == machine["stateMachineArn"]

    assert apply(example, target, destroy=True).result.ok
    assert ours(target, example) == {}

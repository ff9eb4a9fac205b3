"""A Lambda integration whose function API Gateway may not invoke answers 500 on AWS: `gc plan`
says so, naming the integration, the function and the Lambda::Permission to add; and deleting an
integration removes no permission statement gc never added."""

from __future__ import annotations

import re

from conftest import apply, load_checked, made_calls
from grucloud.__main__ import main
from grucloud.aws import calls
from grucloud.aws.specs import REGISTRY
from grucloud.engine import invoke_permissions
from grucloud.engine.diff import Action
from grucloud.engine.inventory import Inventory, LiveResource
from grucloud.engine.plan import Change, Plan

BLOCK = r'        \{{\n            "type": "{}",.*?\n        \}},\n'
PERMISSION = re.compile(BLOCK.format("Permission"), re.S)


def _without_permission(copy_example):
    project = copy_example("ApiGatewayV2/http-lambda")
    text = (project / "resources.py").read_text()
    assert len(PERMISSION.findall(text)) == 1
    (project / "resources.py").write_text(PERMISSION.sub("", text))
    return project


def _plan(capsys, project) -> str:
    assert main(["-C", str(project), "plan"]) == 0
    return capsys.readouterr().err


def test_plan_warns_when_no_permission_is_declared_nor_live(target, boto, copy_example, capsys):
    project = _without_permission(copy_example)
    said = _plan(capsys, project)
    assert ("warning: ApiGatewayV2::Integration integration::my-api::my-function calls Lambda::Function my-function, "
            "which API Gateway may not invoke (no permission for apigateway.amazonaws.com, declared or live): "
            "the API will answer 500.") in said
    assert '"Principal": "apigateway.amazonaws.com"' in said
    assert "\"SourceArn\": f\"{ctx.get_id('ApiGatewayV2::Api', 'my-api', 'ArnV2')}/*/*\"" in said
    assert '"dependencies": {"lambdaFunction": "my-function", "apiGatewayV2Apis": ["my-api"]}' in said

    assert apply(project, target).result.ok

    # deleting the integration (and its route) removes no statement: gc never added one for it
    text = (project / "resources.py").read_text()
    for kind in ("Integration", "Route"):
        text = re.sub(BLOCK.format(kind), "", text, count=1, flags=re.S)
    (project / "resources.py").write_text(text)
    calls.reset_counts()
    run = apply(project, target)
    assert set(run.result.done) == {("ApiGatewayV2::Integration", "integration::my-api::my-function"),
                                    ("ApiGatewayV2::Route", "route::my-api::ANY /my-function")}
    assert made_calls()["RemovePermission"] == 0


def test_no_warning_when_a_permission_is_declared(copy_example):
    folder = copy_example("ApiGatewayV2/http-lambda")
    assert invoke_permissions.missing(load_checked(folder), Inventory([])) == []
    folder.rename(folder.with_name("declared"))
    without = load_checked(_without_permission(copy_example))
    assert len(invoke_permissions.missing(without, Inventory([]))) == 1


def test_a_live_statement_counts_unless_the_plan_deletes_it(copy_example):
    project = load_checked(_without_permission(copy_example))
    statement = {"Action": "lambda:InvokeFunction", "Principal": "apigateway.amazonaws.com", "StatementId": "console"}
    live = LiveResource(REGISTRY["Lambda::Permission"], {"FunctionName": "my-function", "Permissions": [statement]},
                        name="my-function", ours=True)
    assert invoke_permissions.missing(project, Inventory([live]), Plan([])) == []
    # added by hand to a function of ours, it is not declared: the plan deletes it, and warns
    deleting = Plan([Change(Action.DELETE, REGISTRY["Lambda::Permission"], "my-function")])
    assert len(invoke_permissions.missing(project, Inventory([live]), deleting)) == 1

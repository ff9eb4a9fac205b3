"""A Lambda integration whose function API Gateway may not invoke answers 500 on AWS: `gc plan`
says so, naming the integration, the function and the Lambda::Permission to add; and deleting an
integration removes no permission statement gc never added."""

from __future__ import annotations

import re

from conftest import apply, made_calls

from grucloud.__main__ import main
from grucloud.aws import calls

PERMISSION = re.compile(r'        \{\n            "type": "Permission",.*?\n        \},\n', re.S)


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

    # one added outside resources.py (by the console, say) is enough
    assert apply(project, target).result.ok
    boto("lambda").add_permission(FunctionName="my-function", StatementId="console", Action="lambda:InvokeFunction",
                                  Principal="apigateway.amazonaws.com")
    assert "warning" not in _plan(capsys, project)


def test_plan_does_not_warn_when_a_permission_is_declared(target, copy_example, capsys):
    assert "warning" not in _plan(capsys, copy_example("ApiGatewayV2/http-lambda"))


def test_destroying_an_integration_removes_only_the_statements_that_were_declared(target, copy_example):
    project = copy_example("ApiGatewayV2/http-lambda")
    assert apply(project, target).result.ok
    calls.reset_counts()
    assert apply(project, target, destroy=True).result.ok
    assert made_calls()["RemovePermission"] == 1  # the declared Lambda::Permission's one statement

"""An HTTP API defined by an OpenAPI document (`Body`, as Terraform's `body`), in-process against
moto: imported after CreateApi, imported again when the document changes (ReimportApi), the
routes and integrations it makes the API's own (never diffed, deleted or counted as ours), and
its declared name and stage kept through a re-import."""

from __future__ import annotations

import json

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
from test_bad_input import problem
from test_gencode import run_gencode

API = ("ApiGatewayV2::Api", "pets")
STAGE = ("ApiGatewayV2::Stage", "pets::$default")


def document(*paths: str) -> dict:
    return {
        "openapi": "3.0.1",
        "info": {"title": "pets-from-openapi", "version": "1.0"},
        "paths": {
            path: {"get": {"x-amazon-apigateway-integration": {
                "type": "HTTP_PROXY", "httpMethod": "GET", "uri": f"https://example.com{path}", "payloadFormatVersion": "1.0"}}}
            for path in paths
        },
    }


def resources(body: dict, extra: str = "") -> str:
    return f"""
def create_resources(config):
    return [
        {{"type": "Api", "group": "ApiGatewayV2",
          "properties": {{"Name": "pets", "ProtocolType": "HTTP", "Body": {json.dumps(body)},
                          "FailOnWarnings": True{extra}}}}},
        {{"type": "Stage", "group": "ApiGatewayV2", "properties": {{"StageName": "$default", "AutoDeploy": True}},
          "dependencies": {{"api": "pets"}}}},
    ]
"""


def project(write_project, body: dict):
    return write_project(resources(body), 'def create_config():\n    return {"projectName": "openapi", "stage": "dev"}\n',
                         name="openapi")


def routes(boto) -> set[str]:
    (api,) = boto("apigatewayv2").get_apis()["Items"]
    return {r["RouteKey"] for r in boto("apigatewayv2").get_routes(ApiId=api["ApiId"])["Items"]}


def test_an_api_imported_from_a_document_then_reimported_when_it_changes(write_project, target, boto):
    directory = project(write_project, document("/pets"))
    run = apply(directory, target)
    assert_applied(run)
    assert pending(run.plan) == {API: Action.CREATE, STAGE: Action.CREATE}
    (api,) = boto("apigatewayv2").get_apis()["Items"]
    assert api["Name"] == "pets"  # the declared name, not the document's title
    assert routes(boto) == {"GET /pets"}
    assert_converged(directory, target)
    # what the import made is the API's own: listed as made by AWS, never ours
    resources = inventory_of(target, load_checked(directory)).resources
    imported = [r for r in resources if r.spec.key in ("ApiGatewayV2::Route", "ApiGatewayV2::Integration")]
    assert len(imported) == 2 and all(r.default and not r.ours for r in imported)

    text = (directory / "resources.py").read_text()
    (directory / "resources.py").write_text(text.replace(json.dumps(document("/pets")), json.dumps(document("/pets", "/owners"))))
    run = plan_of(directory, target)
    (change,) = run.plan.actions
    assert change.key == API and change.action is Action.UPDATE and [c.path for c in change.changes] == ["Body"]
    assert_applied(apply(directory, target))
    assert routes(boto) == {"GET /pets", "GET /owners"}
    (api,) = boto("apigatewayv2").get_apis()["Items"]
    assert api["Name"] == "pets"
    assert [s["StageName"] for s in boto("apigatewayv2").get_stages(ApiId=api["ApiId"])["Items"]] == ["$default"]
    assert_converged(directory, target)

    run = apply(directory, target, destroy=True)
    assert pending(run.plan) == {API: Action.DELETE, STAGE: Action.DELETE}
    assert_applied(run)
    assert boto("apigatewayv2").get_apis()["Items"] == []


def test_gencode_says_that_it_cannot_write_the_document(write_project, target, boto):
    # AWS never gives the document back (gc keeps only its digest): the file lacks it, and
    # gencode says so, rather than quietly write an API that would be made without its routes
    directory = project(write_project, document("/pets"))
    assert_applied(apply(directory, target))
    (directory / "resources.py").unlink()
    generated = run_gencode(target, directory)
    assert '"Body"' not in (directory / "resources.py").read_text()
    assert generated.notes == ["ApiGatewayV2::Api pets: AWS does not give back its Body, which was not written; "
                               "add it before gc apply, or what is made from this file lacks it"]
    assert pending(plan_of(directory, target).plan) == {}  # here, the API is as it was


def test_a_document_is_checked_before_any_call(refused):
    error = refused(resources({"swagger": "2.0", "paths": {}}, extra=', "Basepath": "split"'))
    problem(error, "ApiGatewayV2::Api 'pets'", "Body.openapi", "OpenAPI 3")

"""Discovery at scale: what a list already returns is not read again per resource, and the
number of calls does not grow with the number of resources beyond what AWS forces."""

from __future__ import annotations

import json
from collections import Counter

from conftest import REGION, made_calls
from grucloud.aws import calls
from grucloud.aws.packaging import zip_folder
from grucloud.aws.spec import dependency_value
from grucloud.aws.specs import REGISTRY
from grucloud.engine import inventory
from grucloud.engine.inventory import discover

ASSUME = {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"Service": "lambda.amazonaws.com"}, "Action": "sts:AssumeRole"}]}
OURS = {"gc-managed-by": "grucloud", "gc-project-name": "scale", "gc-stage": "dev", "gc-created-by-provider": "aws"}


def _functions(boto, tmp_path, count: int, tags: dict) -> None:
    (tmp_path / "code").mkdir(exist_ok=True)
    (tmp_path / "code" / "index.js").write_text("exports.handler = async () => 1;\n")
    role = boto("iam").create_role(RoleName="scale-role", AssumeRolePolicyDocument=json.dumps(ASSUME))["Role"]["Arn"]
    for i in range(count):
        boto("lambda").create_function(FunctionName=f"f{i}", Role=role, Handler="index.handler", Runtime="nodejs20.x",
                                       Code={"ZipFile": zip_folder(tmp_path / "code")}, Tags=tags)


def _functions_found(target):
    return [r for r in discover(target, [REGISTRY["Lambda::Function"]], "scale", "dev").resources
            if r.spec.key == "Lambda::Function"]


def test_function_tags_are_read_in_bulk_not_per_function(target, boto, tmp_path):
    _functions(boto, tmp_path, 12, OURS)
    calls.reset_counts()
    functions = _functions_found(target)
    made = made_calls()
    assert len(functions) == 12 and all(f.ours for f in functions)
    assert made["ListTags"] == 0, made
    assert made["GetResources"] <= 2, made  # one page, or two at most


def test_a_function_the_tagging_api_does_not_know_has_its_tags_read_alone(target, boto, tmp_path):
    _functions(boto, tmp_path, 3, {})  # untagged: the tagging API leaves them out
    arn = boto("lambda").get_function(FunctionName="f1")["Configuration"]["FunctionArn"]
    calls.reset_counts()
    assert {f.name: f.ours for f in _functions_found(target)} == {"f0": False, "f1": False, "f2": False}
    assert calls.CALLS[("lambda", "ListTags")] == 3
    boto("lambda").tag_resource(Resource=arn, Tags=OURS)
    assert {f.name: f.ours for f in _functions_found(target)} == {"f0": False, "f1": True, "f2": False}


def test_linking_resources_to_their_dependencies_scales_linearly(target, boto, tmp_path, monkeypatch):
    """Routes name their integration, integrations their function: each live value that links
    them is computed once per candidate, not once per (resource, candidate) pair."""
    count = 10
    _functions(boto, tmp_path, count, OURS)
    client = boto("apigatewayv2")
    api = client.create_api(Name="scale-api", ProtocolType="HTTP", Tags=OURS)["ApiId"]
    for i in range(count):
        uri = f"arn:aws:lambda:{REGION}:123456789012:function:f{i}"
        integration = client.create_integration(ApiId=api, IntegrationType="AWS_PROXY", IntegrationUri=uri, PayloadFormatVersion="2.0")
        client.create_route(ApiId=api, RouteKey=f"ANY /f{i}", Target=f"integrations/{integration['IntegrationId']}")
    reads = Counter()

    def counted(dependency, live):
        reads[dependency.type] += 1
        return dependency_value(dependency, live)

    monkeypatch.setattr(inventory, "dependency_value", counted)
    found = discover(target, [REGISTRY["ApiGatewayV2::Route"]], "scale", "dev")
    routes = {r.name: r.dependencies for r in found.resources if r.spec.type == "Route"}
    assert len(routes) == count
    assert routes["route::scale-api::ANY /f7"]["integration"] == ["integration::scale-api::f7"]
    assert reads["Lambda::Function"] == count and reads["ApiGatewayV2::Integration"] == count, reads

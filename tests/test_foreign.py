"""Foreign resources of every type next to ours are never touched by apply or destroy (without
--all): every example is deployed as another gc project (resources managed by gc for someone
else, with names as close to ours as AWS allows), and so are the types no example declares
(tests/no_example_types.py); then our project is applied and destroyed.

Checked twice: in AWS itself with plain boto3 listings of every top-level type (children go with
their parents), and through gc's own discovery (every foreign resource, child or not, keeps its
id and its tags).
"""

from __future__ import annotations

import shutil

import pytest

import no_example_types
from arrangements import arrange_in_process
from census import top_level_resources
from conftest import EXAMPLES, apply, inventory_of, load_checked, pending, plan_of
from grucloud.aws import tagging
from grucloud.aws.specs import REGISTRY

OURS = "ApiGatewayV2/http-lambda"
# http-lambda's names, made ours alone (AWS keeps role, function and log group names unique)
RENAMED = {"my-function": "ours-function", "my-api": "ours-api", "lambda-role": "ours-role",
           "lambda-policy": "ours-policy", "lg-http-test": "ours-lg"}


# examples with another's names (AWS keeps role, function, log group and API domain names unique):
# deploying both would clash, and each declares no type the others lack
SAME_NAMES = {"ApiGatewayV2/auth0": "http-lambda-domain's role, function, log group and domain name",
              "ApiGatewayV2/apigw-mutualtls-lambda": "http-lambda-domain's domain name"}


def foreign_examples() -> list[str]:
    # http-lambda-domain is http-lambda plus a domain: deploying both would clash on names
    found = sorted(str(p.parent.relative_to(EXAMPLES)) for p in EXAMPLES.glob("*/*/resources.py"))
    return [name for name in found if name != OURS and name not in SAME_NAMES]


def our_project(tmp_path):
    directory = tmp_path / "ours"
    shutil.copytree(EXAMPLES / OURS, directory)
    text = (directory / "resources.py").read_text()
    for old, new in RENAMED.items():
        text = text.replace(old, new)
    (directory / "resources.py").write_text(text)
    (directory / "my-function").rename(directory / "ours-function")
    (directory / "ours-function" / "my-function.js").rename(directory / "ours-function" / "ours-function.js")
    (directory / "config.py").write_text("def create_config():\n    return {'projectName': 'ours', 'stage': 'dev'}\n")
    return directory


def foreign_state(target, project) -> dict:
    """Every resource gc sees that is not ours: (type, name) -> (id, tags)."""
    return {
        r.key: (r.id, tagging.as_dict(r.live.get(r.spec.tagging.member)) if r.spec.tagging else None)
        for r in inventory_of(target, project).resources if not r.ours
    }


@pytest.mark.slow
def test_foreign_resources_of_every_type_are_untouched_by_apply_and_destroy(copy_example, target, boto, monkeypatch, tmp_path, write_project):
    before_anything = top_level_resources(boto)
    for name in foreign_examples():
        arrange_in_process(name, boto, monkeypatch)
        run = apply(copy_example(name), target)
        assert run.result.ok, (name, {k: str(v) for k, v in run.result.failed.items()})
    run = apply(no_example_types.project(boto, monkeypatch, write_project), target)  # the types no example declares
    assert run.result.ok, {k: str(v) for k, v in run.result.failed.items()}
    ours = our_project(tmp_path)
    project = load_checked(ours)
    foreign = foreign_state(target, project)
    foreign_types = {key[0] for key in foreign}
    # every type gc can make is there, made for other projects (read-only types are only looked up)
    every_type = {s.key for s in REGISTRY.values() if not s.read_only}
    assert foreign_types >= every_type, sorted(every_type - foreign_types)
    in_aws = top_level_resources(boto)

    run = apply(ours, target)
    assert run.result.ok, {k: str(v) for k, v in run.result.failed.items()}
    assert all(c.action.value == "create" for c in run.plan.actions)
    assert pending(plan_of(ours, target).plan) == {}
    assert foreign_state(target, project) == foreign
    assert top_level_resources(boto) >= in_aws

    run = apply(ours, target, destroy=True)
    assert run.result.ok
    assert {c.key[1] for c in run.plan.actions} == {
        "ours-api", "ours-api::stage-dev", "integration::ours-api::ours-function", "route::ours-api::ANY /ours-function",
        "ours-lg", "ours-policy", "ours-role", "ours-function"}
    assert foreign_state(target, project) == foreign
    assert top_level_resources(boto) == in_aws
    assert in_aws > before_anything

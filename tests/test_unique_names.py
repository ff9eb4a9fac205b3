"""Two resources never collapse into one name: a declared "name" is what names the resource
live (in the gc-name tag where the type's own fields do not give it), a type with nowhere to
keep a name is refused with the fix, and destroy deletes every live resource of ours."""

from __future__ import annotations

import pytest

from conftest import apply, assert_applied, assert_converged, ours, pending, plan_of
from grucloud.aws import tagging
from grucloud.engine.diff import Action
from grucloud.engine.validate import validate
from grucloud.problems import ProjectError
from grucloud.program.loader import load

TWO_CERTIFICATES = '''
def create_resources(config):
    return [
        {"type": "Certificate", "group": "ACM", "name": name, "properties": {"DomainName": "example.com"}}
        for name in ("cert-a", "cert-b")
    ]
'''


def test_two_resources_with_one_inferred_name_are_told_apart_by_their_declared_names(target, boto, write_project):
    directory = write_project(TWO_CERTIFICATES)
    assert_applied(apply(directory, target))
    assert_converged(directory, target)
    certificates = boto("acm").list_certificates()["CertificateSummaryList"]
    assert len(certificates) == 2
    assert {n for _, n in ours(target, directory)} == {"cert-a", "cert-b"}
    assert_applied(apply(directory, target, destroy=True))
    assert boto("acm").list_certificates()["CertificateSummaryList"] == []


def test_destroy_deletes_every_live_resource_of_ours_whatever_its_name(target, boto, write_project):
    directory = write_project("def create_resources(config):\n    return []\n", name="twins")
    client = boto("apigatewayv2")
    tags = tagging.gc_tags("twins", "dev")
    for _ in range(3):
        client.create_api(Name="same-name", ProtocolType="HTTP", Tags=tags)
    plan = plan_of(directory, target).plan
    assert [c.action for c in plan.changes] == [Action.DELETE] * 3  # one change each, none lost
    run = apply(directory, target, destroy=True)
    assert_applied(run)
    assert len(run.result.done) == 3 and client.get_apis()["Items"] == []


def test_a_duplicate_of_a_declared_resource_is_deleted(target, boto, write_project):
    directory = write_project('def create_resources(config):\n    return [{"type": "Api", "group": "ApiGatewayV2", "properties": {"Name": "one"}}]\n',
                              name="dup")
    assert_applied(apply(directory, target))
    boto("apigatewayv2").create_api(Name="one", ProtocolType="HTTP", Tags=tagging.gc_tags("dup", "dev"))
    plan = plan_of(directory, target).plan
    assert list(pending(plan).values()) == [Action.DELETE]
    assert "another live resource of ours has this name" in plan.actions[0].reason
    assert_applied(apply(directory, target))
    assert len(boto("apigatewayv2").get_apis()["Items"]) == 1
    assert_converged(directory, target)


TWO_PROXIES = '''
def create_resources(config):
    proxy = {"IntegrationType": "HTTP_PROXY", "IntegrationMethod": "GET", "PayloadFormatVersion": "1.0"}
    return [
        {"type": "Api", "group": "ApiGatewayV2", "properties": {"Name": "api"}},
        {"type": "Integration", "group": "ApiGatewayV2", "properties": {**proxy, "IntegrationUri": "https://a.example.com"},
         "dependencies": {"api": "api"}},
        {"type": "Integration", "group": "ApiGatewayV2", "properties": {**proxy, "IntegrationUri": "https://b.example.com"},
         "dependencies": {"api": "api"}},
    ]
'''


def test_two_integrations_with_one_name_are_refused_with_the_fix(write_project):
    with pytest.raises(ProjectError) as caught:
        load(write_project(TWO_PROXIES))
    assert "'integration::api::HTTP_PROXY' is also the name of resource #2" in str(caught.value)
    assert "point them at different targets" in str(caught.value)


def test_a_declared_name_a_type_cannot_keep_is_refused(write_project):
    resources = TWO_PROXIES.replace('"properties": {**proxy, "IntegrationUri": "https://b.example.com"}',
                                    '"name": "b", "properties": {**proxy, "IntegrationUri": "https://b.example.com"}')
    with pytest.raises(ProjectError) as caught:
        validate(load(write_project(resources)))
    assert "'b' cannot be kept on AWS: a ApiGatewayV2::Integration has no tags" in str(caught.value)


def test_a_name_that_is_no_string_is_refused_not_dropped(write_project):
    # it once made the loader drop the resource without a word
    with pytest.raises(ProjectError) as caught:
        load(write_project('def create_resources(config):\n    return [{"type": "Api", "group": "ApiGatewayV2", "properties": {"Name": 42}}]\n'))
    assert "name: must be a string, got int 42" in str(caught.value)

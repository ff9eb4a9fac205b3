"""Property-based tests (hypothesis) for name inference: the name a declaration gets in
resources.py is the name discovery finds again from live data alone (there is no state file to
remember it), whatever AWS adds to the live data; an explicit name wins; different declarations
of a type get different names."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from conftest import EXAMPLES
from grucloud.aws import tagging
from grucloud.aws.spec import set_path
from grucloud.aws.specs import REGISTRY
from grucloud.program.context import Context
from grucloud.program.declaration import from_dict
from grucloud.program.loader import load

# resource names as users write them; "::" separates the parts of an inferred name
names = st.text(st.characters(categories=("L", "N"), include_characters="-_."), min_size=1, max_size=30)
route_keys = st.one_of(
    st.just("$default"),
    st.builds(lambda m, p: f"{m} /{p}", st.sampled_from(["GET", "POST", "ANY", "PUT", "DELETE"]), names),
)
# what AWS adds to live data beyond what was declared: ids, dates, ARNs, its own settings
extras = st.dictionaries(st.sampled_from(["Id", "CreatedDate", "Arn", "ApiKeyRequired", "AuthorizationType", "x-extra"]),
                         st.one_of(st.text(max_size=10), st.integers(), st.booleans()), max_size=4)


def declare(raw: dict, tmp: Path):
    problems: list = []
    declaration = from_dict(raw, 0, problems, Context({}, tmp))
    assert not problems, problems
    return declaration


def example_declarations():
    """Every declaration in examples/ whose type infers its name from plain properties."""
    found = []
    for resources in sorted(EXAMPLES.glob("*/*/resources.py")):
        for declaration in load(resources.parent).declarations:
            if declaration.spec.infer_name and isinstance(declaration.properties, dict):
                found.append(pytest.param(declaration, id=f"{resources.parent.name}:{declaration.name}"))
    return found


@pytest.mark.parametrize("declaration", example_declarations())
@settings(max_examples=25, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(added=extras)
def test_every_example_name_is_found_again_from_live_data(declaration, added):
    spec = declaration.spec
    live = {**added, **declaration.properties}
    if spec.name_tag:  # types AWS gives no name (EC2's): the declared name is kept in a tag
        tags = {**tagging.as_dict(live.get(spec.tagging.member)), spec.name_tag: declaration.tag_name}
        live[spec.tagging.member] = tagging.in_form(tags, spec.tagging)
    dependency_names = {k: v for k, v in declaration.dependencies.items() if isinstance(v, str)}
    assert spec.infer_name(live, dependency_names) == declaration.name


@settings(max_examples=50)
@given(api=names, key=route_keys, added=extras)
def test_a_route_is_named_by_its_api_and_key_declared_and_live(tmp_path_factory, api, key, added):
    declaration = declare({"type": "Route", "group": "ApiGatewayV2", "properties": {"RouteKey": key},
                           "dependencies": {"api": api}}, tmp_path_factory.getbasetemp())
    assert declaration.name == f"route::{api}::{key}"
    live = {**added, "RouteKey": key, "ApiId": "a1b2c3", "RouteId": "r1"}
    assert REGISTRY["ApiGatewayV2::Route"].infer_name(live, {"api": api}) == declaration.name


@settings(max_examples=50)
@given(api=names, stage=names, function=names)
def test_stage_and_integration_names_are_made_of_their_parts(tmp_path_factory, api, stage, function):
    base = tmp_path_factory.getbasetemp()
    stage_declaration = declare({"type": "Stage", "group": "ApiGatewayV2", "properties": {"StageName": stage},
                                 "dependencies": {"api": api}}, base)
    assert stage_declaration.name == f"{api}::{stage}"
    integration = declare({"type": "Integration", "group": "ApiGatewayV2",
                           "properties": {"IntegrationType": "AWS_PROXY"},
                           "dependencies": {"api": api, "lambdaFunction": function}}, base)
    assert integration.name == f"integration::{api}::{function}"


@settings(max_examples=100)
@given(first=st.tuples(names, route_keys), second=st.tuples(names, route_keys))
def test_different_routes_never_share_a_name(first, second):
    assume(first != second)
    route = REGISTRY["ApiGatewayV2::Route"]
    name_of = lambda api, key: route.infer_name({"RouteKey": key}, {"api": api})  # noqa: E731
    assert name_of(*first) != name_of(*second)


@settings(max_examples=100)
@given(first=st.tuples(names, names), second=st.tuples(names, names))
def test_different_integrations_and_stages_never_share_a_name(first, second):
    assume(first != second)
    integration, stage = REGISTRY["ApiGatewayV2::Integration"], REGISTRY["ApiGatewayV2::Stage"]
    assert integration.infer_name({}, {"api": first[0], "lambdaFunction": first[1]}) != integration.infer_name(
        {}, {"api": second[0], "lambdaFunction": second[1]})
    assert stage.infer_name({"StageName": first[1]}, {"api": first[0]}) != stage.infer_name(
        {"StageName": second[1]}, {"api": second[0]})


NAMED_BY_A_PROPERTY = [pytest.param(s, id=s.key) for s in REGISTRY.values() if s.name_path and not s.name_tag]


@pytest.mark.parametrize("spec", NAMED_BY_A_PROPERTY)
@settings(max_examples=20, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(name=names, explicit=names)
def test_a_type_with_a_name_property_is_named_by_it_unless_a_name_is_given(tmp_path_factory, spec, name, explicit):
    properties: dict = {}
    set_path(properties, spec.name_path, name)
    raw = {"type": spec.type, "group": spec.group, "properties": properties}
    assert declare(raw, tmp_path_factory.getbasetemp()).name == name
    if spec.tagging:  # kept in the gc-name tag, which names it live
        declared = declare({**raw, "name": explicit}, tmp_path_factory.getbasetemp())
        assert declared.name == explicit and declared.tag_name == (explicit if explicit != name else None)
    else:  # nowhere on AWS to keep it: refused unless it is the name itself (it was once never matched live)
        declared = from_dict({**raw, "name": explicit}, 0, [], Context({}, tmp_path_factory.getbasetemp()))
        assert bool(declared.name_problem) == (explicit != name)  # reported by validation

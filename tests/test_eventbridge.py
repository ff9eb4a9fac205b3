"""The EventBridge-PutEvents integration and its examples, in-process against moto (`mock_aws`):
apply → no change → destroy leaves none of ours; the default bus is used by name, listed as not
ours and never deleted; the subtype's required parameters are checked before any call."""

from __future__ import annotations

import pytest

from conftest import apply, inventory_of, load_checked, pending, plan_of
from grucloud.aws import calls
from grucloud.engine.diff import Action
from grucloud.engine.plan import build_plan
from grucloud.engine.validate import validate
from grucloud.problems import ProjectError
from grucloud.program.loader import load

DEFAULT_BUS = "API Gateway HTTP API to EventBridge"
DEFAULT_BUS_INTEGRATION = ("ApiGatewayV2::Integration", f"integration::{DEFAULT_BUS}::eventBusDefault")
CUSTOM_BUS_INTEGRATION = ("ApiGatewayV2::Integration", "integration::MyHttpApi::MyEventBus")
THE_DEFAULT_BUS = ("CloudWatchEvents::EventBus", "default")


def assert_applied(run) -> None:
    assert run.result.ok, {"failed": {k: repr(v) for k, v in run.result.failed.items()}, "skipped": run.result.skipped}
    assert set(run.result.done) == {c.key for c in run.plan.actions}


def ours(target, directory) -> dict:
    return {r.key: r for r in inventory_of(target, load_checked(directory)).resources if r.ours}


def lifecycle(directory, target, expected: int) -> dict:
    """apply, then a plan with no change; the live resources of ours, by key."""
    run = apply(directory, target)
    assert_applied(run)
    assert set(pending(run.plan).values()) == {Action.CREATE} and len(run.plan.actions) == expected
    again = plan_of(directory, target)
    assert pending(again.plan) == {}
    found = {r.key: r for r in again.inventory.resources if r.ours}
    assert set(found) == {c.key for c in run.plan.actions}
    return found


def destroyed(directory, target) -> None:
    run = apply(directory, target, destroy=True)
    assert_applied(run)
    assert ours(target, directory) == {}


def test_default_bus_example_applies_converges_and_destroys(copy_example, target):
    example = copy_example("ApiGatewayV2/apigw-http-api-eventbridge")
    found = lifecycle(example, target, expected=11)
    integration = found[DEFAULT_BUS_INTEGRATION]
    assert integration.live["IntegrationSubtype"] == "EventBridge-PutEvents"
    assert integration.live["RequestParameters"] == {
        "Detail": "$request.body.Detail", "DetailType": "MyDetailType", "Source": "WebApp",
    }
    assert integration.live["CredentialsArn"].endswith(":role/sam-app-MyHttpApiRole-KV1DOMSBSRDO")
    # found again from live data alone: the role from CredentialsArn, no bus (the default one)
    assert integration.dependencies == {"api": [DEFAULT_BUS], "role": ["sam-app-MyHttpApiRole-KV1DOMSBSRDO"]}
    rule = found[("CloudWatchEvents::Rule", "sam-app-MyTriggeredLambdaEventBridgeTrigger-1CZB0M0XR00UH")]
    assert rule.live["EventPattern"] == {"source": ["WebApp"]}
    assert rule.dependencies == {"eventBus": ["default"]}

    # the default bus the rule is on: listed, not ours, and not deleted even by a destroy of
    # everything, ours or not
    everything = plan_of(example, target, destroy=True)
    bus = everything.inventory.by_key()[THE_DEFAULT_BUS]
    assert bus.default and not bus.ours
    reckless = build_plan(everything.project, everything.inventory, destroy=True, foreign=True)
    assert THE_DEFAULT_BUS not in {c.key for c in reckless.actions}
    destroyed(example, target)
    assert THE_DEFAULT_BUS in inventory_of(target, load_checked(example)).by_key()


@pytest.fixture
def no_managed_policies(monkeypatch):
    """Only the default-bus example attaches an AWS-managed policy: elsewhere moto need not load
    its ~1000 of them (seconds, at start and at reset)."""
    monkeypatch.setenv("MOTO_IAM_LOAD_MANAGED_POLICIES", "false")


def test_custom_bus_example_fills_event_bus_name_from_its_dependency(copy_example, target, no_managed_policies):
    example = copy_example("ApiGatewayV2/apigw-http-api-eventbridge-custom-bus")
    found = lifecycle(example, target, expected=10)
    integration = found[CUSTOM_BUS_INTEGRATION]
    assert integration.live["RequestParameters"]["EventBusName"] == "MyEventBus"
    assert integration.live["TimeoutInMillis"] == 10000
    assert integration.dependencies["eventBus"] == ["MyEventBus"]
    log_target = found[("CloudWatchEvents::Target", "target::ApiEventbridgeStack-EventLoggerRuleC0DD3E40-G6CDILDRSIPL::Target0")]
    assert log_target.live["Arn"].endswith(":log-group:/aws/events/MyEventBus")
    assert log_target.dependencies["logGroup"] == ["/aws/events/MyEventBus"]
    destroyed(example, target)


def test_an_undeclared_default_that_does_not_exist_is_a_plan_problem(copy_example, target, no_managed_policies):
    example = copy_example("ApiGatewayV2/apigw-http-api-eventbridge")
    resources = example / "resources.py"
    resources.write_text(resources.read_text().replace('{"eventBus": "default"}', '{"eventBus": "defualt"}'))
    run = plan_of(example, target)  # validation lets it through: only AWS knows the defaults
    problems = {c.key: c.problem for c in run.plan.problems}
    assert problems == {
        ("CloudWatchEvents::Rule", "sam-app-MyTriggeredLambdaEventBridgeTrigger-1CZB0M0XR00UH"):
        "depends on CloudWatchEvents::EventBus 'defualt' (dependencies.eventBus), which is neither in "
        "resources.py nor live (did you mean 'default'?); declare it or fix the name",
    }


SUBTYPE_PROJECT = '''
def create_resources(config):
    return [
        {"type": "Api", "group": "ApiGatewayV2", "properties": {"Name": "api"}},
        {
            "type": "Integration",
            "group": "ApiGatewayV2",
            "properties": {
                "IntegrationSubtype": "EventBridge-PutEvents",
                "IntegrationType": "AWS_PROXY",
                "PayloadFormatVersion": "1.0",
                "RequestParameters": PARAMETERS,
            },
            "dependencies": DEPENDENCIES,
        },
        {"type": "Role", "group": "IAM", "properties": {"RoleName": "role", "AssumeRolePolicyDocument": {}}},
    ]
'''


def refused(write_project, parameters: dict, dependencies: dict) -> dict[str, str]:
    """The problems of the subtype project, by field, after checking no AWS call was made."""
    code = SUBTYPE_PROJECT.replace("PARAMETERS", repr(parameters)).replace("DEPENDENCIES", repr(dependencies))
    calls.reset_counts()
    with pytest.raises(ProjectError) as caught:
        validate(load(write_project(code)))
    assert calls.total_calls() == 0
    return {p.field: p.message for p in caught.value.problems}


def test_put_events_needs_detail_detail_type_and_source(write_project):
    problems = refused(write_project, {"Detail": "$request.body"}, {"api": "api", "role": "role"})
    assert problems == {
        "RequestParameters.DetailType": "is required for EventBridge-PutEvents (e.g. a static value or $request.body.DetailType)",
        "RequestParameters.Source": "is required for EventBridge-PutEvents (e.g. a static value or $request.body.Source)",
    }


def test_put_events_rejects_unknown_parameters_and_needs_a_role(write_project):
    problems = refused(write_project, {"Detail": "d", "DetailType": "t", "Source": "s", "QueueUrl": "q"}, {"api": "api"})
    assert problems == {
        "RequestParameters.QueueUrl": "is not a parameter of EventBridge-PutEvents; valid: Detail, DetailType, Source, "
        "Time, EventBusName, Resources, Region, TraceHeader",
        "CredentialsArn": 'is required for EventBridge-PutEvents: add "dependencies": {"role": "<a role API Gateway may assume>"}',
    }


def test_a_complete_put_events_integration_passes(write_project):
    code = SUBTYPE_PROJECT.replace("PARAMETERS", repr({"Detail": "d", "DetailType": "t", "Source": "s"}))
    validate(load(write_project(code.replace("DEPENDENCIES", repr({"api": "api", "role": "role", "eventBus": "default"})))))

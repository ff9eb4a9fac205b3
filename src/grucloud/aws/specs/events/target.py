"""CloudWatchEvents::Target: where a rule sends its events (a Lambda function, a log group).

Named target::<rule>::<Id>. PutTargets and RemoveTargets take lists and report failures per
entry instead of raising, so each call is checked.
"""

from grucloud.aws.calls import call
from grucloud.aws.spec import Dependency, Listing, ResourceSpec
from grucloud.aws.specs.events.event_bus import DEFAULT_BUS

_RULE = "CloudWatchEvents::Rule"
_WHERE = ("Rule", "EventBusName")


class TargetRejected(Exception):
    """EventBridge answered 200 but refused the entry."""


def _checked(response, what: str) -> None:
    for failure in response.get("FailedEntries", []):
        raise TargetRejected(f"{what}: {failure.get('ErrorCode')}: {failure.get('ErrorMessage')}")


def _request(desired, ctx):
    # the rule's bus comes from the rule itself, not from a dependency of its own
    rule = desired.get("Rule")
    bus = ctx.get_id(_RULE, ctx.dependencies.get("rule"), "EventBusName") if ctx.dependencies.get("rule") else DEFAULT_BUS
    entry = {k: v for k, v in desired.items() if k not in _WHERE}
    return {"Rule": rule, "EventBusName": bus, "Targets": [entry]}


def _put(target, params):
    response = call(target.client("events"), "PutTargets", **params)
    _checked(response, f"PutTargets {params['Targets'][0].get('Id')} on rule {params['Rule']}")
    return {**params["Targets"][0], "Rule": params["Rule"], "EventBusName": params["EventBusName"]}


def _update(target, desired, live, changed) -> None:
    entry = {k: v for k, v in desired.items() if k not in _WHERE}
    _put(target, {"Rule": live["Rule"], "EventBusName": live["EventBusName"], "Targets": [entry]})


def _delete(target, live) -> None:
    where = {"Rule": live["Rule"], "EventBusName": live.get("EventBusName", DEFAULT_BUS)}
    response = call(target.client("events"), "RemoveTargets", Ids=[live["Id"]], **where)
    _checked(response, f"RemoveTargets {live['Id']} from rule {live['Rule']}")


SPEC = ResourceSpec(
    group="CloudWatchEvents",
    type="Target",
    service="events",
    listing=Listing(
        "ListTargetsByRule", "Targets",
        parent_params={"Rule": "Name", "EventBusName": "EventBusName"},
    ),
    identity={"Rule": "Rule", "EventBusName": "EventBusName", "Id": "Id"},
    infer_name=lambda properties, deps: f"target::{deps.get('rule')}::{properties.get('Id')}",
    create=_put,
    schema="PutTargets",
    update=_update,
    delete=_delete,
    dependencies={
        "rule": Dependency(_RULE, fills="Rule", value="Name", parent=True),
        "lambdaFunction": Dependency("Lambda::Function", fills="Arn", value="Configuration.FunctionArn", blocks_delete=False),
        # describe_log_groups ends the ARN with ":*"; EventBridge wants it without
        "logGroup": Dependency("CloudWatchLogs::LogGroup", fills="Arn", value=lambda live: live["arn"].removesuffix(":*"), blocks_delete=False),
        "role": Dependency("IAM::Role", fills="RoleArn", value="Arn", blocks_delete=False),
    },
    to_create_params=_request,
    properties_model=("", "Targets[]"),  # for gencode: the properties are one entry of Targets
)


# What forces a replacement (tests/test_specs_meta.py checks it): change it deliberately.
# PutTargets both creates and replaces
CREATE_ONLY_SNAPSHOT = frozenset()

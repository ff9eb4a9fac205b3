"""CloudWatchEvents::Rule: which events of a bus go to the rule's targets.

EventPattern is declared as a dict (GruCloud's shape); AWS takes and returns a JSON string.
"""

import json

from grucloud.aws.calls import call
from grucloud.aws.spec import Dependency, Listing, ResourceSpec, Tagging
from grucloud.aws.specs.events.event_bus import DEFAULT_BUS, tags_of


def _read_more(target, item):
    return {**item, "Tags": tags_of(target, item["Arn"])}


def _add_computed(target, live):
    pattern = live.get("EventPattern")
    return {**live, "EventPattern": json.loads(pattern)} if isinstance(pattern, str) else live


def _request(desired):
    params = dict(desired)
    if isinstance(params.get("EventPattern"), dict):
        params["EventPattern"] = json.dumps(params["EventPattern"])
    return params


def _after_create(target, desired, live):
    return {**desired, "Arn": live["RuleArn"]}


def _remove_targets(target, live) -> None:
    # AWS refuses to delete a rule that still has targets; ours are deleted first (they are
    # children), this removes the ones gc does not manage.
    client = target.client("events")
    where = {"Rule": live["Name"], "EventBusName": live.get("EventBusName", DEFAULT_BUS)}
    ids = [t["Id"] for t in call(client, "ListTargetsByRule", **where).get("Targets", [])]
    if ids:
        call(client, "RemoveTargets", Ids=ids, **where)


SPEC = ResourceSpec(
    group="CloudWatchEvents",
    type="Rule",
    service="events",
    listing=Listing("ListRules", "Rules", parent_params={"EventBusName": "Name"}),
    identity={"EventBusName": "EventBusName", "Name": "Name"},
    name_path="Name",
    create="PutRule",
    update="PutRule",  # PutRule creates or replaces the whole rule
    delete="DeleteRule",
    dependencies={
        "eventBus": Dependency("CloudWatchEvents::EventBus", fills="EventBusName", value="Name", parent=True),
    },
    tagging=Tagging(
        form="list", tag_operation="TagResource", untag_operation="UntagResource",
        arn=lambda target, live: live["Arn"], arn_param="ResourceARN", bulk_type="events:rule",
    ),
    defaults={"EventBusName": DEFAULT_BUS, "State": "ENABLED"},
    # rules that AWS services make for themselves (ManagedBy names the service) are theirs
    is_default=lambda live, defaults: bool(live.get("ManagedBy")),
    to_create_params=lambda desired, ctx: _request(desired),
    to_update_params=lambda desired, live: {k: v for k, v in _request(desired).items() if k != "Tags"},
    read_more=_read_more,
    add_computed=_add_computed,
    after_create=_after_create,
    before_delete=_remove_targets,
)


# What forces a replacement (tests/test_specs_meta.py checks it): change it deliberately.
# PutRule both creates and replaces
CREATE_ONLY_SNAPSHOT = frozenset()

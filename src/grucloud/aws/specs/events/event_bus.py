"""CloudWatchEvents::EventBus: an EventBridge bus; every account has the AWS-made "default" one."""

from grucloud.aws.calls import call
from grucloud.aws.spec import Listing, ResourceSpec, Tagging

DEFAULT_BUS = "default"


def tags_of(target, arn: str) -> list:
    """Tags of a bus or rule: their list calls return none."""
    return call(target.client("events"), "ListTagsForResource", ResourceARN=arn).get("Tags", [])


def _read_more(target, item):
    return {**item, "Tags": tags_of(target, item["Arn"])}


def _after_create(target, desired, live):
    # CreateEventBus answers only the ARN
    return {**desired, "Arn": live["EventBusArn"]}


SPEC = ResourceSpec(
    group="CloudWatchEvents",
    type="EventBus",
    service="events",
    listing=Listing("ListEventBuses", "EventBuses"),
    identity={"Name": "Name"},
    name_path="Name",
    create="CreateEventBus",
    update="UpdateEventBus",
    delete="DeleteEventBus",
    tagging=Tagging(
        form="list", tag_operation="TagResource", untag_operation="UntagResource",
        arn=lambda target, live: live["Arn"], arn_param="ResourceARN", bulk_type="events:event-bus",
    ),
    is_default=lambda live, defaults: live.get("Name") == DEFAULT_BUS,
    read_more=_read_more,
    after_create=_after_create,
)


# What forces a replacement (tests/test_specs_meta.py checks it): change it deliberately.
CREATE_ONLY_SNAPSHOT = frozenset({"EventSourceName"})

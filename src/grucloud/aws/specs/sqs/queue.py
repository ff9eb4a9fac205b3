"""SQS::Queue: a queue an API integration sends to (SQS-SendMessage) and a function reads from
(Lambda::EventSourceMapping).

Traps: the create call takes its tags as `tags`, ListQueueTags answers `Tags` (the live data
keeps them under `tags`, as declared); every attribute is a string ("30", not 30); a queue's ARN
is an attribute, read after create; and AWS refuses a queue name deleted less than 60 seconds
ago, so a replaced queue may need a second apply on AWS.
"""

import json

from grucloud.aws.calls import call
from grucloud.aws.spec import Listing, ResourceSpec, Tagging

# attributes AWS computes, never declared; the ARN is kept apart, the counters left out
_READ_ONLY = ("QueueArn", "ApproximateNumberOfMessages", "ApproximateNumberOfMessagesNotVisible",
              "ApproximateNumberOfMessagesDelayed", "CreatedTimestamp", "LastModifiedTimestamp")
_CREATE_ONLY = ("FifoQueue",)  # SetQueueAttributes refuses it


def _describe(target, url: str) -> dict:
    client = target.client("sqs")
    attributes = call(client, "GetQueueAttributes", QueueUrl=url, AttributeNames=["All"]).get("Attributes", {})
    tags = call(client, "ListQueueTags", QueueUrl=url).get("Tags", {})
    settable = {k: v for k, v in attributes.items() if k not in _READ_ONLY}
    if "Policy" in settable:
        settable["Policy"] = json.loads(settable["Policy"])
    return {"QueueName": url.rsplit("/", 1)[-1], "QueueUrl": url, "QueueArn": attributes.get("QueueArn"),
            "Attributes": settable, "tags": tags}


def _attributes(desired: dict) -> dict:
    attributes = dict(desired.get("Attributes") or {})
    if isinstance(attributes.get("Policy"), dict):
        attributes["Policy"] = json.dumps(attributes["Policy"])
    return attributes


def _create_params(desired, ctx) -> dict:
    return {**desired, "Attributes": _attributes(desired)} if "Attributes" in desired else dict(desired)


def _create(target, params):
    url = call(target.client("sqs", resend=False), "CreateQueue", **params)["QueueUrl"]
    return _describe(target, url)


def _update(target, desired, live, changed) -> None:
    attributes = {k: v for k, v in _attributes(desired).items() if k not in _CREATE_ONLY}
    if attributes:
        call(target.client("sqs"), "SetQueueAttributes", QueueUrl=live["QueueUrl"], Attributes=attributes)


def _rules(properties, context):
    name = properties.get("QueueName")
    fifo = (properties.get("Attributes") or {}).get("FifoQueue") == "true"
    if isinstance(name, str) and fifo != name.endswith(".fifo"):
        yield "QueueName", (f"{name!r}: a FIFO queue's name ends with '.fifo'" if fifo
                            else f"{name!r} ends with '.fifo': add \"Attributes\": {{\"FifoQueue\": \"true\"}}, or rename it")


SPEC = ResourceSpec(
    group="SQS",
    type="Queue",
    service="sqs",
    listing=Listing("ListQueues", "QueueUrls", item_key="QueueUrl"),
    identity={"QueueUrl": "QueueUrl"},
    name_path="QueueName",
    create=_create,
    schema="CreateQueue",
    update=_update,
    delete="DeleteQueue",
    tagging=Tagging(member="tags", tag_operation="TagQueue", untag_operation="UntagQueue",
                    arn=lambda target, live: live["QueueUrl"], arn_param="QueueUrl", bulk_type="sqs:queue"),
    # what AWS sets when they are not declared (GruCloud's propertiesDefault)
    defaults={"Attributes.VisibilityTimeout": "30", "Attributes.MaximumMessageSize": "262144",
              "Attributes.MessageRetentionPeriod": "345600", "Attributes.DelaySeconds": "0",
              "Attributes.ReceiveMessageWaitTimeSeconds": "0"},
    server_values={"Attributes.SqsManagedSseEnabled": ("true", "false")},
    create_only=("QueueName", "Attributes.FifoQueue"),
    not_found=("AWS.SimpleQueueService.NonExistentQueue", "QueueDoesNotExist"),
    to_create_params=_create_params,
    read_more=lambda target, item: _describe(target, item["QueueUrl"]),
    rules=_rules,
)

# What forces a replacement (tests/test_specs_meta.py checks it): change it deliberately.
CREATE_ONLY_SNAPSHOT = frozenset({"Attributes.FifoQueue", "QueueName"})

"""SNS::Topic: where CloudWatch alarms send their notifications.

Traps: its attributes are strings; Policy and DeliveryPolicy are JSON documents (declared as
dicts); AWS writes a default access policy when none is declared; SetTopicAttributes changes one
attribute a call; and a topic encrypted with a KMS key names it in Attributes.KmsMasterKeyId
(the `kmsKey` dependency fills it).
"""

import json

from grucloud.aws.calls import call
from grucloud.aws.spec import Dependency, Listing, ResourceSpec, Tagging

# attributes AWS computes, never declared
_READ_ONLY = ("TopicArn", "Owner", "SubscriptionsPending", "SubscriptionsConfirmed", "SubscriptionsDeleted",
              "EffectiveDeliveryPolicy")
_DOCUMENTS = ("Policy", "DeliveryPolicy", "ArchivePolicy")
_CREATE_ONLY = ("FifoTopic",)


def _describe(target, arn: str) -> dict:
    attributes = call(target.client("sns"), "GetTopicAttributes", TopicArn=arn).get("Attributes", {})
    settable = {k: v for k, v in attributes.items() if k not in _READ_ONLY}
    for name in _DOCUMENTS:
        if settable.get(name):
            settable[name] = json.loads(settable[name])
    return {"Name": arn.rsplit(":", 1)[-1], "TopicArn": arn, "Attributes": settable}


def _attributes(desired: dict) -> dict:
    attributes = dict(desired.get("Attributes") or {})
    for name in _DOCUMENTS:
        if isinstance(attributes.get(name), dict):
            attributes[name] = json.dumps(attributes[name])
    return attributes


def _create_params(desired, ctx) -> dict:
    return {**desired, "Attributes": _attributes(desired)} if "Attributes" in desired else dict(desired)


def _create(target, params):
    arn = call(target.client("sns", resend=False), "CreateTopic", **params)["TopicArn"]
    return {**_describe(target, arn), "Tags": params.get("Tags", [])}


def _update(target, desired, live, changed) -> None:
    attributes = _attributes(desired)
    # a removed attribute is sent empty: back to AWS's default
    names = {path.split(".")[1] for path in changed if path.startswith("Attributes.")}
    for name in sorted(names - set(_CREATE_ONLY)):
        call(target.client("sns"), "SetTopicAttributes", TopicArn=live["TopicArn"], AttributeName=name,
             AttributeValue=attributes.get(name, ""))


def _rules(properties, context):
    name = properties.get("Name")
    fifo = (properties.get("Attributes") or {}).get("FifoTopic") == "true"
    if isinstance(name, str) and fifo != name.endswith(".fifo"):
        yield "Name", (f"{name!r}: a FIFO topic's name ends with '.fifo'" if fifo
                       else f"{name!r} ends with '.fifo': add \"Attributes\": {{\"FifoTopic\": \"true\"}}, or rename it")


SPEC = ResourceSpec(
    group="SNS",
    type="Topic",
    service="sns",
    listing=Listing("ListTopics", "Topics"),
    identity={"TopicArn": "TopicArn"},
    name_path="Name",
    create=_create,
    schema="CreateTopic",
    update=_update,
    delete="DeleteTopic",
    dependencies={
        "kmsKey": Dependency("KMS::Key", fills="Attributes.KmsMasterKeyId", value="KeyId"),
    },
    tagging=Tagging(form="list", tag_operation="TagResource", untag_operation="UntagResource",
                    arn=lambda target, live: live["TopicArn"], arn_param="ResourceArn",
                    read_operation="ListTagsForResource", bulk_type="sns:topic"),
    defaults={"Attributes.DisplayName": ""},
    # AWS's default access policy and delivery policy, when none is declared
    aws_fills={"Attributes.Policy": None, "Attributes.DeliveryPolicy": None},
    create_only=("Name", "Attributes.FifoTopic"),
    not_found=("NotFound",),
    to_create_params=_create_params,
    read_more=lambda target, item: _describe(target, item["TopicArn"]),
    rules=_rules,
)

# What forces a replacement (tests/test_specs_meta.py checks it): change it deliberately.
CREATE_ONLY_SNAPSHOT = frozenset({"Attributes.FifoTopic", "Name"})

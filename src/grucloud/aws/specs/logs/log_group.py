"""CloudWatchLogs::LogGroup: where API access logs and function logs go."""

from grucloud.aws import shapes
from grucloud.aws.calls import call
from grucloud.aws.spec import Listing, ResourceSpec, Tagging


def _arn(target, live) -> str:
    return live["arn"].removesuffix(":*")


def _after_create(target, desired, live):
    # CreateLogGroup answers nothing; the ARN has a fixed form.
    name = desired["logGroupName"]
    arn = f"arn:aws:logs:{target.region_name}:{target.account_id()}:log-group:{name}:*"
    live = {**desired, "arn": arn}
    if "retentionInDays" in desired:
        _put_retention(target, desired)
    return live


def _put_retention(target, desired) -> None:
    client = target.client("logs")
    if desired.get("retentionInDays"):
        call(client, "PutRetentionPolicy", logGroupName=desired["logGroupName"], retentionInDays=desired["retentionInDays"])
    else:
        call(client, "DeleteRetentionPolicy", logGroupName=desired["logGroupName"])


def _update(target, desired, live, changed) -> None:
    if "retentionInDays" in changed:
        _put_retention(target, desired)


def _rules(properties, context):
    # retention is not part of CreateLogGroup, so the schema check does not see it
    if properties.get("retentionInDays") is not None:
        params = {"logGroupName": properties.get("logGroupName", ""), "retentionInDays": properties["retentionInDays"]}
        for problem in shapes.validate("logs", "PutRetentionPolicy", params):
            yield problem.path, problem.message


SPEC = ResourceSpec(
    group="CloudWatchLogs",
    type="LogGroup",
    service="logs",
    listing=Listing("DescribeLogGroups", "logGroups"),
    identity={"logGroupName": "logGroupName"},
    name_path="logGroupName",
    create="CreateLogGroup",
    update=_update,
    delete="DeleteLogGroup",
    tagging=Tagging(
        member="tags",
        tag_operation="TagResource",
        untag_operation="UntagResource",
        arn=_arn,
        arn_param="resourceArn",
        tags_param="tags",
        keys_param="tagKeys",
        read_operation="ListTagsForResource",
        bulk_type="logs:log-group",
    ),
    # retention is set by its own call after create
    to_create_params=lambda desired, ctx: {k: v for k, v in desired.items() if k != "retentionInDays"},
    after_create=_after_create,
    # everything CreateLogGroup takes except retention cannot change later
    create_only=("kmsKeyId", "logGroupClass", "deletionProtectionEnabled"),
    extra_properties=("retentionInDays",),
    server_values={"logGroupClass": ("STANDARD",)},
    unset={"retentionInDays": lambda target, live, keys: call(target.client("logs"), "DeleteRetentionPolicy", logGroupName=live["logGroupName"])},
    rules=_rules,
)


# What forces a replacement (tests/test_specs_meta.py checks it): change it deliberately.
CREATE_ONLY_SNAPSHOT = frozenset({"deletionProtectionEnabled", "kmsKeyId", "logGroupClass"})

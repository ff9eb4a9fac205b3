"""KMS::Key: a customer managed key (an SNS topic encrypts its messages with one).

Traps: a key has no name: the declared "name" is kept in its gc-name tag; its tags are
[{"TagKey", "TagValue"}]; its policy is a JSON string on the wire (declared as a dict) and AWS
writes its own default policy when none is declared; and AWS never deletes a key at once: a
delete schedules its deletion after the shortest waiting period (7 days), and a key pending
deletion is gone for gc (not listed, so a new apply makes a new key).
"""

import json

from grucloud.aws import tagging
from grucloud.aws.calls import CallFailed, call, error_code
from grucloud.aws.spec import Listing, ResourceSpec, Tagging

PENDING_WINDOW_DAYS = 7  # the shortest wait AWS allows
_GONE_STATES = ("PendingDeletion", "PendingReplicaDeletion")


def _describe(target, key_id: str) -> dict | None:
    client = target.client("kms")
    key = call(client, "DescribeKey", KeyId=key_id)["KeyMetadata"]
    if key.get("KeyState") in _GONE_STATES or key.get("KeyManager") == "AWS":
        return None  # on its way out, or AWS's own key for a service (aws/sns): never ours
    policy = call(client, "GetKeyPolicy", KeyId=key_id, PolicyName="default").get("Policy")
    return {**key, "Policy": json.loads(policy) if policy else None}


def _create_params(desired, ctx) -> dict:
    params = dict(desired)
    if isinstance(params.get("Policy"), dict):
        params["Policy"] = json.dumps(params["Policy"])
    return params


def _create(target, params):
    key = call(target.client("kms", resend=False), "CreateKey", **params)["KeyMetadata"]
    return {**_describe(target, key["KeyId"]), "Tags": params.get("Tags", [])}


def _update(target, desired, live, changed) -> None:
    client = target.client("kms")
    if "Description" in changed:
        call(client, "UpdateKeyDescription", KeyId=live["KeyId"], Description=desired.get("Description", ""))
    if any(path.split(".")[0] == "Policy" for path in changed):
        call(client, "PutKeyPolicy", KeyId=live["KeyId"], PolicyName="default", Policy=json.dumps(desired["Policy"]))


def _schedule_deletion(target, live) -> None:
    try:
        call(target.client("kms"), "ScheduleKeyDeletion", KeyId=live["KeyId"], PendingWindowInDays=PENDING_WINDOW_DAYS)
    except CallFailed as error:
        if error_code(error.error) == "KMSInvalidStateException" and "pending deletion" in str(error).lower():
            return  # scheduled already (a lost answer sent again): done
        raise


def _prepare_desired(desired, ctx) -> None:
    # a policy written as JSON text is compared as the document it is
    if isinstance(desired.get("Policy"), str):
        try:
            desired["Policy"] = json.loads(desired["Policy"])
        except ValueError:
            pass  # reported by _rules


def _rules(properties, context):
    policy = properties.get("Policy")
    if isinstance(policy, str):
        try:
            policy = json.loads(policy)
        except ValueError:
            yield "Policy", "is not valid JSON: write the key policy as a dict"
            return
    if isinstance(policy, dict) and not policy.get("Statement"):
        yield "Policy.Statement", "is required: the key policy's statements, e.g. one allowing this account's root kms:*"


def _name(properties, dependencies) -> str | None:
    return tagging.as_dict(properties.get("Tags")).get(tagging.NAME) or properties.get("KeyId")


SPEC = ResourceSpec(
    group="KMS",
    type="Key",
    service="kms",
    listing=Listing("ListKeys", "Keys"),
    identity={"KeyId": "KeyId"},
    infer_name=_name,
    name_tag=tagging.NAME,
    create=_create,
    schema="CreateKey",
    update=_update,
    delete=_schedule_deletion,
    tagging=Tagging(form="list_tagkey", tag_operation="TagResource", untag_operation="UntagResource",
                    arn=lambda target, live: live["KeyId"], arn_param="KeyId", read_operation="ListResourceTags",
                    bulk_type="kms:key"),
    defaults={"Description": "", "KeyUsage": "ENCRYPT_DECRYPT", "KeySpec": "SYMMETRIC_DEFAULT", "Origin": "AWS_KMS",
              "MultiRegion": False},
    # changed only by a new key; CustomerMasterKeySpec is KeySpec's deprecated name
    create_only=("KeyUsage", "KeySpec", "CustomerMasterKeySpec", "Origin", "MultiRegion", "CustomKeyStoreId", "XksKeyId"),
    # what AWS answers alongside KeySpec, in its deprecated name
    server_values={"CustomerMasterKeySpec": None},
    aws_fills={"Policy": None},  # AWS's default key policy when none is declared
    not_found=("NotFoundException",),
    to_create_params=_create_params,
    read_more=lambda target, item: _describe(target, item["KeyId"]),
    prepare_desired=_prepare_desired,
    rules=_rules,
    delete_note=f"AWS deletes a key only after a waiting period: its deletion is scheduled in {PENDING_WINDOW_DAYS} days",
)

# What forces a replacement (tests/test_specs_meta.py checks it): change it deliberately.
CREATE_ONLY_SNAPSHOT = frozenset({"CustomKeyStoreId", "CustomerMasterKeySpec", "KeySpec", "KeyUsage", "MultiRegion",
                                  "Origin", "XksKeyId"})

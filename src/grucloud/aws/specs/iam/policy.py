"""IAM::Policy: a customer managed policy; a new document becomes its new default version."""

import json

from grucloud.aws.calls import (
    CallFailed,
    call,
    call_unless_gone,
    error_code,
    paginate,
    together,
)
from grucloud.aws.spec import Dependency, Listing, ResourceSpec, Tagging

_MAX_VERSIONS = 5  # IAM keeps at most five versions of a policy


def _read_more(target, item):
    # ListPolicies returns neither tags, description nor the document.
    client = target.client("iam")
    response, version = together(
        lambda: call(client, "GetPolicy", PolicyArn=item["Arn"]),
        lambda: call(client, "GetPolicyVersion", PolicyArn=item["Arn"], VersionId=item["DefaultVersionId"]))
    policy = response["Policy"]
    return {**policy, "Tags": policy.get("Tags", []), "PolicyDocument": version["PolicyVersion"]["Document"]}


def _create_params(desired, ctx):
    params = dict(desired)
    if isinstance(params.get("PolicyDocument"), dict):
        params["PolicyDocument"] = json.dumps(params["PolicyDocument"])
    return params


def _after_create(target, desired, live):
    return {**live, "Tags": desired.get("Tags", []), "PolicyDocument": desired.get("PolicyDocument")}


def _non_default_versions(client, arn) -> list:
    versions = paginate(client, "ListPolicyVersions", "Versions", PolicyArn=arn)
    return sorted((v for v in versions if not v["IsDefaultVersion"]), key=lambda v: v["CreateDate"])


def _update(target, desired, live, changed) -> None:
    # a change inside the document comes as its path ("PolicyDocument.Statement")
    if not any(path.split(".")[0] == "PolicyDocument" for path in changed):
        return
    client = target.client("iam")
    old = _non_default_versions(client, live["Arn"])
    if len(old) >= _MAX_VERSIONS - 1:
        call(client, "DeletePolicyVersion", PolicyArn=live["Arn"], VersionId=old[0]["VersionId"])
    document = json.dumps(desired["PolicyDocument"])
    call(client, "CreatePolicyVersion", PolicyArn=live["Arn"], PolicyDocument=document, SetAsDefault=True)


def _delete(target, live) -> None:
    """DeletePolicy first: in a destroy, the roles of ours have detached it already, so it
    usually goes at once, a round trip sooner than listing its roles and versions first. IAM
    refuses one still attached or with other versions (DeleteConflict): then detach it, delete
    those versions, and delete it again."""
    client = target.client("iam")
    arn = live["Arn"]
    try:
        call(client, "DeletePolicy", PolicyArn=arn)
        return
    except CallFailed as error:
        if error_code(error.error) != "DeleteConflict":
            raise
    roles, versions = together(
        lambda: paginate(client, "ListEntitiesForPolicy", "PolicyRoles", PolicyArn=arn, EntityFilter="Role"),
        lambda: _non_default_versions(client, arn))
    for role in roles:
        call_unless_gone(client, "DetachRolePolicy", RoleName=role["RoleName"], PolicyArn=arn)
    for version in versions:
        call_unless_gone(client, "DeletePolicyVersion", PolicyArn=arn, VersionId=version["VersionId"])
    call(client, "DeletePolicy", PolicyArn=arn)


SPEC = ResourceSpec(
    group="IAM",
    type="Policy",
    service="iam",
    listing=Listing("ListPolicies", "Policies", params={"Scope": "Local"}),
    identity={"PolicyArn": "Arn"},
    name_path="PolicyName",
    create="CreatePolicy",
    created_key="Policy",
    update=_update,
    delete=_delete,
    dependencies={
        # ordering only: the document names them (an API's execute-api ARN, a table's ARN)
        "apiGatewayV2Apis": Dependency("ApiGatewayV2::Api", many=True),
        "dynamoDbTables": Dependency("DynamoDB::Table", many=True),
    },
    tagging=Tagging(form="list", tag_operation="TagPolicy", untag_operation="UntagPolicy", arn=lambda t, live: live["Arn"], arn_param="PolicyArn"),
    defaults={"Path": "/"},
    create_only=("Path", "Description"),
    to_create_params=_create_params,
    read_more=_read_more,
    after_create=_after_create,
)


# What forces a replacement (tests/test_specs_meta.py checks it): change it deliberately.
CREATE_ONLY_SNAPSHOT = frozenset({"Description", "Path"})

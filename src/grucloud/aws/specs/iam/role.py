"""IAM::Role: with its attached policies (AWS-managed ones in properties, ours by dependency)."""

import json

from grucloud.aws.calls import CallFailed, call, call_unless_gone, is_not_found, paginate
from grucloud.aws.spec import Dependency, Listing, ResourceSpec, Tagging


def _attached(client, role_name) -> list:
    return [
        {"PolicyArn": p["PolicyArn"], "PolicyName": p["PolicyName"]}
        for p in paginate(client, "ListAttachedRolePolicies", "AttachedPolicies", RoleName=role_name)
    ]


def _decorate(target, item):
    # ListRoles returns neither tags nor attached policies.
    client = target.client("iam")
    role = call(client, "GetRole", RoleName=item["RoleName"])["Role"]
    return {**role, "Tags": role.get("Tags", []), "AttachedPolicies": _attached(client, item["RoleName"])}


def _create_params(desired, ctx):
    params = {k: v for k, v in desired.items() if k != "AttachedPolicies"}
    if isinstance(params.get("AssumeRolePolicyDocument"), dict):
        params["AssumeRolePolicyDocument"] = json.dumps(params["AssumeRolePolicyDocument"])
    return params


def _create(target, params):
    client = target.client("iam")
    return call(client, "CreateRole", **params)["Role"]


def _after_create(target, desired, live):
    client = target.client("iam")
    for policy in desired.get("AttachedPolicies", []):
        call(client, "AttachRolePolicy", RoleName=live["RoleName"], PolicyArn=policy["PolicyArn"])
    return {**live, "Tags": desired.get("Tags", []), "AttachedPolicies": desired.get("AttachedPolicies", [])}


def _update(target, desired, live, changed) -> None:
    client = target.client("iam")
    name = live["RoleName"]
    if "AssumeRolePolicyDocument" in changed:
        call(client, "UpdateAssumeRolePolicy", RoleName=name, PolicyDocument=json.dumps(desired["AssumeRolePolicyDocument"]))
    if {"Description", "MaxSessionDuration"} & set(changed):
        fields = {k: desired[k] for k in ("Description", "MaxSessionDuration") if k in desired}
        call(client, "UpdateRole", RoleName=name, **fields)
    if "AttachedPolicies" in changed:
        want = {p["PolicyArn"] for p in desired.get("AttachedPolicies", [])}
        # what is attached now, not what was listed: a policy replaced in this run was detached
        have = {p["PolicyArn"] for p in _attached(client, name)}
        for arn in have - want:
            call(client, "DetachRolePolicy", RoleName=name, PolicyArn=arn)
        for arn in want - have:
            call(client, "AttachRolePolicy", RoleName=name, PolicyArn=arn)


def _before_delete(target, live) -> None:
    # IAM refuses to delete a role that still has policies or instance profiles.
    client = target.client("iam")
    name = live["RoleName"]
    try:
        attached = _attached(client, name)
        inline = paginate(client, "ListRolePolicies", "PolicyNames", RoleName=name)
        profiles = paginate(client, "ListInstanceProfilesForRole", "InstanceProfiles", RoleName=name)
    except CallFailed as error:
        if is_not_found(error):
            return  # the role is gone already
        raise
    for policy in attached:
        call_unless_gone(client, "DetachRolePolicy", RoleName=name, PolicyArn=policy["PolicyArn"])
    for policy_name in inline:
        call_unless_gone(client, "DeleteRolePolicy", RoleName=name, PolicyName=policy_name)
    for profile in profiles:
        call_unless_gone(client, "RemoveRoleFromInstanceProfile", RoleName=name, InstanceProfileName=profile["InstanceProfileName"])


SPEC = ResourceSpec(
    group="IAM",
    type="Role",
    service="iam",
    listing=Listing("ListRoles", "Roles"),
    identity={"RoleName": "RoleName"},
    name_path="RoleName",
    create=_create,
    schema="CreateRole",
    update=_update,
    delete="DeleteRole",
    dependencies={
        "policies": Dependency(
            "IAM::Policy",
            fills="AttachedPolicies",
            value=lambda live: {"PolicyArn": live["Arn"], "PolicyName": live["PolicyName"]},
            many=True,
        ),
    },
    tagging=Tagging(form="list", tag_operation="TagRole", untag_operation="UntagRole", arn=lambda t, live: live["RoleName"], arn_param="RoleName"),
    defaults={"Path": "/", "MaxSessionDuration": 3600},
    create_only=("Path", "PermissionsBoundary"),
    unordered=("AttachedPolicies",),
    to_create_params=_create_params,
    decorate=_decorate,
    after_create=_after_create,
    before_delete=_before_delete,
)


# What forces a replacement (tests/test_specs_meta.py checks it): change it deliberately.
CREATE_ONLY_SNAPSHOT = frozenset({"Path", "PermissionsBoundary"})

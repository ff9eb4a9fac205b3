"""IAM::Role: with its attached policies (AWS-managed ones in properties, ours by dependency)
and its inline `Policies` ([{"PolicyName", "PolicyDocument"}], GruCloud's shape), each put,
changed or removed on its own."""

import json

from grucloud.aws import shapes
from grucloud.aws.calls import (
    CallFailed,
    call,
    call_unless_gone,
    error_code,
    is_not_found,
    paginate,
    together,
)
from grucloud.aws.spec import Dependency, Listing, ResourceSpec, Tagging


def _attached(client, role_name) -> list:
    return [
        {"PolicyArn": p["PolicyArn"], "PolicyName": p["PolicyName"]}
        for p in paginate(client, "ListAttachedRolePolicies", "AttachedPolicies", RoleName=role_name)
    ]


def _inline(client, role_name) -> list:
    names = paginate(client, "ListRolePolicies", "PolicyNames", RoleName=role_name)
    return [
        {"PolicyName": name, "PolicyDocument": call(client, "GetRolePolicy", RoleName=role_name, PolicyName=name)["PolicyDocument"]}
        for name in names
    ]


def _read_more(target, item):
    # ListRoles returns neither tags nor policies.
    client = target.client("iam")
    name = item["RoleName"]
    response, attached, inline = together(lambda: call(client, "GetRole", RoleName=name),
                                          lambda: _attached(client, name), lambda: _inline(client, name))
    role = response["Role"]
    return {**role, "Tags": role.get("Tags", []), "AttachedPolicies": attached, "Policies": inline}


def _put_inline(client, role_name: str, want: list, have: list) -> None:
    """Each inline policy on its own: put the new and changed ones, delete the removed ones."""
    wanted = {p["PolicyName"]: p["PolicyDocument"] for p in want}
    had = {p["PolicyName"]: p["PolicyDocument"] for p in have}
    for name, document in wanted.items():
        if had.get(name) != document:
            text = document if isinstance(document, str) else json.dumps(document)
            call(client, "PutRolePolicy", RoleName=role_name, PolicyName=name, PolicyDocument=text)
    for name in had.keys() - wanted.keys():
        call_unless_gone(client, "DeleteRolePolicy", RoleName=role_name, PolicyName=name)


def _create_params(desired, ctx):
    params = {k: v for k, v in desired.items() if k not in ("AttachedPolicies", "Policies")}
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
    _put_inline(client, live["RoleName"], desired.get("Policies", []), [])
    return {**live, "Tags": desired.get("Tags", []), "AttachedPolicies": desired.get("AttachedPolicies", []),
            "Policies": desired.get("Policies", [])}


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
    if "Policies" in {path.split(".")[0].split("[")[0] for path in changed}:
        _put_inline(client, name, desired.get("Policies", []), _inline(client, name))


def _rules(properties, context):
    # inline policies are not part of CreateRole: each is checked as its PutRolePolicy request
    policies = properties.get("Policies")
    if policies is None:
        return
    if not isinstance(policies, list):
        yield "Policies", 'is a list of {"PolicyName": ..., "PolicyDocument": {...}}'
        return
    names = [p.get("PolicyName") for p in policies if isinstance(p, dict)]
    for i, policy in enumerate(policies):
        where = f"Policies[{i}]"
        if not isinstance(policy, dict):
            yield where, 'is {"PolicyName": ..., "PolicyDocument": {...}}'
            continue
        for key in sorted(set(policy) - {"PolicyName", "PolicyDocument"}):
            yield f"{where}.{key}", "is not a member of an inline policy: it takes PolicyName and PolicyDocument only"
        document = policy.get("PolicyDocument")
        params = {"RoleName": properties.get("RoleName") or "role", **{k: policy[k] for k in ("PolicyName",) if k in policy}}
        if document is not None:
            params["PolicyDocument"] = json.dumps(document) if isinstance(document, dict) else document
        for problem in shapes.validate("iam", "PutRolePolicy", params):
            if problem.path != "RoleName":
                yield f"{where}.{problem.path}", problem.message
        if names.count(policy.get("PolicyName")) > 1:
            yield f"{where}.PolicyName", f"{policy.get('PolicyName')!r} is used twice: inline policy names are unique per role"


def _unlink(target, live) -> None:
    """IAM refuses to delete a role that still has policies, and a policy still attached: the
    policies listed with the role are detached (and its inline ones deleted) first, one at a
    time (IAM may answer ConcurrentModification to concurrent changes of one role)."""
    _detach(target.client("iam"), live["RoleName"], live.get("AttachedPolicies") or [],
            [policy["PolicyName"] for policy in live.get("Policies") or []])


def _detach(client, name: str, attached: list[dict], inline: list[str]) -> None:
    for policy in attached:
        call_unless_gone(client, "DetachRolePolicy", RoleName=name, PolicyArn=policy["PolicyArn"])
    for policy_name in inline:
        call_unless_gone(client, "DeleteRolePolicy", RoleName=name, PolicyName=policy_name)


def _delete(target, live) -> None:
    """After _unlink. Only when IAM still refuses (a policy attached since, an instance profile)
    is everything attached read again: a round trip fewer on the usual path."""
    client = target.client("iam")
    name = live["RoleName"]
    try:
        call(client, "DeleteRole", RoleName=name)
    except CallFailed as error:
        if error_code(error.error) != "DeleteConflict":
            raise
        _remove_attachments(client, name)
        call(client, "DeleteRole", RoleName=name)


def _remove_attachments(client, name: str) -> None:
    try:
        attached, inline, profiles = together(
            lambda: _attached(client, name),
            lambda: paginate(client, "ListRolePolicies", "PolicyNames", RoleName=name),
            lambda: paginate(client, "ListInstanceProfilesForRole", "InstanceProfiles", RoleName=name))
    except CallFailed as error:
        if is_not_found(error):
            return  # the role is gone already
        raise
    _detach(client, name, attached, inline)
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
    delete=_delete,
    unlink=_unlink,
    dependencies={
        "policies": Dependency(
            "IAM::Policy",
            fills="AttachedPolicies",
            value=lambda live: {"PolicyArn": live["Arn"], "PolicyName": live["PolicyName"]},
            many=True,
            late=True,  # attached by _after_create: CreateRole does not wait for a new policy
        ),
        # what its inline policies name by ARN (GruCloud's keys): made before the role
        "apiGatewayV2Apis": Dependency("ApiGatewayV2::Api", many=True),
        "dynamoDbTables": Dependency("DynamoDB::Table", many=True),
        "eventBuses": Dependency("CloudWatchEvents::EventBus", many=True),
        "logGroups": Dependency("CloudWatchLogs::LogGroup", many=True),
        "sqsQueues": Dependency("SQS::Queue", many=True),
        "stepFunctionsStateMachines": Dependency("StepFunctions::StateMachine", many=True),
    },
    tagging=Tagging(form="list", tag_operation="TagRole", untag_operation="UntagRole", arn=lambda t, live: live["RoleName"], arn_param="RoleName"),
    defaults={"Path": "/", "MaxSessionDuration": 3600},
    create_only=("Path", "PermissionsBoundary"),
    unordered=("AttachedPolicies", "Policies"),
    extra_properties=("Policies",),  # put by their own calls after CreateRole
    # not CreateRole members, so the model cannot say how they are removed: a list declared no
    # more is an empty one (every inline policy deleted, every managed policy detached)
    unset={"Policies": [], "AttachedPolicies": []},
    rules=_rules,
    to_create_params=_create_params,
    read_more=_read_more,
    after_create=_after_create,
)


# What forces a replacement (tests/test_specs_meta.py checks it): change it deliberately.
CREATE_ONLY_SNAPSHOT = frozenset({"Path", "PermissionsBoundary"})

"""Lambda::Permission: the function's resource policy statements (who may invoke it).

One resource per function, named after it, holding the list of statements (GruCloud's shape).
"""

import json

from grucloud.aws.calls import call, call_unless_gone
from grucloud.aws.spec import Dependency, Listing, ResourceSpec

_STATEMENT_KEYS = ("Action", "FunctionName", "Principal", "SourceArn", "StatementId")


def _statements(response) -> list:
    """GetPolicy's JSON policy as one live resource holding its statements."""
    policy = json.loads(response.get("Policy") or "{}")
    permissions = []
    for statement in policy.get("Statement", []):
        principal = statement.get("Principal", {})
        source = statement.get("Condition", {}).get("ArnLike", {}).get("AWS:SourceArn")
        permission = {
            "Action": statement.get("Action"),
            "FunctionName": statement.get("Resource", "").split(":function:")[-1],
            "Principal": principal.get("Service", principal.get("AWS")) if isinstance(principal, dict) else principal,
            "StatementId": statement.get("Sid"),
        }
        if source:
            permission["SourceArn"] = source
        permissions.append(permission)
    return [{"Permissions": permissions}] if permissions else []


def _add(client, permission) -> None:
    call(client, "AddPermission", **{k: v for k, v in permission.items() if v is not None})


def _remove(client, function_name, statement_id) -> None:
    call_unless_gone(client, "RemovePermission", FunctionName=function_name, StatementId=statement_id)


def _create(target, params):
    # sent once, like every create: a statement added again after a lost answer is refused by
    # AWS (and duplicated by the emulator); the engine looks for what is there before retrying
    client = target.client("lambda", resend=False)
    for permission in params["Permissions"]:
        _add(client, {**permission, "FunctionName": params["FunctionName"]})
    return params


def _update(target, desired, live, changed) -> None:
    client = target.client("lambda")
    have = {p["StatementId"]: p for p in live.get("Permissions", [])}
    want = {p["StatementId"]: {**p, "FunctionName": desired["FunctionName"]} for p in desired["Permissions"]}
    for sid, permission in have.items():
        if sid not in want or want[sid] != {**permission, "FunctionName": desired["FunctionName"]}:
            _remove(client, desired["FunctionName"], sid)
    for sid, permission in want.items():
        if sid not in have or have[sid] != {**permission, "FunctionName": have[sid]["FunctionName"]}:
            _add(client, permission)


def _delete(target, live) -> None:
    client = target.client("lambda")
    for permission in live.get("Permissions", []):
        _remove(client, live["FunctionName"], permission["StatementId"])


def _rules(properties, context):
    flat = [key for key in properties if key in _STATEMENT_KEYS and key != "FunctionName"]
    if flat:
        # AddPermission's own members at the top: refused, or nothing would ever be added
        statement = ", ".join(f'"{key}": ...' for key in flat)
        for key in flat:
            yield key, f'belongs in a statement: declare "properties": {{"Permissions": [{{{statement}}}]}}, and the function as "dependencies": {{"lambdaFunction": "<function>"}}'
    for key in properties:
        if key not in ("Permissions", "FunctionName", *_STATEMENT_KEYS):
            yield key, "is not a known property; a Lambda::Permission takes Permissions: [{Action, Principal, StatementId, SourceArn}]"
    if not flat and not properties.get("Permissions"):
        yield "Permissions", "is required: a list of statements, each {Action, Principal, StatementId, SourceArn}"
    for i, permission in enumerate(properties.get("Permissions") or []):
        for key in ("Action", "Principal", "StatementId"):
            if not permission.get(key):
                yield f"Permissions[{i}].{key}", "is required"
        for key in permission:
            if key not in _STATEMENT_KEYS:
                yield f"Permissions[{i}].{key}", f"is not a known property; valid names are: {', '.join(_STATEMENT_KEYS)}"


SPEC = ResourceSpec(
    group="Lambda",
    type="Permission",
    service="lambda",
    deleted_with_parent=True,  # the resource policy is part of the function: DeleteFunction removes it (aws-timing-facts §4)
    read_at_parent_delete=True,
    listing=Listing(
        "GetPolicy", _statements, parent_params={"FunctionName": "Configuration.FunctionName"}
    ),
    identity={"FunctionName": "FunctionName"},
    infer_name=lambda properties, deps: deps.get("lambdaFunction"),
    create=_create,
    update=_update,
    delete=_delete,
    schema=None,
    dependencies={
        "lambdaFunction": Dependency("Lambda::Function", fills="FunctionName", value="Configuration.FunctionName", parent=True),
        # ordering only: the SourceArn names the API
        "apiGatewayV2Apis": Dependency("ApiGatewayV2::Api", many=True),
        "eventsRules": Dependency("CloudWatchEvents::Rule", many=True),
    },
    # each statement's FunctionName comes from the parent function
    to_create_params=lambda desired, ctx: {
        "FunctionName": desired.get("FunctionName"),
        "Permissions": [{k: v for k, v in p.items() if k != "FunctionName"} for p in desired.get("Permissions", [])],
    },
    rules=_rules,
)


# What forces a replacement (tests/test_specs_meta.py checks it): change it deliberately.
CREATE_ONLY_SNAPSHOT = frozenset()

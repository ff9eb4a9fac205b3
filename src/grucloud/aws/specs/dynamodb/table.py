"""DynamoDB::Table: a table with its keys, capacity and settings.

ListTables gives names only, so each table is described (and its tags read) once per listing.
A new key schema or index replaces the table, with its data: the plan says so first.
"""

from grucloud.aws.calls import call, paginate, wait
from grucloud.aws.spec import Listing, ResourceSpec, Tagging

# UpdateTable changes one of these at a time (AWS: "only one of the following ... at once")
_UPDATE_GROUPS = (
    ("BillingMode", "ProvisionedThroughput", "OnDemandThroughput"),
    ("StreamSpecification",),
    ("SSESpecification",),
    ("TableClass",),
    ("DeletionProtectionEnabled",),
    ("WarmThroughput",),
)


def _read_more(target, item):
    client = target.client("dynamodb")
    table = call(client, "DescribeTable", TableName=item["TableName"])["Table"]
    tags = list(paginate(client, "ListTagsOfResource", "Tags", ResourceArn=table["TableArn"]))
    return {**table, "Tags": tags}


def _add_computed(target, live):
    # DescribeTable says the billing mode under BillingModeSummary (absent: provisioned)
    mode = (live.get("BillingModeSummary") or {}).get("BillingMode", "PROVISIONED")
    return {**live, "BillingMode": mode}


def _wait_active(target, name: str) -> None:
    wait(target.client("dynamodb"), "table_exists", f"DynamoDB table {name} to be ACTIVE", TableName=name)


def _after_create(target, desired, live):
    _wait_active(target, live["TableName"])
    return {**live, "Tags": desired.get("Tags", [])}


def _update(target, desired, live, changed) -> None:
    client = target.client("dynamodb")
    name = live["TableName"]
    changed_members = {path.split(".")[0].split("[")[0] for path in changed}
    for group in _UPDATE_GROUPS:
        if changed_members & set(group):
            params = {k: desired[k] for k in group if k in desired}
            call(client, "UpdateTable", TableName=name, **params)
            _wait_active(target, name)


def _delete(target, live) -> None:
    # deletion is asynchronous: a replacement may create the same name only once it is gone
    client = target.client("dynamodb")
    call(client, "DeleteTable", TableName=live["TableName"])
    wait(client, "table_not_exists", f"DynamoDB table {live['TableName']} to be deleted", TableName=live["TableName"])


def _rules(properties, context):
    defined = {a.get("AttributeName") for a in properties.get("AttributeDefinitions") or [] if isinstance(a, dict)}
    for i, key in enumerate(properties.get("KeySchema") or []):
        name = key.get("AttributeName") if isinstance(key, dict) else None
        if name and name not in defined:
            yield f"KeySchema[{i}].AttributeName", f"{name!r} is not in AttributeDefinitions; define it there with its AttributeType"
    mode = properties.get("BillingMode")
    throughput = properties.get("ProvisionedThroughput")
    if mode == "PROVISIONED" and not throughput:
        yield "ProvisionedThroughput", "is required with BillingMode PROVISIONED (ReadCapacityUnits and WriteCapacityUnits), or set BillingMode to PAY_PER_REQUEST"
    if mode == "PAY_PER_REQUEST" and throughput:
        yield "ProvisionedThroughput", "is only for BillingMode PROVISIONED; remove it for PAY_PER_REQUEST"


SPEC = ResourceSpec(
    group="DynamoDB",
    type="Table",
    service="dynamodb",
    listing=Listing("ListTables", "TableNames", item_key="TableName"),
    identity={"TableName": "TableName"},
    name_path="TableName",
    create="CreateTable",
    created_key="TableDescription",
    update=_update,
    delete=_delete,
    tagging=Tagging(form="list", tag_operation="TagResource", untag_operation="UntagResource", arn=lambda t, live: live["TableArn"],
                    bulk_type="dynamodb:table"),
    defaults={"BillingMode": "PROVISIONED"},
    # an on-demand table is described with zero capacity units, which no create request takes
    server_values={"ProvisionedThroughput": ({"ReadCapacityUnits": 0, "WriteCapacityUnits": 0},)},
    # keys and indexes are fixed at creation; attribute definitions only serve them
    create_only=("KeySchema", "AttributeDefinitions", "LocalSecondaryIndexes", "GlobalSecondaryIndexes"),
    unordered=("AttributeDefinitions",),
    read_more=_read_more,
    add_computed=_add_computed,
    after_create=_after_create,
    rules=_rules,
)


# What forces a replacement (tests/test_specs_meta.py checks it): change it deliberately.
# keys and indexes are fixed when a table is made (spec-declared: UpdateTable is a hook)
CREATE_ONLY_SNAPSHOT = frozenset({"AttributeDefinitions", "GlobalSecondaryIndexes", "KeySchema", "LocalSecondaryIndexes"})

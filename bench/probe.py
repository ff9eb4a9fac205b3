"""What a phase really left on the emulator, counted from outside every contender: the
harness's own boto3 calls, marked with the X-Bench-Probe header so the emulator neither counts
nor rate-limits them."""

from __future__ import annotations

import json

import boto3
from botocore.config import Config

from bench.emulator import REGION
from bench.stacks import Stack


def warm_up(url: str) -> None:
    """One uncounted list call of each type gc knows (so of every service any contender uses),
    so that the emulator's lazy start of its backends (EC2 makes a default VPC) is not charged
    to the first phase that touches them."""
    from botocore import xform_name

    from grucloud.aws.specs import REGISTRY

    session = boto3.session.Session(aws_access_key_id="testing", aws_secret_access_key="testing", region_name=REGION)
    clients = {}
    for spec in REGISTRY.values():
        if spec.listing.operation is None or spec.listing.parent_params:
            continue
        if spec.service not in clients:
            clients[spec.service] = session.client(spec.service, endpoint_url=url)
            clients[spec.service].meta.events.register("before-sign", _mark)
        try:
            getattr(clients[spec.service], xform_name(spec.listing.operation))(**spec.listing.params)
        except Exception:  # a gap of the emulator: nothing to warm
            pass
    for service, operation in (("sts", "get_caller_identity"), ("resourcegroupstaggingapi", "get_resources")):
        client = session.client(service, endpoint_url=url)
        client.meta.events.register("before-sign", _mark)
        getattr(client, operation)()


def _clients(url: str) -> dict:
    session = boto3.session.Session(aws_access_key_id="testing", aws_secret_access_key="testing", region_name=REGION)
    clients = {}
    for service in ("apigatewayv2", "lambda", "iam", "logs"):
        client = session.client(service, endpoint_url=url, config=Config(max_pool_connections=10))
        client.meta.events.register("before-sign", _mark)
        clients[service] = client
    return clients


def _mark(request, **_) -> None:
    request.headers["X-Bench-Probe"] = "1"


def expected(stack: Stack) -> dict[str, int]:
    per_function = {kind: stack.n for kind in ("functions", "integrations", "routes", "permissions")}
    return {"apis": 1, "stages": 1, "roles": 1, "policies": 1, "log_groups": 1, **per_function}


def live_counts(url: str, stack: Stack) -> dict[str, int]:
    """How many of the stack's resources exist, by kind."""
    c = _clients(url)
    apis = [a for a in c["apigatewayv2"].get_apis()["Items"] if a["Name"] == stack.api]
    counts = {"apis": len(apis), "stages": 0, "integrations": 0, "routes": 0}
    for api in apis:
        counts["stages"] += sum(s["StageName"] == stack.stage for s in c["apigatewayv2"].get_stages(ApiId=api["ApiId"])["Items"])
        counts["integrations"] += len(c["apigatewayv2"].get_integrations(ApiId=api["ApiId"])["Items"])
        counts["routes"] += len(c["apigatewayv2"].get_routes(ApiId=api["ApiId"])["Items"])
    wanted = set(stack.functions)
    functions = [f["FunctionName"] for page in c["lambda"].get_paginator("list_functions").paginate()
                 for f in page["Functions"] if f["FunctionName"] in wanted]
    counts["functions"] = len(functions)
    counts["permissions"] = sum(_has_statement(c["lambda"], f, stack.statement_id) for f in functions)
    counts["roles"] = sum(r["RoleName"] == stack.role for page in c["iam"].get_paginator("list_roles").paginate() for r in page["Roles"])
    counts["policies"] = sum(p["PolicyName"] == stack.policy for page in c["iam"].get_paginator("list_policies").paginate(Scope="Local")
                             for p in page["Policies"])
    counts["log_groups"] = len(c["logs"].describe_log_groups(logGroupNamePrefix=stack.log_group)["logGroups"])
    return counts


def _has_statement(client, function: str, statement_id: str) -> bool:
    try:
        policy = json.loads(client.get_policy(FunctionName=function)["Policy"])
    except client.exceptions.ResourceNotFoundException:
        return False
    return any(s.get("Sid") == statement_id for s in policy.get("Statement", []))

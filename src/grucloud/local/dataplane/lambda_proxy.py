"""AWS_PROXY integrations with a Lambda function: the event, the invocation, the answer."""

from __future__ import annotations

import time

from grucloud.local.dataplane import payloads, permission, world
from grucloud.local.dataplane.exchange import (
    Incoming,
    Outgoing,
    internal_error,
    unavailable,
)
from grucloud.local.dataplane.runner import FunctionRunner, RuntimeMissing

DEFAULT_TIMEOUT_MS = 30000


def call(runner: FunctionRunner, api: world.Api, integration: dict, incoming: Incoming, stage: str,
         route_key: str, path_parameters: dict, authorizer: dict | None) -> Outgoing:
    region, name = world.function_name_of(integration.get("integrationUri") or "")
    region = region or api.region
    function = world.find_function(region, name)
    if function is None:
        return internal_error(f"integration {integration['integrationId']}: no function {name!r} in {region}")
    if not integration.get("credentialsArn"):  # with a role, API Gateway invokes as that role
        refused = permission.check(region, function.name, permission.source_arn(api.region, api.api_id, stage, route_key))
        if refused:
            return internal_error(refused)
    version = integration.get("payloadFormatVersion") or "2.0"
    build = payloads.event_v2 if version == "2.0" else payloads.event_v1
    event = build(incoming, stage, route_key, path_parameters, api.stages[stage].get("stageVariables") or {}, authorizer)
    timeout_ms = integration.get("timeoutInMillis") or DEFAULT_TIMEOUT_MS
    try:
        invocation = runner.invoke(function, event, deadline=time.monotonic() + timeout_ms / 1000)
    except RuntimeMissing as error:
        return internal_error(str(error))
    if invocation.gave_up:
        return unavailable(f"function {function.name!r} did not answer within the integration timeout of {timeout_ms} ms")
    if invocation.error:
        error = invocation.error
        return internal_error(f"function {function.name!r} failed: {error.get('errorType')}: {error.get('errorMessage')}")
    try:
        return (payloads.response_v2 if version == "2.0" else payloads.response_v1)(invocation.payload)
    except payloads.BadAnswer as error:
        return internal_error(f"function {function.name!r} answered what API Gateway cannot read (payload {version}): {error}")

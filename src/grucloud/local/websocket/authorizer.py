"""The `$connect` route's authorization, as API Gateway runs it for a WebSocket API. A Lambda
REQUEST authorizer: identity sources (`route.request.header.X`, `route.request.querystring.X`),
a missing one → 401 without calling the function, the IAM policy answer (Allow → connected, with
its `context` in `requestContext.authorizer`; otherwise 403), a failing function → 500. AWS_IAM:
the upgrade request's SigV4 signature, checked as an HTTP API's route checks it (403 otherwise)."""

from __future__ import annotations

import time
from dataclasses import dataclass

from grucloud.local.dataplane import sigv4
from grucloud.local.dataplane.authorizers import policy_allows
from grucloud.local.dataplane.exchange import Incoming
from grucloud.local.websocket.api import WebSocketApi
from grucloud.local.websocket.connections import Connection
from grucloud.local.websocket.integrations import CannotInvoke, invoke_function
from grucloud.local.websocket.requests import WsRequest

AUTHORIZER_TIMEOUT = 10.0


@dataclass
class Verdict:
    status: int  # 200: allowed
    context: dict
    reason: str = ""
    message: str = ""  # the client's {"message"} when not the status's usual one


def _identity(request: WsRequest, source: str) -> str | None:
    params = request.params()
    for prefix, where in (("route.request.header.", "header"), ("route.request.querystring.", "querystring")):
        if source.startswith(prefix):
            name = source.removeprefix(prefix)
            values = {k.lower(): v for k, v in params[where].items()} if where == "header" else params[where]
            return values.get(name.lower() if where == "header" else name)
    return None


def _signed(api: WebSocketApi, connection: Connection) -> Verdict:
    path, _, query = connection.target.partition("?")
    upgrade = Incoming("GET", path, query, connection.headers, b"", connection.source_ip,
                       next((v for k, v in connection.headers if k.lower() == "host"), ""), api.api_id, target_path=path)
    if not sigv4.signed(upgrade):
        return Verdict(403, {}, "$connect needs AWS_IAM: the upgrade request is not signed (SigV4)")
    route_arn = f"arn:aws:execute-api:{api.region}:{_account()}:{api.api_id}/{connection.stage}/$connect"
    refused = sigv4.refusal(upgrade, api.region) or sigv4.denial(upgrade, api.region, route_arn)
    return Verdict(200, {}) if refused is None else Verdict(403, {}, f"$connect needs AWS_IAM: {refused}", refused)


def authorize(api: WebSocketApi, route: dict, request: WsRequest, runner) -> Verdict:
    kind = route.get("authorizationType") or "NONE"
    if kind == "AWS_IAM":
        return _signed(api, request.connection)
    if kind != "CUSTOM":
        return Verdict(200, {})
    authorizer = api.authorizers.get(route.get("authorizerId") or "")
    if authorizer is None:
        return Verdict(500, {}, f"route {route['routeKey']!r} names authorizer {route.get('authorizerId')!r}, which does not exist")
    sources = authorizer.get("identitySource") or []
    sources = sources if isinstance(sources, list) else [sources]
    values = [_identity(request, s) for s in sources]
    if any(v in (None, "") for v in values):
        return Verdict(401, {}, f"identity source missing: {', '.join(s for s, v in zip(sources, values) if not v)}")
    connection = request.connection
    method_arn = f"arn:aws:execute-api:{api.region}:{_account()}:{api.api_id}/{connection.stage}/$connect"
    event = {
        **{k: v for k, v in request.proxy_event().items() if k not in ("body", "isBase64Encoded")},
        "type": "REQUEST",
        "methodArn": method_arn,
        "stageVariables": (api.stages.get(connection.stage) or {}).get("stageVariables") or {},
    }
    try:
        arn = f"arn:aws:execute-api:{api.region}:{_account()}:{api.api_id}/authorizers/{authorizer['authorizerId']}"
        invocation = invoke_function(runner, api, authorizer.get("authorizerUri") or "", event, time.monotonic() + AUTHORIZER_TIMEOUT,
                                     None if authorizer.get("authorizerCredentialsArn") else arn)
    except CannotInvoke as error:
        return Verdict(500, {}, str(error))
    if invocation.gave_up or invocation.error or not isinstance(invocation.payload, dict):
        return Verdict(500, {}, f"the authorizer failed: {(invocation.error or {}).get('errorMessage') or 'timed out or answered no policy'}")
    answer = invocation.payload
    if not policy_allows(answer.get("policyDocument") or {}, method_arn):
        return Verdict(403, {}, "the authorizer's policy does not allow execute-api:Invoke")
    context = dict(answer.get("context") or {})
    if answer.get("principalId") is not None:
        context["principalId"] = answer["principalId"]
    return Verdict(200, context)


def _account() -> str:
    from moto.core import DEFAULT_ACCOUNT_ID

    return DEFAULT_ACCOUNT_ID

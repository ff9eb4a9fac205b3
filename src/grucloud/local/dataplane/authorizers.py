"""A route's authorizer, run before its integration: JWT, or a Lambda REQUEST authorizer.

Both answer either the `authorizer` member of the integration's requestContext, or the
gateway's own refusal: 401 (no or bad credentials), 403 (denied), 500 (the authorizer failed).
"""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass

from grucloud.local.dataplane import jwt, payloads, permission, world
from grucloud.local.dataplane.exchange import (
    Incoming,
    Outgoing,
    internal_error,
    message,
)
from grucloud.local.dataplane.runner import FunctionRunner, RuntimeMissing

AUTHORIZER_TIMEOUT = 10.0


@dataclass
class Request:
    """What an authorizer sees of the request."""

    api: world.Api
    incoming: Incoming
    stage: str
    path: str  # without the stage segment
    route: dict
    path_parameters: dict

    @property
    def route_arn(self) -> str:
        """The execute-api ARN that IAM policies name for this request."""
        return f"arn:aws:execute-api:{self.api.region}:{world.ACCOUNT}:{self.api.api_id}/{self.stage}/{self.incoming.method}{self.path}"


def _unauthorized(description: str, error: str = "invalid_token") -> Outgoing:
    challenge = f'Bearer scope="" error="{error}" error_description="{description}"'
    return message(401, "Unauthorized", f"JWT authorizer: {description}", headers=[("www-authenticate", challenge)])


def identity_value(expression: str, request: Request) -> str | None:
    """$request.header.x, $request.querystring.x, $context.x, $stageVariables.x; None if absent."""
    kind, _, name = expression.partition(".")
    incoming = request.incoming
    if kind == "$request":
        where, _, key = name.partition(".")
        if where == "header":
            return incoming.header(key)
        if where == "querystring":
            values = incoming.query_values().get(key)
            return ",".join(values) if values else None
        return None
    if kind == "$context":
        context = {"routeKey": request.route["routeKey"], "stage": request.stage, "apiId": incoming.api_id,
                   "requestId": incoming.request_id, "httpMethod": incoming.method, "path": request.path}
        return context.get(name)
    if kind == "$stageVariables":
        return (request.api.stages[request.stage].get("stageVariables") or {}).get(name)
    return None


def check_jwt(authorizer: dict, request: Request) -> dict | Outgoing:
    config = authorizer.get("jwtConfiguration") or {}
    source = (authorizer.get("identitySource") or ["$request.header.Authorization"])[0]
    token = identity_value(source, request)
    if not token:
        return _unauthorized(f"no token in {source}")
    token = token.strip()
    if token[:7].lower() == "bearer ":
        token = token[7:].strip()
    try:
        claims = jwt.verify(token, config.get("issuer") or "", config.get("audience") or [])
    except jwt.Rejected as rejected:
        return _unauthorized(str(rejected))
    wanted = request.route.get("authorizationScopes") or []
    scopes = jwt.token_scopes(claims)
    if wanted and not set(wanted) & set(scopes):
        challenge = f'Bearer scope="{" ".join(wanted)}" error="insufficient_scope" error_description="the token has none of the scopes {wanted}"'
        return message(403, "Forbidden", f"JWT authorizer: the token's scopes {scopes} include none of the route's {wanted}", headers=[("www-authenticate", challenge)])
    return {"jwt": {"claims": jwt.stringified(claims), "scopes": scopes or None}}


class LambdaAuthorizers:
    """Lambda REQUEST authorizers, with their results cached per identity for their TTL."""

    def __init__(self, runner: FunctionRunner):
        self.runner = runner
        self._cache: dict[tuple, tuple[float, dict]] = {}
        self._lock = threading.Lock()

    def check(self, authorizer: dict, request: Request) -> dict | Outgoing:
        version = authorizer.get("authorizerPayloadFormatVersion") or "2.0"
        sources = authorizer.get("identitySource") or []
        values = [identity_value(s, request) for s in sources]
        if any(v is None or v == "" for v in values):
            missing = [s for s, v in zip(sources, values) if not v]
            return message(401, "Unauthorized", f"Lambda authorizer {authorizer['name']!r} not called: no {', '.join(missing)}")
        ttl = int(authorizer.get("authorizerResultTtlInSeconds") or 0)
        key = (request.api.api_id, authorizer["authorizerId"], tuple(values))
        cached = self._cache.get(key) if ttl and values else None
        if cached and cached[0] > time.monotonic():
            answer = cached[1]
        else:
            answer = self._invoke(authorizer, request, values, version)
            if isinstance(answer, Outgoing):
                return answer
            if ttl and values:
                with self._lock:
                    self._cache[key] = (time.monotonic() + ttl, answer)
        return self._decide(authorizer, request, answer, version)

    def _invoke(self, authorizer: dict, request: Request, values: list[str], version: str) -> dict | Outgoing:
        name = authorizer["name"]
        region, function_name = world.function_name_of(authorizer.get("authorizerUri") or "")
        region = region or request.api.region
        function = world.find_function(region, function_name)
        if function is None:
            return internal_error(f"Lambda authorizer {name!r}: no function {function_name!r} in {region}")
        if not authorizer.get("authorizerCredentialsArn"):
            arn = f"arn:aws:execute-api:{request.api.region}:{world.ACCOUNT}:{request.api.api_id}/authorizers/{authorizer['authorizerId']}"
            refused = permission.check(region, function.name, arn)
            if refused:
                return internal_error(f"Lambda authorizer {name!r}: {refused}")
        event = self._event(request, values, version)
        try:
            invocation = self.runner.invoke(function, event, deadline=time.monotonic() + AUTHORIZER_TIMEOUT)
        except RuntimeMissing as error:
            return internal_error(str(error))
        if not invocation.ok or not isinstance(invocation.payload, dict):
            why = invocation.error or ("no answer in time" if invocation.gave_up else f"answered {invocation.payload!r}")
            return internal_error(f"Lambda authorizer {name!r} failed: {why}")
        return invocation.payload

    def _event(self, request: Request, values: list[str], version: str) -> dict:
        route_key = request.route["routeKey"]
        route_arn = request.route_arn
        stage_variables = request.api.stages[request.stage].get("stageVariables") or {}
        if version == "2.0":
            event = payloads.event_v2(request.incoming, request.stage, route_key, request.path_parameters, stage_variables, None)
            event.pop("body", None)
            event.pop("isBase64Encoded", None)
            return {"version": "2.0", "type": "REQUEST", "routeArn": route_arn, "identitySource": values, **{k: v for k, v in event.items() if k != "version"}}
        event = payloads.event_v1(request.incoming, request.stage, route_key, request.path_parameters, stage_variables, None)
        event.pop("body", None)
        joined = ",".join(values)
        return {"version": "1.0", "type": "REQUEST", "methodArn": route_arn, "identitySource": joined, "authorizationToken": joined, **{k: v for k, v in event.items() if k != "version"}}

    def _decide(self, authorizer: dict, request: Request, answer: dict, version: str) -> dict | Outgoing:
        name = authorizer["name"]
        context = answer.get("context") or {}
        if version == "2.0" and authorizer.get("enableSimpleResponses"):
            if not isinstance(answer.get("isAuthorized"), bool):
                return internal_error(f"Lambda authorizer {name!r}: a simple response needs isAuthorized true or false, got {answer!r}")
            allowed = answer["isAuthorized"]
        else:
            document = answer.get("policyDocument")
            if not isinstance(document, dict):
                return internal_error(f"Lambda authorizer {name!r}: an IAM policy response needs a policyDocument, got {answer!r}")
            route_arn = request.route_arn
            allowed = policy_allows(document, route_arn)
        if not allowed:
            return message(403, "Forbidden", f"Lambda authorizer {name!r} denied the request")
        if version == "2.0":
            return {"lambda": context}
        return {**context, **({"principalId": answer["principalId"]} if "principalId" in answer else {})}


def policy_allows(document: dict, route_arn: str) -> bool:
    statements = document.get("Statement") or []
    statements = statements if isinstance(statements, list) else [statements]

    def applies(statement) -> bool:
        actions = statement.get("Action") or []
        resources = statement.get("Resource") or []
        actions = actions if isinstance(actions, list) else [actions]
        resources = resources if isinstance(resources, list) else [resources]
        return any(a in ("execute-api:Invoke", "execute-api:*", "*") for a in actions) and any(permission.like(r, route_arn) for r in resources)

    matching = [s for s in statements if isinstance(s, dict) and applies(s)]
    return any(s.get("Effect") == "Allow" for s in matching) and not any(s.get("Effect") == "Deny" for s in matching)

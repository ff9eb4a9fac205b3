"""The request pipeline of an HTTP API: stage, CORS preflight, route, authorizer, integration,
CORS headers, access log."""

from __future__ import annotations

import sys
import time
from dataclasses import dataclass

from grucloud.local.dataplane import (
    access_log,
    authorizers,
    cors,
    lambda_proxy,
    mapping,
    proxy,
    router,
    sigv4,
    world,
)
from grucloud.local.dataplane.exchange import (
    Incoming,
    Outgoing,
    internal_error,
    message,
    not_found,
)
from grucloud.local.dataplane.runner import FunctionRunner
from grucloud.local.dataplane.services import ServiceCaller


@dataclass
class _Trace:
    """How far a request got: what the access log and the emulator's log say about it."""

    api: world.Api | None = None
    stage: str = ""
    route_key: str = ""
    preflight: bool = False


def _log(incoming: Incoming, answer: Outgoing) -> None:
    # the emulator's log (emulator.log in gc's state folder) says why a request failed
    if answer.status >= 400 and answer.reason:
        print(f"execute-api {incoming.api_id} {incoming.method} {incoming.path} -> {answer.status}: {answer.reason}", file=sys.stderr, flush=True)


class Gateway:
    def __init__(self, emulator_url: str):
        self.runner = FunctionRunner(emulator_url)
        self.lambda_authorizers = authorizers.LambdaAuthorizers(self.runner)
        self.services = ServiceCaller(emulator_url)

    def serve(self, incoming: Incoming) -> Outgoing:
        started = time.monotonic()
        trace = _Trace()
        answer = self._serve(incoming, trace)
        if trace.api is not None:
            if not trace.preflight:
                answer = cors.decorate(trace.api.cors, incoming, answer)
            if trace.stage:
                access_log.write(trace.api, trace.stage, incoming, trace.route_key, answer, started)
        _log(incoming, answer)
        return answer

    def _serve(self, incoming: Incoming, trace: _Trace) -> Outgoing:
        if not incoming.api_id:  # AWS's answer to a custom domain's path that no API mapping starts
            return message(403, "Missing Authentication Token", f"custom domain {incoming.domain_name}: no API mapping for {incoming.path}")
        api = world.find_api(incoming.api_id)
        if api is None:
            return not_found(f"no API {incoming.api_id}")
        if api.disabled and incoming.stage is None:
            return message(403, "Forbidden", f"API {incoming.api_id} has DisableExecuteApiEndpoint: it answers at its custom domain only")
        if api.protocol != "HTTP":
            return not_found(f"API {incoming.api_id} is a {api.protocol} API")
        trace.api = api
        if incoming.stage is not None:  # through a custom domain: the mapping names the stage
            stage = router.StageMatch(incoming.stage, incoming.path) if incoming.stage in api.stages else None
        else:
            stage = router.select_stage(api.stages, incoming.path)
        if stage is None:
            return not_found(f"API {incoming.api_id} has no stage named by {incoming.path!r} and no $default stage")
        trace.stage = stage.name
        if cors.is_preflight(api.cors, incoming):
            trace.preflight = True
            return cors.preflight(api.cors, incoming)  # answered by the gateway, whatever the routes
        found = router.select_route(api.routes, incoming.method, stage.path)
        if found is None:
            return not_found(f"no route of API {incoming.api_id} matches {incoming.method} {stage.path}")
        route = found.route
        trace.route_key = route["routeKey"]
        target = route.get("target") or ""
        integration = api.integrations.get(target.removeprefix("integrations/"))
        if integration is None:
            return internal_error(f"route {route['routeKey']!r} has no integration")
        authorized = self._authorize(authorizers.Request(api, incoming, stage.name, stage.path, route, found.path_parameters))
        if isinstance(authorized, Outgoing):
            return authorized
        source = mapping.Source(incoming, stage.name, stage.path, route["routeKey"], found.path_parameters,
                                api.stages[stage.name].get("stageVariables") or {})
        return mapping.map_response(integration, self._integrate(api, integration, source, authorized), source)

    def _authorize(self, request: authorizers.Request) -> dict | None | Outgoing:
        """The requestContext.authorizer member, None without an authorizer, or a refusal."""
        kind = request.route.get("authorizationType") or "NONE"
        if kind == "NONE":
            return None
        if kind == "AWS_IAM":
            if not sigv4.signed(request.incoming):
                return message(403, "Forbidden", "route needs AWS_IAM: the request is not signed (SigV4)")
            refused = sigv4.refusal(request.incoming, request.api.region) or sigv4.denial(request.incoming, request.api.region, request.route_arn)
            if refused is not None:
                return message(403, refused, f"route needs AWS_IAM: {refused}")
            return {"iam": sigv4.caller(request.incoming, request.api.region)}
        authorizer = request.api.authorizers.get(request.route.get("authorizerId") or "")
        if authorizer is None:
            return internal_error(f"route {request.route['routeKey']!r} names no authorizer of the API")
        if kind == "JWT":
            return authorizers.check_jwt(authorizer, request)
        return self.lambda_authorizers.check(authorizer, request)

    def _integrate(self, api, integration, source: mapping.Source, authorizer) -> Outgoing:
        kind = integration.get("integrationType")
        if kind == "AWS_PROXY" and integration.get("integrationSubtype"):
            return self.services.call(api, integration, source)
        if kind == "AWS_PROXY":
            return lambda_proxy.call(self.runner, api, integration, source.incoming, source.stage, source.route_key, source.path_parameters, authorizer)
        if kind == "HTTP_PROXY":
            return proxy.forward(integration, source)
        return internal_error(f"integration type {kind} is not one an HTTP API runs (AWS_PROXY, HTTP_PROXY)")

"""The request pipeline of an HTTP API: stage, route, authorizer, integration, answer."""

from __future__ import annotations

import logging
import sys

from grucloud.local.dataplane import lambda_proxy, router, world
from grucloud.local.dataplane.exchange import Incoming, Outgoing, internal_error, not_found
from grucloud.local.dataplane.runner import FunctionRunner

log = logging.getLogger("grucloud.dataplane")


def _log(incoming: Incoming, answer: Outgoing) -> None:
    # the emulator's log (emulator.log in gc's state folder) says why a request failed
    if answer.status >= 400 and answer.reason:
        print(f"execute-api {incoming.api_id} {incoming.method} {incoming.path} -> {answer.status}: {answer.reason}", file=sys.stderr, flush=True)


class Gateway:
    def __init__(self, emulator_url: str):
        self.runner = FunctionRunner(emulator_url)

    def serve(self, incoming: Incoming) -> Outgoing:
        answer = self._serve(incoming)
        _log(incoming, answer)
        return answer

    def _serve(self, incoming: Incoming) -> Outgoing:
        api = world.find_api(incoming.api_id)
        if api is None or api.disabled:
            return not_found(f"no API {incoming.api_id}")
        if api.protocol != "HTTP":
            return not_found(f"API {incoming.api_id} is a {api.protocol} API")
        stage = router.select_stage(api.stages, incoming.path)
        if stage is None:
            return not_found(f"API {incoming.api_id} has no stage named by {incoming.path!r} and no $default stage")
        found = router.select_route(api.routes, incoming.method, stage.path)
        if found is None:
            return not_found(f"no route of API {incoming.api_id} matches {incoming.method} {stage.path}")
        route = found.route
        target = route.get("target") or ""
        integration = api.integrations.get(target.removeprefix("integrations/"))
        if integration is None:
            return internal_error(f"route {route['routeKey']!r} has no integration")
        return self._integrate(api, integration, incoming, stage.name, route, found.path_parameters, None)

    def _integrate(self, api, integration, incoming, stage, route, path_parameters, authorizer) -> Outgoing:
        kind = integration.get("integrationType")
        if kind == "AWS_PROXY" and not integration.get("integrationSubtype"):
            return lambda_proxy.call(self.runner, api, integration, incoming, stage, route["routeKey"], path_parameters, authorizer)
        return internal_error(f"integration type {kind} {integration.get('integrationSubtype') or ''} is not run by the emulator")

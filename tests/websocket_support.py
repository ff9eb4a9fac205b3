"""Helpers for the WebSocket data-plane tests: WebSocket APIs arranged with boto3 on the
session's emulator, and clients of its gateway."""

from __future__ import annotations

import json
import time
import uuid

from websockets.sync.client import connect

from dataplane_support import Server, request


def gateway_url(server: Server) -> str:
    return request(f"{server.url}/_gc/websocket").json()["url"]


def management_url(server: Server) -> str:
    return request(f"{server.url}/_gc/websocket").json()["connections"]


def make_ws_api(server: Server, routes: dict[str, dict], stage: str = "test", **api) -> str:
    """A WebSocket API whose routes each have their own integration: {route key: integration};
    an integration's "two_way": True adds the route's `$default` route response,
    "responses" its integration responses, "route" more route properties."""
    client = server.client("apigatewayv2")
    api_id = client.create_api(Name=f"ws-{uuid.uuid4().hex[:6]}", ProtocolType="WEBSOCKET",
                               RouteSelectionExpression=api.pop("RouteSelectionExpression", "$request.body.action"), **api)["ApiId"]
    for route_key, integration in routes.items():
        integration = dict(integration)
        two_way = integration.pop("two_way", False)
        responses = integration.pop("responses", [])
        route_extra = integration.pop("route", {})
        made = client.create_integration(ApiId=api_id, **integration)
        for response in responses:
            client.create_integration_response(ApiId=api_id, IntegrationId=made["IntegrationId"], **response)
        route = client.create_route(ApiId=api_id, RouteKey=route_key, Target=f"integrations/{made['IntegrationId']}", **route_extra)
        if two_way:
            client.create_route_response(ApiId=api_id, RouteId=route["RouteId"], RouteResponseKey="$default")
    client.create_stage(ApiId=api_id, StageName=stage)
    return api_id


def open_ws(server: Server, api_id: str, stage: str = "test", query: str = "", **options):
    return connect(f"{gateway_url(server)}/{api_id}/{stage}{query}", open_timeout=120, **options)


def receive_json(ws, timeout: float = 60) -> dict:
    return json.loads(ws.recv(timeout=timeout))


def eventually(check, what: str, within: float = 30.0):
    """Wait until `check()` is true ($disconnect runs after the close, as on AWS)."""
    deadline = time.monotonic() + within
    while not check():
        assert time.monotonic() < deadline, f"not within {within:.0f} s: {what}"
        time.sleep(0.05)

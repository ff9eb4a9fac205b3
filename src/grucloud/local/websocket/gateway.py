"""The WebSocket gateway: clients connect to `ws://127.0.0.1:<port>/<apiId>/<stage>`, and each
connection lives as on API Gateway.

- `$connect` runs during the upgrade (after the route's authorizer); a refusal fails the
  upgrade with its status. `$disconnect` runs after the close, best effort.
- Each message goes to the route that `RouteSelectionExpression` selects, else `$default`;
  the integration's answer is sent back when the route has a route response (two-way).
- Limits as AWS's: 128 KB a message, 32 KB a frame (larger: close 1009), an idle connection
  is closed after 10 minutes (`GC_WEBSOCKET_IDLE_TIMEOUT` seconds), any after 2 hours.
- Handlers call back through the `@connections` API on an HTTPS listener, the `domainName`
  of their events (see tls.py).
"""

from __future__ import annotations

import json
import logging
import os
import threading
import time
from urllib.parse import parse_qs, urlsplit

from websockets.exceptions import ConnectionClosed
from websockets.sync.server import ServerConnection, serve

from grucloud.local.websocket import api as apis
from grucloud.local.websocket import (
    connections,
    integrations,
    listener,
    selection,
    tls,
    validation,
)
from grucloud.local.websocket.authorizer import authorize
from grucloud.local.websocket.connections import REGISTRY, Connection
from grucloud.local.websocket.requests import WsRequest

log = logging.getLogger(__name__)
MAX_FRAME = 32 * 1024
IDLE_TIMEOUT = 600.0
MAX_DURATION = 2 * 3600.0
OPEN_TIMEOUT = 120.0  # the upgrade includes $connect, whose function may start cold


def _message(status: int, text: str) -> tuple[int, str]:
    return status, json.dumps({"message": text})


class Gateway:
    def __init__(self, host: str, emulator_url: str, runner, idle_timeout: float | None = None):
        self.host = host
        self.emulator_url = emulator_url
        self.runner = runner
        self.idle_timeout = idle_timeout or float(os.environ.get("GC_WEBSOCKET_IDLE_TIMEOUT") or IDLE_TIMEOUT)
        self._server = serve(
            self._serve, host, 0, process_request=self._connect, max_size=(connections.MAX_MESSAGE, MAX_FRAME),
            open_timeout=OPEN_TIMEOUT, ping_interval=None, compression=None, server_header=None,
        )
        self.management_host, self._stop_management = listener.serve(host, tls.server_context())
        self.ws_port = self._server.socket.getsockname()[1]
        threading.Thread(target=self._server.serve_forever, daemon=True).start()

    @property
    def url(self) -> str:
        return f"ws://{self.host}:{self.ws_port}"

    def close(self) -> None:
        self._server.shutdown()
        self._stop_management()

    # the upgrade: find the API and stage, then $connect
    def _connect(self, ws: ServerConnection, request):
        parts = urlsplit(request.path)
        segments = [s for s in parts.path.split("/") if s]
        host = (request.headers.get("Host") or "").split(":")[0]
        if ".execute-api." in host:  # host-style: <apiId>.execute-api.<anything>/<stage>
            segments = [host.split(".")[0], *segments]
        if len(segments) != 2:
            return ws.respond(*_message(404, "Not Found"))
        api = apis.find(segments[0])
        if api is None:
            return ws.respond(*_message(404, "Not Found"))
        if segments[1] not in api.stages:
            return ws.respond(*_message(403, "Forbidden"))
        connection = Connection(
            id=connections.new_id(), api_id=api.api_id, stage=segments[1], region=api.region,
            domain_name=self.management_host, source_ip=str(ws.remote_address[0]),
            user_agent=request.headers.get("User-Agent", ""), headers=list(request.headers.raw_items()),
            query=parse_qs(parts.query, keep_blank_values=True), target=request.path,
        )
        ws.gc_connection = connection
        route = api.routes.get("$connect")
        if route is None:
            return None
        event = WsRequest(connection, "CONNECT", "$connect")
        verdict = authorize(api, route, event, self.runner)
        if verdict.status != 200:
            log.warning("%s $connect refused (%s): %s", api.api_id, verdict.status, verdict.reason)
            text = verdict.message or {401: "Unauthorized", 403: "Forbidden"}.get(verdict.status, "Internal server error")
            return ws.respond(*_message(verdict.status, text))
        connection.authorizer = verdict.context
        answer = integrations.carry(api, route, event, self.runner, self.emulator_url)
        if answer.error:
            log.warning("%s $connect failed: %s", api.api_id, answer.error)
            return ws.respond(*_message(500, "Internal server error"))
        if not answer.ok:
            body = answer.body if isinstance(answer.body, str) else ""
            return ws.respond(answer.status, body)
        return None

    # the open connection: messages until the close, then $disconnect
    def _serve(self, ws: ServerConnection) -> None:
        connection: Connection = ws.gc_connection
        connection.socket = ws
        REGISTRY.add(connection)
        ends_at = time.monotonic() + MAX_DURATION
        try:
            while True:
                left = ends_at - time.monotonic()
                try:
                    message = ws.recv(timeout=min(self.idle_timeout, left))
                except TimeoutError:
                    ws.close(1001, "Going away")
                    break
                except ConnectionClosed:
                    break
                connection.last_active_at = int(time.time() * 1000)
                try:
                    self._message(connection, message)
                except Exception:  # an emulator defect: this message fails, the connection stays, as on AWS
                    log.exception("%s: a message on connection %s failed", connection.api_id, connection.id)
                    self._reply(connection, json.dumps({"message": "Internal server error", "connectionId": connection.id}))
        finally:
            REGISTRY.remove(connection.id)
            self._disconnect(connection, ws)

    def _message(self, connection: Connection, body: str | bytes) -> None:
        api = apis.find(connection.api_id)
        route = selection.select_route(api.routes, api.route_selection, body) if api else None
        if route is None:
            request = WsRequest(connection, "MESSAGE", "$default", body)
            self._reply(connection, json.dumps({"message": "Forbidden", "connectionId": connection.id, "requestId": request.request_id}))
            return
        request = WsRequest(connection, "MESSAGE", route["routeKey"], body)
        refused = validation.refusal(api, route, body)
        if refused:
            log.warning("%s %s: invalid request body: %s", api.api_id, route["routeKey"], refused)
            self._reply(connection, json.dumps({"message": "Invalid request body", "connectionId": connection.id, "requestId": request.request_id}))
            return
        answer = integrations.carry(api, route, request, self.runner, self.emulator_url)
        if answer.error:
            log.warning("%s %s failed: %s", api.api_id, route["routeKey"], answer.error)
            self._reply(connection, json.dumps({"message": "Internal server error", "connectionId": connection.id, "requestId": request.request_id}))
        elif route.get("routeResponses") and answer.body is not None:
            self._reply(connection, answer.body)

    @staticmethod
    def _reply(connection: Connection, body: str | bytes) -> None:
        try:
            connection.socket.send(body)
        except ConnectionClosed:
            pass

    def _disconnect(self, connection: Connection, ws: ServerConnection) -> None:
        api = apis.find(connection.api_id)
        route = api.routes.get("$disconnect") if api else None
        if route is None:
            return
        code = ws.close_code if ws.close_code is not None else 1006
        request = WsRequest(connection, "DISCONNECT", "$disconnect", disconnect=(code, ws.close_reason or ""))
        try:
            answer = integrations.carry(api, route, request, self.runner, self.emulator_url)
        except Exception:  # best effort, as on AWS
            log.exception("%s $disconnect failed", api.api_id)
            return
        if answer.error:
            log.warning("%s $disconnect failed: %s", api.api_id, answer.error)

"""One event on a WebSocket connection (connect, message, disconnect) as API Gateway describes
it: the `$context` variables, and the Lambda proxy event built from them."""

from __future__ import annotations

import base64
import time
import uuid
from dataclasses import dataclass, field

from grucloud.local.websocket.connections import Connection


def _request_id() -> str:
    return base64.b64encode(uuid.uuid4().bytes[:12]).decode().replace("/", "_").replace("+", "-")


@dataclass
class WsRequest:
    connection: Connection
    event_type: str  # CONNECT | MESSAGE | DISCONNECT
    route_key: str
    body: str | bytes = ""
    disconnect: tuple[int, str] | None = None  # (status code, reason) for DISCONNECT
    request_id: str = field(default_factory=_request_id)
    message_id: str | None = None
    epoch_ms: int = field(default_factory=lambda: int(time.time() * 1000))

    def __post_init__(self):
        if self.event_type == "MESSAGE" and self.message_id is None:
            self.message_id = _request_id()

    @property
    def text(self) -> str:
        """The body as templates and expressions see it (binary as base64)."""
        return base64.b64encode(self.body).decode() if isinstance(self.body, bytes) else self.body

    @property
    def request_time(self) -> str:
        return time.strftime("%d/%b/%Y:%H:%M:%S +0000", time.gmtime(self.epoch_ms / 1000))

    def context(self) -> dict:
        """`requestContext` of a proxy event, which is also `$context` in templates."""
        c = self.connection
        context = {
            "routeKey": self.route_key,
            "eventType": self.event_type,
            "extendedRequestId": self.request_id,
            "requestTime": self.request_time,
            "messageDirection": "IN",
            "stage": c.stage,
            "connectedAt": c.connected_at,
            "requestTimeEpoch": self.epoch_ms,
            "identity": {"sourceIp": c.source_ip, "userAgent": c.user_agent},
            "requestId": self.request_id,
            "domainName": c.domain_name,
            "connectionId": c.id,
            "apiId": c.api_id,
        }
        if self.message_id:
            context["messageId"] = self.message_id
        if c.authorizer:
            context["authorizer"] = c.authorizer
        if self.disconnect:
            context["disconnectStatusCode"], context["disconnectReason"] = self.disconnect
        return context

    def params(self) -> dict[str, dict[str, str]]:
        """`$input.params()`: the upgrade request's headers and query string."""
        return {"path": {}, "querystring": {k: v[-1] for k, v in self.connection.query.items()}, "header": self._headers()}

    def _headers(self) -> dict[str, str]:
        joined: dict[str, str] = {}
        for name, value in self.connection.headers:
            joined[name] = f"{joined[name]},{value}" if name in joined else value
        return joined

    def proxy_event(self) -> dict:
        """The Lambda proxy event (AWS's fields; headers only on CONNECT and DISCONNECT,
        the query string only on CONNECT)."""
        event: dict = {"requestContext": self.context(), "isBase64Encoded": isinstance(self.body, bytes)}
        if self.event_type != "MESSAGE":
            multi: dict[str, list[str]] = {}
            for name, value in self.connection.headers:
                multi.setdefault(name, []).append(value)
            event["headers"] = self._headers()
            event["multiValueHeaders"] = multi
        if self.event_type == "CONNECT" and self.connection.query:
            event["queryStringParameters"] = {k: v[-1] for k, v in self.connection.query.items()}
            event["multiValueQueryStringParameters"] = self.connection.query
        if self.event_type == "MESSAGE":
            event["body"] = self.text
        return event

"""The open WebSocket connections, and the `@connections` management API that reaches them.

`POST|GET|DELETE /{stage}/@connections/{id}` (the stage segment optional, `@` also as `%40`),
as API Gateway's management API answers it: a closed or unknown connection is 410
GoneException, a message over 128 KB is 413 PayloadTooLargeException.
"""

from __future__ import annotations

import base64
import datetime
import json
import os
import re
import threading
import time
from dataclasses import dataclass, field
from urllib.parse import unquote

from websockets.exceptions import ConnectionClosed

MAX_MESSAGE = 128 * 1024
_PATH = re.compile(r"(?:/[^/]+)*/(?:@|%40)connections/(?P<id>[^/]+)/?")


@dataclass
class Connection:
    id: str
    api_id: str
    stage: str
    region: str
    domain_name: str
    source_ip: str
    user_agent: str
    headers: list[tuple[str, str]]
    query: dict[str, list[str]]
    target: str = ""  # the upgrade's request target (path?query) as sent: what a SigV4 signature covers
    socket: object = None  # the websockets ServerConnection, once the upgrade is done
    connected_at: int = field(default_factory=lambda: int(time.time() * 1000))
    last_active_at: int = field(default_factory=lambda: int(time.time() * 1000))
    authorizer: dict = field(default_factory=dict)  # what the $connect authorizer gave
    closing: bool = False  # a DELETE asked to close it

    def send(self, data: bytes) -> None:
        """Send as a text frame when the data is text, as API Gateway does; else binary."""
        try:
            self.socket.send(data.decode("utf-8"))
        except UnicodeDecodeError:
            self.socket.send(data)


def new_id() -> str:
    """An id in API Gateway's shape (12 random bytes, base64: 16 characters ending in '=')."""
    return base64.b64encode(os.urandom(11)).decode().replace("/", "_").replace("+", "-")


class Registry:
    def __init__(self):
        self._open: dict[str, Connection] = {}
        self._lock = threading.Lock()

    def add(self, connection: Connection) -> None:
        with self._lock:
            self._open[connection.id] = connection

    def remove(self, connection_id: str) -> None:
        with self._lock:
            self._open.pop(connection_id, None)

    def get(self, connection_id: str) -> Connection | None:
        with self._lock:
            return self._open.get(connection_id)

    def __len__(self) -> int:
        with self._lock:
            return len(self._open)


REGISTRY = Registry()


def is_management_path(path: str) -> bool:
    return _PATH.fullmatch(path) is not None


def _iso(epoch_ms: int) -> str:
    return datetime.datetime.fromtimestamp(epoch_ms / 1000, datetime.UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")


def _error(status: str, kind: str, message: str) -> tuple[str, list, bytes]:
    body = json.dumps({"message": message}).encode()
    return status, [("Content-Type", "application/json"), ("x-amzn-ErrorType", kind)], body


def answer(method: str, path: str, data: bytes) -> tuple[str, list[tuple[str, str]], bytes]:
    """(status line, headers, body) of the management API for one request."""
    match = _PATH.fullmatch(path)
    if match is None or method not in ("POST", "GET", "DELETE"):
        return _error("404 Not Found", "NotFoundException", "Not Found")
    connection = REGISTRY.get(unquote(match["id"]))
    if connection is None or connection.socket is None or connection.closing:
        return _error("410 Gone", "GoneException", f"connection {unquote(match['id'])!r} is not open")
    if method == "POST":
        if len(data) > MAX_MESSAGE:
            return _error("413 Payload Too Large", "PayloadTooLargeException", f"the message is {len(data)} bytes; at most {MAX_MESSAGE}")
        try:
            connection.send(data)
        except ConnectionClosed:  # it closed meanwhile
            return _error("410 Gone", "GoneException", f"connection {connection.id!r} is not open")
        return "200 OK", [], b""
    if method == "DELETE":
        connection.closing = True
        threading.Thread(target=connection.socket.close, daemon=True).start()  # the close handshake waits for the client
        return "204 No Content", [], b""
    body = json.dumps({
        "connectedAt": _iso(connection.connected_at),
        "lastActiveAt": _iso(connection.last_active_at),
        "identity": {"sourceIp": connection.source_ip, "userAgent": connection.user_agent},
    }).encode()
    return "200 OK", [("Content-Type", "application/json")], body


def management_api(environ, start_response):
    """WSGI: the management API, for requests sent to the emulator's own port."""
    length = int(environ.get("CONTENT_LENGTH") or 0)
    data = environ["wsgi.input"].read(length) if length else b""
    status, headers, body = answer(environ.get("REQUEST_METHOD", ""), environ.get("PATH_INFO", ""), data)
    start_response(status, [*headers, ("Content-Length", str(len(body)))])
    return [body]

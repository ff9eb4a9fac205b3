"""WebSocket APIs on the embedded emulator: the gateway that clients connect to, route
selection, integrations (Lambda proxy, AWS service actions, MOCK), and the `@connections`
management API that handlers call back.

`start` runs the gateway beside the emulator's server; `claims`/`handle` answer, on the
emulator's own port, `GET /_gc/websocket` (where the gateway listens) and `@connections`
requests sent there through `AWS_ENDPOINT_URL`.
"""

from __future__ import annotations

import json

from grucloud.local.websocket import connections

INFO_PATH = "/_gc/websocket"
_gateway = None


def start(host: str, emulator_url: str):
    """Start the gateway (once per emulator process); its functions run on the data plane's
    runner, and reach the emulator at `emulator_url`."""
    global _gateway
    from grucloud.local.dataplane import function_runner
    from grucloud.local.websocket.gateway import Gateway

    _gateway = Gateway(host, emulator_url, function_runner())
    return _gateway


def claims(environ) -> bool:
    path = environ.get("PATH_INFO", "")
    return _gateway is not None and (path == INFO_PATH or connections.is_management_path(path))


def handle(environ, start_response):
    if environ.get("PATH_INFO") != INFO_PATH:
        return connections.management_api(environ, start_response)
    body = json.dumps({"url": _gateway.url, "connections": f"https://{_gateway.management_host}"}).encode()
    start_response("200 OK", [("Content-Type", "application/json"), ("Content-Length", str(len(body)))])
    return [body]

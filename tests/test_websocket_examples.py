"""The WebSocket examples answer on the emulator: deployed with the real CLI, their hooks hold a
conversation with the API, and so do these tests."""

from __future__ import annotations

import json
import re

from websockets.sync.client import connect

from dataplane_support import gc
from websocket_support import eventually

CHAT = "ApiGatewayV2/apigw-websocket-api-lambda"


def test_chat_two_clients_receive_the_message_and_the_table_empties(emulator_server, copy_example):
    project = copy_example(CHAT)
    applied = gc(emulator_server, "-C", str(project), "apply", "-f")
    printed = re.search(r"^sam-app::prod: (ws://127\.0\.0\.1:\d+/(\w+)/prod)$", applied.stdout, re.M)
    assert printed, applied.stdout
    url = printed[1]
    assert "on_deployed: ok" in applied.stdout  # the example's own two-client chat
    output = gc(emulator_server, "-C", str(project), "output", "-t", "ApiGatewayV2::Stage", "-n", "sam-app::prod", "-f", "InvokeUrl")
    assert output.stdout.strip() == url
    table = emulator_server.client("dynamodb")

    def connections() -> int:
        return table.scan(TableName="sam-app-websocket_connections")["Count"]

    eventually(lambda: connections() == 0, "the hook's connections are forgotten")
    with connect(url, open_timeout=120) as alice, connect(url, open_timeout=120) as bob:
        assert connections() == 2  # $connect ran during each upgrade
        alice.send(json.dumps({"action": "sendmessage", "data": "Hello, Bob"}))
        assert alice.recv(timeout=60) == "Hello, Bob"
        assert bob.recv(timeout=60) == "Hello, Bob"
        bob.send(json.dumps({"action": "sendmessage", "data": "Hi, Alice"}))
        assert {alice.recv(timeout=60), bob.recv(timeout=60)} == {"Hi, Alice"}
    eventually(lambda: connections() == 0, "$disconnect empties the connections table")
    destroyed = gc(emulator_server, "-C", str(project), "destroy", "-f")
    assert "on_destroyed: ok" in destroyed.stdout

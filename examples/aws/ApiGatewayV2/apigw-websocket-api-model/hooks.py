"""Checks run by `gc apply` (on_deployed) and `gc destroy` (on_destroyed), or by `gc run`:
a message the model accepts is answered; one it refuses is not carried."""

import json


def on_deployed(ctx):
    with ctx.websocket("ws-model::dev") as ws:
        ws.send(json.dumps({"action": "sendmessage", "data": "hello"}))
        assert json.loads(ws.recv(timeout=60))["received"] == "sendmessage"
        ws.send(json.dumps({"action": "sendmessage", "data": 42}))
        assert json.loads(ws.recv(timeout=60))["message"] == "Invalid request body"


def on_destroyed(ctx):
    assert not ctx.resources, f"still live: {[r.name for r in ctx.resources]}"

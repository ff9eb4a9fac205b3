"""Checks run by `gc apply` (on_deployed) and `gc destroy` (on_destroyed), or by `gc run`:
a short chat between two clients through the sendmessage route."""

import json


def on_deployed(ctx):
    with ctx.websocket("sam-app::prod") as alice, ctx.websocket("sam-app::prod") as bob:
        alice.send(json.dumps({"action": "sendmessage", "data": "hello from gc"}))
        assert alice.recv(timeout=30) == "hello from gc", "the sender did not get its message back"
        assert bob.recv(timeout=30) == "hello from gc", "the other client did not get the message"


def on_destroyed(ctx):
    assert not ctx.resources, f"still live: {[r.name for r in ctx.resources]}"

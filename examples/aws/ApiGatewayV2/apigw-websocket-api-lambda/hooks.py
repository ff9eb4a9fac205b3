"""Checks run by `gc apply` (on_deployed) and `gc destroy` (on_destroyed), or by `gc run`:
a short chat between two clients through the sendmessage route; $connect and $disconnect keep
the connections table."""

import json

TABLE = "sam-app-websocket_connections"


def on_deployed(ctx):
    table = ctx.aws("dynamodb")

    def connections() -> int:
        return table.scan(TableName=TABLE)["Count"]

    with ctx.websocket("sam-app::prod") as alice, ctx.websocket("sam-app::prod") as bob:
        assert connections() == 2, f"$connect should have put both clients in {TABLE}"
        alice.send(json.dumps({"action": "sendmessage", "data": "hello from gc"}))
        assert alice.recv(timeout=30) == "hello from gc", "the sender did not get its message back"
        assert bob.recv(timeout=30) == "hello from gc", "the other client did not get the message"
        bob.send(json.dumps({"action": "sendmessage", "data": "hi, Alice"}))
        assert {alice.recv(timeout=30), bob.recv(timeout=30)} == {"hi, Alice"}, "the answer did not reach both"
    ctx.eventually(lambda: connections() == 0, f"$disconnect empties {TABLE}")


def on_destroyed(ctx):
    assert not ctx.resources, f"still live: {[r.name for r in ctx.resources]}"

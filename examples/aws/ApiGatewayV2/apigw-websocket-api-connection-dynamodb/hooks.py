"""Checks run by `gc apply` (on_deployed) and `gc destroy` (on_destroyed), or by `gc run`:
$connect puts the session in the table, $default answers with the event it was given."""

import json

TABLE = "sam-app-Sessions"


def on_deployed(ctx):
    with ctx.websocket("sam-app-WebSocketApi::api") as ws:
        ws.send(json.dumps({"action": "hello", "data": "from gc"}))
        event = json.loads(ws.recv(timeout=60))  # a two-way route: the function's answer
        assert json.loads(event["body"]) == {"action": "hello", "data": "from gc"}, event
        connection = event["requestContext"]["connectionId"]
        session = ctx.aws("dynamodb").get_item(TableName=TABLE, Key={"connectionid": {"S": connection}})
        assert "Item" in session, f"$connect wrote no session for {connection} in {TABLE}"


def on_destroyed(ctx):
    assert not ctx.resources, f"still live: {[r.name for r in ctx.resources]}"

"""Checks run by `gc apply` (on_deployed) and `gc destroy` (on_destroyed), or by `gc run`:
$connect puts the session in the table with no code (its request template), $default answers
with the event it was given, $disconnect deletes the session."""

import json

TABLE = "sam-app-Sessions"


def on_deployed(ctx):
    table = ctx.aws("dynamodb")

    def session(connection: str) -> dict | None:
        return table.get_item(TableName=TABLE, Key={"connectionid": {"S": connection}}).get("Item")

    with ctx.websocket("sam-app-WebSocketApi::api", path="?room=blue") as ws:
        ws.send(json.dumps({"action": "hello", "data": "from gc"}))
        event = json.loads(ws.recv(timeout=60))  # a two-way route: the function's answer
        assert json.loads(event["body"]) == {"action": "hello", "data": "from gc"}, event
        connection = event["requestContext"]["connectionId"]
        item = session(connection)
        assert item, f"$connect wrote no session for {connection} in {TABLE}"
        assert item["querystring"]["S"] == "{room=blue}", item  # $input.params().querystring
        assert "Upgrade=websocket" in item["headers"]["S"], item
        assert int(item["ttl"]["N"]) > 86400, item  # $context.requestTimeEpoch + a day
    ctx.eventually(lambda: session(connection) is None, f"$disconnect deletes the session from {TABLE}")


def on_destroyed(ctx):
    assert not ctx.resources, f"still live: {[r.name for r in ctx.resources]}"

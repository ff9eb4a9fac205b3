"""Checks run by `gc apply` (on_deployed) and `gc destroy` (on_destroyed), or by `gc run`:
a message goes through the queue and comes back from the function that reads it."""

import json


def on_deployed(ctx):
    with ctx.websocket("APIGWWebsocketSQSLambda::production") as ws:
        message = {"MessageGroupId": "gc", "text": "through the queue"}
        ws.send(json.dumps(message))
        answer = json.loads(ws.recv(timeout=60))  # posted back by the queue's reader
        assert json.loads(answer["message"]) == message, answer
        assert answer["connectionId"] and answer["requestId"], answer


def on_destroyed(ctx):
    assert not ctx.resources, f"still live: {[r.name for r in ctx.resources]}"

"""Checks run by `gc apply` (on_deployed) and `gc destroy` (on_destroyed), or by `gc run`:
a message runs the express workflow, and its outcome comes back."""

import json


def on_deployed(ctx):
    with ctx.websocket("sam-app-WebSocketApi::api") as ws:
        ws.send(json.dumps({"hello": "workflow"}))
        outcome = json.loads(ws.recv(timeout=60))  # StartSyncExecution's answer
        assert outcome["status"] == "SUCCEEDED", outcome
        assert json.loads(outcome["input"]) == json.loads(outcome["output"]) == {"hello": "workflow"}, outcome
        assert ":express:" in outcome["executionArn"], outcome  # an express workflow's execution


def on_destroyed(ctx):
    assert not ctx.resources, f"still live: {[r.name for r in ctx.resources]}"

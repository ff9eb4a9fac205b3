"""Checks run by `gc apply` (on_deployed) and `gc destroy` (on_destroyed), or by `gc run`:
a message starts the workflow, which answers the client five seconds later."""

import json


def on_deployed(ctx):
    states = ctx.aws("stepfunctions")
    with ctx.websocket("sam-app-WebSocketApi::api") as ws:
        ws.send(json.dumps({"hello": "workflow"}))
        started = json.loads(ws.recv(timeout=60))  # StartExecution's answer
        assert "executionArn" in started, started
        given = json.loads(states.describe_execution(executionArn=started["executionArn"])["input"])
        assert given == {"data": {"hello": "workflow"}, "ConnectionID": given.get("ConnectionID")} and given["ConnectionID"], given
        later = json.loads(ws.recv(timeout=60))  # from the workflow, through @connections
        assert later == {"Message": "Hello from asynchronous workflow execution!"}, later

    def status() -> str:
        return states.describe_execution(executionArn=started["executionArn"])["status"]

    ctx.eventually(lambda: status() == "SUCCEEDED", "the workflow's execution succeeds")


def on_destroyed(ctx):
    assert not ctx.resources, f"still live: {[r.name for r in ctx.resources]}"

"""Checks run by `gc apply` (on_deployed) and `gc destroy` (on_destroyed), or by `gc run`:
POST / runs the express workflow through StartSyncExecution, and its outcome is the answer."""

import json

STAGE = "processFormExample::$default"  # <api>::<stage>, as in resources.py


def on_deployed(ctx):
    api = ctx.http(STAGE)
    hello = {"IsHelloWorldExample": "Yes"}
    answer = api.post("/", json=hello)
    assert answer.status == 200, f"POST / {hello}: {answer}"
    outcome = answer.json()
    assert outcome.get("status") == "SUCCEEDED", f"POST / {hello}: {outcome}"
    assert ":express:" in outcome["executionArn"], outcome  # an express workflow's execution
    assert json.loads(outcome["input"]) == hello, outcome
    # its Parallel state's two branches each pass the input on
    assert json.loads(outcome["output"]) == [hello, hello], outcome

    other = {"IsHelloWorldExample": "No"}
    outcome = api.post("/", json=other).json()  # the Choice state's "No": a Fail state
    assert outcome["status"] == "FAILED" and outcome.get("cause") == "Not Hello World", f"POST / {other}: {outcome}"


def on_destroyed(ctx):
    assert not ctx.resources, f"still live: {[r.name for r in ctx.resources]}"

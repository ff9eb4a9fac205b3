"""Checks run by `gc apply` (on_deployed), or by `gc run --on-deployed`: POST / puts one event
on the bus, and the answer is PutEvents' own."""

STAGE = "API Gateway HTTP API to EventBridge::$default"  # <api>::<stage>, as in resources.py


def on_deployed(ctx):
    answer = ctx.http(STAGE).post("/", json={"Detail": {"message": "hello from the on_deployed check"}})
    assert answer.status == 200, f"POST /: {answer}"
    result = answer.json()
    assert result["FailedEntryCount"] == 0, f"POST /: {answer}"
    assert len(result["Entries"]) == 1 and result["Entries"][0]["EventId"], f"POST /: {answer}"

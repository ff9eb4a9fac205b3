"""Checks run by `gc apply` (on_deployed), or by `gc run --on-deployed`: POST / puts its body on
the custom bus as one event, and the answer is PutEvents' own."""

STAGE = "MyHttpApi::$default"  # <api>::<stage>, as in resources.py


def on_deployed(ctx):
    answer = ctx.http(STAGE).post("/", json={"message": "hello from the on_deployed check"})
    assert answer.status == 200, f"POST /: {answer}"
    result = answer.json()
    assert result["FailedEntryCount"] == 0 and result["Entries"][0]["EventId"], f"POST /: {answer}"

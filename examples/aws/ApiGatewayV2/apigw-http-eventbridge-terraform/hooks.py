"""Checks run by `gc apply` (on_deployed), or by `gc run --on-deployed`: POST / puts the body's
Detail on the default bus as one event, and the answer is PutEvents' own."""


def on_deployed(ctx):
    answer = ctx.http().post("/", json={"Detail": {"message": "hello from the on_deployed check"}})
    assert answer.status == 200, f"POST /: {answer}"
    result = answer.json()
    assert result["FailedEntryCount"] == 0, f"POST /: {answer}"
    assert len(result["Entries"]) == 1 and result["Entries"][0]["EventId"], f"POST /: {answer}"

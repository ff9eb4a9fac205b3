"""Checks run by `gc apply` (on_deployed), or by `gc run --on-deployed`: POST /submit puts the
body on the queue (the answer is SendMessage's own), and the function reading the queue through
its event source mapping logs it."""

import uuid

FUNCTION = "MyLambdaFunction"


def on_deployed(ctx):
    marker = f"on_deployed check {uuid.uuid4()}"
    answer = ctx.http().post("/submit", json={"message": marker})
    assert answer.status == 200, f"POST /submit: {answer}"
    assert answer.json()["MessageId"], f"POST /submit: {answer}"
    ctx.wait_for_log(f"/aws/lambda/{FUNCTION}", marker)  # Lambda reads the queue asynchronously


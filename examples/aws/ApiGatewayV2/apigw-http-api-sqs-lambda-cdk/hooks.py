"""Checks run by `gc apply` (on_deployed), or by `gc run --on-deployed`: POST /send puts the
body's MessageBody on the queue (the answer is SendMessage's own), and the function reading the
queue through its event source mapping prints it."""

import uuid

FUNCTION = "ApigwHttpApiSqsLambdaStac-SqsMessageHandlerE373F75-y85OnXm16stq"


def on_deployed(ctx):
    marker = f"on_deployed check {uuid.uuid4()}"
    answer = ctx.http().post("/send", json={"MessageBody": marker})
    assert answer.status == 200, f"POST /send: {answer}"
    assert answer.json()["MessageId"], f"POST /send: {answer}"
    ctx.wait_for_log(f"/aws/lambda/{FUNCTION}", marker)  # Lambda reads the queue asynchronously


"""Checks run by `gc apply` (on_deployed) and `gc destroy` (on_destroyed), or by `gc run`:
a message goes through the queue and comes back from the function that reads it."""

import json

QUEUE = "APIGWWebsocketQueue.fifo"


def on_deployed(ctx):
    with ctx.websocket("APIGWWebsocketSQSLambda::production") as ws:
        message = {"MessageGroupId": "gc", "text": "through the queue"}
        ws.send(json.dumps(message))
        answer = json.loads(ws.recv(timeout=60))  # posted back by the queue's reader
        assert json.loads(answer["message"]) == message, answer
        assert answer["connectionId"] and answer["requestId"], answer
    sqs = ctx.aws("sqs")
    queue = sqs.get_queue_url(QueueName=QUEUE)["QueueUrl"]
    waiting = sqs.get_queue_attributes(QueueUrl=queue, AttributeNames=["ApproximateNumberOfMessages"])["Attributes"]
    assert waiting == {"ApproximateNumberOfMessages": "0"}, f"the mapping left messages in {QUEUE}: {waiting}"


def on_destroyed(ctx):
    assert not ctx.resources, f"still live: {[r.name for r in ctx.resources]}"

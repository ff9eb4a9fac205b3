"""SQS event source mappings: when a message arrives, moto reads a batch from the queue for each
enabled mapping and hands it to Lambda, which it would run in Docker. The emulator runs the
function itself, with the event Lambda's poller sends (one invocation per batch); moto deletes
the batch when the function succeeds and makes it visible again when it fails, as Lambda does."""

from __future__ import annotations

import sys


def _record(message, queue_arn: str, region: str) -> dict:
    attributes = {
        "ApproximateReceiveCount": str(message.approximate_receive_count),
        "SentTimestamp": str(message.sent_timestamp),
        "SenderId": "AIDAEMULATORSENDER",
        "ApproximateFirstReceiveTimestamp": str(message.approximate_first_receive_timestamp),
    }
    if queue_arn.endswith(".fifo"):
        attributes.update(MessageGroupId=message.group_id, MessageDeduplicationId=message.deduplication_id)
    return {
        "messageId": message.id,
        "receiptHandle": message.receipt_handle,
        "body": message.body,
        "attributes": attributes,
        "messageAttributes": {
            name: {"stringValue": value.get("StringValue"), "stringListValues": [], "binaryListValues": [], "dataType": value.get("DataType")}
            for name, value in (message.message_attributes or {}).items()
        },
        "md5OfBody": message.body_md5,
        "eventSource": "aws:sqs",
        "eventSourceARN": queue_arn,
        "awsRegion": region,
    }


def _held_messages(account: str, region: str, queue_arn: str) -> dict:
    from moto.sqs.models import sqs_backends

    queue = sqs_backends[account][region].queues.get(queue_arn.rsplit(":", 1)[-1])
    return {m.id: m for m in list(queue._messages)} if queue else {}


def install(runner_of) -> None:
    """Patch moto's Lambda once: SQS batches go to `runner_of()`'s functions."""
    from moto.awslambda.models import LambdaBackend

    from grucloud.local.dataplane import world

    if getattr(LambdaBackend.send_sqs_batch, "gc_runner", False):
        return

    def send_sqs_batch(self, function_arn: str, messages, queue_arn: str) -> bool:
        if not messages:
            return True
        region, name = world.function_name_of(function_arn)
        function = world.find_function(region or self.region_name, name)
        if function is None:
            print(f"event source mapping of {queue_arn}: no function {name!r}", file=sys.stderr, flush=True)
            return False
        # moto hands over copies received without their attributes: the queue still holds them
        held = _held_messages(self.account_id, self.region_name, queue_arn)
        event = {"Records": [_record(held.get(m.id, m), queue_arn, self.region_name) for m in messages]}
        invocation = runner_of().invoke(function, event)
        if not invocation.ok:
            print(f"event source mapping of {queue_arn}: {name} failed: {invocation.error}", file=sys.stderr, flush=True)
        return invocation.ok

    send_sqs_batch.gc_runner = True
    LambdaBackend.send_sqs_batch = send_sqs_batch

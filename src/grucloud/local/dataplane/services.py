"""AWS service integrations (AWS_PROXY with an IntegrationSubtype): the mapped request
parameters become one call of the service on the emulator, whose answer goes back to the client."""

from __future__ import annotations

import datetime
import json
import threading

import botocore.session
from botocore.config import Config
from botocore.exceptions import ClientError, ParamValidationError

from grucloud.local.dataplane import mapping, world
from grucloud.local.dataplane.exchange import Outgoing, internal_error, message


def _entries(p: dict) -> dict:
    entry = {k: p[k] for k in ("Detail", "DetailType", "Source", "EventBusName", "TraceHeader") if k in p}
    if "Time" in p:
        entry["Time"] = p["Time"]
    if "Resources" in p:
        entry["Resources"] = [r.strip() for r in p["Resources"].split(",") if r.strip()]
    return {"Entries": [entry]}


def _json_member(p: dict, name: str) -> dict:
    return json.loads(p[name]) if isinstance(p.get(name), str) else p.get(name)


def _camel(p: dict, *names: str) -> dict:
    """Step Functions' API spells its members camelCase; API Gateway's parameters PascalCase."""
    return {n[0].lower() + n[1:]: p[n] for n in names if n in p}


def _plain(p: dict, *names: str, ints=()) -> dict:
    found = {n: p[n] for n in names if n in p}
    for n in ints:
        if n in found:
            found[n] = int(found[n])
    return found


# subtype -> (service, operation, required parameters, request from the mapped parameters)
SUBTYPES = {
    "EventBridge-PutEvents": ("events", "PutEvents", ("Detail", "DetailType", "Source"), _entries),
    "SQS-SendMessage": ("sqs", "SendMessage", ("QueueUrl", "MessageBody"), lambda p: {
        **_plain(p, "QueueUrl", "MessageBody", "MessageDeduplicationId", "MessageGroupId", ints=("DelaySeconds",)),
        **_plain(p, "DelaySeconds", ints=("DelaySeconds",)),
        **({"MessageAttributes": _json_member(p, "MessageAttributes")} if "MessageAttributes" in p else {}),
    }),
    "SQS-ReceiveMessage": ("sqs", "ReceiveMessage", ("QueueUrl",), lambda p: {
        **_plain(p, "QueueUrl", "ReceiveRequestAttemptId", "MaxNumberOfMessages", "VisibilityTimeout", "WaitTimeSeconds",
                 ints=("MaxNumberOfMessages", "VisibilityTimeout", "WaitTimeSeconds")),
        **{n: p[n].split(",") for n in ("AttributeNames", "MessageAttributeNames") if n in p},
    }),
    "SQS-DeleteMessage": ("sqs", "DeleteMessage", ("QueueUrl", "ReceiptHandle"), lambda p: _plain(p, "QueueUrl", "ReceiptHandle")),
    "SQS-PurgeQueue": ("sqs", "PurgeQueue", ("QueueUrl",), lambda p: _plain(p, "QueueUrl")),
    "StepFunctions-StartExecution": ("stepfunctions", "StartExecution", ("StateMachineArn",),
                                     lambda p: _camel(p, "StateMachineArn", "Name", "Input", "TraceHeader")),
    "StepFunctions-StartSyncExecution": ("stepfunctions", "StartSyncExecution", ("StateMachineArn",),
                                         lambda p: _camel(p, "StateMachineArn", "Name", "Input", "TraceHeader")),
    "StepFunctions-StopExecution": ("stepfunctions", "StopExecution", ("ExecutionArn",), lambda p: _camel(p, "ExecutionArn", "Cause", "Error")),
    "Kinesis-PutRecord": ("kinesis", "PutRecord", ("StreamName", "Data", "PartitionKey"),
                          lambda p: {**_plain(p, "StreamName", "PartitionKey", "ExplicitHashKey", "SequenceNumberForOrdering"), "Data": p["Data"].encode()}),
}


def _json_default(value):
    if isinstance(value, datetime.datetime):
        return value.timestamp()
    if isinstance(value, bytes):
        return value.decode("utf-8", "replace")
    return str(value)


class ServiceCaller:
    """Calls services on the emulator itself, with clients made once per service and region."""

    def __init__(self, emulator_url: str):
        self.emulator_url = emulator_url
        self._session = botocore.session.Session()
        self._session.set_credentials("testing", "testing")
        self._clients: dict = {}
        self._lock = threading.Lock()

    def client(self, service: str, region: str):
        with self._lock:
            if (service, region) not in self._clients:
                self._clients[(service, region)] = self._session.create_client(
                    service, region_name=region, endpoint_url=self.emulator_url,
                    # no host prefix: StartSyncExecution would go to "sync-127.0.0.1", which does not resolve
                    config=Config(retries={"total_max_attempts": 1}, connect_timeout=5, read_timeout=30, inject_host_prefix=False),
                )
            return self._clients[(service, region)]

    def call(self, api: world.Api, integration: dict, source: mapping.Source) -> Outgoing:
        subtype = integration.get("integrationSubtype")
        if subtype not in SUBTYPES:
            return internal_error(f"integration subtype {subtype} is not run by the emulator (it runs {', '.join(SUBTYPES)})")
        role = integration.get("credentialsArn")
        if role and not world.role_exists(role):
            return internal_error(f"integration {integration['integrationId']}: API Gateway cannot assume role {role}: it does not exist")
        service, operation, required, build = SUBTYPES[subtype]
        mapped = {}
        for name, template in (integration.get("requestParameters") or {}).items():
            found = mapping.value(template, source)
            if found is not None:
                mapped[name] = found
        missing = [n for n in required if n not in mapped]
        if missing:
            return message(400, "Bad Request", f"{subtype}: the request has no value for {', '.join(missing)}")
        region = mapped.pop("Region", None) or api.region
        client = self.client(service, region)
        method = getattr(client, _snake(operation))
        try:
            answer = method(**build(mapped))
        except ClientError as error:
            status = error.response.get("ResponseMetadata", {}).get("HTTPStatusCode", 400)
            detail = error.response.get("Error", {})
            return Outgoing(status, [("Content-Type", "application/json")], json.dumps({"message": detail.get("Message", str(error)), "__type": detail.get("Code")}).encode(),
                            f"{subtype}: {detail.get('Code')}: {detail.get('Message')}")
        except (ParamValidationError, ValueError, KeyError) as error:
            return message(400, "Bad Request", f"{subtype}: {error}")
        answer.pop("ResponseMetadata", None)
        return Outgoing(200, [("Content-Type", "application/json")], json.dumps(answer, default=_json_default).encode())


def _snake(operation: str) -> str:
    import re

    return re.sub(r"(?<!^)(?=[A-Z])", "_", operation).lower()

"""The WebSocket examples answer on the emulator: deployed with the real CLI, their hooks hold a
conversation with the API, and so do these tests."""

from __future__ import annotations

import json
import re

from websockets.sync.client import connect

from dataplane_support import gc
from websocket_support import eventually

CHAT = "ApiGatewayV2/apigw-websocket-api-lambda"


def test_chat_two_clients_receive_the_message_and_the_table_empties(emulator_server, copy_example):
    project = copy_example(CHAT)
    applied = gc(emulator_server, "-C", str(project), "apply", "-f")
    printed = re.search(r"^sam-app::prod: (ws://127\.0\.0\.1:\d+/(\w+)/prod)$", applied.stdout, re.M)
    assert printed, applied.stdout
    url = printed[1]
    assert "on_deployed: ok" in applied.stdout  # the example's own two-client chat
    output = gc(emulator_server, "-C", str(project), "output", "-t", "ApiGatewayV2::Stage", "-n", "sam-app::prod", "-f", "InvokeUrl")
    assert output.stdout.strip() == url
    table = emulator_server.client("dynamodb")

    def connections() -> int:
        return table.scan(TableName="sam-app-websocket_connections")["Count"]

    eventually(lambda: connections() == 0, "the hook's connections are forgotten")
    with connect(url, open_timeout=120) as alice, connect(url, open_timeout=120) as bob:
        assert connections() == 2  # $connect ran during each upgrade
        alice.send(json.dumps({"action": "sendmessage", "data": "Hello, Bob"}))
        assert alice.recv(timeout=60) == "Hello, Bob"
        assert bob.recv(timeout=60) == "Hello, Bob"
        bob.send(json.dumps({"action": "sendmessage", "data": "Hi, Alice"}))
        assert {alice.recv(timeout=60), bob.recv(timeout=60)} == {"Hi, Alice"}
    eventually(lambda: connections() == 0, "$disconnect empties the connections table")
    destroyed = gc(emulator_server, "-C", str(project), "destroy", "-f")
    assert "on_destroyed: ok" in destroyed.stdout


def _deployed(server, copy_example, name: str, stage: str):
    """The example applied with the CLI (its on_deployed conversation passed): (folder, InvokeUrl)."""
    project = copy_example(f"ApiGatewayV2/{name}")
    applied = gc(server, "-C", str(project), "apply", "-f")
    assert "on_deployed: ok" in applied.stdout, applied.stdout
    printed = re.search(rf"^{re.escape(stage)}: (ws://\S+)$", applied.stdout, re.M)
    assert printed, applied.stdout
    return project, printed[1]


def _destroyed(server, project) -> None:
    assert "on_destroyed: ok" in gc(server, "-C", str(project), "destroy", "-f").stdout


def test_connection_dynamodb_sessions_are_written_and_deleted_without_code(emulator_server, copy_example):
    project, url = _deployed(emulator_server, copy_example, "apigw-websocket-api-connection-dynamodb", "sam-app-WebSocketApi::api")
    table = emulator_server.client("dynamodb")

    def session(connection: str) -> dict | None:
        return table.get_item(TableName="sam-app-Sessions", Key={"connectionid": {"S": connection}}).get("Item")

    with connect(url + "?room=blue", open_timeout=120) as ws:
        ws.send(json.dumps({"action": "anything", "text": "hi"}))
        event = json.loads(ws.recv(timeout=60))  # $default: the function answers with its event
        assert json.loads(event["body"]) == {"action": "anything", "text": "hi"}
        connection = event["requestContext"]["connectionId"]
        item = session(connection)  # PutItem through $connect's request template
        assert item["querystring"]["S"] == "{room=blue}" and "Upgrade=websocket" in item["headers"]["S"]
        assert int(item["ttl"]["N"]) > 86400
    eventually(lambda: session(connection) is None, "$disconnect's DeleteItem removes the session")
    _destroyed(emulator_server, project)


def test_sqs_lambda_message_goes_through_the_queue_and_comes_back(emulator_server, copy_example):
    project, url = _deployed(emulator_server, copy_example, "apigw-websocket-api-sqs-lambda", "APIGWWebsocketSQSLambda::production")
    sqs = emulator_server.client("sqs")
    queue = sqs.get_queue_url(QueueName="APIGWWebsocketQueue.fifo")["QueueUrl"]
    with connect(url, open_timeout=120) as ws:
        ws.send(json.dumps({"MessageGroupId": "g1", "text": "one"}))
        answer = json.loads(ws.recv(timeout=60))  # posted by the function reading the queue
        assert json.loads(answer["message"]) == {"MessageGroupId": "g1", "text": "one"}
    assert sqs.get_queue_attributes(QueueUrl=queue, AttributeNames=["ApproximateNumberOfMessages"])["Attributes"] == {
        "ApproximateNumberOfMessages": "0"}  # the mapping consumed it
    _destroyed(emulator_server, project)


def test_sfn_sync_answers_with_the_express_workflow_outcome(emulator_server, copy_example):
    project, url = _deployed(emulator_server, copy_example, "apigw-websocket-api-sfn-sync", "sam-app-WebSocketApi::api")
    with connect(url, open_timeout=120) as ws:
        ws.send(json.dumps({"order": 7}))
        outcome = json.loads(ws.recv(timeout=60))
    assert outcome["status"] == "SUCCEEDED" and json.loads(outcome["input"]) == {"order": 7}
    assert ":express:SyncSFn-pN3JqWwqQJ60:" in outcome["executionArn"]
    _destroyed(emulator_server, project)


def test_sfn_async_workflow_posts_to_the_connection_and_succeeds(emulator_server, copy_example):
    project, url = _deployed(emulator_server, copy_example, "apigw-websocket-api-sfn-async", "sam-app-WebSocketApi::api")
    states = emulator_server.client("stepfunctions")
    with connect(url, open_timeout=120) as ws:
        ws.send(json.dumps({"order": 8}))
        started = json.loads(ws.recv(timeout=60))
        execution = states.describe_execution(executionArn=started["executionArn"])
        connection = json.loads(execution["input"])["ConnectionID"]
        assert json.loads(execution["input"]) == {"data": {"order": 8}, "ConnectionID": connection}
        assert json.loads(ws.recv(timeout=60)) == {"Message": "Hello from asynchronous workflow execution!"}
    eventually(lambda: states.describe_execution(executionArn=started["executionArn"])["status"] == "SUCCEEDED", "the execution ends")
    _destroyed(emulator_server, project)


def test_model_refuses_a_message_its_schema_does_not_accept(emulator_server, copy_example):
    project, url = _deployed(emulator_server, copy_example, "apigw-websocket-api-model", "ws-model::dev")
    with connect(url, open_timeout=120) as ws:
        ws.send(json.dumps({"action": "sendmessage"}))  # no "data"
        refused = json.loads(ws.recv(timeout=60))
        assert refused["message"] == "Invalid request body" and refused["connectionId"]
        ws.send(json.dumps({"action": "sendmessage", "data": "fits"}))
        assert json.loads(ws.recv(timeout=60))["received"] == "sendmessage"
    _destroyed(emulator_server, project)

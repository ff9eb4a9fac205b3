"""AWS service integrations, HTTP_PROXY and VPC links on the emulator, with request parameter
mapping; EventBridge rules delivering to Lambda functions."""

from __future__ import annotations

import json
import threading
import time
import uuid
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from dataplane_support import (
    ACCOUNT,
    REGION,
    execute_api,
    log_messages,
    make_api,
    make_function,
    request,
    role_arn,
)
from grucloud.local.dataplane import mapping
from grucloud.local.dataplane.exchange import Incoming


def source(body=b"", headers=(), query="", path_parameters=None, stage_variables=None):
    incoming = Incoming("POST", "/dev/orders/7", query, list(headers), body, "127.0.0.1", "abc.execute-api.localhost", "abc")
    return mapping.Source(incoming, "dev", "/orders/7", "POST /orders/{id}", path_parameters or {"id": "7"}, stage_variables or {"env": "test"})


def test_request_parameter_mapping_expressions():
    s = source(body=b'{"order": {"items": [{"sku": "A1"}], "total": 12}}', headers=[("X-Kind", "a"), ("x-kind", "b")], query="q=1&q=2")
    assert mapping.value("$request.body.order.items[0].sku", s) == "A1"
    assert json.loads(mapping.value("$request.body.order", s)) == {"items": [{"sku": "A1"}], "total": 12}
    assert mapping.value("$request.body", s) == '{"order": {"items": [{"sku": "A1"}], "total": 12}}'
    assert mapping.value("$request.header.X-KIND", s) == "a,b"  # case-insensitive, joined
    assert mapping.value("$request.querystring.q", s) == "1,2"
    assert mapping.value("$request.path.id", s) == "7" and mapping.value("$request.path", s) == "/orders/7"
    assert mapping.value("$context.requestId", s) == s.incoming.request_id
    assert mapping.value("$context.routeKey", s) == "POST /orders/{id}"
    assert mapping.value("$stageVariables.env", s) == "test"
    assert mapping.value("order-${request.path.id}-${stageVariables.env}", s) == "order-7-test"
    assert mapping.value("static", s) == "static"
    assert mapping.value("$request.body.missing", s) is None


def service_route(subtype, parameters, route="POST /", **more):
    return {route: {"IntegrationType": "AWS_PROXY", "IntegrationSubtype": subtype, "PayloadFormatVersion": "1.0",
                    "RequestParameters": parameters, **more}}


def test_eventbridge_put_events_with_mapped_parameters(emulator_server):
    events, sqs = emulator_server.client("events"), emulator_server.client("sqs")
    bus = f"bus-{uuid.uuid4().hex[:6]}"
    events.create_event_bus(Name=bus)
    queue = sqs.create_queue(QueueName=f"seen-{uuid.uuid4().hex[:6]}")["QueueUrl"]
    queue_arn = sqs.get_queue_attributes(QueueUrl=queue, AttributeNames=["QueueArn"])["Attributes"]["QueueArn"]
    events.put_rule(Name="all", EventBusName=bus, EventPattern=json.dumps({"source": ["shop"]}))
    events.put_targets(Rule="all", EventBusName=bus, Targets=[{"Id": "q", "Arn": queue_arn}])
    routes = service_route("EventBridge-PutEvents", {
        "Detail": "$request.body.order", "DetailType": "${request.header.x-kind}-placed", "Source": "shop", "EventBusName": bus,
    }, CredentialsArn=role_arn(emulator_server))
    api_id = make_api(emulator_server, routes)
    answer = request(execute_api(emulator_server, api_id, "/"), method="POST", body=b'{"order": {"id": 7}}', headers={"X-Kind": "order"})
    assert answer.status == 200, answer.body
    assert answer.json()["FailedEntryCount"] == 0 and answer.json()["Entries"][0]["EventId"]
    delivered = json.loads(sqs.receive_message(QueueUrl=queue)["Messages"][0]["Body"])
    assert (delivered["detail-type"], delivered["source"], delivered["detail"]) == ("order-placed", "shop", {"id": 7})
    missing = request(execute_api(emulator_server, api_id, "/"), method="POST", body=b"{}", headers={"X-Kind": "order"})
    assert missing.status == 400  # no Detail in the body: a required parameter has no value


def test_sqs_send_receive_delete_and_purge(emulator_server):
    sqs = emulator_server.client("sqs")
    queue = sqs.create_queue(QueueName=f"orders-{uuid.uuid4().hex[:6]}")["QueueUrl"]
    routes = {
        **service_route("SQS-SendMessage", {"QueueUrl": queue, "MessageBody": "$request.body"}, route="POST /send"),
        **service_route("SQS-ReceiveMessage", {"QueueUrl": queue, "MaxNumberOfMessages": "$request.querystring.max"}, route="GET /receive"),
        **service_route("SQS-DeleteMessage", {"QueueUrl": queue, "ReceiptHandle": "$request.header.x-receipt"}, route="DELETE /message"),
        **service_route("SQS-PurgeQueue", {"QueueUrl": queue}, route="POST /purge"),
    }
    api_id = make_api(emulator_server, routes)
    sent = request(execute_api(emulator_server, api_id, "/send"), method="POST", body=b"hello queue")
    assert sent.status == 200 and sent.json()["MessageId"]
    received = request(execute_api(emulator_server, api_id, "/receive?max=5")).json()["Messages"]
    assert [m["Body"] for m in received] == ["hello queue"]
    deleted = request(execute_api(emulator_server, api_id, "/message"), method="DELETE", headers={"x-receipt": received[0]["ReceiptHandle"]})
    assert deleted.status == 200
    request(execute_api(emulator_server, api_id, "/send"), method="POST", body=b"again")
    assert request(execute_api(emulator_server, api_id, "/purge"), method="POST", body=b"").status == 200
    assert "Messages" not in sqs.receive_message(QueueUrl=queue)


def test_step_functions_start_and_stop(emulator_server):
    sfn = emulator_server.client("stepfunctions")
    machine = sfn.create_state_machine(
        name=f"flow-{uuid.uuid4().hex[:6]}", roleArn=role_arn(emulator_server),
        definition=json.dumps({"StartAt": "Wait", "States": {"Wait": {"Type": "Wait", "Seconds": 60, "End": True}}}),
    )["stateMachineArn"]
    routes = {
        **service_route("StepFunctions-StartExecution", {"StateMachineArn": machine, "Input": "$request.body", "Name": "$request.path.name"}, route="POST /start/{name}"),
        **service_route("StepFunctions-StopExecution", {"ExecutionArn": "$request.body.arn"}, route="POST /stop"),
    }
    api_id = make_api(emulator_server, routes)
    started = request(execute_api(emulator_server, api_id, "/start/run-1"), method="POST", body=b'{"n": 1}')
    assert started.status == 200, started.body
    arn = started.json()["executionArn"]
    assert arn.endswith(":run-1") and isinstance(started.json()["startDate"], float)
    assert json.loads(sfn.describe_execution(executionArn=arn)["input"]) == {"n": 1}
    stopped = request(execute_api(emulator_server, api_id, "/stop"), method="POST", body=json.dumps({"arn": arn}).encode())
    assert stopped.status == 200 and sfn.describe_execution(executionArn=arn)["status"] == "ABORTED"


class _Backend(BaseHTTPRequestHandler):
    def _answer(self):
        length = int(self.headers.get("Content-Length") or 0)
        body = json.dumps({"method": self.command, "path": self.path, "body": self.rfile.read(length).decode(),
                           "x-added": self.headers.get("x-added"), "x-gone": self.headers.get("x-gone")}).encode()
        self.send_response(202)
        self.send_header("Content-Type", "application/json")
        self.send_header("X-Backend", "yes")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    do_GET = do_POST = _answer

    def log_message(self, *args):
        pass


@pytest.fixture(scope="module")
def backend():
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Backend)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield server.server_address[1]
    server.shutdown()


def test_http_proxy_to_loopback_and_503_elsewhere(emulator_server, backend):
    routes = {
        "ANY /items/{proxy+}": {"IntegrationType": "HTTP_PROXY", "IntegrationMethod": "ANY", "PayloadFormatVersion": "1.0",
                                "IntegrationUri": f"http://127.0.0.1:{backend}/backend/{{proxy}}",
                                "RequestParameters": {"append:header.x-added": "$request.path.proxy", "remove:header.x-gone": "''"},
                                "ResponseParameters": {"202": {"overwrite:statuscode": "200", "append:header.x-method": "$response.body.method",
                                                               "remove:header.x-backend": "''"}}},
        "GET /outside": {"IntegrationType": "HTTP_PROXY", "IntegrationMethod": "GET", "PayloadFormatVersion": "1.0",
                         "IntegrationUri": "https://example.com/"},
        "GET /down": {"IntegrationType": "HTTP_PROXY", "IntegrationMethod": "GET", "PayloadFormatVersion": "1.0",
                      "IntegrationUri": "http://127.0.0.1:9/"},
    }
    api_id = make_api(emulator_server, routes)
    answer = request(execute_api(emulator_server, api_id, "/items/a/b?x=1"), method="POST", body=b"payload", headers={"x-gone": "secret"})
    # ResponseParameters for the backend's 202: another status, a header from its body, one removed
    assert (answer.status, answer.headers["x-method"], "x-backend" in answer.headers) == (200, "POST", False)
    assert answer.json() == {"method": "POST", "path": "/backend/a/b?x=1", "body": "payload", "x-added": "a/b", "x-gone": None}
    for path in ("/outside", "/down"):
        refused = request(execute_api(emulator_server, api_id, path))
        assert (refused.status, refused.json()) == (503, {"message": "Service Unavailable"}), path
    log = (emulator_server.state / "emulator.log").read_text()
    assert "the emulator reaches only loopback addresses, not example.com" in log


def test_vpc_link_reaches_a_listeners_loopback_targets(emulator_server, backend):
    ec2, elb = emulator_server.client("ec2"), emulator_server.client("elbv2")
    vpc = ec2.create_vpc(CidrBlock="10.9.0.0/16")["Vpc"]["VpcId"]
    subnets = [ec2.create_subnet(VpcId=vpc, CidrBlock=f"10.9.{i}.0/24", AvailabilityZone=f"{REGION}{z}")["Subnet"]["SubnetId"] for i, z in ((1, "a"), (2, "b"))]
    balancer = elb.create_load_balancer(Name=f"alb-{uuid.uuid4().hex[:6]}", Subnets=subnets, Scheme="internal")["LoadBalancers"][0]["LoadBalancerArn"]
    listeners = {}
    for name, targets in (("up", [{"Id": "127.0.0.1", "Port": backend}]), ("none", [{"Id": "10.9.1.10", "Port": 80}])):
        group = elb.create_target_group(Name=f"tg-{name}-{uuid.uuid4().hex[:4]}", Protocol="HTTP", Port=80, VpcId=vpc, TargetType="ip")["TargetGroups"][0]["TargetGroupArn"]
        elb.register_targets(TargetGroupArn=group, Targets=targets)
        listeners[name] = elb.create_listener(LoadBalancerArn=balancer, Protocol="HTTP", Port=8000 + len(listeners),
                                              DefaultActions=[{"Type": "forward", "TargetGroupArn": group}])["Listeners"][0]["ListenerArn"]
    link = emulator_server.client("apigatewayv2").create_vpc_link(Name="link", SubnetIds=subnets)["VpcLinkId"]
    routes = {f"GET /{name}": {"IntegrationType": "HTTP_PROXY", "IntegrationMethod": "ANY", "PayloadFormatVersion": "1.0",
                               "ConnectionType": "VPC_LINK", "ConnectionId": link, "IntegrationUri": arn} for name, arn in listeners.items()}
    api_id = make_api(emulator_server, routes, stages=("prod",))
    answer = request(execute_api(emulator_server, api_id, "/prod/up"))
    assert answer.status == 202 and answer.json()["path"] == "/prod/up"  # the stage segment stays in the path
    refused = request(execute_api(emulator_server, api_id, "/prod/none"))
    assert (refused.status, refused.json()) == (503, {"message": "Service Unavailable"})
    assert "is on loopback (targets: 10.9.1.10:80)" in (emulator_server.state / "emulator.log").read_text()


def test_event_rules_deliver_to_lambda_functions(emulator_server):
    function = make_function(emulator_server, {"app.py": "import json\ndef h(event, context):\n    print('rule sent', json.dumps(event['detail']))\n"}, "app.h")
    events = emulator_server.client("events")
    rule_arn = events.put_rule(Name=f"to-fn-{uuid.uuid4().hex[:6]}", EventPattern=json.dumps({"source": ["tests"]}))["RuleArn"]
    rule = rule_arn.rsplit("/", 1)[1]
    events.put_targets(Rule=rule, Targets=[{"Id": "fn", "Arn": f"arn:aws:lambda:{REGION}:{ACCOUNT}:function:{function}"}])
    emulator_server.client("lambda").add_permission(FunctionName=function, StatementId="events", Action="lambda:InvokeFunction",
                                                    Principal="events.amazonaws.com", SourceArn=rule_arn)
    assert events.put_events(Entries=[{"Source": "tests", "DetailType": "t", "Detail": '{"n": 42}'}])["FailedEntryCount"] == 0
    deadline = time.monotonic() + 20  # EventBridge invokes asynchronously
    while time.monotonic() < deadline:
        try:
            if 'rule sent {"n": 42}' in log_messages(emulator_server, f"/aws/lambda/{function}"):
                break
        except emulator_server.client("logs").exceptions.ResourceNotFoundException:
            pass
        time.sleep(0.1)
    else:
        pytest.fail("the rule's function did not log the event")

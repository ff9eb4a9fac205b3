"""WebSocket APIs on the emulator: $connect during the upgrade (a refusal fails it with its
status, authorizers), route selection with $default, AWS's proxy events, two-way routes,
integration failures, the @connections API (from a handler and from outside; 410 Gone), the
size limits, and non-proxy AWS integrations (DynamoDB, SQS, MOCK) through mapping templates."""

from __future__ import annotations

import json

import boto3
import pytest
from websockets.exceptions import ConnectionClosed, InvalidStatus

from dataplane_support import REGION, allow_api, lambda_uri, make_function
from websocket_support import (
    eventually,
    make_ws_api,
    management_url,
    open_ws,
    receive_json,
)

HANDLERS = {
    "ws.py": """
import json, boto3

def echo(event, context):
    return {"statusCode": 200, "body": json.dumps(event)}

def refuse(event, context):
    return {"statusCode": 403, "body": "not you"}

def fail(event, context):
    raise RuntimeError("no luck")

def authorize(event, context):
    token = event["headers"].get("Auth")
    effect = "Allow" if token == "letmein" else "Deny"
    return {"principalId": "alice", "context": {"team": "blue"},
            "policyDocument": {"Version": "2012-10-17", "Statement": [
                {"Action": "execute-api:Invoke", "Effect": effect, "Resource": event["methodArn"]}]}}

def callback(event, context):
    # as AWS's samples build the management client: from the event's domainName and stage
    rc = event["requestContext"]
    api = boto3.client("apigatewaymanagementapi", endpoint_url=f"https://{rc['domainName']}/{rc['stage']}")
    me = rc["connectionId"]
    identity = api.get_connection(ConnectionId=me)["Identity"]
    api.post_to_connection(ConnectionId=me, Data=json.dumps({"sourceIp": identity["SourceIp"]}).encode())
    try:
        api.post_to_connection(ConnectionId="AAAAAAAAAAAAAAA=", Data=b"lost")
    except api.exceptions.GoneException:
        api.post_to_connection(ConnectionId=me, Data=b"unknown connection: 410 Gone")
    return {"statusCode": 200}
""",
}


@pytest.fixture(scope="module")
def functions(emulator_server):
    return {name: make_function(emulator_server, HANDLERS, f"ws.{name}") for name in ("echo", "refuse", "fail", "authorize", "callback")}


def proxy(function: str, **more) -> dict:
    return {"IntegrationType": "AWS_PROXY", "IntegrationUri": lambda_uri(function), **more}


def allowed(server, api_id: str, *functions: str) -> str:
    for function in functions:
        allow_api(server, function, api_id)
    return api_id


def test_events_route_selection_and_two_way_routes(emulator_server, functions):
    echo = functions["echo"]
    api_id = allowed(emulator_server, make_ws_api(emulator_server, {
        "$connect": proxy(echo),
        "ping": proxy(echo, two_way=True),
        "quiet": proxy(echo),  # one-way: no route response, nothing comes back
        "$default": proxy(echo, two_way=True),
    }), echo)
    with open_ws(emulator_server, api_id, query="?room=7") as ws:
        ws.send(json.dumps({"action": "quiet"}))
        ws.send(json.dumps({"action": "ping", "n": 1}))
        event = receive_json(ws)  # the quiet route's answer never comes
        context = event["requestContext"]
        assert context["routeKey"] == "ping" and context["eventType"] == "MESSAGE"
        # the management API's address: a handler's https://{domainName}/{stage} leads back here
        assert f"https://{context['domainName']}" == management_url(emulator_server)
        assert context["apiId"] == api_id and context["stage"] == "test" and context["messageDirection"] == "IN"
        assert context["messageId"] and context["requestId"] and context["connectedAt"] <= context["requestTimeEpoch"]
        assert context["identity"]["sourceIp"] == "127.0.0.1" and "websockets" in context["identity"]["userAgent"]
        assert json.loads(event["body"]) == {"action": "ping", "n": 1} and event["isBase64Encoded"] is False
        assert "headers" not in event  # only $connect and $disconnect events carry them
        ws.send("not JSON")
        assert receive_json(ws)["requestContext"]["routeKey"] == "$default"
        for unmatched in ({"action": "nothing"}, {"action": "$connect"}, {"other": 1}):
            ws.send(json.dumps(unmatched))
            assert receive_json(ws)["requestContext"]["routeKey"] == "$default", unmatched
        ws.send(b"\x00\x01")
        binary = receive_json(ws)
        assert binary["isBase64Encoded"] is True and binary["body"] == "AAE="


def test_connect_refusals_and_the_authorizer(emulator_server, functions):
    refusing = allowed(emulator_server, make_ws_api(emulator_server, {"$connect": proxy(functions["refuse"])}), functions["refuse"])
    with pytest.raises(InvalidStatus) as refused:
        open_ws(emulator_server, refusing)
    assert refused.value.response.status_code == 403
    failing = allowed(emulator_server, make_ws_api(emulator_server, {"$connect": proxy(functions["fail"])}), functions["fail"])
    with pytest.raises(InvalidStatus) as failed:
        open_ws(emulator_server, failing)
    assert failed.value.response.status_code == 500
    # no permission for API Gateway to invoke the function: refused too, as on AWS
    unpermitted = make_ws_api(emulator_server, {"$connect": proxy(functions["echo"])})
    with pytest.raises(InvalidStatus):
        open_ws(emulator_server, unpermitted)

    client = emulator_server.client("apigatewayv2")
    guarded = make_ws_api(emulator_server, {"$default": proxy(functions["echo"], two_way=True)})
    authorizer = client.create_authorizer(
        ApiId=guarded, Name="token", AuthorizerType="REQUEST", IdentitySource=["route.request.header.Auth"],
        AuthorizerUri=f"arn:aws:apigateway:{REGION}:lambda:path/2015-03-31/functions/{lambda_uri(functions['authorize'])}/invocations",
    )["AuthorizerId"]
    connect_integration = client.create_integration(ApiId=guarded, **proxy(functions["echo"]))["IntegrationId"]
    client.create_route(ApiId=guarded, RouteKey="$connect", Target=f"integrations/{connect_integration}",
                        AuthorizationType="CUSTOM", AuthorizerId=authorizer)
    allowed(emulator_server, guarded, functions["echo"], functions["authorize"])
    for headers, status in (({}, 401), ({"Auth": "wrong"}, 403)):
        with pytest.raises(InvalidStatus) as denied:
            open_ws(emulator_server, guarded, additional_headers=headers)
        assert denied.value.response.status_code == status
    with open_ws(emulator_server, guarded, additional_headers={"Auth": "letmein"}) as ws:
        ws.send("hello")
        assert receive_json(ws)["requestContext"]["authorizer"] == {"team": "blue", "principalId": "alice"}


def test_integration_failure_and_no_route(emulator_server, functions):
    api_id = allowed(emulator_server, make_ws_api(emulator_server, {"boom": proxy(functions["fail"], two_way=True)}), functions["fail"])
    with open_ws(emulator_server, api_id) as ws:
        ws.send(json.dumps({"action": "boom"}))
        failed = receive_json(ws)
        assert failed["message"] == "Internal server error" and failed["connectionId"] and failed["requestId"]
        ws.send(json.dumps({"action": "elsewhere"}))  # no such route and no $default
        assert receive_json(ws)["message"] == "Forbidden"


def test_connections_api_from_a_handler_and_from_outside(emulator_server, functions):
    api_id = allowed(emulator_server, make_ws_api(emulator_server, {"$default": proxy(functions["callback"])}), functions["callback"])
    with open_ws(emulator_server, api_id) as ws:
        ws.send("call me back")
        assert receive_json(ws) == {"sourceIp": "127.0.0.1"}
        assert ws.recv(timeout=60) == "unknown connection: 410 Gone"
    # from outside, as a backend on AWS would, trusting the emulator's own authority
    management = boto3.client(
        "apigatewaymanagementapi", endpoint_url=f"{management_url(emulator_server)}/test", region_name=REGION,
        aws_access_key_id="testing", aws_secret_access_key="testing", verify=str(emulator_server.state / "tls" / "authority.pem"),
    )
    echo_api = allowed(emulator_server, make_ws_api(emulator_server, {"$default": proxy(functions["echo"], two_way=True)}), functions["echo"])
    with open_ws(emulator_server, echo_api) as ws:
        ws.send("who")
        connection_id = receive_json(ws)["requestContext"]["connectionId"]
        assert management.get_connection(ConnectionId=connection_id)["Identity"]["SourceIp"] == "127.0.0.1"
        management.post_to_connection(ConnectionId=connection_id, Data=b"pushed")
        assert ws.recv(timeout=10) == "pushed"
        # a client built from AWS_ENDPOINT_URL alone reaches the same API on the emulator's port
        emulator_server.client("apigatewaymanagementapi").post_to_connection(ConnectionId=connection_id, Data=b"via the endpoint")
        assert ws.recv(timeout=10) == "via the endpoint"
        with pytest.raises(management.exceptions.PayloadTooLargeException):
            management.post_to_connection(ConnectionId=connection_id, Data=b"x" * (128 * 1024 + 1))
        management.delete_connection(ConnectionId=connection_id)
        with pytest.raises(ConnectionClosed):
            ws.recv(timeout=10)
    with pytest.raises(management.exceptions.GoneException):
        management.post_to_connection(ConnectionId=connection_id, Data=b"too late")
    with pytest.raises(management.exceptions.GoneException):
        management.get_connection(ConnectionId=connection_id)


def test_size_limits_close_with_1009(emulator_server):
    api_id = make_ws_api(emulator_server, {"$default": {"IntegrationType": "MOCK", "two_way": True,
                                                        "RequestTemplates": {"$default": '{"statusCode": 200}'},
                                                        "TemplateSelectionExpression": "\\$default"}})
    with open_ws(emulator_server, api_id) as ws:
        ws.send("x" * (32 * 1024))  # one frame of 32 KB is within the limit
        ws.recv(timeout=10)
        ws.send("x" * (32 * 1024 + 1))  # one frame over 32 KB
        with pytest.raises(ConnectionClosed) as closed:
            ws.recv(timeout=10)
    assert closed.value.rcvd.code == 1009
    with open_ws(emulator_server, api_id) as ws:  # 129 KB in 16 KB frames: the message is too big
        ws.send(["y" * (16 * 1024)] * 9)
        with pytest.raises(ConnectionClosed) as closed:
            ws.recv(timeout=10)
    assert closed.value.rcvd.code == 1009


def test_aws_service_integrations_through_mapping_templates(emulator_server):
    dynamodb, sqs = emulator_server.client("dynamodb"), emulator_server.client("sqs")
    table = "ws-sessions"
    dynamodb.create_table(TableName=table, BillingMode="PAY_PER_REQUEST", AttributeDefinitions=[{"AttributeName": "connectionid", "AttributeType": "S"}],
                          KeySchema=[{"AttributeName": "connectionid", "KeyType": "HASH"}])
    queue = sqs.create_queue(QueueName="ws-inbox")["QueueUrl"]
    states = emulator_server.client("stepfunctions")
    machine = states.create_state_machine(name="ws-async", roleArn="arn:aws:iam::123456789012:role/states", definition=json.dumps(
        {"StartAt": "Done", "States": {"Done": {"Type": "Pass", "End": True}}}))["stateMachineArn"]
    action = f"arn:aws:apigateway:{REGION}:dynamodb:action/"
    template = {"TemplateSelectionExpression": "\\$default", "IntegrationType": "AWS", "IntegrationMethod": "POST"}
    api_id = make_ws_api(emulator_server, {
        "$connect": {**template, "IntegrationUri": action + "PutItem", "RequestTemplates": {"$default": (
            '#set($ttl = $context.requestTimeEpoch + 86400){"TableName": "' + table + '", "Item": {'
            '"connectionid": {"S": "$context.connectionId"}, "ttl": {"N": "$ttl"},'
            '"room": {"S": "$input.params(\'room\')"}, "headers": {"S": "$util.escapeJavaScript($input.params().get(\'header\'))"}}}')}},
        "$disconnect": {**template, "IntegrationUri": action + "DeleteItem", "RequestTemplates": {
            "$default": '{"TableName": "' + table + '", "Key": {"connectionid": {"S": "$context.connectionId"}}}'}},
        "enqueue": {**template, "IntegrationUri": f"arn:aws:apigateway:{REGION}:sqs:path/123456789012/ws-inbox",
                    "RequestParameters": {"integration.request.header.Content-Type": "'application/x-www-form-urlencoded'"},
                    "RequestTemplates": {"$default": "Action=SendMessage&MessageBody=$util.urlEncode($input.json('$.data'))"
                                                     "&MessageAttribute.1.Name=connectionId&MessageAttribute.1.Value.StringValue=$context.connectionId"
                                                     "&MessageAttribute.1.Value.DataType=String"},
                    "responses": [{"IntegrationResponseKey": "/2\\d\\d/", "TemplateSelectionExpression": "\\$default",
                                   "ResponseTemplates": {"$default": '{"queued": true, "status": "$integration.response.statuscode"}'}}],
                    "two_way": True},
        "start": {**template, "IntegrationUri": f"arn:aws:apigateway:{REGION}:states:action/StartExecution",
                  # GruCloud's apigw-websocket-api-sfn-async template, with the state machine's ARN
                  "RequestTemplates": {"$default": r"""#set($sfn_input=$util.escapeJavaScript($input.body).replaceAll("\\'","'"))"""
                                                   '{"input": "$sfn_input", "name": "$context.requestId", "stateMachineArn": "' + machine + '"}'},
                  "responses": [{"IntegrationResponseKey": "$default"}], "two_way": True},
        "hello": {"IntegrationType": "MOCK", "TemplateSelectionExpression": "\\$default", "RequestTemplates": {"$default": '{"statusCode": 200}'},
                  "responses": [{"IntegrationResponseKey": "$default", "TemplateSelectionExpression": "\\$default",
                                 "ResponseTemplates": {"$default": '{"hello": "$context.connectionId", "route": "$context.routeKey"}'}}],
                  "two_way": True},
    })
    with open_ws(emulator_server, api_id, query="?room=blue") as ws:
        ws.send(json.dumps({"action": "hello"}))
        hello = receive_json(ws)
        connection_id = hello["hello"]
        assert hello["route"] == "hello"
        item = dynamodb.get_item(TableName=table, Key={"connectionid": {"S": connection_id}})["Item"]
        assert item["room"] == {"S": "blue"} and int(item["ttl"]["N"]) > 86400 and "Upgrade=websocket" in item["headers"]["S"]
        ws.send(json.dumps({"action": "enqueue", "data": {"text": "hi & bye"}}))
        assert receive_json(ws) == {"queued": True, "status": "200"}
        received = sqs.receive_message(QueueUrl=queue, MessageAttributeNames=["All"])
        print(received)
        message = received["Messages"][0]
        assert json.loads(message["Body"]) == {"text": "hi & bye"}
        assert message["MessageAttributes"]["connectionId"]["StringValue"] == connection_id
        ws.send(json.dumps({"action": "start", "text": "it's here"}))
        started = receive_json(ws)  # the service's own answer, passed through
        execution = states.describe_execution(executionArn=started["executionArn"])
        assert json.loads(execution["input"]) == {"action": "start", "text": "it's here"}
    eventually(lambda: "Item" not in dynamodb.get_item(TableName=table, Key={"connectionid": {"S": connection_id}}),
               "$disconnect deletes the connection's item")

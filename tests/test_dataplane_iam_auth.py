"""AWS_IAM routes on the emulator: a request signed (SigV4) with the emulator's test credentials,
or with an IAM user's key made on it, reaches the integration; any other signature gets API
Gateway's 403 and its message. A WebSocket API's $connect checks the upgrade request alike."""

from __future__ import annotations

import datetime
import json

import botocore.auth
import pytest
from botocore.auth import SigV4Auth
from botocore.awsrequest import AWSRequest
from botocore.credentials import Credentials
from websockets.exceptions import InvalidStatus

from dataplane_support import (
    ACCOUNT,
    REGION,
    allow_api,
    execute_api,
    make_api,
    make_function,
    proxy_to,
    request,
)
from grucloud.local.dataplane import sigv4
from websocket_support import gateway_url, make_ws_api, open_ws

ECHO = {"app.py": "def h(event, context):\n    return {'path': event['rawPath'], 'query': event['rawQueryString'], 'body': event['body'],"
                  " 'iam': event['requestContext']['authorizer']['iam']}\n",
        "v1.py": "def h(event, context):\n    return {'statusCode': 200, 'body': __import__('json').dumps(event['requestContext']['identity'])}\n"}


@pytest.fixture(scope="module")
def signed_route(emulator_server):
    function = make_function(emulator_server, ECHO, "app.h")
    api_id = make_api(emulator_server, {"POST /items/{id}": {**proxy_to(function), "route": {"AuthorizationType": "AWS_IAM"}}})
    allow_api(emulator_server, function, api_id)
    return execute_api(emulator_server, api_id, "/items/a%20b?z=1&a=x%2Fy")


def signed(url: str, body: bytes, key="testing", secret="testing", service="execute-api", region=REGION, method="POST",
           token=None) -> dict:
    """The headers botocore's signer adds to `method` `url` with `body`, as any AWS SDK signs."""
    asked = AWSRequest(method=method, url=url, data=body, headers={"Content-Type": "application/json"} if body else {})
    SigV4Auth(Credentials(key, secret, token=token), service, region).add_auth(asked)
    return dict(asked.headers.items())


def test_a_good_signature_reaches_the_function(signed_route, emulator_server):
    body = b'{"n": 1}'
    answer = request(signed_route, "POST", body, headers=signed(signed_route, body))
    assert answer.status == 200, answer.body
    event = answer.json()
    assert (event["path"], event["query"], event["body"]) == ("/items/a%20b", "z=1&a=x%2Fy", '{"n": 1}')
    # who signed, as the emulator's STS says for these credentials
    identity = emulator_server.client("sts").get_caller_identity()
    assert event["iam"] == {"accessKey": "testing", "accountId": identity["Account"], "callerId": identity["UserId"],
                            "cognitoIdentity": None, "principalOrgId": None, "userArn": identity["Arn"], "userId": identity["UserId"]}


def invoke_policy(effect: str, resource: str) -> str:
    return json.dumps({"Version": "2012-10-17", "Statement": [{"Effect": effect, "Action": "execute-api:Invoke", "Resource": resource}]})


def test_an_iam_user_needs_a_policy_that_allows_execute_api_invoke(signed_route, emulator_server):
    body = b'{"n": 1}'
    iam = emulator_server.client("iam")
    user = iam.create_user(UserName="caller")["User"]
    key = iam.create_access_key(UserName="caller")["AccessKey"]

    def call():
        return request(signed_route, "POST", body, headers=signed(signed_route, body, key["AccessKeyId"], key["SecretAccessKey"]))

    api_id = signed_route.split("/_aws/execute-api/")[1].split("/")[0]
    route_arn = f"arn:aws:execute-api:{REGION}:{ACCOUNT}:{api_id}/$default/POST/items/a%20b"
    refused = call()
    assert (refused.status, refused.json()) == (403, {"message": f"User: {user['Arn']} is not authorized to perform: execute-api:Invoke on resource: {route_arn}"})
    iam.put_user_policy(UserName="caller", PolicyName="invoke", PolicyDocument=invoke_policy("Allow", f"arn:aws:execute-api:*:*:{api_id}/*/POST/items/*"))
    answer = call()
    assert answer.status == 200, answer.body
    assert (answer.json()["iam"]["userArn"], answer.json()["iam"]["userId"]) == (user["Arn"], user["UserId"])
    iam.put_user_policy(UserName="caller", PolicyName="deny", PolicyDocument=invoke_policy("Deny", "*"))
    assert call().json()["message"].endswith(f"on resource: {route_arn} with an explicit deny")


def test_payload_1_0_carries_the_signer_in_its_identity(emulator_server):
    function = make_function(emulator_server, ECHO, "v1.h")
    api_id = make_api(emulator_server, {"GET /who": {**proxy_to(function, "1.0"), "route": {"AuthorizationType": "AWS_IAM"}}})
    allow_api(emulator_server, function, api_id)
    url = execute_api(emulator_server, api_id, "/who")
    iam = emulator_server.client("iam")
    iam.create_role(RoleName="anyone", AssumeRolePolicyDocument=json.dumps({"Version": "2012-10-17", "Statement": [
        {"Effect": "Allow", "Principal": {"AWS": ACCOUNT}, "Action": "sts:AssumeRole"}]}))
    iam.put_role_policy(RoleName="anyone", PolicyName="invoke", PolicyDocument=invoke_policy("Allow", "*"))
    session = emulator_server.client("sts").assume_role(RoleArn=f"arn:aws:iam::{ACCOUNT}:role/anyone", RoleSessionName="s1")["Credentials"]
    answer = request(url, headers=signed(url, b"", session["AccessKeyId"], session["SecretAccessKey"], method="GET",
                                         token=session["SessionToken"]))
    assert answer.status == 200, answer.body
    identity = answer.json()
    assert (identity["accessKey"], identity["userArn"]) == (session["AccessKeyId"], f"arn:aws:sts::{ACCOUNT}:assumed-role/anyone/s1")
    # a role's session key signs only with its session token
    untokened = request(url, headers=signed(url, b"", session["AccessKeyId"], session["SecretAccessKey"], method="GET"))
    assert (untokened.status, untokened.json()) == (403, {"message": sigv4.UNKNOWN_KEY})


@pytest.mark.parametrize("how, message", [
    ("another secret", sigv4.MISMATCH),
    ("the body changed after signing", sigv4.MISMATCH),
    ("an unknown access key", sigv4.UNKNOWN_KEY),
    ("scoped to lambda", "Credential should be scoped to correct service: 'execute-api'."),
    ("scoped to another region", "Credential should be scoped to a valid region."),
    ("not signed", "Forbidden"),
])
def test_a_bad_signature_is_refused_403(signed_route, how, message):
    body = b'{"n": 1}'
    headers = {
        "another secret": lambda: signed(signed_route, body, secret="not-testing"),
        "the body changed after signing": lambda: signed(signed_route, b'{"n": 2}'),
        "an unknown access key": lambda: signed(signed_route, body, key="AKIANOBODY"),
        "scoped to lambda": lambda: signed(signed_route, body, service="lambda"),
        "scoped to another region": lambda: signed(signed_route, body, region="eu-west-3"),
        "not signed": lambda: {"Content-Type": "application/json"},
    }[how]()
    answer = request(signed_route, "POST", body, headers=headers)
    assert (answer.status, json.loads(answer.body)) == (403, {"message": message})


@pytest.mark.parametrize("hours, refused", [(-1, "Signature expired: "), (1, "Signature not yet current: ")])
def test_a_signature_made_more_than_5_minutes_away_is_refused(signed_route, monkeypatch, hours, refused):
    signed_at = datetime.datetime.now(datetime.UTC) + datetime.timedelta(hours=hours)
    monkeypatch.setattr(botocore.auth, "get_current_datetime", lambda: signed_at)
    answer = request(signed_route, "POST", b"{}", headers=signed(signed_route, b"{}"))
    assert answer.status == 403 and answer.json()["message"].startswith(refused + f"{signed_at:%Y%m%dT%H%M%SZ} is "), answer.body


def test_a_websocket_connect_needs_a_good_signature(emulator_server):
    function = make_function(emulator_server, {"ws.py": "def h(event, context):\n    return {'statusCode': 200}\n"}, "ws.h")
    api_id = make_ws_api(emulator_server, {"$connect": {**proxy_to(function), "route": {"AuthorizationType": "AWS_IAM"}}})
    allow_api(emulator_server, function, api_id)
    url = f"{gateway_url(emulator_server)}/{api_id}/test?who=me".replace("ws://", "http://")
    with open_ws(emulator_server, api_id, query="?who=me", additional_headers=signed(url, b"", method="GET")):
        pass  # connected
    for headers, message in ((signed(url, b"", secret="nope", method="GET"), sigv4.MISMATCH), ({}, "Forbidden")):
        with pytest.raises(InvalidStatus) as refused:
            open_ws(emulator_server, api_id, query="?who=me", additional_headers=headers)
        assert (refused.value.response.status_code, json.loads(refused.value.response.body)) == (403, {"message": message})

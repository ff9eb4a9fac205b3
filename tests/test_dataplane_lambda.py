"""Lambda proxy integrations on the emulator: AWS's events (payload 2.0 and 1.0), AWS's
reading of the answers, errors and timeouts, the function's environment, warm workers that
pick up new code, logs, and the resource-policy check."""

from __future__ import annotations

import base64
import shutil

import pytest

from dataplane_support import (
    REGION,
    allow_api,
    execute_api,
    log_messages,
    make_api,
    make_function,
    proxy_to,
    request,
    zipped,
)
from grucloud.local.dataplane import world
from grucloud.local.dataplane.runner import FunctionRunner, RuntimeMissing

PY_ANSWERS = {
    "app.py": """
import base64, json, os, time

def echo(event, context):
    return {"statusCode": 200, "body": json.dumps(event)}

def bare(event, context):
    return {"hello": "world"}

def rich(event, context):
    return {"statusCode": 201, "headers": {"x-kind": "rich"}, "cookies": ["a=1", "b=2; Secure"],
            "isBase64Encoded": True, "body": base64.b64encode(b"\\x00\\x01binary").decode()}

def v1(event, context):
    return {"statusCode": 202, "headers": {"x-one": "1"}, "multiValueHeaders": {"x-many": ["a", "b"]}, "body": "ok"}

def fail(event, context):
    print("about to fail")
    raise ValueError("no luck")

def slow(event, context):
    time.sleep(float(event.get("queryStringParameters", {}).get("s", "3")))
    return "late"

def env(event, context):
    keys = ["MY_SETTING", "AWS_LAMBDA_FUNCTION_NAME", "AWS_REGION", "AWS_ENDPOINT_URL", "AWS_ACCESS_KEY_ID",
            "AWS_LAMBDA_LOG_GROUP_NAME", "AWS_EXECUTION_ENV", "AWS_LAMBDA_FUNCTION_MEMORY_SIZE"]
    return {k: os.environ.get(k) for k in keys} | {"remaining": context.get_remaining_time_in_millis(), "pid": os.getpid()}

def sdk(event, context):
    import boto3
    url = boto3.client("sqs").create_queue(QueueName=event["queryStringParameters"]["q"])["QueueUrl"]
    return {"queue": url}

def not_json(event, context):
    return {"statusCode": "abc"}
""",
}


@pytest.fixture(scope="module")
def py(emulator_server):
    """One Python function per handler of PY_ANSWERS, each on its own route of one API."""
    handlers = ["echo", "bare", "rich", "fail", "env", "sdk", "not_json"]
    functions = {h: make_function(emulator_server, PY_ANSWERS, f"app.{h}", Environment={"Variables": {"MY_SETTING": "on"}}) for h in handlers}
    functions["v1"] = make_function(emulator_server, PY_ANSWERS, "app.v1")
    functions["slow"] = make_function(emulator_server, PY_ANSWERS, "app.slow", Timeout=1)
    functions["patient"] = make_function(emulator_server, PY_ANSWERS, "app.slow", Timeout=10)
    routes = {f"ANY /{h}": proxy_to(f) for h, f in functions.items() if h not in ("v1", "patient")}
    routes["ANY /v1"] = proxy_to(functions["v1"], version="1.0")
    routes["GET /v1/{id}"] = proxy_to(functions["echo"], version="1.0")
    routes["GET /patient"] = proxy_to(functions["patient"], TimeoutInMillis=400)
    api_id = make_api(emulator_server, routes)
    for function in functions.values():
        allow_api(emulator_server, function, api_id)
    return api_id, functions


def test_payload_2_event_has_aws_fields(emulator_server, py):
    api_id, _ = py
    url = execute_api(emulator_server, api_id, "/echo?b=2&a=1&a=x%20y")
    answer = request(url, method="POST", body=b'{"k": "v"}', headers={"X-Twice": "one", "Cookie": "c1=v1; c2=v2", "User-Agent": "tester"})
    event = answer.json()
    assert event["version"] == "2.0" and event["routeKey"] == "ANY /echo"
    assert event["rawPath"] == "/echo" and event["rawQueryString"] == "b=2&a=1&a=x%20y"
    assert event["queryStringParameters"] == {"b": "2", "a": "1,x y"}
    assert event["cookies"] == ["c1=v1", "c2=v2"]
    assert event["headers"]["x-twice"] == "one" and "cookie" not in event["headers"]
    assert all(name == name.lower() for name in event["headers"])
    assert (event["body"], event["isBase64Encoded"]) == ('{"k": "v"}', False)
    context = event["requestContext"]
    assert (context["accountId"], context["apiId"], context["stage"], context["routeKey"]) == ("123456789012", api_id, "$default", "ANY /echo")
    assert context["http"] == {"method": "POST", "path": "/echo", "protocol": "HTTP/1.1", "sourceIp": "127.0.0.1", "userAgent": "tester"}
    assert context["requestId"] == answer.headers["apigw-requestid"]
    assert isinstance(context["timeEpoch"], int) and context["time"].endswith(" +0000")
    assert "multiValueHeaders" not in event and "pathParameters" not in event


def test_binary_bodies_arrive_base64_encoded(emulator_server, py):
    api_id, _ = py
    event = request(execute_api(emulator_server, api_id, "/echo"), method="POST", body=b"\xff\xfe\x00").json()
    assert event["isBase64Encoded"] is True and base64.b64decode(event["body"]) == b"\xff\xfe\x00"


def test_payload_2_answers_are_read_as_aws_reads_them(emulator_server, py):
    api_id, _ = py
    bare = request(execute_api(emulator_server, api_id, "/bare"))
    assert (bare.status, bare.headers["content-type"], bare.json()) == (200, "application/json", {"hello": "world"})
    rich = request(execute_api(emulator_server, api_id, "/rich"))
    assert (rich.status, rich.body, rich.headers["x-kind"]) == (201, b"\x00\x01binary", "rich")
    assert [v for k, v in rich.header_list if k.lower() == "set-cookie"] == ["a=1", "b=2; Secure"]


def test_payload_1_event_and_answer(emulator_server, py):
    api_id, _ = py
    event = request(execute_api(emulator_server, api_id, "/v1/42?x=1&x=2"), headers={"X-Case": "Kept"}).json()
    assert event["version"] == "1.0" and event["resource"] == "/v1/{id}" and event["httpMethod"] == "GET"
    assert event["path"] == "/v1/42" and event["pathParameters"] == {"id": "42"}
    assert event["queryStringParameters"] == {"x": "2"} and event["multiValueQueryStringParameters"] == {"x": ["1", "2"]}
    assert event["headers"]["X-Case"] == "Kept" and event["multiValueHeaders"]["X-Case"] == ["Kept"]
    assert event["body"] is None and event["stageVariables"] is None
    assert event["requestContext"]["identity"]["sourceIp"] == "127.0.0.1"
    assert event["requestContext"]["resourcePath"] == "/v1/{id}"
    answer = request(execute_api(emulator_server, api_id, "/v1"))
    assert (answer.status, answer.body, answer.headers["x-one"]) == (202, b"ok", "1")
    assert [v for k, v in answer.header_list if k.lower() == "x-many"] == ["a", "b"]


def test_function_errors_are_500_and_logged(emulator_server, py):
    api_id, functions = py
    for path in ("/fail", "/not_json"):
        answer = request(execute_api(emulator_server, api_id, path))
        assert (answer.status, answer.json()) == (500, {"message": "Internal Server Error"}), path
    messages = log_messages(emulator_server, f"/aws/lambda/{functions['fail']}")
    assert "about to fail" in messages
    assert any('"errorType": "ValueError"' in m and "no luck" in m for m in messages)
    assert any(m.startswith("REPORT RequestId: ") for m in messages)
    assert "answered what API Gateway cannot read" in (emulator_server.state / "emulator.log").read_text()


def test_timeouts_function_own_is_500_integration_is_503(emulator_server, py):
    api_id, functions = py
    # the function's Timeout (1 s) passes before its sleep ends: Lambda's "Task timed out"
    assert request(execute_api(emulator_server, api_id, "/slow?s=3")).status == 500
    assert any("Task timed out after 1.00 seconds" in m for m in log_messages(emulator_server, f"/aws/lambda/{functions['slow']}"))
    # the integration's TimeoutInMillis (400 ms) passes before the function's own (10 s)
    answer = request(execute_api(emulator_server, api_id, "/patient?s=3"))
    assert (answer.status, answer.json()) == (503, {"message": "Service Unavailable"})
    # and the worker that was stopped is replaced: the function still answers
    assert request(execute_api(emulator_server, api_id, "/slow?s=0")).body == b"late"


def test_the_function_environment(emulator_server, py):
    api_id, functions = py
    first = request(execute_api(emulator_server, api_id, "/env")).json()
    assert first["MY_SETTING"] == "on"
    assert first["AWS_LAMBDA_FUNCTION_NAME"] == functions["env"]
    assert (first["AWS_REGION"], first["AWS_ENDPOINT_URL"], first["AWS_ACCESS_KEY_ID"]) == (REGION, emulator_server.url, "testing")
    assert first["AWS_LAMBDA_LOG_GROUP_NAME"] == f"/aws/lambda/{functions['env']}"
    assert (first["AWS_EXECUTION_ENV"], first["AWS_LAMBDA_FUNCTION_MEMORY_SIZE"]) == ("AWS_Lambda_python3.12", "128")
    assert 0 < first["remaining"] <= 3000
    second = request(execute_api(emulator_server, api_id, "/env")).json()
    assert second["pid"] == first["pid"]  # warm: the same worker served both


def test_sdk_calls_from_a_handler_land_in_the_emulator(emulator_server, py):
    api_id, _ = py
    answer = request(execute_api(emulator_server, api_id, "/sdk?q=made-by-a-handler")).json()
    assert answer["queue"].endswith("/made-by-a-handler")
    assert any(u.endswith("/made-by-a-handler") for u in emulator_server.client("sqs").list_queues()["QueueUrls"])


def test_new_code_is_served_after_an_update(emulator_server):
    function = make_function(emulator_server, {"app.py": "def h(e, c):\n    return 'one'\n"}, "app.h")
    api_id = make_api(emulator_server, {"GET /v": proxy_to(function)})
    allow_api(emulator_server, function, api_id)
    assert request(execute_api(emulator_server, api_id, "/v")).body == b"one"
    emulator_server.client("lambda").update_function_code(FunctionName=function, ZipFile=zipped({"app.py": "def h(e, c):\n    return 'two'\n"}))
    assert request(execute_api(emulator_server, api_id, "/v")).body == b"two"


@pytest.mark.skipif(shutil.which("node") is None, reason="node is not installed")
def test_node_handlers_run_with_the_sdk_v3(emulator_server):
    code = {
        "index.mjs": """
import { SQSClient, CreateQueueCommand } from "@aws-sdk/client-sqs";
export const handler = async (event, context) => {
  console.log("node got", event.rawPath);
  const made = await new SQSClient({}).send(new CreateQueueCommand({ QueueName: "made-by-node" }));
  return { statusCode: 200, body: JSON.stringify({ queue: made.QueueUrl, name: context.functionName }) };
};
""",
        "cb.js": "exports.handler = (event, context, callback) => callback(null, { statusCode: 200, body: 'callback' });\n",
    }
    esm = make_function(emulator_server, code, "index.handler", runtime="nodejs20.x", Timeout=120)
    cjs = make_function(emulator_server, code, "cb.handler", runtime="nodejs20.x")
    api_id = make_api(emulator_server, {"GET /esm": proxy_to(esm, TimeoutInMillis=30000), "GET /cb": proxy_to(cjs)})
    allow_api(emulator_server, esm, api_id)
    allow_api(emulator_server, cjs, api_id)
    assert request(execute_api(emulator_server, api_id, "/cb")).body == b"callback"
    answer = request(execute_api(emulator_server, api_id, "/esm"))
    assert answer.status == 200, (emulator_server.state / "emulator.log").read_text()[-2000:]
    assert answer.json() == {"queue": answer.json()["queue"], "name": esm} and answer.json()["queue"].endswith("/made-by-node")
    assert any(m.endswith("\tINFO\tnode got /esm") for m in log_messages(emulator_server, f"/aws/lambda/{esm}"))


def test_a_missing_node_is_named(monkeypatch, tmp_path):
    monkeypatch.setenv("PATH", str(tmp_path))
    monkeypatch.setenv("GC_STATE_DIR", str(tmp_path))
    function = world.Function("js-fn", "arn:aws:lambda:us-east-1:123456789012:function:js-fn", REGION, "nodejs20.x",
                              "index.handler", 3.0, 128, {}, "sha", zipped({"index.js": ""}))
    with pytest.raises(RuntimeMissing, match="js-fn.*nodejs20.x: install Node.js so that `node` is on the PATH"):
        FunctionRunner("http://127.0.0.1:1").invoke(function, {})


def test_the_resource_policy_is_checked_as_aws_checks_it(emulator_server):
    function = make_function(emulator_server, {"app.py": "def h(e, c):\n    return 'ok'\n"}, "app.h")
    api_id = make_api(emulator_server, {"GET /open": proxy_to(function), "GET /closed": proxy_to(function)})
    url = execute_api(emulator_server, api_id, "/open")
    answer = request(url)
    assert (answer.status, answer.json()) == (500, {"message": "Internal Server Error"})
    log = (emulator_server.state / "emulator.log").read_text()
    assert f"API Gateway may not invoke function {function!r} for arn:aws:execute-api:{REGION}:123456789012:{api_id}/$default/GET/open; it has no statement" in log
    allow_api(emulator_server, function, api_id, pattern="*/GET/open")  # this route only
    assert request(url).status == 200
    assert request(execute_api(emulator_server, api_id, "/closed")).status == 500
    assert f"its statements allow only arn:aws:execute-api:{REGION}:123456789012:{api_id}/*/GET/open" in (emulator_server.state / "emulator.log").read_text()

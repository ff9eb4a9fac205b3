"""CORS from CorsConfiguration (preflight answered by the gateway, its headers over the
integration's), and a stage's access log lines in its log group."""

from __future__ import annotations

from dataplane_support import (
    allow_api,
    execute_api,
    log_messages,
    make_api,
    make_function,
    proxy_to,
    request,
)

CODE = {"app.py": "def h(event, context):\n    return {'statusCode': 200, 'headers': {'Access-Control-Allow-Origin': '*'}, 'body': 'hi'}\n"}


def test_cors_preflight_and_headers(emulator_server):
    function = make_function(emulator_server, CODE, "app.h")
    api_id = make_api(emulator_server, {"GET /items": proxy_to(function)}, CorsConfiguration={
        "AllowOrigins": ["https://app.example.com", "https://*.example.org"], "AllowMethods": ["GET", "POST"],
        "AllowHeaders": ["authorization"], "ExposeHeaders": ["x-total"], "MaxAge": 300, "AllowCredentials": True,
    })
    allow_api(emulator_server, function, api_id)
    url = execute_api(emulator_server, api_id, "/items")
    preflight = request(url, method="OPTIONS", headers={"Origin": "https://app.example.com", "Access-Control-Request-Method": "POST"})
    assert preflight.status == 204  # no OPTIONS route: the gateway answers it
    assert preflight.headers["access-control-allow-origin"] == "https://app.example.com"
    assert preflight.headers["access-control-allow-methods"] == "GET,POST"
    assert preflight.headers["access-control-allow-headers"] == "authorization"
    assert (preflight.headers["access-control-max-age"], preflight.headers["access-control-allow-credentials"]) == ("300", "true")
    refused = request(url, method="OPTIONS", headers={"Origin": "https://evil.example.net", "Access-Control-Request-Method": "GET"})
    assert "access-control-allow-origin" not in refused.headers
    answer = request(url, headers={"Origin": "https://shop.example.org"})
    assert answer.status == 200 and answer.body == b"hi"
    # the integration's own "*" is replaced by the configuration's answer
    assert [v for k, v in answer.header_list if k.lower() == "access-control-allow-origin"] == ["https://shop.example.org"]
    assert answer.headers["access-control-expose-headers"] == "x-total"


def test_access_log_lines_in_the_stages_log_group(emulator_server):
    function = make_function(emulator_server, CODE, "app.h")
    api_id = make_api(emulator_server, {"GET /items": proxy_to(function)}, stages=())
    allow_api(emulator_server, function, api_id)
    logs = emulator_server.client("logs")
    logs.create_log_group(logGroupName=f"access-{api_id}")
    arn = logs.describe_log_groups(logGroupNamePrefix=f"access-{api_id}")["logGroups"][0]["arn"].removesuffix(":*")
    emulator_server.client("apigatewayv2").create_stage(ApiId=api_id, StageName="dev", AccessLogSettings={
        "DestinationArn": arn, "Format": "$context.identity.sourceIp $context.httpMethod $context.routeKey $context.status $context.responseLength $context.requestId"})
    ok = request(execute_api(emulator_server, api_id, "/dev/items"))
    missing = request(execute_api(emulator_server, api_id, "/dev/missing"))
    assert log_messages(emulator_server, f"access-{api_id}") == [
        f"127.0.0.1 GET GET /items 200 2 {ok.headers['apigw-requestid']}",
        f"127.0.0.1 GET - 404 23 {missing.headers['apigw-requestid']}",
    ]

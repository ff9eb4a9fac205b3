"""Deployed HTTP APIs answer at their InvokeUrl: stage selection, route precedence and 404s,
as API Gateway does them (shared/reference/local-data-plane-facts.md §1)."""

from __future__ import annotations

import pytest

from dataplane_support import (
    allow_api,
    execute_api,
    make_api,
    make_function,
    proxy_to,
    request,
)
from grucloud.local.dataplane.router import select_route, select_stage

ECHO = {
    "echo.py": "import json\n"
    "def handler(event, context):\n"
    "    return {'statusCode': 200, 'body': json.dumps(event)}\n"
}
AWS_EXAMPLE = ["GET /pets/dog/1", "GET /pets/dog/{id}", "GET /pets/{proxy+}", "ANY /{proxy+}", "$default"]


def routes(*keys):
    return [{"routeKey": key} for key in keys]


@pytest.mark.parametrize(
    "method, path, expected, params",
    [
        ("GET", "/pets/dog/1", "GET /pets/dog/1", {}),
        ("GET", "/pets/dog/2", "GET /pets/dog/{id}", {"id": "2"}),
        ("GET", "/pets/cat/tom/toys", "GET /pets/{proxy+}", {"proxy": "cat/tom/toys"}),
        ("POST", "/test/5", "ANY /{proxy+}", {"proxy": "test/5"}),
        ("GET", "/", "$default", {}),
        ("GET", "/pets/dog/a%20b", "GET /pets/dog/{id}", {"id": "a b"}),  # decoded, as AWS does
    ],
)
def test_route_precedence_is_aws_example(method, path, expected, params):
    found = select_route(routes(*AWS_EXAMPLE), method, path)
    assert (found.route["routeKey"], found.path_parameters) == (expected, params)


def test_method_route_wins_over_any_and_nothing_matches_without_default():
    assert select_route(routes("ANY /items", "GET /items"), "GET", "/items").route["routeKey"] == "GET /items"
    assert select_route(routes("ANY /items", "GET /items"), "DELETE", "/items").route["routeKey"] == "ANY /items"
    assert select_route(routes("GET /items"), "POST", "/items") is None
    assert select_route(routes("GET /items/{id}"), "GET", "/items/") is None  # an empty segment is no value
    assert select_route(routes("GET /items/{id}"), "GET", "/items/1/more") is None


def test_a_named_stage_wins_over_default_and_default_serves_the_rest():
    assert select_stage({"beta", "$default"}, "/beta/pets") == select_stage({"beta"}, "/beta/pets")
    assert select_stage({"beta", "$default"}, "/beta/pets").path == "/pets"
    assert select_stage({"beta", "$default"}, "/pets").name == "$default"
    assert select_stage({"beta", "$default"}, "/pets").path == "/pets"
    assert select_stage({"beta"}, "/pets") is None


@pytest.fixture(scope="module")
def echo_api(emulator_server):
    function = make_function(emulator_server, ECHO, "echo.handler")
    api_id = make_api(emulator_server, {key: proxy_to(function) for key in AWS_EXAMPLE}, stages=("$default", "beta"))
    allow_api(emulator_server, function, api_id)
    return api_id


def test_requests_reach_the_route_aws_would_choose(emulator_server, echo_api):
    for method, path, expected in [
        ("GET", "/pets/dog/1", "GET /pets/dog/1"),
        ("GET", "/pets/dog/7", "GET /pets/dog/{id}"),
        ("GET", "/pets/cat/tom", "GET /pets/{proxy+}"),
        ("POST", "/test/5", "ANY /{proxy+}"),
        ("GET", "/", "$default"),
    ]:
        answer = request(execute_api(emulator_server, echo_api, path), method=method, body=b"" if method == "POST" else None)
        assert answer.status == 200, (path, answer.body)
        event = answer.json()
        assert (event["routeKey"], event["requestContext"]["stage"]) == (expected, "$default")
        assert event["rawPath"] == path
    event = request(execute_api(emulator_server, echo_api, "/pets/dog/7")).json()
    assert event["pathParameters"] == {"id": "7"}


def test_a_named_stage_keeps_its_segment_in_raw_path(emulator_server, echo_api):
    event = request(execute_api(emulator_server, echo_api, "/beta/pets/dog/7")).json()
    assert (event["requestContext"]["stage"], event["routeKey"], event["rawPath"]) == ("beta", "GET /pets/dog/{id}", "/beta/pets/dog/7")


def test_the_api_answers_on_its_own_host_name(emulator_server, echo_api):
    port = emulator_server.url.rsplit(":", 1)[1]
    host = f"{echo_api}.execute-api.localhost:{port}"
    # the Host header names the API, as `curl http://<api>.execute-api.localhost:<port>/...` sends it
    answer = request(f"{emulator_server.url}/beta/pets/dog/1", host=host)
    event = answer.json()
    assert (event["requestContext"]["stage"], event["routeKey"]) == ("beta", "GET /pets/dog/1")
    assert event["requestContext"]["domainName"] == host
    assert event["requestContext"]["domainPrefix"] == echo_api


def test_not_found_is_api_gateways_404(emulator_server):
    function = make_function(emulator_server, ECHO, "echo.handler")
    api_id = make_api(emulator_server, {"GET /items": proxy_to(function)}, stages=("dev",))
    allow_api(emulator_server, function, api_id)
    assert request(execute_api(emulator_server, api_id, "/dev/items")).status == 200
    for path in ("/dev/other", "/prod/items", "/items"):  # no route; no such stage; no $default stage
        answer = request(execute_api(emulator_server, api_id, path))
        assert (answer.status, answer.body) == (404, b'{"message":"Not Found"}'), path
        assert answer.headers["content-type"] == "application/json"
    assert request(execute_api(emulator_server, "nosuchapi", "/dev/items")).status == 404


def test_a_custom_domain_answers_through_its_api_mappings(emulator_server, echo_api):
    client = emulator_server.client("apigatewayv2")
    client.create_domain_name(DomainName="api.example.test", DomainNameConfigurations=[{"EndpointType": "REGIONAL"}])
    client.create_api_mapping(DomainName="api.example.test", ApiId=echo_api, Stage="beta", ApiMappingKey="v1")
    client.create_api_mapping(DomainName="api.example.test", ApiId=echo_api, Stage="$default", ApiMappingKey="")
    # the Host header names the domain, as a client resolving it to the emulator sends it
    answer = request(f"{emulator_server.url}/v1/pets/dog/7", host="api.example.test")
    assert answer.status == 200, answer.body
    event = answer.json()
    assert (event["requestContext"]["stage"], event["routeKey"], event["pathParameters"]) == ("beta", "GET /pets/dog/{id}", {"id": "7"})
    event = request(f"{emulator_server.url}/pets/cat/tom", host="api.example.test").json()
    assert (event["requestContext"]["stage"], event["routeKey"]) == ("$default", "GET /pets/{proxy+}")

    # a path that no mapping of a domain starts: API Gateway's 403, not the emulator's own 404
    client.create_domain_name(DomainName="keyed.example.test", DomainNameConfigurations=[{"EndpointType": "REGIONAL"}])
    client.create_api_mapping(DomainName="keyed.example.test", ApiId=echo_api, Stage="beta", ApiMappingKey="v1")
    answer = request(f"{emulator_server.url}/v2/pets/dog/7", host="keyed.example.test")
    assert (answer.status, answer.json()) == (403, {"message": "Missing Authentication Token"})


def test_a_disabled_default_endpoint_answers_403_and_the_custom_domain_still_answers(emulator_server, echo_api):
    client = emulator_server.client("apigatewayv2")
    client.create_domain_name(DomainName="only.example.test", DomainNameConfigurations=[{"EndpointType": "REGIONAL"}])
    client.create_api_mapping(DomainName="only.example.test", ApiId=echo_api, Stage="$default")
    client.update_api(ApiId=echo_api, DisableExecuteApiEndpoint=True)
    try:
        answer = request(execute_api(emulator_server, echo_api, "/pets/dog/1"))
        assert (answer.status, answer.json()) == (403, {"message": "Forbidden"})
        assert request(f"{emulator_server.url}/pets/dog/1", host="only.example.test").status == 200
    finally:
        client.update_api(ApiId=echo_api, DisableExecuteApiEndpoint=False)

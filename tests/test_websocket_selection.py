"""WebSocket APIs' selection expressions and mapping templates (pure functions), and the idle
timeout of a gateway run in this process."""

from __future__ import annotations

import json
import time

import pytest
from websockets.exceptions import ConnectionClosed, InvalidStatus
from websockets.sync.client import connect

from grucloud.local.websocket import selection, templates

ROUTES = {key: {"routeKey": key} for key in ("$connect", "$disconnect", "$default", "sendmessage", "7", "a b")}


@pytest.mark.parametrize(("body", "expected"), [
    ('{"action": "sendmessage"}', "sendmessage"),
    ('{"action": 7}', "7"),  # the selected value is stringified
    ('{"action": "a b"}', "a b"),
    ('{"action": "nope"}', "$default"),
    ('{"action": "$connect"}', "$default"),  # $connect/$disconnect are never selected by a message
    ('{"other": 1}', "$default"),  # missing path: the empty string, which no route has
    ("plain text", "$default"),
    (b"\x00binary", "$default"),
])
def test_route_selection(body, expected):
    assert selection.select_route(ROUTES, "$request.body.action", body)["routeKey"] == expected


def test_route_selection_without_default_and_nested_paths():
    routes = {"join": {"routeKey": "join"}}
    assert selection.select_route(routes, "$request.body.action", '{"action": "x"}') is None
    assert selection.select_route(routes, "${request.body.meta.kind}", '{"meta": {"kind": "join"}}')["routeKey"] == "join"


def test_template_and_response_key_selection():
    assert selection.select_key(["$default", "application/json"], selection.evaluate("\\$default", None)) == "$default"
    assert selection.select_key(["/2\\d\\d/", "$default"], "204") == "/2\\d\\d/"
    assert selection.select_key(["/2\\d\\d/", "$default"], "500") == "$default"
    assert selection.select_key(["/2\\d\\d/"], "500") is None
    response = {"statuscode": 404, "body": {"errorMessage": "missing"}}
    assert selection.evaluate("${integration.response.statuscode}", None, response) == "404"
    assert selection.evaluate("$integration.response.body.errorMessage", None, response) == "missing"


def test_mapping_templates_render_what_the_examples_use():
    context = {"connectionId": "abc=", "requestTimeEpoch": 1000, "routeKey": "$default"}
    params = {"path": {}, "querystring": {"room": "blue"}, "header": {"Host": "h", "X-Id": "1"}}
    body = '{"data": {"text": "it\'s \\"quoted\\""}, "MessageGroupId": "g1"}'
    rendered = templates.render(
        '#set($ttl = $context.requestTimeEpoch + 86400)'
        '#set($in = $util.escapeJavaScript($input.body).replaceAll("\\\\\'", "\'"))'
        '{"id": "$context.connectionId", "ttl": $ttl, "room": "$input.params(\'room\')", "headers": "$input.params().get(\'header\')",'
        ' "group": "$input.path(\'$.MessageGroupId\')", "data": $input.json(\'$.data\'), "raw": "$in", "enc": "$util.urlEncode(\'a b&c\')"}',
        body=body, context=context, params=params)
    document = json.loads(rendered)
    assert document["id"] == "abc=" and document["ttl"] == 87400 and document["room"] == "blue"
    assert document["headers"] == "{Host=h, X-Id=1}"  # a map prints as Java prints it
    assert document["group"] == "g1" and document["data"] == {"text": 'it\'s "quoted"'}
    assert json.loads(document["raw"]) == json.loads(body) and document["enc"] == "a%20b%26c"
    assert templates.render("$input.json('$')", body="", context={}) == "null"
    with pytest.raises(templates.TemplateFailed, match="not JSON"):
        templates.render("$input.json('$.a')", body="plain", context={})
    with pytest.raises(templates.TemplateFailed, match="JSONPath"):
        templates.render("$input.path('$..a')", body="{}", context={})


def test_an_idle_connection_is_closed_with_1001(tmp_path, monkeypatch):
    """The idle timeout (10 minutes on AWS) set to 0.3 s on a gateway of this process, serving
    an API with one stage and no routes."""
    from grucloud.local.websocket import api as apis
    from grucloud.local.websocket.gateway import Gateway

    monkeypatch.setenv("GC_STATE_DIR", str(tmp_path))
    quiet = apis.WebSocketApi("idle1234", "us-east-1", "$request.body.action", {"test": {}}, {}, {}, {})
    monkeypatch.setattr(apis, "find", lambda api_id: quiet if api_id == quiet.api_id else None)
    gateway = Gateway("127.0.0.1", "http://127.0.0.1:1", runner=None, idle_timeout=0.3)
    try:
        started = time.monotonic()
        with connect(f"{gateway.url}/idle1234/test") as ws:
            with pytest.raises(ConnectionClosed) as closed:
                ws.recv(timeout=10)
        assert closed.value.rcvd.code == 1001 and time.monotonic() - started >= 0.3
        with pytest.raises(InvalidStatus) as missing:
            connect(f"{gateway.url}/idle1234/prod")  # no such stage
        assert missing.value.response.status_code == 403
    finally:
        gateway.close()

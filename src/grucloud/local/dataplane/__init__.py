"""The emulator's data plane: deployed HTTP APIs answer requests.

A request reaches an API by its host, `<apiId>.execute-api.localhost[:port]`, or path-style at
`/_aws/execute-api/<apiId>/<stage>/<path>` (no stage segment for the `$default` stage), or by a
custom domain name's API mappings when the Host header is that name (curl -H "Host: ...").
`handle` is the one entry the emulator's server calls; everything else is in this package.
"""

from __future__ import annotations

import os
import re
import threading

from grucloud.local.dataplane import eventbridge, sqs_source
from grucloud.local.dataplane.exchange import Incoming, Outgoing

_HOST = re.compile(r"(?P<api>[a-z0-9]+)\.execute-api\.localhost(?::\d+)?", re.IGNORECASE)
_PATH = re.compile(r"/_aws/execute-api/(?P<api>[a-z0-9]+)(?P<path>/.*)?")
SIGN_IN = "/_gc/cognito-idp/sign-in"
_gateway = None
_lock = threading.Lock()


def _request_path(environ) -> str:
    """The path of the request line, undecoded."""
    return (environ.get("RAW_URI") or environ.get("REQUEST_URI") or environ.get("PATH_INFO", "")).split("?", 1)[0]


def _api_and_path(environ) -> tuple[str, str, str | None] | None:
    """(API id, path, the stage when a custom domain's mapping names it) of a request to an API."""
    raw_path = _request_path(environ)
    host = _HOST.fullmatch(environ.get("HTTP_HOST", ""))
    if host:
        return host["api"], raw_path or "/", None
    path = _PATH.fullmatch(raw_path)
    if path:
        return path["api"], path["path"] or "/", None
    from grucloud.local.dataplane import world

    return world.mapped_api(environ.get("HTTP_HOST", ""), raw_path or "/")


def claims(environ) -> bool:
    """Whether this request is for a deployed API rather than for the AWS control plane."""
    return _api_and_path(environ) is not None or environ.get("PATH_INFO") == SIGN_IN


def _sign_in(environ, start_response):
    """POST {UserPoolId, ClientId, Username, Password, Scopes}: the tokens a user pool's hosted
    sign-in page would give (see world.cognito_sign_in), for hooks and tests."""
    import json

    from grucloud.local.dataplane import world

    try:
        asked = json.loads(environ["wsgi.input"].read(int(environ.get("CONTENT_LENGTH") or 0)) or b"{}")
        region = asked.get("Region") or "us-east-1"
        answer = world.cognito_sign_in(region, asked["UserPoolId"], asked["ClientId"], asked["Username"], asked["Password"], asked.get("Scopes") or [])
        status = "200 OK"
    except (ValueError, KeyError) as error:
        answer, status = {"error": "invalid_request", "error_description": str(error)}, "400 Bad Request"
    body = json.dumps(answer).encode()
    start_response(status, [("Content-Type", "application/json"), ("Content-Length", str(len(body)))])
    return [body]


def _the_gateway(environ=None):
    """The one gateway of this process (and its warm function workers); functions reach the
    emulator at the address this server listens on."""
    global _gateway
    with _lock:
        if _gateway is None:
            from grucloud.local.dataplane.gateway import Gateway

            if environ is None:  # an event, before any request to an API: moto's own port
                address = f"http://127.0.0.1:{os.environ.get('MOTO_PORT', '5000')}"
            else:
                host = environ["SERVER_NAME"]
                address = f"http://{f'[{host}]' if ':' in host else host}:{environ['SERVER_PORT']}"
            _gateway = Gateway(address)
        return _gateway


def function_runner():
    """The one function runner of this process: HTTP and WebSocket APIs share its warm workers."""
    return _the_gateway().runner


eventbridge.install(function_runner)
sqs_source.install(function_runner)


def handle(environ, start_response):
    if environ.get("PATH_INFO") == SIGN_IN:
        return _sign_in(environ, start_response)
    api_id, path, stage = _api_and_path(environ)
    length = int(environ.get("CONTENT_LENGTH") or 0)
    body = environ["wsgi.input"].read(length) if length else b""
    headers = [(key[5:].replace("_", "-").title(), value) for key, value in environ.items() if key.startswith("HTTP_")]
    for key in ("CONTENT_TYPE", "CONTENT_LENGTH"):
        if environ.get(key):
            headers.append((key.replace("_", "-").title(), environ[key]))
    incoming = Incoming(
        method=environ["REQUEST_METHOD"],
        path=path,
        query=environ.get("QUERY_STRING", ""),
        headers=headers,
        body=body,
        source_ip=environ.get("REMOTE_ADDR", "127.0.0.1"),
        domain_name=environ.get("HTTP_HOST", ""),
        api_id=api_id,
        stage=stage,
        target_path=_request_path(environ),
    )
    try:
        answer: Outgoing = _the_gateway(environ).serve(incoming)
    except Exception:  # a defect of the emulator: the client gets API Gateway's 500, the log the trace
        import traceback

        traceback.print_exc()
        answer = Outgoing(500, [("Content-Type", "application/json")], b'{"message":"Internal Server Error"}')
    headers = [(k, v) for k, v in answer.headers if k.lower() not in ("content-length", "transfer-encoding", "connection")]
    headers += [("Content-Length", str(len(answer.body))), ("apigw-requestid", incoming.request_id)]
    start_response(f"{answer.status} {_reason(answer.status)}", headers)
    return [answer.body]


def _reason(status: int) -> str:
    from http import HTTPStatus

    try:
        return HTTPStatus(status).phrase
    except ValueError:
        return "Unknown"

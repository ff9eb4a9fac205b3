"""Lambda proxy events (payload format 2.0 and 1.0) and API Gateway's reading of the answers."""

from __future__ import annotations

import base64
import json
from urllib.parse import unquote

from grucloud.local.dataplane.exchange import Incoming, Outgoing
from grucloud.local.dataplane.world import ACCOUNT


def _body(incoming: Incoming) -> tuple[str | None, bool]:
    """The body as text when it is UTF-8, else base64 (HTTP APIs need no binary media types)."""
    if not incoming.body:
        return None, False
    try:
        return incoming.body.decode("utf-8"), False
    except UnicodeDecodeError:
        return base64.b64encode(incoming.body).decode(), True


def _http_context(incoming: Incoming, stage: str, route_key: str) -> dict:
    return {
        "accountId": ACCOUNT,
        "apiId": incoming.api_id,
        "domainName": incoming.domain_name,
        "domainPrefix": incoming.domain_name.split(".")[0],
        "requestId": incoming.request_id,
        "routeKey": route_key,
        "stage": stage,
    }


def event_v2(incoming: Incoming, stage: str, route_key: str, path_parameters: dict, stage_variables: dict, authorizer: dict | None) -> dict:
    headers: dict[str, str] = {}
    cookies: list[str] = []
    for name, value in incoming.headers:
        lower = name.lower()
        if lower == "cookie":
            cookies += [c.strip() for c in value.split(";") if c.strip()]
            continue
        headers[lower] = f"{headers[lower]},{value}" if lower in headers else value
    body, encoded = _body(incoming)
    context = {
        **_http_context(incoming, stage, route_key),
        "http": {
            "method": incoming.method,
            "path": unquote(incoming.path),
            "protocol": "HTTP/1.1",
            "sourceIp": incoming.source_ip,
            "userAgent": incoming.header("user-agent") or "",
        },
        "time": incoming.request_time,
        "timeEpoch": incoming.epoch_ms,
    }
    if authorizer is not None:
        context["authorizer"] = authorizer
    event = {"version": "2.0", "routeKey": route_key, "rawPath": incoming.path, "rawQueryString": incoming.query}
    if cookies:
        event["cookies"] = cookies
    event["headers"] = headers
    query = incoming.query_values()
    if query:
        event["queryStringParameters"] = {k: ",".join(v) for k, v in query.items()}
    event["requestContext"] = context
    if path_parameters:
        event["pathParameters"] = path_parameters
    if stage_variables:
        event["stageVariables"] = stage_variables
    if body is not None:
        event["body"] = body
    event["isBase64Encoded"] = encoded
    return event


def event_v1(incoming: Incoming, stage: str, route_key: str, path_parameters: dict, stage_variables: dict, authorizer: dict | None) -> dict:
    multi_headers: dict[str, list[str]] = {}
    for name, value in incoming.headers:
        multi_headers.setdefault(name, []).append(value)
    query = incoming.query_values()
    body, encoded = _body(incoming)
    resource = route_key.partition(" ")[2] if " " in route_key else route_key
    context = {
        **_http_context(incoming, stage, route_key),
        "extendedRequestId": incoming.request_id,
        "httpMethod": incoming.method,
        "identity": {
            "accessKey": None, "accountId": None, "caller": None, "cognitoAuthenticationProvider": None,
            "cognitoAuthenticationType": None, "cognitoIdentityId": None, "cognitoIdentityPoolId": None,
            "principalOrgId": None, "sourceIp": incoming.source_ip, "user": None,
            "userAgent": incoming.header("user-agent") or "", "userArn": None,
        },
        "path": unquote(incoming.path),
        "protocol": "HTTP/1.1",
        "requestTime": incoming.request_time,
        "requestTimeEpoch": incoming.epoch_ms,
        "resourceId": route_key,
        "resourcePath": resource,
    }
    if authorizer is not None and "iam" in authorizer:  # AWS_IAM: who signed, where REST puts it
        iam = authorizer["iam"]
        context["identity"].update(accessKey=iam["accessKey"], accountId=iam["accountId"], caller=iam["callerId"],
                                   user=iam["userId"], userArn=iam["userArn"])
    elif authorizer is not None:
        context["authorizer"] = authorizer
    return {
        "version": "1.0",
        "resource": resource,
        "path": unquote(incoming.path),
        "httpMethod": incoming.method,
        "headers": {k: v[-1] for k, v in multi_headers.items()},
        "multiValueHeaders": multi_headers,
        "queryStringParameters": {k: v[-1] for k, v in query.items()} or None,
        "multiValueQueryStringParameters": query or None,
        "requestContext": context,
        "pathParameters": path_parameters or None,
        "stageVariables": stage_variables or None,
        "body": body,
        "isBase64Encoded": encoded,
    }


class BadAnswer(Exception):
    """The function answered something API Gateway cannot turn into a response."""


def _body_bytes(body, encoded) -> bytes:
    if body is None:
        return b""
    if not isinstance(body, str):
        raise BadAnswer(f"body must be a string, not {type(body).__name__}")
    return base64.b64decode(body) if encoded else body.encode()


def _status(answer: dict) -> int:
    status = answer.get("statusCode")
    try:
        status = int(status)
    except (TypeError, ValueError):
        raise BadAnswer(f"statusCode {status!r} is not a number") from None
    if not 100 <= status <= 599:
        raise BadAnswer(f"statusCode {status} is not an HTTP status")
    return status


def _headers(answer: dict) -> list[tuple[str, str]]:
    headers = answer.get("headers") or {}
    if not isinstance(headers, dict):
        raise BadAnswer("headers must be an object")
    return [(str(k), str(v)) for k, v in headers.items()]


def response_v2(payload) -> Outgoing:
    """Format 2.0: a structured answer when it has a statusCode; any other JSON value is the
    body of a 200 application/json response (a string as it is, anything else as JSON)."""
    if not (isinstance(payload, dict) and "statusCode" in payload):
        body = payload if isinstance(payload, str) else json.dumps(payload)
        return Outgoing(200, [("Content-Type", "application/json")], body.encode())
    headers = _headers(payload)
    cookies = payload.get("cookies") or []
    if not isinstance(cookies, list):
        raise BadAnswer("cookies must be a list")
    headers += [("Set-Cookie", str(cookie)) for cookie in cookies]
    return Outgoing(_status(payload), headers, _body_bytes(payload.get("body"), payload.get("isBase64Encoded")))


def response_v1(payload) -> Outgoing:
    """Format 1.0: the answer must be structured; headers and multiValueHeaders are merged."""
    if not (isinstance(payload, dict) and "statusCode" in payload):
        raise BadAnswer("a payload 1.0 answer needs a statusCode")
    headers = _headers(payload)
    multi = payload.get("multiValueHeaders") or {}
    if not isinstance(multi, dict):
        raise BadAnswer("multiValueHeaders must be an object")
    single = {k.lower() for k, _ in headers}
    for name, values in multi.items():
        if name.lower() in single:
            headers = [(k, v) for k, v in headers if k.lower() != name.lower()]
        headers += [(str(name), str(v)) for v in (values if isinstance(values, list) else [values])]
    return Outgoing(_status(payload), headers, _body_bytes(payload.get("body"), payload.get("isBase64Encoded")))

"""Request parameter mapping: the value expressions of an integration's RequestParameters
($request.header.x, $request.querystring.x, $request.path.x, $request.path, $request.body,
$request.body.a.b[0], $context.x, $stageVariables.x), static text, and `${...}` mixes."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from urllib.parse import unquote

from grucloud.local.dataplane.exchange import Incoming

_MIXED = re.compile(r"\$\{([^}]+)\}")
_BODY_LIMIT = 100 * 1024  # API Gateway reads at most this much of the body for $request.body.x
_PART = re.compile(r"([^.\[\]]+)|\[(\d+)\]")


@dataclass
class Source:
    incoming: Incoming
    stage: str
    path: str  # without the stage segment
    route_key: str
    path_parameters: dict
    stage_variables: dict

    def context(self) -> dict:
        i = self.incoming
        return {
            "accountId": "123456789012", "apiId": i.api_id, "domainName": i.domain_name, "domainPrefix": i.domain_name.split(".")[0],
            "httpMethod": i.method, "path": unquote(i.path), "protocol": "HTTP/1.1", "requestId": i.request_id,
            "requestTime": i.request_time, "requestTimeEpoch": i.epoch_ms, "routeKey": self.route_key, "stage": self.stage,
            "identity.sourceIp": i.source_ip, "identity.userAgent": i.header("user-agent") or "",
        }


def _json_path(document, path: str):
    for name, index in _PART.findall(path):
        if name:
            document = document.get(name) if isinstance(document, dict) else None
        else:
            document = document[int(index)] if isinstance(document, list) and int(index) < len(document) else None
        if document is None:
            return None
    return document


def _text(value) -> str | None:
    if value is None or isinstance(value, str):
        return value
    return json.dumps(value)


def expression(expr: str, source: Source) -> str | None:
    """One `$...` expression's value as text; None when the request has no such value."""
    incoming = source.incoming
    if expr.startswith("$request.header."):
        return incoming.header(expr[len("$request.header."):])
    if expr.startswith("$request.querystring."):
        values = incoming.query_values().get(expr[len("$request.querystring."):])
        return ",".join(values) if values else None
    if expr.startswith("$request.path."):
        return source.path_parameters.get(expr[len("$request.path."):])
    if expr == "$request.path":
        return source.path
    if expr == "$request.body":
        return incoming.body.decode("utf-8", "replace")
    if expr.startswith("$request.body."):
        try:
            document = json.loads(incoming.body[:_BODY_LIMIT] or b"null")
        except ValueError:
            return None
        return _text(_json_path(document, expr[len("$request.body."):]))
    if expr.startswith("$context."):
        return _text(source.context().get(expr[len("$context."):]))
    if expr.startswith("$stageVariables."):
        return source.stage_variables.get(expr[len("$stageVariables."):])
    return None


def value(template: str, source: Source) -> str | None:
    """A RequestParameters value: one expression, static text, or text with ${...} parts."""
    if template.startswith("$") and not template.startswith("${"):
        return expression(template, source)
    if "${" in template:
        return _MIXED.sub(lambda m: expression("$" + m.group(1), source) or "", template)
    return template


def _response_value(template: str, answer, source: Source) -> str | None:
    if template.startswith("$response.header."):
        return answer.header(template[len("$response.header."):])
    if template.startswith("$response.body."):
        try:
            document = json.loads(answer.body or b"null")
        except ValueError:
            return None
        return _text(_json_path(document, template[len("$response.body."):]))
    if template == "$response.body":
        return answer.body.decode("utf-8", "replace")
    return value(template, source)


def map_response(integration: dict, answer, source: Source):
    """ResponseParameters, keyed by the integration's status code: overwrite:statuscode, and
    append/overwrite/remove of header.<name>."""
    rules = (integration.get("responseParameters") or {}).get(str(answer.status)) or {}
    for key, template in rules.items():
        action, _, where = key.partition(":")
        found = _response_value(template, answer, source)
        if where == "statuscode" and action == "overwrite" and found and found.isdigit():
            answer.status = int(found)
        elif where.startswith("header."):
            name = where[len("header."):]
            if action in ("overwrite", "remove"):
                answer.headers = [(k, v) for k, v in answer.headers if k.lower() != name.lower()]
            if action in ("overwrite", "append") and found is not None:
                answer.headers.append((name, found))
    return answer

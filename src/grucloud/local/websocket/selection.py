"""API Gateway's selection expressions for WebSocket APIs (pure functions).

A route is chosen by the API's `RouteSelectionExpression` evaluated on the message
(`$request.body.action`), a request template by the integration's `TemplateSelectionExpression`,
an integration response by its `IntegrationResponseSelectionExpression`. Keys of the form
`/regex/` match as regular expressions; `\\$default` is the literal key `$default`.
"""

from __future__ import annotations

import json
import re

_EXPRESSION = re.compile(r"\$\{([^}]*)\}|\$(request\.body(?:\.[A-Za-z0-9_\-]+)*|integration\.response\.[A-Za-z0-9_.\-]+)")


def parse_body(body: str | bytes) -> object | None:
    """The message as JSON, or None when it is not JSON (binary, or plain text)."""
    if isinstance(body, bytes):
        return None
    try:
        return json.loads(body)
    except ValueError:
        return None


def _body_path(document: object, path: str) -> object | None:
    """`request.body.a.b` → document["a"]["b"]; None when any step is missing."""
    value = document
    for step in [s for s in path.split(".")[2:] if s]:
        if isinstance(value, dict) and step in value:
            value = value[step]
        elif isinstance(value, list) and step.isdigit() and int(step) < len(value):
            value = value[int(step)]
        else:
            return None
    return value


def _as_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    return json.dumps(value, separators=(",", ":"))


def evaluate(expression: str, document: object | None, response: dict | None = None) -> str:
    """The text an expression selects: `$request.body.x` (or `${request.body.x}`) in the parsed
    message, `$integration.response.statuscode` / `.body.x` in an integration's answer, other
    text as is. A missing value selects the empty string."""
    if expression.startswith("\\$"):
        return expression[1:]

    def value_of(match: re.Match) -> str:
        name = match.group(1) or match.group(2)
        if name.startswith("request.body"):
            return _as_text(_body_path(document, name)) if document is not None else ""
        if name.startswith("integration.response.") and response is not None:
            if name == "integration.response.statuscode":
                return str(response.get("statuscode", ""))
            if name.startswith("integration.response.body"):
                return _as_text(_body_path(response.get("body"), "request." + name.removeprefix("integration.response.")))
        return ""

    return _EXPRESSION.sub(value_of, expression)


def key_matches(key: str, selected: str) -> bool:
    if len(key) > 1 and key.startswith("/") and key.endswith("/"):
        return re.fullmatch(key[1:-1], selected) is not None
    return key.replace("\\$", "$") == selected


def select_route(routes: dict[str, dict], expression: str, body: str | bytes) -> dict | None:
    """The route for an incoming message: the one whose key the expression selects, else
    `$default`, else None. `$connect` and `$disconnect` are never selected by a message."""
    document = parse_body(body)
    if document is not None and expression:
        selected = evaluate(expression, document)
        if selected not in ("$connect", "$disconnect", "$default") and selected in routes:
            return routes[selected]
    return routes.get("$default")


def select_key(keys, selected: str) -> str | None:
    """Among the keys of a map (request templates, integration responses), the one that
    `selected` picks: an exact or `/regex/` key, else `$default`."""
    keys = list(keys)
    for key in keys:
        if key not in ("$default", "\\$default") and key_matches(key, selected):
            return key
    return next((k for k in keys if k in ("$default", "\\$default")), None)

"""Mapping templates (Velocity) as API Gateway renders them for WebSocket APIs.

The template language is airspeed's; API Gateway's variables are given to it: `$context.*`,
`$input.body`, `$input.json(path)`, `$input.path(path)`, `$input.params()`, `$stageVariables.*`,
`$util.*`, and for integration responses `$integration.response.*`. JSONPath is the subset
templates use: `$`, `.name`, `['name']`, `[index]`.
"""

from __future__ import annotations

import base64
import json
import re
from urllib.parse import quote, unquote

import airspeed

# Velocity (API Gateway's) keeps backslashes in string literals as written: the idiom
# `.replaceAll("\\'", "'")` after `$util.escapeJavaScript` is a regex on a backslash and a quote.
# airspeed would unescape them; it is used only here, so it is told not to.
airspeed.StringLiteral.ESCAPED_CHAR = airspeed.InterpolatedStringLiteral.ESCAPED_CHAR = re.compile(r"(?!)")
_STEP = re.compile(r"\.([A-Za-z_$][\w$-]*)|\['([^']*)'\]|\[\"([^\"]*)\"\]|\[(\d+)\]")


class TemplateFailed(Exception):
    """The template cannot be rendered; the message says where."""


class _Map(dict):
    """A map printed as Java prints one ({a=b}), as `$input.params()` appears in templates."""

    def __str__(self) -> str:
        return "{" + ", ".join(f"{k}={v}" for k, v in self.items()) + "}"


def json_path(document: object, path: str) -> object | None:
    if not path.startswith("$"):
        raise TemplateFailed(f"JSONPath {path!r} must start with '$'")
    value, rest = document, path[1:]
    while rest:
        step = _STEP.match(rest)
        if step is None:
            raise TemplateFailed(f"JSONPath {path!r}: only $, .name, ['name'] and [index] are supported")
        name, quoted, double, index = step.groups()
        key = name or quoted or double
        if key is not None:
            value = value.get(key) if isinstance(value, dict) else None
        else:
            value = value[int(index)] if isinstance(value, list) and int(index) < len(value) else None
        rest = rest[step.end():]
    return value


class _Input:
    def __init__(self, body: str, params: dict[str, dict[str, str]]):
        self.body = body
        self._params = params

    def _document(self):
        try:
            return json.loads(self.body) if self.body else None
        except ValueError:
            raise TemplateFailed("$input.json/$input.path: the message is not JSON") from None

    def json(self, path: str) -> str:
        return json.dumps(json_path(self._document(), path))

    def path(self, path: str):
        value = json_path(self._document(), path)
        return _Map(value) if isinstance(value, dict) else value

    def params(self, name: str | None = None):
        if name is None:
            return _Map({where: _Map(values) for where, values in self._params.items()})
        for where in ("path", "querystring", "header"):
            if name in self._params.get(where, {}):
                return self._params[where][name]
        return ""


class _Util:
    @staticmethod
    def escapeJavaScript(text) -> str:
        return json.dumps(str(text))[1:-1].replace("'", "\\'")

    @staticmethod
    def parseJson(text):
        return json.loads(text)

    @staticmethod
    def urlEncode(text) -> str:
        return quote(str(text), safe="")

    @staticmethod
    def urlDecode(text) -> str:
        return unquote(str(text))

    @staticmethod
    def base64Encode(text) -> str:
        return base64.b64encode(str(text).encode()).decode()

    @staticmethod
    def base64Decode(text) -> str:
        return base64.b64decode(str(text)).decode()


def render(template: str, *, body: str, context: dict, stage_variables: dict | None = None,
           params: dict[str, dict[str, str]] | None = None, integration: dict | None = None) -> str:
    """The template's output; TemplateFailed when it cannot be rendered."""
    namespace = {
        "context": _Map(context),
        "input": _Input(body, params or {}),
        "stageVariables": _Map(stage_variables or {}),
        "util": _Util(),
    }
    if integration is not None:
        namespace["integration"] = {"response": integration}
    try:
        return airspeed.Template(template).merge(namespace)
    except TemplateFailed:
        raise
    except Exception as error:  # airspeed's syntax and execution errors have no common base
        raise TemplateFailed(f"the mapping template cannot be rendered: {error}") from None

"""Python literals written in the shape `ruff format` (and black) leave unchanged.

The rule the formatters follow for what gencode writes: a collection stays on one line when it
fits in 88 columns; otherwise it has one item per line, each followed by a comma (a "magic
trailing comma", which keeps it exploded on every later run). Strings use double quotes unless
that needs more escapes than single quotes. Nothing here splits a string or an expression, which
the formatters leave as they are when too long.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from typing import Any

LINE_LENGTH = 88
INDENT = "    "


@dataclass(frozen=True)
class Code:
    """A Python expression written as is, e.g. `ctx.get_id("IAM::Role", "my-role", "Arn")`."""

    text: str


@dataclass(frozen=True)
class Call:
    """`function("a", "b")`: a call with string arguments."""

    function: str
    arguments: tuple[str, ...]


@dataclass(frozen=True)
class Lambda:
    """`lambda parameter: body`."""

    parameter: str
    body: Any


@dataclass(frozen=True)
class Commented:
    """A dict value or list item preceded by a comment line."""

    comment: str
    value: Any


def string(text: str) -> str:
    """A string literal, quoted as the formatters prefer."""
    quote = "'" if text.count('"') > text.count("'") else '"'
    escaped = []
    for char in text:
        if char == "\\" or char == quote:
            escaped.append("\\" + char)
        elif char == "\n":
            escaped.append("\\n")
        elif char == "\r":
            escaped.append("\\r")
        elif char == "\t":
            escaped.append("\\t")
        elif not char.isprintable():
            code = ord(char)
            escaped.append(f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}" if code < 0x10000 else f"\\U{code:08x}")
        else:
            escaped.append(char)
    return quote + "".join(escaped) + quote


def flat(value: Any) -> str | None:
    """The one-line form, or None when the value holds a comment (which needs its own line)."""
    if isinstance(value, Commented):
        return None
    if isinstance(value, dict):
        items = [(string(k), flat(v)) for k, v in value.items()]
        if any(v is None for _, v in items):
            return None
        return "{" + ", ".join(f"{k}: {v}" for k, v in items) + "}"
    if isinstance(value, (list, tuple)):
        items = [flat(v) for v in value]
        if any(v is None for v in items):
            return None
        return "[" + ", ".join(items) + "]"
    if isinstance(value, Lambda):
        body = flat(value.body)
        return None if body is None else f"lambda {value.parameter}: {body}"
    return atom(value)


def atom(value: Any) -> str:
    if isinstance(value, Code):
        return value.text
    if isinstance(value, Call):
        return f"{value.function}({', '.join(string(a) for a in value.arguments)})"
    if isinstance(value, str):
        return string(value)
    if isinstance(value, bool) or value is None:
        return repr(value)
    if isinstance(value, (int, float)):
        return repr(value)
    raise TypeError(f"cannot write a {type(value).__name__} as Python source: {value!r}")


def width(text: str) -> int:
    """Columns on screen, as the formatters count them: wide characters take two."""
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def lines(value: Any, depth: int, prefix: str = "", suffix: str = "") -> list[str]:
    """`prefix + value + suffix` at `depth` indents, as one line when it fits, else exploded."""
    pad = INDENT * depth
    one_line = flat(value)
    if one_line is not None and width(pad + prefix + one_line + suffix) <= LINE_LENGTH:
        return [pad + prefix + one_line + suffix]
    if isinstance(value, Lambda):
        return lines(value.body, depth, f"{prefix}lambda {value.parameter}: ", suffix)
    if isinstance(value, Call):
        # the arguments on one line of their own when they fit there, else one per line
        inner = INDENT * (depth + 1) + ", ".join(string(a) for a in value.arguments)
        if width(inner) <= LINE_LENGTH or len(value.arguments) == 1:
            body = [inner]
        else:
            body = [INDENT * (depth + 1) + string(a) + "," for a in value.arguments]
        return [f"{pad}{prefix}{value.function}(", *body, f"{pad}){suffix}"]
    if isinstance(value, dict) and value:
        body = []
        for key, item in value.items():
            if isinstance(item, Commented):
                body.append(f"{INDENT * (depth + 1)}# {item.comment}")
                item = item.value
            body += lines(item, depth + 1, f"{string(key)}: ", ",")
        return [f"{pad}{prefix}{{", *body, f"{pad}}}{suffix}"]
    if isinstance(value, (list, tuple)) and value:
        body = []
        for item in value:
            if isinstance(item, Commented):
                body.append(f"{INDENT * (depth + 1)}# {item.comment}")
                item = item.value
            body += lines(item, depth + 1, "", ",")
        return [f"{pad}{prefix}[", *body, f"{pad}]{suffix}"]
    return [pad + prefix + (one_line if one_line is not None else atom(value)) + suffix]  # too long, unsplittable

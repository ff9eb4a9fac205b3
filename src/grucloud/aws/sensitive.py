"""Which values are secrets, so that nothing gc prints shows them.

Three rules, any of which hides a value:
- the botocore model marks the member sensitive (a Lambda function's Environment.Variables, a
  certificate's PrivateKey), found by walking the type's create and update input shapes;
- a map key or an ECS-style {"name", "value"} pair named like a secret in environment-variable
  style (DB_PASSWORD, API_KEY, GITHUB_TOKEN);
- a member whose CamelCase name says it is a secret (ClientSecret, MasterUserPassword), for what
  AWS returns but no input shape carries.
A hidden map keeps its keys (which variables changed is useful), never its values.
"""

from __future__ import annotations

import re
from functools import cache
from typing import Any

from grucloud.aws import shapes
from grucloud.aws.spec import ResourceSpec

REDACTED = "(sensitive)"
_ENV_STYLE = re.compile(r"^[A-Za-z0-9_]+$")
_SECRET_WORD = re.compile(r"(?:^|_)(?:PASSWORD|PASSWD|SECRET|TOKEN|KEY|APIKEY|CREDENTIALS?)(?:_|$)", re.IGNORECASE)
_CAMEL_WORDS = re.compile(r"[A-Z]?[a-z]+|[A-Z]+(?![a-z])")
_CAMEL_SECRETS = {"password", "secret", "passphrase"}
_MAX_DEPTH = 12  # models have recursive shapes


def named_like_secret(key: str) -> bool:
    if key.lower() == "key":  # a tag's or a map entry's key member, not a variable named KEY
        return False
    if _ENV_STYLE.match(key) and (key.isupper() or key.islower()) and _SECRET_WORD.search(key):
        return True
    return any(word.lower() in _CAMEL_SECRETS for word in _CAMEL_WORDS.findall(key))


@cache
def _model_paths(service: str, operations: tuple[str, ...], prefixes: tuple[str, str]) -> frozenset[str]:
    """Property paths ("Configuration.Environment.Variables", "Items[].Secret", "Map.*") the
    model marks sensitive, in the spec's own layout (properties_model)."""
    found: set[str] = set()
    for operation in operations:
        _walk(shapes.input_shape(service, operation), "", found, 0)
    properties, model = prefixes
    moved = set()
    for path in found:
        if model and not (path == model or path.startswith(model + ".")):
            continue
        rest = path[len(model):].lstrip(".") if model else path
        moved.add(".".join(p for p in (properties, rest) if p))
    return frozenset(moved)


def _walk(shape, path: str, found: set[str], depth: int) -> None:
    if shape is None or depth > _MAX_DEPTH:
        return
    if shape.metadata.get("sensitive"):
        found.add(path)
        return
    if shape.type_name == "structure":
        for name, member in shape.members.items():
            _walk(member, f"{path}.{name}" if path else name, found, depth + 1)
    elif shape.type_name == "list":
        _walk(shape.member, f"{path}[]", found, depth + 1)
    elif shape.type_name == "map":
        _walk(shape.value, f"{path}.*", found, depth + 1)


def model_paths(spec: ResourceSpec) -> frozenset[str]:
    operations = tuple(op for op in (spec.schema_operation, spec.update) if isinstance(op, str))
    return _model_paths(spec.service, operations, spec.properties_model)


def _matches(path: str, pattern: str) -> bool:
    parts, wanted = _segments(path), _segments(pattern)
    return len(parts) >= len(wanted) and all(w in ("*", p) for w, p in zip(wanted, parts))


def _segments(path: str) -> list[str]:
    return re.sub(r"\[\d*\]", ".[]", path).split(".") if path else []


def is_sensitive(spec: ResourceSpec, path: str) -> bool:
    """Whether the value at this property path (as in a plan: "Configuration.Environment.
    Variables.DB_PASSWORD", "Items[0].Secret") is, or holds, a secret."""
    if any(_matches(path, pattern) for pattern in model_paths(spec)):
        return True
    return any(named_like_secret(part) for part in _segments(path) if part not in ("[]", "*"))


def redact(spec: ResourceSpec, value: Any, path: str = "") -> Any:
    """A copy of `value` (a resource's properties or live data, or the value at `path`) with
    every secret replaced by "(sensitive)"."""
    if path and is_sensitive(spec, path):
        return {k: REDACTED for k in value} if isinstance(value, dict) else REDACTED
    if isinstance(value, dict):
        if _is_name_value_pair(value):
            return {**value, _value_key(value): REDACTED}
        return {k: redact(spec, v, f"{path}.{k}" if path else str(k)) for k, v in value.items()}
    if isinstance(value, list):
        return [redact(spec, item, f"{path}[{i}]") for i, item in enumerate(value)]
    return value


def _is_name_value_pair(value: dict) -> bool:
    """An ECS-style environment entry {"name": "DB_PASSWORD", "value": "..."}."""
    name = value.get("name", value.get("Name"))
    return isinstance(name, str) and _value_key(value) is not None and named_like_secret(name)


def _value_key(value: dict) -> str | None:
    return next((k for k in ("value", "Value") if k in value), None)

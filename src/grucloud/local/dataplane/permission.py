"""Whether a function's resource policy lets API Gateway invoke it for this route, as Lambda
decides it: an Allow statement for the apigateway.amazonaws.com principal and the
lambda:InvokeFunction action, whose AWS:SourceArn condition (when it has one) matches the
route's execute-api ARN, and no Deny statement that matches."""

from __future__ import annotations

import re

from grucloud.local.dataplane import world

_API_GATEWAY = "apigateway.amazonaws.com"


def source_arn(region: str, api_id: str, stage: str, route_key: str) -> str:
    """arn:aws:execute-api:<region>:<account>:<api>/<stage>/<route method>/<route path>, or
    .../<stage>/$default for the $default route."""
    base = f"arn:aws:execute-api:{region}:{world.ACCOUNT}:{api_id}/{stage}"
    if route_key == "$default":
        return f"{base}/$default"
    method, _, path = route_key.partition(" ")
    return f"{base}/{method}{path}"


def like(pattern: str, value: str) -> bool:
    # ArnLike/StringLike: * is any run of characters (slashes included), ? any one character
    regex = "".join(".*" if c == "*" else "." if c == "?" else re.escape(c) for c in pattern)
    return re.fullmatch(regex, value, re.DOTALL) is not None


def _as_list(value) -> list:
    return value if isinstance(value, list) else [value]


def _principal_matches(principal, service: str) -> bool:
    if principal == "*":
        return True
    if isinstance(principal, dict):
        return service in _as_list(principal.get("Service", [])) or "*" in _as_list(principal.get("AWS", []))
    return False


def _action_matches(action) -> bool:
    return any(a in ("lambda:InvokeFunction", "lambda:*", "*") for a in _as_list(action))


def _conditions_hold(condition: dict, arn: str) -> bool:
    for operator, tests in (condition or {}).items():
        for key, expected in tests.items():
            values = _as_list(expected)
            if key.lower() == "aws:sourcearn":
                if operator in ("ArnLike", "StringLike"):
                    ok = any(like(v, arn) for v in values)
                elif operator in ("ArnEquals", "StringEquals"):
                    ok = arn in values
                else:
                    ok = False
            elif key.lower() == "aws:sourceaccount":
                ok = world.ACCOUNT in values
            else:
                ok = True  # conditions on other keys are not what this check is about
            if not ok:
                return False
    return True


def check(region: str, function_name: str, arn: str, principal: str = _API_GATEWAY) -> str | None:
    """None when the service `principal` may invoke the function for `arn`; else why not."""
    policy = world.function_policy(region, function_name)
    statements = (policy or {}).get("Statement", [])
    matching = [
        s for s in statements
        if _principal_matches(s.get("Principal"), principal) and _action_matches(s.get("Action")) and _conditions_hold(s.get("Condition"), arn)
    ]
    if any(s.get("Effect") == "Deny" for s in matching):
        return f"the resource policy of function {function_name!r} denies {principal} for {arn}"
    if any(s.get("Effect") == "Allow" for s in matching):
        return None
    granted = [c.get("ArnLike", {}).get("AWS:SourceArn") for c in (s.get("Condition") or {} for s in statements) if c]
    hint = f"; its statements allow only {', '.join(map(str, granted))}" if granted else f"; it has no statement for {principal}"
    who = "API Gateway" if principal == _API_GATEWAY else principal
    return (
        f"{who} may not invoke function {function_name!r} for {arn}{hint}. "
        f"Add a Lambda::Permission for principal {principal} whose SourceArn matches {arn}"
    )

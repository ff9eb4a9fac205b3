"""CORS from an HTTP API's CorsConfiguration: the gateway answers preflight requests itself,
and on other answers sets its own CORS headers in place of any the integration sent."""

from __future__ import annotations

import re

from grucloud.local.dataplane.exchange import Incoming, Outgoing


def _config(cors: dict | None) -> dict:
    # moto keeps the members as the request spelled them (allowOrigins); either spelling works
    return {k[:1].lower() + k[1:]: v for k, v in (cors or {}).items()}


def _allowed_origin(config: dict, origin: str | None) -> str | None:
    if not origin:
        return None
    for allowed in config.get("allowOrigins") or []:
        if allowed == "*":
            return "*"
        pattern = "".join(".*" if c == "*" else re.escape(c) for c in allowed)
        if re.fullmatch(pattern, origin, re.IGNORECASE):
            return origin
    return None


def is_preflight(cors: dict | None, incoming: Incoming) -> bool:
    return bool(cors) and incoming.method == "OPTIONS" and bool(incoming.header("origin")) and bool(incoming.header("access-control-request-method"))


def preflight(cors: dict, incoming: Incoming) -> Outgoing:
    config = _config(cors)
    answer = Outgoing(204, reason="CORS preflight")
    origin = _allowed_origin(config, incoming.header("origin"))
    method = (incoming.header("access-control-request-method") or "").upper()
    methods = [m.upper() for m in config.get("allowMethods") or []]
    if origin is None or not ("*" in methods or method in methods):
        return answer  # not allowed: no CORS headers, and the browser refuses the request
    answer.headers.append(("Access-Control-Allow-Origin", origin))
    answer.headers.append(("Access-Control-Allow-Methods", ",".join(methods)))
    if config.get("allowHeaders"):
        answer.headers.append(("Access-Control-Allow-Headers", ",".join(config["allowHeaders"])))
    if config.get("maxAge") is not None:
        answer.headers.append(("Access-Control-Max-Age", str(config["maxAge"])))
    if config.get("allowCredentials"):
        answer.headers.append(("Access-Control-Allow-Credentials", "true"))
    return answer


def decorate(cors: dict | None, incoming: Incoming, answer: Outgoing) -> Outgoing:
    if not cors:
        return answer
    config = _config(cors)
    answer.headers = [(k, v) for k, v in answer.headers if not k.lower().startswith("access-control-")]
    origin = _allowed_origin(config, incoming.header("origin"))
    if origin is not None:
        answer.headers.append(("Access-Control-Allow-Origin", origin))
        if config.get("allowCredentials"):
            answer.headers.append(("Access-Control-Allow-Credentials", "true"))
        if config.get("exposeHeaders"):
            answer.headers.append(("Access-Control-Expose-Headers", ",".join(config["exposeHeaders"])))
    return answer

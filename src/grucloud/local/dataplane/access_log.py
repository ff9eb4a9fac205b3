"""A stage's AccessLogSettings: one line per request, its Format's $context variables filled
in, written to the log group of its DestinationArn."""

from __future__ import annotations

import re
import time
from urllib.parse import unquote

from grucloud.local.dataplane import world
from grucloud.local.dataplane.exchange import Incoming, Outgoing

_VARIABLE = re.compile(r"\$\{?context\.([A-Za-z0-9_.]+)\}?")


def variables(incoming: Incoming, stage: str, route_key: str, answer: Outgoing, started: float) -> dict:
    latency = str(int((time.monotonic() - started) * 1000))
    error = answer.reason if answer.status >= 400 else ""
    return {
        "accountId": world.ACCOUNT, "apiId": incoming.api_id, "domainName": incoming.domain_name,
        "domainPrefix": incoming.domain_name.split(".")[0], "httpMethod": incoming.method, "path": unquote(incoming.path),
        "protocol": "HTTP/1.1", "requestId": incoming.request_id, "extendedRequestId": incoming.request_id,
        "requestTime": incoming.request_time, "requestTimeEpoch": str(incoming.epoch_ms), "routeKey": route_key or "-",
        "stage": stage or "-", "status": str(answer.status), "responseLength": str(len(answer.body)),
        "responseLatency": latency, "integrationLatency": latency,
        "identity.sourceIp": incoming.source_ip, "identity.userAgent": incoming.header("user-agent") or "-",
        "error.message": error or "-", "integrationErrorMessage": error or "-",
    }


def line(format_: str, values: dict) -> str:
    return _VARIABLE.sub(lambda m: values.get(m.group(1), "-") or "-", format_)


def write(api: world.Api, stage: str, incoming: Incoming, route_key: str, answer: Outgoing, started: float) -> None:
    settings = (api.stages.get(stage) or {}).get("accessLogSettings") or {}
    destination, format_ = settings.get("destinationArn"), settings.get("format")
    if not destination or not format_:
        return
    # arn:aws:logs:<region>:<account>:log-group:<name>
    parts = destination.split(":")
    if len(parts) < 7 or parts[5] != "log-group":
        return
    text = line(format_, variables(incoming, stage, route_key, answer, started))
    world.write_logs(parts[3], parts[6], f"{api.api_id}_{stage}", [text])

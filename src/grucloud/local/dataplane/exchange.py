"""One request to a deployed API and its answer, as the gateway sees them."""

from __future__ import annotations

import json
import time
import uuid
from dataclasses import dataclass, field
from urllib.parse import parse_qsl


@dataclass
class Incoming:
    method: str
    path: str  # the request path as sent, undecoded, stage segment included
    query: str  # the raw query string
    headers: list[tuple[str, str]]  # as sent, in order
    body: bytes
    source_ip: str
    domain_name: str  # the Host the client used
    api_id: str
    stage: str | None = None  # set by a custom domain's API mapping; else the path names it
    target_path: str = ""  # the request line's path, prefix and mapping key included: what SigV4 signs
    request_id: str = field(default_factory=lambda: uuid.uuid4().hex[:16] + "=")
    epoch_ms: int = field(default_factory=lambda: int(time.time() * 1000))

    def header(self, name: str) -> str | None:
        """A header's values joined with "," as API Gateway joins them; None when absent."""
        values = [v for k, v in self.headers if k.lower() == name.lower()]
        return ",".join(values) if values else None

    def query_values(self) -> dict[str, list[str]]:
        values: dict[str, list[str]] = {}
        for key, value in parse_qsl(self.query, keep_blank_values=True):
            values.setdefault(key, []).append(value)
        return values

    @property
    def request_time(self) -> str:
        return time.strftime("%d/%b/%Y:%H:%M:%S +0000", time.gmtime(self.epoch_ms / 1000))


@dataclass
class Outgoing:
    status: int
    headers: list[tuple[str, str]] = field(default_factory=list)
    body: bytes = b""
    # why the gateway answered as it did, for the emulator's log and the access log's
    # $context.error.message / $context.integrationErrorMessage
    reason: str = ""

    def header(self, name: str) -> str | None:
        return next((v for k, v in self.headers if k.lower() == name.lower()), None)

    def set_header(self, name: str, value: str) -> None:
        self.headers = [(k, v) for k, v in self.headers if k.lower() != name.lower()] + [(name, value)]


def message(status: int, text: str, reason: str = "", headers=()) -> Outgoing:
    """API Gateway's own answers: {"message": "..."} in JSON."""
    body = json.dumps({"message": text}, separators=(",", ":")).encode()
    return Outgoing(status, [("Content-Type", "application/json"), *headers], body, reason or text)


def not_found(reason: str = "") -> Outgoing:
    return message(404, "Not Found", reason)


def internal_error(reason: str) -> Outgoing:
    return message(500, "Internal Server Error", reason)


def unavailable(reason: str) -> Outgoing:
    return message(503, "Service Unavailable", reason)

"""A small HTTP client bound to one base URL (a stage's InvokeUrl), for hooks' checks.

It sends to loopback only on the emulator: a `<apiId>.execute-api.localhost` host is connected
to at 127.0.0.1 with its name in the Host header (Python does not resolve `*.localhost`).
"""

from __future__ import annotations

import http.client
import json as json_module
from dataclasses import dataclass
from urllib.parse import urlencode, urlsplit


@dataclass
class HttpAnswer:
    status: int
    headers: dict[str, str]  # names lowercased; repeated headers joined with ", "
    body: bytes

    @property
    def text(self) -> str:
        return self.body.decode("utf-8", "replace")

    def json(self):
        return json_module.loads(self.body)

    def __str__(self) -> str:
        return f"HTTP {self.status} {self.text[:300]}"


class HttpClient:
    def __init__(self, base_url: str, timeout: float = 60.0, host: str | None = None):
        self.base_url = base_url.rstrip("/")
        self.timeout = timeout
        self.host = host  # the Host header, when it is not the URL's (a custom domain on the emulator)

    def request(self, method: str, path: str = "/", *, headers: dict | None = None, params: dict | None = None,
                json=None, data: bytes | str | None = None) -> HttpAnswer:
        url = urlsplit(self.base_url + ("/" + path.lstrip("/") if path else ""))
        headers = dict(headers or {})
        if json is not None:
            data = json_module.dumps(json)
            headers.setdefault("Content-Type", "application/json")
        if isinstance(data, str):
            data = data.encode()
        target = url.path or "/"
        query = "&".join(q for q in (url.query, urlencode(params or {}, doseq=True)) if q)
        if query:
            target += "?" + query
        host = url.hostname or ""
        connect_to = "127.0.0.1" if host.endswith(".localhost") else host
        kind = http.client.HTTPSConnection if url.scheme == "https" else http.client.HTTPConnection
        connection = kind(connect_to, url.port, timeout=self.timeout)
        try:
            headers.setdefault("Host", self.host or url.netloc)
            connection.request(method, target, body=data, headers=headers)
            response = connection.getresponse()
            found: dict[str, str] = {}
            for name, value in response.getheaders():
                found[name.lower()] = f"{found[name.lower()]}, {value}" if name.lower() in found else value
            return HttpAnswer(response.status, found, response.read())
        finally:
            connection.close()

    def get(self, path: str = "/", **options) -> HttpAnswer:
        return self.request("GET", path, **options)

    def post(self, path: str = "/", **options) -> HttpAnswer:
        return self.request("POST", path, **options)

    def put(self, path: str = "/", **options) -> HttpAnswer:
        return self.request("PUT", path, **options)

    def delete(self, path: str = "/", **options) -> HttpAnswer:
        return self.request("DELETE", path, **options)

    def options(self, path: str = "/", **options) -> HttpAnswer:
        return self.request("OPTIONS", path, **options)

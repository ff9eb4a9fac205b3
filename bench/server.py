"""The benchmark's emulator process: gc's own emulator app (moto's WSGI app, with moto's gaps
answered 501 as gc expects) on loopback, behind a middleware that counts every request per
(service, operation) and, for the rate-limited run, answers API Gateway requests beyond 10 per
second (burst 40) with 429 TooManyRequestsException, as AWS does.

Run as `python -m bench.server --port P [--rate-limit]`. The counts are served on a private
path (GET /__bench/counts, POST /__bench/reset). Requests carrying the X-Bench-Probe header
(the harness checking what a phase left behind) are neither counted nor limited.
"""

from __future__ import annotations

import argparse
import io
import json
import logging
import os
import threading
import time
from collections import Counter

from bench.operations import OperationNamer

PRIVATE = "/__bench/"
PROBE_HEADER = "HTTP_X_BENCH_PROBE"
THROTTLED_SERVICES = ("apigatewayv2", "apigateway")


class TokenBucket:
    """`rate` requests per second on average, `burst` at once."""

    def __init__(self, rate: float, burst: int):
        self.rate, self.burst = rate, burst
        self.tokens = float(burst)
        self.stamp = time.monotonic()
        self.lock = threading.Lock()

    def take(self) -> bool:
        with self.lock:
            now = time.monotonic()
            self.tokens = min(self.burst, self.tokens + (now - self.stamp) * self.rate)
            self.stamp = now
            if self.tokens >= 1:
                self.tokens -= 1
                return True
            return False


class CountingMiddleware:
    def __init__(self, app, namer: OperationNamer, bucket: TokenBucket | None = None, latency: float = 0.0):
        self.app, self.namer, self.bucket, self.latency = app, namer, bucket, latency
        self.calls: Counter = Counter()
        self.throttled: Counter = Counter()
        self.lock = threading.Lock()

    def __call__(self, environ, start_response):
        path = environ.get("PATH_INFO", "")
        if path.startswith(PRIVATE):
            return self._private(path, environ, start_response)
        if environ.get(PROBE_HEADER) or path.startswith("/moto-api"):  # the harness, gc's liveness check
            return self.app(environ, start_response)
        key = ".".join(self._operation(environ))
        service = key.partition(".")[0]
        if self.bucket and service in THROTTLED_SERVICES and not self.bucket.take():
            with self.lock:
                self.throttled[key] += 1
            return _too_many_requests(start_response)
        with self.lock:
            self.calls[key] += 1
        if self.latency:
            time.sleep(self.latency)  # a round trip to AWS, as the figures were taken
        return self.app(environ, start_response)

    def _operation(self, environ) -> tuple[str, str]:
        headers = {k[5:].replace("_", "-").lower(): v for k, v in environ.items() if k.startswith("HTTP_")}
        headers["content-type"] = environ.get("CONTENT_TYPE", "")
        body = b""
        if "form-urlencoded" in headers["content-type"]:
            # query-protocol services (IAM, STS) name the operation in the form body
            body = environ["wsgi.input"].read(int(environ.get("CONTENT_LENGTH") or 0))
            environ["wsgi.input"] = io.BytesIO(body)
        return self.namer.name(environ["REQUEST_METHOD"], environ.get("PATH_INFO", ""),
                               environ.get("QUERY_STRING", ""), headers, body)

    def _private(self, path, environ, start_response):
        if path == PRIVATE + "reset" and environ["REQUEST_METHOD"] == "POST":
            with self.lock:
                self.calls.clear()
                self.throttled.clear()
        with self.lock:
            body = json.dumps({"calls": dict(self.calls), "throttled": dict(self.throttled)}).encode()
        start_response("200 OK", [("Content-Type", "application/json"), ("Content-Length", str(len(body)))])
        return [body]


def _too_many_requests(start_response):
    body = b'{"message":"Too Many Requests"}'
    start_response("429 Too Many Requests", [
        ("Content-Type", "application/json"),
        ("x-amzn-ErrorType", "TooManyRequestsException"),
        ("Content-Length", str(len(body))),
    ])
    return [body]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--rate-limit", action="store_true", help="10 API Gateway requests/s, burst 40")
    parser.add_argument("--latency-ms", type=float, default=0, help="added to every counted request")
    args = parser.parse_args()
    # as gc's own emulator runs it (src/grucloud/local/emulator.py)
    os.environ.setdefault("MOTO_IAM_LOAD_MANAGED_POLICIES", "true")
    os.environ.setdefault("MOTO_PORT", str(args.port))
    from moto.server import MotoRequestHandler
    from werkzeug.serving import run_simple

    from grucloud.local.server import (
        application,  # gc's own emulator: moto, gaps answered 501
    )

    logging.getLogger("werkzeug").setLevel(logging.ERROR)  # no per-request log line to write
    bucket = TokenBucket(rate=10, burst=40) if args.rate_limit else None
    app = CountingMiddleware(application(), OperationNamer(), bucket, args.latency_ms / 1000)
    run_simple("127.0.0.1", args.port, app, threaded=True, request_handler=MotoRequestHandler)


if __name__ == "__main__":
    main()

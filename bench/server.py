"""The benchmark's emulator process: gc's own emulator app (moto's WSGI app, with moto's gaps
answered 501 as gc expects) on loopback, behind a middleware that counts every request per
(service, operation) and, for the rate-limited and AWS-like runs, the AWS-like profile
(aws/aws_like.py): AWS's quotas answered as AWS does, a latency per call, AWS's asynchronous
states.

Run as `python -m bench.server --port P [--rate-limit] [--latency-ms MS] [--aws-like --time-scale S]`.
The counts are served on a private path (GET /__bench/counts, POST /__bench/reset). Requests carrying the X-Bench-Probe header
(the harness checking what a phase left behind) are neither counted nor limited.
"""

from __future__ import annotations

import argparse
import io
import json
import logging
import os
import threading
from collections import Counter

from grucloud.aws.aws_like import AwsLike, Profile
from grucloud.aws.operations import OperationNamer

PRIVATE = "/__bench/"
PROBE_HEADER = "HTTP_X_BENCH_PROBE"


class CountingMiddleware:
    def __init__(self, app, namer: OperationNamer, profile: AwsLike | None = None):
        self.app, self.namer, self.profile = app, namer, profile
        self.calls: Counter = Counter()
        self.lock = threading.Lock()

    def __call__(self, environ, start_response):
        path = environ.get("PATH_INFO", "")
        if path.startswith(PRIVATE):
            return self._private(path, environ, start_response)
        if environ.get(PROBE_HEADER) or path.startswith("/moto-api"):  # the harness, gc's liveness check
            return self.app(environ, start_response)
        key = ".".join(self._operation(environ))
        with self.lock:
            self.calls[key] += 1
        return (self.profile or self.app)(environ, start_response)

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
            if self.profile:
                self.profile.clear()
        with self.lock:
            # a refused request is counted as a call too (it was sent); "throttled" says how many
            throttled = dict(self.profile.throttled) if self.profile else {}
            refused = dict(self.profile.refused) if self.profile else {}
            body = json.dumps({"calls": dict(self.calls), "throttled": throttled, "refused": refused}).encode()
        start_response("200 OK", [("Content-Type", "application/json"), ("Content-Length", str(len(body)))])
        return [body]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--rate-limit", action="store_true", help="AWS's quotas (aws/pacing.py AWS_LIMITS), answered as AWS does")
    parser.add_argument("--latency-ms", type=float, default=0, help="added to every counted request")
    parser.add_argument("--aws-like", action="store_true", help="AWS's asynchronous states too (aws/aws_like.py)")
    parser.add_argument("--time-scale", type=float, default=1.0, help="multiplies the asynchronous states' durations")
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
    namer = OperationNamer()
    emulator = application()
    profile = None
    if args.rate_limit or args.latency_ms or args.aws_like:
        profile = AwsLike(emulator, Profile(latency=args.latency_ms / 1000, throttle=args.rate_limit or args.aws_like,
                                            states=args.aws_like, time_scale=args.time_scale), namer=namer)
    app = CountingMiddleware(emulator, namer, profile)
    run_simple("127.0.0.1", args.port, app, threaded=True, request_handler=MotoRequestHandler)


if __name__ == "__main__":
    main()

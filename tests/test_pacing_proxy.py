"""Pacing against a rate-limited API Gateway: a proxy in front of the emulator answers 429
TooManyRequestsException, as AWS does, to any API Gateway request beyond its token buckets.

With gc paced to the same table, an apply and a destroy of apigw-vpclink-pvt-alb (with a second
VPC link, so CreateVpcLink's own limit matters) complete with zero failures and the proxy never
has to throttle. The control: two VPC links made unpaced are throttled.
"""

from __future__ import annotations

import http.client
import re
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import urlsplit

import pytest

from conftest import apply
from grucloud.aws import shapes
from grucloud.aws.clients import Target
from grucloud.aws.pacing import Rate
from grucloud.local import emulator

# AWS's table (pacing.AWS_LIMITS) with time running 30 times faster and a 2-request burst, so
# that a small apply meets both the shared budget and CreateVpcLink's own limit.
LIMITS = {
    ("apigatewayv2", None): Rate(10, burst=2),
    ("apigatewayv2", "CreateVpcLink"): Rate(2),  # AWS: 1 per 15 s
    ("apigatewayv2", "DeleteVpcLink"): Rate(1),  # AWS: 1 per 30 s
}
# AWS's side, as the proxy enforces it: the same buckets refilling 50% faster, and one more
# request of burst in the shared budget. A request leaves gc on time but may reach the proxy
# later than the one after it (both share 2 busy cores with the emulator and other tests).
SLACK = 1.5
PROXY_LIMITS = {
    ("apigatewayv2", None): Rate(10 * SLACK, burst=3),
    ("apigatewayv2", "CreateVpcLink"): Rate(2 * SLACK),
    ("apigatewayv2", "DeleteVpcLink"): Rate(1 * SLACK),
}

SECOND_LINK = '''
        {"type": "VpcLink", "group": "ApiGatewayV2", "properties": {"Name": "second-link"}, "dependencies": {"subnets": subnets}},
'''


class ApiGatewayOperations:
    """The API Gateway V2 operation of a REST request, from botocore's model."""

    def __init__(self):
        model = shapes.service_model("apigatewayv2")
        self.routes = []
        for name in model.operation_names:
            http = model.operation_model(name).http
            pattern = re.sub(r"\{[^}]+\}", "[^/]+", http["requestUri"].split("?")[0])
            self.routes.append((http["method"], re.compile(f"^{pattern}$"), name))

    def name(self, method: str, path: str) -> str | None:
        path = urlsplit(path).path
        return next((name for verb, pattern, name in self.routes if verb == method and pattern.match(path)), None)


class Limiter:
    """AWS's side of a token bucket: a request without a token in hand is refused, not queued.
    Written apart from gc's pacing.TokenBucket, so that the test does not check gc with itself."""

    def __init__(self, rate: Rate):
        self.rate, self.tokens, self.stamp = rate, float(rate.burst), time.monotonic()

    def refill(self) -> None:
        now = time.monotonic()
        self.tokens = min(float(self.rate.burst), self.tokens + (now - self.stamp) * self.rate.per_second)
        self.stamp = now


class RateLimitedProxy:
    """Forwards to the emulator; limits API Gateway requests as PROXY_LIMITS says."""

    def __init__(self, upstream: str):
        self.upstream = urlsplit(upstream)
        self.operations = ApiGatewayOperations()
        self.limiters = {key: Limiter(rate) for key, rate in PROXY_LIMITS.items()}
        self.sent: list[tuple[float, str]] = []  # (time, operation) of API Gateway requests let through
        self.throttled: list[str] = []
        self.lock = threading.Lock()
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self.url = f"http://127.0.0.1:{self.server.server_port}"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def clear(self) -> None:
        with self.lock:
            self.sent.clear()
            self.throttled.clear()

    def _allowed(self, operation: str) -> bool:
        """Takes a token from each bucket the request falls under, if all have one."""
        limiters = [self.limiters[key] for key in (("apigatewayv2", operation), ("apigatewayv2", None)) if key in self.limiters]
        for limiter in limiters:
            limiter.refill()
        if any(limiter.tokens < 1 for limiter in limiters):
            return False
        for limiter in limiters:
            limiter.tokens -= 1
        return True

    def _handler(self):
        proxy = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):
                pass

            def _forward(self):
                body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
                signed_for = self.headers.get("Authorization", "")
                if "/apigateway/aws4_request" in signed_for:
                    operation = proxy.operations.name(self.command, self.path) or "?"
                    with proxy.lock:
                        if not proxy._allowed(operation):
                            proxy.throttled.append(operation)
                            return self._answer(429, {"x-amzn-ErrorType": "TooManyRequestsException"},
                                                b'{"message": "Too Many Requests"}')
                        proxy.sent.append((time.monotonic(), operation))
                connection = http.client.HTTPConnection(proxy.upstream.hostname, proxy.upstream.port, timeout=60)
                connection.request(self.command, self.path, body, dict(self.headers))
                answer = connection.getresponse()
                self._answer(answer.status, dict(answer.getheaders()), answer.read())
                connection.close()

            def _answer(self, status, headers, body):
                self.send_response(status)
                for name, value in headers.items():
                    if name.lower() not in ("content-length", "transfer-encoding", "connection", "server", "date"):
                        self.send_header(name, value)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            do_GET = do_POST = do_PUT = do_PATCH = do_DELETE = do_HEAD = _forward

        return Handler

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture(scope="module")
def proxied_emulator(tmp_path_factory):
    """The emulator (private state folder) behind a rate-limited proxy; stopped at the end."""
    state = tmp_path_factory.mktemp("emulator-state")
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("GC_STATE_DIR", str(state))
        mp.setenv("MOTO_IAM_LOAD_MANAGED_POLICIES", "false")  # no managed policy needed here
        server = emulator.start()
        proxy = RateLimitedProxy(server.url)
        try:
            yield server, proxy
        finally:
            proxy.close()
            emulator.stop()


def target_through(proxy: RateLimitedProxy, paced: bool) -> Target:
    target = Target(region="us-east-1", endpoint_url=proxy.url, pacing=LIMITS if paced else {})
    return target


@pytest.fixture
def two_links(copy_example):
    example = copy_example("ApiGatewayV2/apigw-vpclink-pvt-alb")
    resources = example / "resources.py"
    anchor = '        {"type": "VpcLink"'
    resources.write_text(resources.read_text().replace(anchor, SECOND_LINK.strip("\n") + "\n" + anchor, 1))
    return example


def ok(run) -> None:
    result = run.result
    assert result.ok and not result.failed, {k: repr(v) for k, v in result.failed.items()}


def test_a_paced_apply_and_destroy_are_never_throttled_and_keep_to_the_limits(proxied_emulator, two_links):
    server, proxy = proxied_emulator
    emulator.reset(server.url)
    proxy.clear()
    target = target_through(proxy, paced=True)

    applied = apply(two_links, target)
    ok(applied)
    assert len(applied.plan.actions) == 26
    destroyed = apply(two_links, target, destroy=True)
    ok(destroyed)

    assert proxy.throttled == []
    creates = [at for at, operation in proxy.sent if operation == "CreateVpcLink"]
    deletes = [at for at, operation in proxy.sent if operation == "DeleteVpcLink"]
    assert len(creates) == len(deletes) == 2
    # gc spaced them as the table says (the proxy would have refused them otherwise)
    assert creates[1] - creates[0] >= 1 / LIMITS[("apigatewayv2", "CreateVpcLink")].per_second / SLACK
    assert deletes[1] - deletes[0] >= 1 / LIMITS[("apigatewayv2", "DeleteVpcLink")].per_second / SLACK
    assert target.pacer.waited > 0


TWO_LINKS = """
def create_resources(config):
    return [
        {"type": "Vpc", "group": "EC2", "name": "vpc", "properties": {"CidrBlock": "10.0.0.0/16"}},
        {"type": "Subnet", "group": "EC2", "name": "subnet", "properties": {"CidrBlock": "10.0.0.0/24"},
         "dependencies": {"vpc": "vpc"}},
        {"type": "VpcLink", "group": "ApiGatewayV2", "properties": {"Name": "one"}, "dependencies": {"subnets": ["vpc::subnet"]}},
        {"type": "VpcLink", "group": "ApiGatewayV2", "properties": {"Name": "two"}, "dependencies": {"subnets": ["vpc::subnet"]}},
    ]
"""


def test_the_control_unpaced_is_throttled(proxied_emulator, write_project):
    server, proxy = proxied_emulator
    emulator.reset(server.url)
    proxy.clear()
    target = target_through(proxy, paced=False)
    apply(write_project(TWO_LINKS), target)  # botocore and gc retry 429s: whether it ends well is not the point
    assert "CreateVpcLink" in proxy.throttled, "the proxy never throttled: the paced test above would prove nothing"
    assert target.pacer.waited == 0

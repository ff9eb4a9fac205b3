"""An AWS-like profile in front of the emulator: what moto does not play of the real control plane.

A WSGI middleware (`AwsLike`) that any emulator app can be wrapped in, or, with `serve(forward(url))`,
an HTTP proxy in front of a running emulator. It adds, per request:

- a round trip's latency (default 60 ms, shared/reference/aws-timing-facts.md §1);
- each service's quota (aws/pacing.py AWS_LIMITS, the one table of them): a request beyond it is
  refused, not queued, with the answer that service gives (429 TooManyRequestsException,
  ThrottlingException, Throttling, RequestLimitExceeded; facts §3);
- AWS's asynchronous states (facts §2, §7), each duration times `time_scale`: a new IAM role that
  Lambda cannot assume yet, a Lambda function Pending before Active and InProgress after an
  update (ResourceConflictException meanwhile), a VPC link PENDING before AVAILABLE.

Named from botocore's models (aws/operations.py), so any SDK's requests are treated alike.
"""

from __future__ import annotations

import http.client
import json
import threading
import time
from collections import Counter
from dataclasses import dataclass
from urllib.parse import parse_qs, unquote, urlsplit

import botocore.session

from grucloud.aws.operations import OperationNamer
from grucloud.aws.pacing import AWS_LIMITS, Limits, Rate, rows_for

# facts §7, p50 (seconds on AWS, before time_scale)
ROLE_NOT_ASSUMABLE = 3.0
LAMBDA_PENDING = 2.0
LAMBDA_UPDATING = 2.0
VPC_LINK_PENDING = 90.0

# the code, HTTP status and message each service throttles with (facts §3)
THROTTLE_ANSWERS = {
    "apigatewayv2": ("TooManyRequestsException", 429, "Too Many Requests"),
    "lambda": ("TooManyRequestsException", 429, "Rate exceeded"),
    "cognito-idp": ("TooManyRequestsException", 400, "Too many requests"),
    "ec2": ("RequestLimitExceeded", 503, "Request limit exceeded."),
    "route53": ("Throttling", 400, "Rate exceeded"),
    "iam": ("Throttling", 400, "Rate exceeded"),
    "sts": ("Throttling", 400, "Rate exceeded"),
}
DEFAULT_THROTTLE = ("ThrottlingException", 400, "Rate exceeded")  # ELBv2, ACM, Step Functions, EventBridge


@dataclass(frozen=True)
class Profile:
    latency: float = 0.06  # seconds added to every request
    throttle: bool = True
    states: bool = True
    time_scale: float = 1.0  # multiplies every asynchronous state's duration
    # how much later than gc's pacer the proxy's buckets run out: a request paced to leave on
    # time can reach the proxy after the one behind it (threads on a busy machine); 1 is exact
    slack: float = 1.0


class _Quota:
    """AWS's side of a token bucket: a request without a token in hand is refused, not queued
    (written apart from gc's pacing.TokenBucket, which queues)."""

    def __init__(self, rate: Rate, slack: float):
        self.per_second = rate.per_second * slack
        self.burst = rate.burst + (slack > 1 and rate.burst > 1)  # a single-token quota stays single
        self.tokens = float(self.burst)
        self.stamp = time.monotonic()

    def has_token(self, now: float) -> bool:
        self.tokens = min(float(self.burst), self.tokens + (now - self.stamp) * self.per_second)
        self.stamp = now
        return self.tokens >= 1


class Quotas:
    def __init__(self, limits: Limits, slack: float = 1.0):
        self.limits = limits
        self.quotas = {key: _Quota(rate, slack) for key, rate in limits.items()}
        self.lock = threading.Lock()

    def allow(self, service: str, operation: str) -> bool:
        """Takes a token from every bucket the request falls under, if all have one."""
        with self.lock:
            now = time.monotonic()
            quotas = [self.quotas[key] for key in rows_for(self.limits, service, operation)]
            if not all(quota.has_token(now) for quota in quotas):
                return False
            for quota in quotas:
                quota.tokens -= 1
            return True


def error_body(protocol: str, code: str, message: str) -> tuple[dict[str, str], bytes]:
    """The headers and body of an error in a botocore protocol, which botocore parses back to
    `code` (tests/faults.py writes its injected errors with it too)."""
    if protocol in ("json", "rest-json"):
        return ({"Content-Type": "application/x-amz-json-1.1", "x-amzn-ErrorType": code},
                json.dumps({"__type": code, "message": message}).encode())
    if protocol == "ec2":
        return ({"Content-Type": "text/xml"},
                (f"<Response><Errors><Error><Code>{code}</Code><Message>{message}</Message></Error></Errors>"
                 "<RequestID>aws-like</RequestID></Response>").encode())
    return ({"Content-Type": "text/xml"},  # query, rest-xml
            (f"<ErrorResponse><Error><Type>Sender</Type><Code>{code}</Code><Message>{message}</Message></Error>"
             "<RequestId>aws-like</RequestId></ErrorResponse>").encode())


def error_answer(service: str, status: int, code: str, message: str) -> tuple[str, list, bytes]:
    """An error as `service` sends it: WSGI status, headers and body."""
    headers, body = error_body(botocore.session.get_session().get_service_model(service).protocol, code, message)
    return f"{status} {http.client.responses.get(status, 'Error')}", [*headers.items(), ("Content-Length", str(len(body)))], body


class AsyncStates:
    """What AWS does over time, kept per resource from the requests that went through."""

    def __init__(self, time_scale: float):
        self.scale = time_scale
        self.roles: dict[str, float] = {}  # role name -> when it was created
        self.pending: dict[str, float] = {}  # function name -> until when it is Pending
        self.updating: dict[str, float] = {}  # function name -> until when its update is InProgress
        self.links: dict[str, float] = {}  # VPC link id -> until when it is PENDING
        self.lock = threading.Lock()

    def refusal(self, service: str, operation: str, path: str, body: dict) -> tuple[int, str, str] | None:
        """(status, code, message) when AWS would refuse the request now."""
        now = time.monotonic()
        with self.lock:
            if service == "lambda" and operation in ("CreateFunction", "UpdateFunctionConfiguration") and body.get("Role"):
                made = self.roles.get(body["Role"].rsplit("/", 1)[-1])
                if made is not None and now - made < ROLE_NOT_ASSUMABLE * self.scale:
                    return 400, "InvalidParameterValueException", "The role defined for the function cannot be assumed by Lambda."
            if service == "lambda" and operation in ("UpdateFunctionCode", "UpdateFunctionConfiguration", "PublishVersion", "Invoke"):
                name = _function_name(path)
                if self.pending.get(name, 0) > now:
                    return 409, "ResourceConflictException", (
                        "The operation cannot be performed at this time. The function is currently in the following state: Pending")
                if self.updating.get(name, 0) > now and operation != "Invoke":
                    return 409, "ResourceConflictException", (
                        f"The operation cannot be performed at this time. An update is in progress for resource: {name}")
        return None

    def after(self, service: str, operation: str, path: str, request: dict, answer: dict) -> dict | None:
        """The answer as AWS gives it now (None: unchanged); records what the request started."""
        now = time.monotonic()
        with self.lock:
            if service == "iam" and operation == "CreateRole":
                self.roles[request.get("RoleName", "")] = now
            elif service == "lambda" and operation == "CreateFunction":
                self.pending[answer.get("FunctionName", "")] = now + LAMBDA_PENDING * self.scale
            elif service == "lambda" and operation in ("UpdateFunctionCode", "UpdateFunctionConfiguration"):
                self.updating[_function_name(path)] = now + LAMBDA_UPDATING * self.scale
            elif service == "lambda" and operation == "DeleteFunction":
                self.pending.pop(_function_name(path), None)
                self.updating.pop(_function_name(path), None)
            elif service == "apigatewayv2" and operation == "CreateVpcLink":
                self.links[answer.get("vpcLinkId", "")] = now + VPC_LINK_PENDING * self.scale
            return self._as_now(service, operation, answer, now)

    def _as_now(self, service: str, operation: str, answer: dict, now: float) -> dict | None:
        if service == "lambda" and operation in ("CreateFunction", "GetFunction", "GetFunctionConfiguration",
                                                 "UpdateFunctionCode", "UpdateFunctionConfiguration"):
            configuration = answer.get("Configuration", answer)
            name = configuration.get("FunctionName", "")
            if self.pending.get(name, 0) > now:
                configuration.update(State="Pending", StateReason="The function is being created.", StateReasonCode="Creating")
            elif self.updating.get(name, 0) > now:
                configuration.update(LastUpdateStatus="InProgress", LastUpdateStatusReason="The function is being updated.",
                                     LastUpdateStatusReasonCode="InProgress")
            return answer
        if service == "apigatewayv2" and operation in ("CreateVpcLink", "GetVpcLink", "GetVpcLinks"):
            for link in answer.get("items", [answer]):
                if self.links.get(link.get("vpcLinkId"), 0) > now:
                    link.update(vpcLinkStatus="PENDING", vpcLinkStatusMessage="VPC link is provisioning ENIs")
            return answer
        return None


def _function_name(path: str) -> str:
    """/2015-03-31/functions/<name or ARN>/... -> the function's name."""
    parts = unquote(path).split("/")
    name = parts[3] if len(parts) > 3 else ""
    return name.split(":function:")[-1].split(":")[0]


class AwsLike:
    """The WSGI middleware: latency, quotas and asynchronous states in front of `app`."""

    def __init__(self, app, profile: Profile = Profile(), limits: Limits = AWS_LIMITS, namer: OperationNamer | None = None):
        self.app, self.profile = app, profile
        self.namer = namer or OperationNamer()
        self.quotas = Quotas(limits, profile.slack)
        self.states = AsyncStates(profile.time_scale)
        self.throttled: Counter = Counter()  # "service.Operation" -> refused requests
        self.refused: Counter = Counter()  # "service.Operation code" -> refusals by a state
        self.sent: list[tuple[float, str]] = []  # (when, "service.Operation") of each request let through
        self.lock = threading.Lock()

    def clear(self) -> None:
        with self.lock:
            self.throttled.clear()
            self.refused.clear()
            self.sent.clear()

    def __call__(self, environ, start_response):
        body = environ["wsgi.input"].read(int(environ.get("CONTENT_LENGTH") or 0))
        environ["wsgi.input"] = _Body(body)
        headers = {k[5:].replace("_", "-").lower(): v for k, v in environ.items() if k.startswith("HTTP_")}
        headers["content-type"] = environ.get("CONTENT_TYPE", "")
        path = environ.get("PATH_INFO", "")
        service, operation = self.namer.name(environ["REQUEST_METHOD"], path, environ.get("QUERY_STRING", ""), headers, body)
        if self.profile.latency:
            time.sleep(self.profile.latency)
        if self.profile.throttle and not self.quotas.allow(service, operation):
            with self.lock:
                self.throttled[f"{service}.{operation}"] += 1
            code, status, message = THROTTLE_ANSWERS.get(service, DEFAULT_THROTTLE)
            return _send(start_response, *error_answer(service, status, code, message))
        with self.lock:
            self.sent.append((time.monotonic(), f"{service}.{operation}"))
        if not self.profile.states:
            return self.app(environ, start_response)
        request = _request_members(headers["content-type"], body)
        refusal = self.states.refusal(service, operation, path, request)
        if refusal is not None:
            with self.lock:
                self.refused[f"{service}.{operation} {refusal[1]}"] += 1
            return _send(start_response, *error_answer(service, *refusal))
        return self._rewritten(environ, start_response, service, operation, path, request)

    def _rewritten(self, environ, start_response, service, operation, path, request):
        answered = {}

        def capture(status, headers, exc_info=None):
            answered.update(status=status, headers=headers)
            return lambda data: None

        chunks = self.app(environ, capture)
        try:
            content = b"".join(chunks)
        finally:
            getattr(chunks, "close", lambda: None)()
        status, headers = answered["status"], answered["headers"]
        if status.startswith("2") and content[:1] == b"{":
            changed = self.states.after(service, operation, path, request, json.loads(content))
            if changed is not None:
                content = json.dumps(changed).encode()
                headers = [(k, v) for k, v in headers if k.lower() != "content-length"] + [("Content-Length", str(len(content)))]
        elif status.startswith("2"):
            self.states.after(service, operation, path, request, {})
        return _send(start_response, status, headers, content)


class _Body:
    def __init__(self, data: bytes):
        self.data, self.at = data, 0

    def read(self, size: int = -1) -> bytes:
        end = len(self.data) if size is None or size < 0 else self.at + size
        chunk, self.at = self.data[self.at:end], min(end, len(self.data))
        return chunk

    def readline(self, size: int = -1) -> bytes:
        end = self.data.find(b"\n", self.at) + 1 or len(self.data)
        if size is not None and size >= 0:
            end = min(end, self.at + size)
        chunk, self.at = self.data[self.at:end], end
        return chunk

    def __iter__(self):
        while self.at < len(self.data):
            yield self.readline()


def _request_members(content_type: str, body: bytes) -> dict:
    if "form-urlencoded" in content_type:
        return {k: v[0] for k, v in parse_qs(body.decode("utf-8", "replace")).items()}
    try:
        found = json.loads(body or b"{}")
    except ValueError:
        return {}
    return found if isinstance(found, dict) else {}


def _send(start_response, status: str, headers: list, body: bytes):
    start_response(status, headers)
    return [body]


def forward(upstream: str):
    """A WSGI app that sends each request on to `upstream` (a running emulator) as it came."""
    target = urlsplit(upstream)
    skipped = ("content-length", "transfer-encoding", "connection", "server", "date")

    def app(environ, start_response):
        length = int(environ.get("CONTENT_LENGTH") or 0)
        body = environ["wsgi.input"].read(length) if length else b""
        path = environ.get("PATH_INFO", "") + (f"?{environ['QUERY_STRING']}" if environ.get("QUERY_STRING") else "")
        headers = {k[5:].replace("_", "-"): v for k, v in environ.items() if k.startswith("HTTP_")}
        if environ.get("CONTENT_TYPE"):
            headers["Content-Type"] = environ["CONTENT_TYPE"]
        connection = http.client.HTTPConnection(target.hostname, target.port, timeout=120)
        try:
            connection.request(environ["REQUEST_METHOD"], path, body, headers)
            answer = connection.getresponse()
            content = answer.read()
        finally:
            connection.close()
        kept = [(k, v) for k, v in answer.getheaders() if k.lower() not in skipped]
        return _send(start_response, f"{answer.status} {answer.reason}", kept + [("Content-Length", str(len(content)))], content)

    return app


class Served:
    """A WSGI app on a loopback port, in a thread of this process, until `close()`."""

    def __init__(self, app):
        from werkzeug.serving import make_server

        self.server = make_server("127.0.0.1", 0, app, threaded=True)
        self.url = f"http://127.0.0.1:{self.server.server_port}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()

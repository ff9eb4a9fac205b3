"""Fault injection in front of AWS (here: the emulator), for the reliability tests.

A botocore 'before-send' hook, attached to every client of a Target, answers a seeded-random
fraction of the requests with a failure real AWS produces, instead of sending them:

    throttle     429 TooManyRequestsException
    conflict     409 ConflictException "concurrent modification" (only on changes: AWS never
                 answers a read with it)
    server       500 InternalServerError
    unavailable  503 ServiceUnavailable
    drop         the connection closes before an answer (the request never arrived)
    timeout      no answer in time (the request never arrived)
    lost         the request is carried out, then its answer is lost (a read timeout): the
                 caller cannot know that it happened (only on changes)

`operations` limits faults to some operations (botocore names), `times` to the first N requests
of each operation. `injected` counts what was injected, by (kind, operation). The nth request of
an operation draws the same with the same seed, whatever order threads send requests in.
"""

from __future__ import annotations

import random
import threading
from collections import Counter
from collections.abc import Iterable

from botocore.awsrequest import AWSResponse
from botocore.exceptions import ConnectionClosedError, ReadTimeoutError
from botocore.httpsession import URLLib3Session

from grucloud.aws.aws_like import error_body

KINDS = ("throttle", "conflict", "server", "unavailable", "drop", "timeout", "lost")
_READS = ("Get", "List", "Describe")
_ERRORS = {
    "throttle": (429, "TooManyRequestsException", "Too Many Requests"),
    "conflict": (409, "ConflictException", "Unable to complete operation due to concurrent modification. Please try again later."),
    "server": (500, "InternalServerError", "Internal server error"),
    "unavailable": (503, "ServiceUnavailable", "Service unavailable, try again later"),
}


class _Body:
    """The raw body botocore reads from an AWSResponse."""

    def __init__(self, data: bytes):
        self.data = data

    def stream(self, **_):
        yield self.data


class Faults:
    def __init__(self, rate: float, kinds: Iterable[str] = KINDS, operations: Iterable[str] | None = None,
                 seed: int = 0, times: int | None = None):
        self.rate = rate
        self.kinds = tuple(kinds)
        assert set(self.kinds) <= set(KINDS), self.kinds
        self.operations = set(operations) if operations is not None else None
        self.times = times
        self.injected: Counter = Counter()
        self.per_operation: Counter = Counter()
        self.requests = 0
        self._seed = seed
        self._sent: Counter = Counter()  # requests per operation, faulty or not
        self._lock = threading.Lock()
        self._http = URLLib3Session()
        self.enabled = True

    def attach(self, target):
        """Every client `target` makes from now on (both kinds, see Target.client) is faulty."""
        make = target.client

        def client(service: str, resend: bool = True):
            made = make(service, resend)
            if not getattr(made.meta, "gc_faults", False):
                made.meta.gc_faults = True
                # the protocol the client speaks: the first of the model's list botocore supports
                # (CloudWatch's model names smithy-rpc-v2-cbor first; the client speaks json)
                model = made.meta.service_model
                protocol = getattr(model, "resolved_protocol", model.protocol)
                made.meta.events.register_first("before-send", lambda **kw: self._before_send(protocol, **kw))
            return made

        target.client = client
        return target

    @property
    def total(self) -> int:
        return sum(self.injected.values())

    def _draw(self, operation: str) -> str | None:
        with self._lock:
            self.requests += 1
            if not self.enabled or (self.operations is not None and operation not in self.operations):
                return None
            nth = self._sent[operation]
            self._sent[operation] += 1
            if self.times is not None and self.per_operation[operation] >= self.times:
                return None
            draws = random.Random(f"{self._seed}:{operation}:{nth}")
            if draws.random() >= self.rate:
                return None
            reading = operation.startswith(_READS)
            kinds = [k for k in self.kinds if not (reading and k in ("conflict", "lost"))]
            if not kinds:
                return None
            kind = draws.choice(kinds)
            self.injected[(kind, operation)] += 1
            self.per_operation[operation] += 1
            return kind

    def _before_send(self, protocol: str, request, event_name: str, **_):
        operation = event_name.rsplit(".", 1)[-1]
        kind = self._draw(operation)
        if kind is None:
            return None
        if kind == "drop":
            raise ConnectionClosedError(endpoint_url=request.url)
        if kind == "timeout":
            raise ReadTimeoutError(endpoint_url=request.url)
        if kind == "lost":
            self._send(request, event_name)
            raise ReadTimeoutError(endpoint_url=request.url)
        status, code, message = _ERRORS[kind]
        response = _error_response(request.url, protocol, status, code, message)
        # botocore still calls the later 'before-send' handlers, and moto's in-process one would
        # carry the request out: point the (never reused) request nowhere
        request.url = "http://fault.invalid/"
        return response

    def _send(self, request, event_name: str) -> None:
        """Carry the request out: through moto in-process when it is active, else over HTTP."""
        from moto.core.models import botocore_stubber

        if botocore_stubber.enabled and botocore_stubber(event_name=event_name, request=request) is not None:
            return
        self._http.send(request)


def _error_response(url: str, protocol: str, status: int, code: str, message: str) -> AWSResponse:
    headers, body = error_body(protocol, code, message)
    return AWSResponse(url, status, headers, _Body(body))

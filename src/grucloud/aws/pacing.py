"""Pacing: token buckets that keep gc under AWS's control-plane rate limits, so that an apply is
never throttled into failure. One table says every limit; calls.py applies it to every request.

A row keyed (service, None) is the budget that every call of that service shares; a row keyed
(service, operation) is a further limit on one operation (CreateVpcLink: 1 per 15 s). A request
waits for the first moment at which both its operation's and its service's buckets have a token.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class Rate:
    """`per_second` tokens come back each second, up to `burst` kept in hand."""

    per_second: float
    burst: int = 1


Limits = dict[tuple[str, str | None], Rate]
_ROUNDING = 1e-9  # seconds: sums of intervals are not exact in floating point

# API Gateway's fixed control-plane quotas, per account (reference/aws-apigatewayv2-facts.md §4.1).
AWS_LIMITS: Limits = {
    ("apigatewayv2", None): Rate(10, burst=40),
    ("apigatewayv2", "CreateVpcLink"): Rate(1 / 15),
    ("apigatewayv2", "DeleteVpcLink"): Rate(1 / 30),
    ("apigatewayv2", "CreateDeployment"): Rate(1 / 5),
    ("apigatewayv2", "CreateDomainName"): Rate(1 / 30),
    ("apigatewayv2", "UpdateDomainName"): Rate(1 / 30),
    ("apigatewayv2", "DeleteDomainName"): Rate(1 / 30),
}


class TokenBucket:
    """A token bucket kept as the time its queue of reservations ends (the generic cell rate
    algorithm): a caller reserves a token for a moment and sends at that moment, so concurrent
    callers queue in order instead of racing."""

    def __init__(self, rate: Rate, clock: Callable[[], float] = time.monotonic):
        self._clock = clock
        self._interval = 1 / rate.per_second
        self._tolerance = (rate.burst - 1) * self._interval  # how far ahead a burst may run
        self._queue_end = clock()

    def earliest(self, now: float) -> float:
        """The first moment, from `now` on, at which a token is free."""
        free_at = self._queue_end - self._tolerance
        return free_at if free_at - now > _ROUNDING else now

    def take(self, at: float) -> None:
        """Use one token at `at` (no earlier than `earliest`)."""
        self._queue_end = max(self._queue_end, at) + self._interval

    def reserve(self) -> float:
        """Take the next free token; the seconds to wait before using it (0 when one is in hand)."""
        now = self._clock()
        at = self.earliest(now)
        self.take(at)
        return at - now


class Pacer:
    """The buckets of one account (one Target), built from a limits table."""

    def __init__(self, limits: Limits, clock: Callable[[], float] = time.monotonic,
                 sleep: Callable[[float], None] = time.sleep):
        self._buckets = {key: TokenBucket(rate, clock) for key, rate in limits.items()}
        self._clock = clock
        self._sleep = sleep
        self._lock = threading.Lock()
        self.waited = 0.0  # seconds spent waiting, all callers together

    def acquire(self, service: str, operation: str) -> float:
        """Wait until `operation` may be sent; the seconds waited."""
        buckets = [self._buckets[key] for key in ((service, operation), (service, None)) if key in self._buckets]
        if not buckets:
            return 0.0
        with self._lock:
            # one moment at which both the operation's and the service's buckets have a token,
            # taken from both for that moment: the request goes out when it uses them
            now = self._clock()
            at = max(bucket.earliest(now) for bucket in buckets)
            for bucket in buckets:
                bucket.take(at)
            self.waited += at - now
        if at > now:
            self._sleep(at - now)
        return at - now

"""Pacing: token buckets that keep gc under AWS's control-plane rate limits, so that an apply is
never throttled into failure. One table says every limit; calls.py applies it to every request.

A row keyed (service, None) is the budget that every call of that service shares; a row keyed
(service, operation) is a further limit on one operation (CreateVpcLink: 1 per 15 s). A request
takes a token from its operation's bucket first, then from its service's.
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


def scaled(limits: Limits, factor: float) -> Limits:
    """The same limits with time running `factor` times faster (tests, never production)."""
    return {key: Rate(rate.per_second * factor, rate.burst) for key, rate in limits.items()}


class TokenBucket:
    """A token bucket that hands out reservations: a caller takes a token now and is told how
    long to wait before using it, so concurrent callers queue in order instead of racing."""

    def __init__(self, rate: Rate, clock: Callable[[], float] = time.monotonic):
        self.rate = rate
        self._clock = clock
        self._tokens = float(rate.burst)
        self._updated = clock()
        self._lock = threading.Lock()

    def reserve(self) -> float:
        """Take one token; the seconds to wait before it may be used (0 when one is in hand)."""
        with self._lock:
            now = self._clock()
            refill = (now - self._updated) * self.rate.per_second
            self._tokens = min(float(self.rate.burst), self._tokens + refill)
            self._updated = now
            self._tokens -= 1
            return max(0.0, -self._tokens / self.rate.per_second)


class Pacer:
    """The buckets of one account (one Target), built from a limits table."""

    def __init__(self, limits: Limits, clock: Callable[[], float] = time.monotonic,
                 sleep: Callable[[float], None] = time.sleep):
        self.limits = dict(limits)
        self._buckets = {key: TokenBucket(rate, clock) for key, rate in limits.items()}
        self._sleep = sleep
        self._lock = threading.Lock()
        self.waited = 0.0  # seconds spent waiting, all callers together

    def acquire(self, service: str, operation: str) -> float:
        """Wait until `operation` may be sent; the seconds waited."""
        waited = 0.0
        # The operation's bucket first: while waiting for it the shared budget refills, and a
        # token of the shared budget is taken only when the request is about to go.
        for key in ((service, operation), (service, None)):
            bucket = self._buckets.get(key)
            if bucket is not None:
                delay = bucket.reserve()
                if delay > 0:
                    self._sleep(delay)
                    waited += delay
        if waited:
            with self._lock:
                self.waited += waited
        return waited


UNPACED = Pacer({})

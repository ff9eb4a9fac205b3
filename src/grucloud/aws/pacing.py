"""Pacing: token buckets that keep gc under AWS's control-plane rate limits, so that an apply is
never throttled into failure. One table says every limit; calls.py applies it to every request.

A row keyed (service, None) is the budget that every call of that service shares; a row keyed
(service, operation) is a further limit on one operation (CreateVpcLink: 1 per 15 s), and one
keyed (service, Calls(...)) a limit that a group of operations shares (EC2's mutating calls). An
operation takes its own row, else the first group it belongs to, plus the service's budget
unless its own row is apart from it (Lambda's GetFunction). A request waits for the first moment
at which every bucket it takes from has a token.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class Rate:
    """`per_second` tokens come back each second, up to `burst` kept in hand. `shared`: False for
    an operation whose budget is apart from its service's (Lambda's GetFunction, 100/s)."""

    per_second: float
    burst: int = 1
    shared: bool = True


@dataclass(frozen=True)
class Calls:
    """A group of operations sharing one bucket: those named, or those whose name starts with
    one of `prefixes`, or (`others`) every operation of the service that no other row takes."""

    name: str
    operations: tuple[str, ...] = ()
    prefixes: tuple[str, ...] = ()
    others: bool = False

    def holds(self, operation: str) -> bool:
        return self.others or operation in self.operations or operation.startswith(self.prefixes or ("\0",))


Limits = dict[tuple[str, "str | Calls | None"], Rate]
_ROUNDING = 1e-9  # seconds: sums of intervals are not exact in floating point

_READS = ("Describe", "Get", "List")
_EC2_INTENSIVE = Calls("resource-intensive", operations=(
    "AuthorizeSecurityGroupIngress", "AuthorizeSecurityGroupEgress",
    "RevokeSecurityGroupIngress", "RevokeSecurityGroupEgress"))

# AWS's control-plane quotas per account and Region, none of them adjustable. Sources are in
# shared/reference/aws-timing-facts.md §3; [D] AWS documentation, [E] an estimate where AWS
# gives a rate but no burst (then one second's worth). Not here, because AWS publishes no rate:
# IAM and STS (Throttling), the tagging API, ECS, CloudWatch Logs, SQS; botocore retries their
# throttling answers. DynamoDB limits tables changing at once (50), not requests.
AWS_LIMITS: Limits = {
    # API Gateway: all operations 10/s, burst 40 [D] apigateway/latest/developerguide/limits.html
    ("apigatewayv2", None): Rate(10, burst=40),
    ("apigatewayv2", "CreateVpcLink"): Rate(1 / 15),  # [D] limits.html
    ("apigatewayv2", "DeleteVpcLink"): Rate(1 / 30),  # [D] limits.html
    ("apigatewayv2", "CreateDeployment"): Rate(1 / 5),  # [D] limits.html (REST; the strictest reading)
    ("apigatewayv2", "CreateDomainName"): Rate(1 / 30),  # [D] limits.html
    ("apigatewayv2", "UpdateDomainName"): Rate(1 / 30),  # [D] limits.html
    ("apigatewayv2", "DeleteDomainName"): Rate(1 / 30),  # [D] limits.html
    # Lambda: every control-plane call but GetFunction and GetPolicy shares 15/s
    # [D] lambda/latest/dg/gettingstarted-limits.html; burst [E]
    ("lambda", None): Rate(15, burst=15),
    ("lambda", "GetFunction"): Rate(100, burst=100, shared=False),  # [D] gettingstarted-limits
    ("lambda", "GetPolicy"): Rate(15, burst=15, shared=False),  # [D] gettingstarted-limits
    # Route 53: 5 requests/s for all [D] Route53 DNSLimitations; burst [E]
    ("route53", None): Rate(5, burst=5),
    # EC2: buckets of (capacity, refill/s) by category [D] ec2/latest/devguide/ec2-api-throttling.html
    ("ec2", "CreateTags"): Rate(10, burst=100),
    ("ec2", "CreateNetworkInterface"): Rate(5, burst=100),
    ("ec2", "CreateVpcEndpoint"): Rate(0.3, burst=4),
    ("ec2", Calls("nat-gateway", operations=("CreateNatGateway", "DeleteNatGateway"))): Rate(1, burst=10),
    ("ec2", _EC2_INTENSIVE): Rate(5, burst=50),
    ("ec2", Calls("non-mutating", prefixes=_READS)): Rate(20, burst=100),
    ("ec2", Calls("mutating", others=True)): Rate(5, burst=50),
    # ELBv2: account-wide 10/s burst 40, then per category [D] elasticloadbalancing elb-api-throttling.html
    ("elbv2", None): Rate(10, burst=40),
    ("elbv2", Calls("load-balancer", operations=("CreateLoadBalancer", "SetSubnets"))): Rate(0.2, burst=10),
    ("elbv2", Calls("targets", operations=("RegisterTargets", "DeregisterTargets"))): Rate(4, burst=20),
    ("elbv2", Calls("describe", prefixes=("Describe",))): Rate(10, burst=40),
    ("elbv2", Calls("mutating", others=True)): Rate(3, burst=20),
    # ACM, per operation [D] acm/latest/userguide/acm-limits.html; burst [E]
    ("acm", "RequestCertificate"): Rate(5, burst=5),
    ("acm", "DescribeCertificate"): Rate(10, burst=10),
    ("acm", "DeleteCertificate"): Rate(10, burst=10),
    ("acm", "ListCertificates"): Rate(8, burst=8),
    ("acm", "AddTagsToCertificate"): Rate(5, burst=5),
    # Cognito user pools, 15/s per category [D] cognito/latest/developerguide/limits.html; burst [E]
    ("cognito-idp", Calls("UserPoolUpdate", operations=("CreateUserPool", "UpdateUserPool", "DeleteUserPool"))): Rate(15, burst=15),
    ("cognito-idp", Calls("UserPoolClientUpdate", operations=(
        "CreateUserPoolClient", "UpdateUserPoolClient", "DeleteUserPoolClient"))): Rate(15, burst=15),
    ("cognito-idp", Calls("UserPoolResourceUpdate", operations=(
        "CreateUserPoolDomain", "UpdateUserPoolDomain", "DeleteUserPoolDomain", "CreateGroup", "DeleteGroup",
        "CreateResourceServer", "UpdateResourceServer", "DeleteResourceServer"))): Rate(15, burst=15),
    ("cognito-idp", Calls("UserPoolRead", prefixes=_READS)): Rate(15, burst=15),
    # Step Functions (bucket, refill/s) [D] step-functions/latest/dg/service-quotas.html
    ("stepfunctions", "CreateStateMachine"): Rate(1, burst=100),
    ("stepfunctions", "DeleteStateMachine"): Rate(1, burst=100),
    ("stepfunctions", "DescribeStateMachine"): Rate(20, burst=200),
    # EventBridge: every API but PutEvents 50/s [D-old] eb-quota.html as quoted (facts §3); burst [E]
    ("events", None): Rate(50, burst=50),
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


def rows_for(limits: Limits, service: str, operation: str) -> list[tuple]:
    """The keys of the rows an operation takes a token from (see the module's docstring)."""
    own = (service, operation) if (service, operation) in limits else next(
        (key for key in limits if key[0] == service and isinstance(key[1], Calls) and key[1].holds(operation)), None)
    rows = [own] if own else []
    if (service, None) in limits and (own is None or limits[own].shared):
        rows.append((service, None))
    return rows


class Pacer:
    """The buckets of one account (one Target), built from a limits table."""

    def __init__(self, limits: Limits, clock: Callable[[], float] = time.monotonic,
                 sleep: Callable[[float], None] = time.sleep):
        self._limits = limits
        self._buckets = {key: TokenBucket(rate, clock) for key, rate in limits.items()}
        self._rows: dict[tuple[str, str], list[tuple]] = {}
        self._clock = clock
        self._sleep = sleep
        self._lock = threading.Lock()
        self.waited = 0.0  # seconds spent waiting, all callers together

    @property
    def paces(self) -> bool:
        """Whether any call waits here (the emulator's pacer has no limits)."""
        return bool(self._limits)

    def _buckets_for(self, service: str, operation: str) -> list[TokenBucket]:
        rows = self._rows.get((service, operation))
        if rows is None:
            rows = self._rows[(service, operation)] = rows_for(self._limits, service, operation)
        return [self._buckets[key] for key in rows]

    def wait_estimate(self, service: str, operation: str) -> float:
        """The seconds `operation` would wait if it were sent now; nothing is reserved."""
        with self._lock:
            now = self._clock()
            return max((bucket.earliest(now) - now for bucket in self._buckets_for(service, operation)), default=0.0)

    def acquire(self, service: str, operation: str) -> float:
        """Wait until `operation` may be sent; the seconds waited."""
        with self._lock:
            buckets = self._buckets_for(service, operation)
            if not buckets:
                return 0.0
            # one moment at which every bucket has a token, taken from each for that moment:
            # the request goes out when it uses them
            now = self._clock()
            at = max(bucket.earliest(now) for bucket in buckets)
            for bucket in buckets:
                bucket.take(at)
            self.waited += at - now
        if at > now:
            self._sleep(at - now)
        return at - now

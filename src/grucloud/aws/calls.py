"""The only place gc calls boto3: one call path, one pagination helper, one retry policy.

Throttling is retried by botocore (standard mode, see clients.py). Here we retry what botocore
does not: 409 ConflictException ("concurrent modification") and the eventual-consistency errors
a spec names (e.g. a new IAM role that Lambda cannot assume yet), with capped jittered backoff.
"""

from __future__ import annotations

import logging
import random
import threading
import time
from collections import Counter
from collections.abc import Callable, Iterator

from botocore.exceptions import ClientError
from botocore import xform_name

log = logging.getLogger(__name__)

RetryWhen = Callable[[ClientError], bool]

MAX_ATTEMPTS = 8
BASE_DELAY = 0.2
MAX_DELAY = 8.0

NOT_FOUND_CODES = frozenset(
    {
        "NotFoundException",
        "ResourceNotFoundException",
        "NoSuchEntity",
        "NoSuchEntityException",
    }
)

# Counted per (service, operation); tests read it to prove "no AWS call was made".
CALLS: Counter = Counter()
_calls_lock = threading.Lock()
# Set by the CLI on SIGINT-like stops; long backoffs stop waiting when set.
sleep = time.sleep


class CallFailed(Exception):
    """An AWS call failed for good: says which call, after how many tries, and the AWS message."""

    def __init__(self, service: str, operation: str, error: ClientError, attempts: int):
        self.service, self.operation, self.error, self.attempts = service, operation, error, attempts
        tries = f" after {attempts} tries" if attempts > 1 else ""
        super().__init__(f"{service}.{operation} failed{tries}: {error_code(error)}: {error_message(error)}")


class EmulatorGap(Exception):
    """The local emulator does not implement an operation that real AWS has."""

    def __init__(self, service: str, operation: str):
        self.service, self.operation = service, operation
        super().__init__(f"the local emulator (moto) does not implement {service}.{operation}")


def error_code(error: ClientError) -> str:
    return error.response.get("Error", {}).get("Code", "")


def error_message(error: ClientError) -> str:
    return error.response.get("Error", {}).get("Message", "") or str(error)


def is_not_found(error: Exception, also: tuple[str, ...] = ()) -> bool:
    """Whether `error` says the resource does not exist; `also`: a service's own codes."""
    if isinstance(error, CallFailed):
        error = error.error
    return isinstance(error, ClientError) and (error_code(error) in NOT_FOUND_CODES or error_code(error) in also)


def _is_conflict(error: ClientError) -> bool:
    return error.response.get("ResponseMetadata", {}).get("HTTPStatusCode") == 409 and (
        error_code(error) == "ConflictException"
        and "already exist" not in error_message(error).lower()
    )


def _is_emulator_gap(client, error: ClientError) -> bool:
    # moto answers an unrouted operation with a 404 page (no error code, so botocore uses "404")
    # and an unimplemented one with a 500 naming NotImplementedError. AWS always sends a code.
    status = error.response.get("ResponseMetadata", {}).get("HTTPStatusCode")
    code = error_code(error)
    return (status == 404 and code == "404") or (
        status == 500 and ("NotImplemented" in code or "not yet implemented" in error_message(error))
    )


def _backoff(attempt: int) -> float:
    # "Full jitter": spreads retries of parallel calls so they do not collide again.
    return random.uniform(0, min(MAX_DELAY, BASE_DELAY * 2**attempt))


def call(client, operation: str, retry_when: RetryWhen | None = None, **params):
    """Call `operation` (botocore name, e.g. "CreateIntegration") and return the response."""
    service = client.meta.service_model.service_name
    method = getattr(client, xform_name(operation))
    for attempt in range(1, MAX_ATTEMPTS + 1):
        try:
            response = method(**params)
            response.pop("ResponseMetadata", None)
            return response
        except NotImplementedError as error:
            # the in-process emulator (moto's mock_aws) raises this itself; botocore never does
            raise EmulatorGap(service, operation) from error
        except ClientError as error:
            if _is_emulator_gap(client, error):
                raise EmulatorGap(service, operation) from error
            retryable = _is_conflict(error) or (retry_when is not None and retry_when(error))
            if not retryable or attempt == MAX_ATTEMPTS:
                raise CallFailed(service, operation, error, attempt) from error
            delay = _backoff(attempt)
            log.debug("%s.%s: %s, retry %d in %.2fs", service, operation, error_code(error), attempt, delay)
            sleep(delay)
    raise AssertionError("unreachable")


def paginate(client, operation: str, items_key: str, **params) -> Iterator[dict]:
    """Every item of a list operation; botocore's paginator follows the tokens."""
    name = xform_name(operation)
    try:
        if client.can_paginate(name):
            for page in client.get_paginator(name).paginate(**params):
                yield from page.get(items_key, [])
        else:
            yield from call(client, operation, **params).get(items_key, [])
    except NotImplementedError as error:
        raise EmulatorGap(client.meta.service_model.service_name, operation) from error
    except ClientError as error:
        service = client.meta.service_model.service_name
        if _is_emulator_gap(client, error):
            raise EmulatorGap(service, operation) from error
        raise CallFailed(service, operation, error, 1) from error


def count_call(model, **_) -> None:
    """botocore 'before-call' hook (registered on every client): one count per API call."""
    with _calls_lock:
        CALLS[(model.service_model.service_name, model.name)] += 1


def pace_requests(pacer, service: str) -> Callable:
    """botocore 'before-send' hook for one client: every HTTP request it sends (each call, each
    page, each waiter poll, each botocore retry) first waits for its tokens (see pacing.py)."""

    def before_send(event_name: str, **_) -> None:
        pacer.acquire(service, event_name.rsplit(".", 1)[-1])

    return before_send


def reset_counts() -> None:
    with _calls_lock:
        CALLS.clear()


def total_calls() -> int:
    with _calls_lock:
        return sum(CALLS.values())


class WaitTimeout(Exception):
    """A resource did not reach the state gc waits for in time, or reached a failed one."""


def wait_until(poll: Callable[[], str | None], what: str, ready: tuple[str, ...], failed: tuple[str, ...] = (),
               timeout: float = 300, delay: float = 2) -> str | None:
    """Poll a resource's state until it is one of `ready`, for types botocore has no waiter
    for (e.g. a VPC link's VpcLinkStatus); `what` says what gc waits for, for the messages."""
    deadline = time.monotonic() + timeout
    while True:
        state = poll()
        if state in ready:
            return state
        if state in failed:
            raise WaitTimeout(f"{what}: it became {state}")
        if time.monotonic() >= deadline:
            raise WaitTimeout(f"gave up after {timeout:.0f} s waiting for {what}; it is still {state}")
        log.debug("waiting for %s: %s", what, state)
        sleep(delay)


def wait(client, waiter: str, what: str, timeout: float = 300, delay: float = 2, **params) -> None:
    """Wait with botocore's waiter for `what` (e.g. "Lambda function f to be ready")."""
    from botocore.exceptions import WaiterError

    attempts = max(1, int(timeout / delay))
    try:
        client.get_waiter(waiter).wait(WaiterConfig={"Delay": delay, "MaxAttempts": attempts}, **params)
    except WaiterError as error:
        raise WaitTimeout(f"gave up after {timeout:.0f} s waiting for {what}: {error.last_response.get('Error', {}).get('Message', error)}") from error

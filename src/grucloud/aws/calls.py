"""The only place gc calls AWS (through botocore): one call path, one pagination helper, one retry policy.

Throttling, 5xx and lost connections are retried by botocore (standard mode, see clients.py).
Here we retry what botocore does not: 409 ConflictException ("concurrent modification"), IAM's 409 ConcurrentModification, and the
eventual-consistency errors a spec names (e.g. a new IAM role that Lambda cannot assume yet): the
first with capped jittered backoff, the others soon at first, then less and less often, for up to
two minutes (`patient_delay`, which the waits for a state use too). Creates go through a client that never sends a request twice (AWS may
have carried out a request whose answer was lost): for those, throttling is retried here, and an
unanswered request raises at once so that the caller can look for its result before sending again.
"""

from __future__ import annotations

import logging
import random
import threading
import time
from collections import Counter
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import Any

from botocore import xform_name
from botocore.exceptions import ClientError, HTTPClientError
from botocore.exceptions import ConnectionError as NoConnection
from botocore.retries.standard import (
    RetryContext,
    ThrottledRetryableChecker,
    TransientRetryableChecker,
)

log = logging.getLogger(__name__)

RetryWhen = Callable[[ClientError], bool]

MAX_ATTEMPTS = 8
# AWS catching up (a spec's retry_when: a new role Lambda cannot assume yet) or a resource changing
# state (a function Pending, then Active) is asked about again SOON at first, since most are done
# in seconds (a role in 2 to 3 s, a function in 1 to 5 s: aws-timing-facts.md §2), then after a
# fraction of the time waited so far: what is done is noticed within that fraction of the wait,
# and a wait of minutes still costs a few dozen calls (see patient_delay)
SOON = 0.25
WAITED_FRACTION = 0.2
# an eventual-consistency error is asked again for EVENTUAL_WINDOW seconds in all, at most
# EVENTUAL_CAP apart: sometimes AWS takes minutes (Terraform waits up to 15 min for IAM)
EVENTUAL_CAP = 5.0
EVENTUAL_WINDOW = 120.0
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


# Botocore's own classification, so that gc and botocore agree on what is worth retrying.
_THROTTLED = ThrottledRetryableChecker()
_TRANSIENT = TransientRetryableChecker()
_UNANSWERED_ERRORS = (NoConnection, HTTPClientError)  # no answer at all: refused, dropped, timed out


class CallFailed(Exception):
    """An AWS call failed for good: says which call, after how many tries, the AWS message, and,
    when retrying ran out, what to do. `error` is a ClientError, or botocore's error when no
    answer came at all."""

    def __init__(self, service: str, operation: str, error: Exception, attempts: int):
        self.service, self.operation, self.error, self.attempts = service, operation, error, attempts
        tries = f" after {attempts} tries" if attempts > 1 else ""
        what = f"{error_code(error)}: {error_message(error)}" if isinstance(error, ClientError) else f"no answer: {error}"
        hint = ""
        if attempts > 1 and is_retryable(error):
            hint = ("; AWS kept refusing or failing it (throttled, busy or unreachable): run the command "
                    "again in a minute, what was done is kept")
        super().__init__(f"{service}.{operation} failed{tries}: {what}{hint}")

    @property
    def unanswered(self) -> bool:
        """AWS may have carried the request out: no answer came, or a 5xx."""
        return _is_transient(self.error)

    @property
    def already_exists(self) -> bool:
        return is_already_exists(self.error)


class EmulatorGap(Exception):
    """The local emulator does not implement an operation that real AWS has."""

    def __init__(self, service: str, operation: str, detail: str = ""):
        self.service, self.operation = service, operation
        super().__init__(f"the local emulator (moto) does not implement {service}.{operation}" + (f" ({detail})" if detail else ""))


def error_code(error: Exception) -> str:
    return error.response.get("Error", {}).get("Code", "") if isinstance(error, ClientError) else ""


def error_message(error: Exception) -> str:
    return (error.response.get("Error", {}).get("Message", "") if isinstance(error, ClientError) else "") or str(error)


def is_not_found(error: Exception, also: tuple[str, ...] = ()) -> bool:
    """Whether `error` says the resource does not exist; `also`: a service's own codes."""
    if isinstance(error, CallFailed):
        error = error.error
    return isinstance(error, ClientError) and (error_code(error) in NOT_FOUND_CODES or error_code(error) in also)


def call_unless_gone(client, operation: str, **params) -> None:
    """A clean-up call (detach, remove) whose object may be gone already, e.g. when a retry follows
    a lost answer: not found counts as done, so the clean-ups after it still run."""
    try:
        call(client, operation, **params)
    except CallFailed as error:
        if not is_not_found(error):
            raise


def is_already_exists(error: Exception) -> bool:
    """Whether a create was refused because the resource exists (each service spells it its own
    way: EntityAlreadyExists, ResourceAlreadyExistsException, ConflictException "... already
    exists", ResourceConflictException, ResourceInUseException)."""
    if isinstance(error, CallFailed):
        error = error.error
    if not isinstance(error, ClientError):
        return False
    code = error_code(error)
    return (
        "alreadyexist" in code.lower()
        or "already exist" in error_message(error).lower()
        or code in ("ResourceConflictException", "ResourceInUseException", "EntityAlreadyExists")
    )


def _context(error: Exception) -> RetryContext:
    if isinstance(error, ClientError):
        return RetryContext(1, parsed_response=error.response, http_response=_Status(error))
    return RetryContext(1, caught_exception=error)


class _Status:
    """The one thing botocore's checkers read from an HTTP response: its status code."""

    def __init__(self, error: ClientError):
        self.status_code = error.response.get("ResponseMetadata", {}).get("HTTPStatusCode")


def _is_throttled(error: Exception) -> bool:
    return isinstance(error, ClientError) and _THROTTLED.is_retryable(_context(error))


def _is_transient(error: Exception) -> bool:
    return isinstance(error, _UNANSWERED_ERRORS) or (isinstance(error, ClientError) and _TRANSIENT.is_retryable(_context(error)))


def is_retryable(error: Exception) -> bool:
    """Worth trying again later: throttled, busy (5xx), unanswered, or a concurrent change."""
    return _is_throttled(error) or _is_transient(error) or (isinstance(error, ClientError) and _is_conflict(error))


# IAM answers ConcurrentModification to concurrent changes (Terraform retries it since AWS
# began to: terraform-provider-aws#34371, #39429); the request was not applied
_BUSY_CODES = frozenset({"ConflictException", "ConcurrentModification", "ConcurrentModificationException"})


def _is_conflict(error: ClientError) -> bool:
    return error.response.get("ResponseMetadata", {}).get("HTTPStatusCode") == 409 and (
        error_code(error) in _BUSY_CODES
        and "already exist" not in error_message(error).lower()
    )


def _is_emulator_gap(client, error: ClientError) -> bool:
    # moto answers an unrouted operation with a 404 page (no error code, so botocore uses "404")
    # and an unimplemented one with a 500 naming NotImplementedError; gc's emulator server
    # answers that one 501 (see local/server.py; a stock moto server's bare 500 page stops at
    # emulator_error_page). AWS always sends a code.
    status = error.response.get("ResponseMetadata", {}).get("HTTPStatusCode")
    code = error_code(error)
    return status == 501 or (status == 404 and code == "404") or (
        status == 500 and ("NotImplemented" in code or "not yet implemented" in error_message(error))
    )


def emulator_error_page(response=None, operation=None, **_) -> None:
    """botocore 'needs-retry' hook, first, of the clients of an emulator: a bare HTML 500 page
    is what a stock moto server answers for an operation it lacks (NotImplementedError, or a
    crash in it), never an AWS error. Sending it again gives the same page: report it at once
    as an emulator gap naming the operation."""
    http_response = response[0] if response else None
    if http_response is not None and http_response.status_code == 500 \
            and http_response.headers.get("Content-Type", "").startswith("text/html"):
        raise EmulatorGap(operation.service_model.service_name, operation.name, "it answered a bare 500 page; see its log")


def patient_delay(waited: float, cap: float) -> float:
    """How long to wait before asking again whether AWS has caught up, `waited` seconds (slept)
    after the first ask: SOON, then WAITED_FRACTION of the wait so far, at most `cap`; jittered
    down a little so that parallel waits spread."""
    return random.uniform(0.8, 1.0) * min(cap, max(SOON, WAITED_FRACTION * waited))


def backoff(attempt: int) -> float:
    # "Full jitter": spreads retries of parallel calls so they do not collide again.
    return random.uniform(0, min(MAX_DELAY, BASE_DELAY * 2**attempt))


def call(client, operation: str, retry_when: RetryWhen | None = None, **params):
    """Call `operation` (botocore name, e.g. "CreateIntegration") and return the response."""
    method = getattr(client, xform_name(operation))

    def once() -> dict:
        response = method(**params)
        response.pop("ResponseMetadata", None)
        return response

    return _retrying(client, operation, once, retry_when)


def together(*calls: Callable[[], Any]) -> list:
    """Independent calls sent at once, so that they cost one round trip, not one each (a role's
    GetRole beside its policy listings): their results in order; the first error is raised."""
    if len(calls) <= 1:
        return [once() for once in calls]
    with ThreadPoolExecutor(max_workers=len(calls)) as pool:
        return [future.result() for future in [pool.submit(once) for once in calls]]


def paginate(client, operation: str, items_key: str, **params) -> list:
    """Every item of a list operation; botocore's paginator follows the tokens. A page that
    fails for good after botocore's retries is retried from the first page."""
    if not client.can_paginate(xform_name(operation)):
        return call(client, operation, **params).get(items_key, [])
    return [item for page in pages(client, operation, **params) for item in page.get(items_key, [])]


def pages(client, operation: str, **params) -> list[dict]:
    """Every page of a paginated list operation as answered, ResponseMetadata (headers) included."""
    return _retrying(client, operation, lambda: list(client.get_paginator(xform_name(operation)).paginate(**params)))


def resends(client) -> bool:
    """Whether botocore sends a failed request again by itself (every client but the ones
    Target.client(..., resend=False) makes for creates)."""
    return (client.meta.config.retries or {}).get("total_max_attempts") != 1


def _retrying(client, operation: str, once: Callable[[], Any], retry_when: RetryWhen | None = None):
    """`once()` under the one retry policy (see the module's docstring)."""
    service = client.meta.service_model.service_name
    resending = resends(client)
    tries = attempt = waited = 0
    while True:
        try:
            return once()
        except NotImplementedError as error:
            # the in-process emulator (moto's mock_aws) raises this itself; botocore never does
            raise EmulatorGap(service, operation) from error
        except _UNANSWERED_ERRORS as error:
            # botocore already resent it (max_attempts times), or must not
            tries += _tries_by_botocore(error, client) if resending else 1
            raise CallFailed(service, operation, error, tries) from error
        except ClientError as error:
            tries += 1 + error.response.get("ResponseMetadata", {}).get("RetryAttempts", 0)
            if _is_emulator_gap(client, error):
                raise EmulatorGap(service, operation) from error
            if not resending and _is_transient(error):
                raise CallFailed(service, operation, error, tries) from error  # the caller looks first
            busy = _is_conflict(error) or (not resending and _is_throttled(error))
            if not busy and retry_when is not None and retry_when(error) and waited < EVENTUAL_WINDOW:
                # not a busy AWS but one that has not caught up yet: asked again soon, then
                # less often (it does not get busier), until the window closes
                delay = patient_delay(waited, EVENTUAL_CAP)
                waited += delay
            elif busy and attempt < MAX_ATTEMPTS - 1:
                attempt += 1
                delay = backoff(attempt)
            else:
                raise CallFailed(service, operation, error, tries) from error
            log.debug("%s.%s: %s, retry in %.2fs", service, operation, error_code(error), delay)
            sleep(delay)


def _tries_by_botocore(error: Exception, client) -> int:
    # an exception carries no retry count; botocore raises it only after its last attempt
    retries = client.meta.config.retries or {}
    return retries.get("total_max_attempts") or retries.get("max_attempts", 0) + 1


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
    """Poll a resource's state until it is one of `ready`: soon at first, then at most `delay`
    seconds apart (patient_delay); `what` says what gc waits for, for the messages."""
    deadline = time.monotonic() + timeout
    waited = 0.0
    while True:
        state = poll()
        if state in ready:
            return state
        if state in failed:
            raise WaitTimeout(f"{what}: it became {state}")
        left = deadline - time.monotonic()
        if left <= 0:
            still = f"; it is still {state}" if state is not None else ""
            raise WaitTimeout(f"gave up after {timeout:.0f} s waiting for {what}{still}")
        log.debug("waiting for %s: %s", what, state)
        pause = min(patient_delay(waited, delay), left)
        waited += pause
        sleep(pause)


def wait(client, waiter: str, what: str, timeout: float = 300, delay: float = 2, **params) -> None:
    """Wait for `what` (e.g. "Lambda function f to be ready") with botocore's waiter model (what
    is ready, what has failed), polled as wait_until polls."""
    from botocore.exceptions import WaiterError

    model = client.get_waiter(waiter)

    def poll() -> str | None:
        try:  # one poll; the spacing is ours
            model.wait(WaiterConfig={"Delay": 0, "MaxAttempts": 1}, **params)
            return "ready"
        except WaiterError as error:
            reason = str(error.kwargs.get("reason", error))
            if "Max attempts exceeded" in reason:
                return None  # not yet
            detail = (error.last_response or {}).get("Error", {}).get("Message") or reason
            raise WaitTimeout(f"{what}: it failed instead ({detail})") from error

    wait_until(poll, what, ("ready",), timeout=timeout, delay=delay)

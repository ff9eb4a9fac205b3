"""Where gc works: real AWS through the standard configuration (profile, environment, region), or
the local emulator.

Clients are created once per service and shared by threads (botocore clients are thread-safe);
creating one costs milliseconds, so reusing them matters for large stacks.
"""

from __future__ import annotations

import os
import threading
from dataclasses import dataclass, field

import botocore.session
from botocore.config import Config

from grucloud.aws import shapes
from grucloud.aws.calls import call, count_call, emulator_error_page, pace_requests
from grucloud.aws.pacing import AWS_LIMITS, Limits, Pacer

# Throttling (429), 5xx and lost connections are botocore's job: standard mode retries them with
# backoff. 409 ConflictException and eventual-consistency errors are retried in calls.py.
_RETRY_CONFIG = {"mode": "standard", "max_attempts": 8}
# Creates are sent once: AWS may have carried out a request whose answer was lost, and sending it
# again would make a second resource where names are not unique (an API); calls.py retries what
# AWS refused, and the engine looks for the result of what went unanswered before sending again.
_SEND_ONCE = {"mode": "standard", "total_max_attempts": 1}
LOCAL_ACCOUNT = "123456789012"  # moto's default account id
# services with a single endpoint, whatever the target's region
SERVICE_REGIONS = {"route53domains": "us-east-1"}


@dataclass
class Target:
    """A place gc works on: an AWS account+region, or the emulator at `endpoint_url`."""

    region: str | None = None
    profile: str | None = None
    endpoint_url: str | None = None  # set only for the local emulator
    max_pool: int = 10
    # the rate limits calls are paced to (a table, or a ready Pacer); default: AWS's on AWS, none
    # on the emulator (it has no limits, so local runs stay fast). Tests pace the emulator too.
    pacing: Limits | Pacer | None = None
    # botocore's session, not boto3's: gc needs only clients, and boto3 costs every command ~40 ms
    _session: botocore.session.Session | None = field(default=None, repr=False)
    _clients: dict = field(default_factory=dict, repr=False)
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)
    _identity: dict | None = field(default=None, repr=False)
    _pacer: Pacer | None = field(default=None, repr=False)

    @property
    def local(self) -> bool:
        return self.endpoint_url is not None

    def session(self) -> botocore.session.Session:
        if self._session is None:
            session = botocore.session.Session(profile=None if self.local else self.profile)
            if self.local:
                # The emulator accepts any credentials; never let local runs pick up real ones.
                session.set_credentials("testing", "testing")
            # AWS_REGION as the AWS CLI and SDKs read it; botocore reads AWS_DEFAULT_REGION only
            region = self.region or ("us-east-1" if self.local else os.environ.get("AWS_REGION"))
            if region:
                session.set_config_variable("region", region)
            session.register_component("data_loader", shapes.data_loader())
            self._session = session
        return self._session

    @property
    def region_name(self) -> str:
        region = self.session().get_config_variable("region")
        if not region:
            raise TargetError(
                "no AWS region configured: pass --region, set AWS_REGION, "
                "or set 'region' in your profile or config.py"
            )
        return region

    def client(self, service: str, resend: bool = True):
        """The shared client of `service`; with resend=False, one that never sends a request
        twice (for creates: see _SEND_ONCE)."""
        with self._lock:
            client = self._clients.get((service, resend))
            if client is None:
                config = Config(
                    # a copy: botocore rewrites the dict it is given
                    retries=dict(_RETRY_CONFIG if resend else _SEND_ONCE), max_pool_connections=max(self.max_pool, 10)
                )
                client = self.session().create_client(
                    service,
                    region_name=SERVICE_REGIONS.get(service, self.region_name),
                    endpoint_url=self.endpoint_url,
                    config=config,
                )
                client.meta.events.register("before-call", count_call)
                if self.local:
                    service_event = client.meta.service_model.service_id.hyphenize()
                    client.meta.events.register_first(f"needs-retry.{service_event}", emulator_error_page)
                # first, so that the wait comes before the request even with an in-process mock
                client.meta.events.register_first("before-send", pace_requests(self.pacer, service))
                self._clients[(service, resend)] = client
            return client

    @property
    def pacer(self) -> Pacer:
        """One pacer per target: AWS's limits are per account, shared by all its clients."""
        if self._pacer is None:
            if isinstance(self.pacing, Pacer):
                self._pacer = self.pacing
            else:
                limits = self.pacing if self.pacing is not None else ({} if self.local else AWS_LIMITS)
                self._pacer = Pacer(limits)
        return self._pacer

    def caller_identity(self) -> dict:
        """STS GetCallerIdentity: Account, Arn, UserId (on the emulator, its fixed account)."""
        if self._identity is None:
            if self.local:
                self._identity = {"Account": LOCAL_ACCOUNT}
            else:
                self._identity = call(self.client("sts"), "GetCallerIdentity")
        return self._identity

    def account_id(self) -> str:
        return self.caller_identity()["Account"]

    def describe(self) -> str:
        """The header line every command prints first."""
        if self.local:
            return f"local emulator {self.endpoint_url} (region {self.region_name})"
        return f"aws {self.region_name} account {self.account_id()}"


class TargetError(Exception):
    """The target cannot be reached or is not configured."""

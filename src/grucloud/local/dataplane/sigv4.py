"""AWS_IAM routes: the request's Signature Version 4 checked as API Gateway checks it, by
signing the same request again with botocore's own signer and the secret of the access key it
names: the emulator's test credentials (testing/testing, which gc's clients and the functions
it runs use), a key made with iam CreateAccessKey or sts AssumeRole on the emulator."""

from __future__ import annotations

import datetime
import hmac
import re

from botocore.auth import SigV4Auth
from botocore.awsrequest import AWSRequest, HTTPHeaders
from botocore.credentials import Credentials

from grucloud.local.dataplane import world
from grucloud.local.dataplane.exchange import Incoming

TEST_CREDENTIALS = {"testing": "testing"}
SERVICE = "execute-api"
_AUTHORIZATION = re.compile(
    r"AWS4-HMAC-SHA256\s+Credential=(?P<key>[^/,\s]+)/(?P<date>\d{8})/(?P<region>[^/,\s]+)/(?P<service>[^/,\s]+)/aws4_request,"
    r"\s*SignedHeaders=(?P<signed>[a-z0-9;\-]+),\s*Signature=(?P<signature>[0-9a-f]{64})\s*"
)
# AWS's own messages
MISMATCH = ("The request signature we calculated does not match the signature you provided. Check your AWS Secret "
            "Access Key and signing method. Consult the service documentation for details.")
UNKNOWN_KEY = "The security token included in the request is invalid."
SKEW = datetime.timedelta(minutes=5)  # how far X-Amz-Date may be from API Gateway's clock
_BASIC = "%Y%m%dT%H%M%SZ"


class _Resigner(SigV4Auth):
    """botocore's SigV4 signer over the headers the client signed (botocore's own choice of
    headers leaves some out, user-agent for one, which another client may sign)."""

    def __init__(self, credentials: Credentials, region: str, signed: list[str]):
        super().__init__(credentials, SERVICE, region)
        self._signed = signed

    def headers_to_sign(self, request: AWSRequest) -> HTTPHeaders:
        chosen = HTTPHeaders()
        for name in self._signed:
            chosen[name] = request.headers.get(name, "")
        return chosen


def signed(incoming: Incoming) -> bool:
    """Whether the request carries a SigV4 Authorization header (else API Gateway says Forbidden)."""
    return (incoming.header("authorization") or "").startswith("AWS4-HMAC-SHA256 ")


def refusal(incoming: Incoming, region: str) -> str | None:
    """Why API Gateway refuses the signature of a signed request (its message), or None when it
    holds."""
    parts = _AUTHORIZATION.fullmatch(incoming.header("authorization") or "")
    if parts is None:
        return "Authorization header requires 'Credential', 'SignedHeaders' and 'Signature' parameters."
    if parts["service"] != SERVICE:
        return f"Credential should be scoped to correct service: '{SERVICE}'."
    if parts["region"] != region:
        return "Credential should be scoped to a valid region."
    amz_date = incoming.header("x-amz-date")
    if not amz_date:
        return "Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header."
    too_far = _too_far(amz_date)
    if too_far:
        return too_far
    secret = _secret(parts["key"])
    if secret is None:
        return UNKNOWN_KEY
    signed = parts["signed"].split(";")
    request = AWSRequest(
        method=incoming.method,
        url=f"http://{incoming.domain_name}{incoming.target_path or incoming.path}" + (f"?{incoming.query}" if incoming.query else ""),
        headers={name: incoming.header(name) or "" for name in signed},
        data=incoming.body,
    )
    request.context["timestamp"] = amz_date
    signer = _Resigner(Credentials(parts["key"], secret), region, signed)
    expected = signer.signature(signer.string_to_sign(request, signer.canonical_request(request)), request)
    return None if hmac.compare_digest(expected, parts["signature"]) else MISMATCH


def _too_far(amz_date: str) -> str | None:
    """AWS's message when X-Amz-Date is not a time, or more than 5 minutes from now."""
    try:
        signed_at = datetime.datetime.strptime(amz_date, _BASIC).replace(tzinfo=datetime.UTC)
    except ValueError:
        return f"Date must be in ISO-8601 'basic format'. Got '{amz_date}'. See http://en.wikipedia.org/wiki/ISO_8601"
    now = datetime.datetime.now(datetime.UTC)
    if signed_at < now - SKEW:
        return f"Signature expired: {amz_date} is now earlier than {(now - SKEW):{_BASIC}} ({now:{_BASIC}} - 5 min.)"
    if signed_at > now + SKEW:
        return f"Signature not yet current: {amz_date} is still later than {(now + SKEW):{_BASIC}} ({now:{_BASIC}} + 5 min.)"
    return None


def _secret(access_key: str) -> str | None:
    if access_key in TEST_CREDENTIALS:
        return TEST_CREDENTIALS[access_key]
    from moto.iam.models import iam_backends
    from moto.sts.models import sts_backends

    assumed = sts_backends[world.ACCOUNT]["aws"].get_assumed_role_from_access_key(access_key)
    if assumed is not None:
        return assumed.secret_access_key
    made = iam_backends[world.ACCOUNT]["global"].get_all_access_keys_for_all_users()
    return next((k.secret_access_key for k in made if k.access_key_id == access_key and k.status == "Active"), None)


def denial(incoming: Incoming, region: str, resource: str) -> str | None:
    """Why IAM does not let the signer of a request whose signature holds call execute-api:Invoke
    on `resource` (AWS's message), or None. The test credentials are the account's root, which
    IAM allows everything; an IAM user's key or a role's session is held to the policies of its
    user (and groups) or role, as moto evaluates them."""
    from moto.iam.access_control import (
        AssumedRoleAccessKey,
        CreateAccessKeyFailure,
        IAMPolicy,
        IAMUserAccessKey,
        PermissionResult,
    )

    access_key = _AUTHORIZATION.fullmatch(incoming.header("authorization") or "")["key"]
    if access_key in TEST_CREDENTIALS:
        return None
    token = incoming.header("x-amz-security-token")
    headers = {"X-Amz-Security-Token": token} if token is not None else {}
    holder = None
    for kind in (IAMUserAccessKey, AssumedRoleAccessKey):
        try:
            holder = kind(world.ACCOUNT, "aws", access_key, headers)
            break
        except (CreateAccessKeyFailure, KeyError):  # KeyError: a role's session key without its token
            continue
    if holder is None:
        return UNKNOWN_KEY
    results = {IAMPolicy(policy).is_action_permitted("execute-api:Invoke", resource) for policy in holder.collect_policies()}
    if PermissionResult.PERMITTED in results and PermissionResult.DENIED not in results:
        return None
    who = caller(incoming, region)["userArn"]
    explicit = " with an explicit deny" if PermissionResult.DENIED in results else ""
    return f"User: {who} is not authorized to perform: execute-api:Invoke on resource: {resource}{explicit}"


def caller(incoming: Incoming, region: str) -> dict:
    """Who signed a request whose signature holds, as payload 2.0's `requestContext.authorizer.iam`
    says it: the emulator's STS GetCallerIdentity for the same access key."""
    from moto.sts.models import sts_backends

    access_key = _AUTHORIZATION.fullmatch(incoming.header("authorization") or "")["key"]
    user_id, arn, account = sts_backends[world.ACCOUNT]["aws"].get_caller_identity(access_key, region)
    return {"accessKey": access_key, "accountId": account, "callerId": user_id, "cognitoIdentity": None,
            "principalOrgId": None, "userArn": arn, "userId": user_id}

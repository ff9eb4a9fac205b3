"""What a user meets when gc first talks to an account, said with what to do: no credentials,
an expired SSO login or session token, a profile that does not exist, credentials AWS does not
know, and a call the credentials may not make. __main__ turns errors into messages with it."""

from __future__ import annotations

import botocore.session
from botocore.exceptions import (
    NoCredentialsError,
    NoRegionError,
    PartialCredentialsError,
    ProfileNotFound,
    SSOError,
    TokenRetrievalError,
)

from grucloud.aws.calls import CallFailed, error_code, error_message

TRY_LOCAL = "To try gc without an account: gc --local ... (the embedded emulator)."
EXPIRED_CODES = {"ExpiredToken", "ExpiredTokenException", "RequestExpired", "TokenRefreshRequired"}
UNKNOWN_KEY_CODES = {"InvalidClientTokenId", "UnrecognizedClientException", "SignatureDoesNotMatch",
                     "InvalidAccessKeyId", "AuthFailure"}
DENIED_CODES = {"AccessDenied", "AccessDeniedException", "UnauthorizedOperation", "AuthorizationError",
                "UnauthorizedAccess"}
# where a service's IAM prefix is not botocore's signing name
_IAM_PREFIX = {"tagging": "tag"}


def _login(profile: str | None) -> str:
    return f"aws sso login --profile {profile}" if profile else "aws sso login --profile NAME"


def explain(error: Exception, profile: str | None) -> str | None:
    """The message for an error of access to AWS, or None when `error` is of another kind.
    `profile`: the profile in use (--profile or AWS_PROFILE), if any."""
    if isinstance(error, ProfileNotFound):
        return _no_such_profile(error.kwargs.get("profile") or profile)
    if isinstance(error, (SSOError, TokenRetrievalError)):
        return (f"the AWS SSO login{f' of profile {profile}' if profile else ''} has expired or is not valid: run "
                f"`{_login(profile)}`, then run gc again.\n{TRY_LOCAL}")
    if isinstance(error, (NoCredentialsError, PartialCredentialsError)):
        return ("no AWS credentials found (nor in the environment, nor in ~/.aws, nor from an instance role). Either:\n"
                "  - a profile: `export AWS_PROFILE=NAME` (or gc --profile NAME); for SSO, `aws configure sso` once, "
                "then `aws sso login --profile NAME`;\n"
                "  - access keys: `aws configure` (writes ~/.aws/credentials), or AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY.\n"
                + TRY_LOCAL)
    if isinstance(error, NoRegionError):
        return "no AWS region configured: pass --region, set AWS_REGION, or set 'region' in your profile or config.py"
    if isinstance(error, CallFailed):
        code = error_code(error.error)
        call = f"{error.service}.{error.operation}"
        if code in EXPIRED_CODES:
            return (f"AWS refused {call}: the session token of these credentials has expired ({error_message(error.error)}). "
                    f"Get fresh ones: `{_login(profile)}` for SSO, your assume-role or MFA tool again, or new "
                    "AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY / AWS_SESSION_TOKEN; then run gc again.")
        if code in UNKNOWN_KEY_CODES:
            return (f"AWS refused {call}: it does not recognize these credentials ({code}: {error_message(error.error)}). "
                    "Check the access key (`aws configure list` shows which one is used and where it comes from), "
                    f"or use another profile (--profile / AWS_PROFILE).\n{TRY_LOCAL}")
        if code in DENIED_CODES:
            permission = iam_permission(error.service, error.operation)
            return (f"AWS refused {call}: the credentials in use{f' (profile {profile})' if profile else ''} lack the "
                    f"permission {permission}. AWS said: {error_message(error.error)}\n"
                    f"Allow {permission} in a policy of that user or role, or use a profile that has it "
                    "(--profile / AWS_PROFILE).")
    return None


def iam_permission(service: str, operation: str) -> str:
    """The IAM action a call needs: `lambda:ListFunctions`; API Gateway's are HTTP methods on paths."""
    model = botocore.session.get_session().get_service_model(service)
    prefix = _IAM_PREFIX.get(model.signing_name, model.signing_name)
    if prefix == "apigateway":
        http = model.operation_model(operation).http
        return f"apigateway:{http['method']} (on {http['requestUri'].split('?')[0]})"
    return f"{prefix}:{operation}"


def _no_such_profile(name: str | None) -> str:
    try:
        known = sorted(botocore.session.Session(profile=None).full_config.get("profiles", {}))
    except Exception:  # noqa: BLE001 - an unreadable config: the message still helps
        known = []
    found = f"profiles found in ~/.aws/config and ~/.aws/credentials: {', '.join(known)}" if known else "no profile is configured"
    return (f"AWS profile {name!r} not found ({found}). Fix --profile or AWS_PROFILE, or create it: "
            f"`aws configure --profile {name}`, or `aws configure sso --profile {name}`.\n{TRY_LOCAL}")

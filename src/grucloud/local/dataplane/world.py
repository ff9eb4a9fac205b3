"""What the data plane reads from, and writes to, moto's in-process backends.

The data plane runs inside the emulator's process, so it reads each API's routes, stages and
integrations, and each function's code and policy, straight from moto's memory: a request
costs no AWS call. This module is the only one that touches moto's models; everything it
returns is plain data in AWS's own member names (camelCase, as moto's `to_json` gives them).
"""

from __future__ import annotations

import json
import threading
import time
from dataclasses import dataclass, field

from moto.core import DEFAULT_ACCOUNT_ID

ACCOUNT = DEFAULT_ACCOUNT_ID


@dataclass(frozen=True)
class Api:
    api_id: str
    region: str
    protocol: str
    cors: dict | None
    disabled: bool
    stages: dict[str, dict]
    routes: list[dict]
    integrations: dict[str, dict]
    authorizers: dict[str, dict]


@dataclass(frozen=True)
class Function:
    """A Lambda function as the emulator holds it now; `fingerprint` changes with its code or
    configuration, so that warm workers running an older version are replaced."""

    name: str
    arn: str
    region: str
    runtime: str
    handler: str
    timeout: float
    memory: int
    environment: dict[str, str]
    code_sha256: str
    code: bytes = field(repr=False)

    @property
    def fingerprint(self) -> tuple:
        return (self.code_sha256, self.runtime, self.handler, self.timeout, self.memory, tuple(sorted(self.environment.items())))

    @property
    def log_group(self) -> str:
        return f"/aws/lambda/{self.name}"


def mapped_api(host: str, path: str) -> tuple[str, str, str] | None:
    """(API id, path below the mapping key, stage) when `host` is a custom domain name with an
    API mapping for `path`: the longest mapping key that starts the path wins, "" maps all. A
    domain with no mapping for the path gives API id "" (API Gateway refuses the request)."""
    from moto.apigatewayv2.models import apigatewayv2_backends

    host = host.rsplit(":", 1)[0] if host.count(":") == 1 else host  # a port is not part of the name
    for backend in dict.copy(apigatewayv2_backends[ACCOUNT]).values():
        if host not in backend.domain_names:
            continue
        mappings = [m for m in dict.copy(backend.api_mappings).values() if m.domain_name == host]
        for mapping in sorted(mappings, key=lambda m: len(m.api_mapping_key or ""), reverse=True):
            key = (mapping.api_mapping_key or "").strip("/")
            if not key:
                return mapping.api_id, path or "/", mapping.stage
            if path == f"/{key}" or path.startswith(f"/{key}/"):
                return mapping.api_id, path[len(key) + 1:] or "/", mapping.stage
        return "", path or "/", None
    return None


def find_api(api_id: str) -> Api | None:
    """The API with this id, in whichever region it was made."""
    from moto.apigatewayv2.models import apigatewayv2_backends

    # dict.copy: one step under the GIL, while other threads may add a region's backend
    for region, backend in dict.copy(apigatewayv2_backends[ACCOUNT]).items():
        api = backend.apis.get(api_id)
        if api is not None:
            return Api(
                api_id=api_id,
                region=region,
                protocol=api.protocol_type,
                cors=api.cors_configuration,
                disabled=bool(api.disable_execute_api_endpoint),
                stages={name: stage.to_json() for name, stage in dict.copy(api.stages).items()},
                routes=[route.to_json() for route in dict.copy(api.routes).values()],
                integrations={i.id: i.to_json() for i in dict.copy(api.integrations).values()},
                authorizers={a.id: a.to_json() for a in dict.copy(api.authorizers).values()},
            )
    return None


def function_name_of(uri_or_arn: str) -> tuple[str | None, str]:
    """(region or None, function name) from an integration URI or a function ARN:
    arn:aws:apigateway:<region>:lambda:path/2015-03-31/functions/<function arn>/invocations,
    arn:aws:lambda:<region>:<account>:function:<name>[:qualifier], or a bare name."""
    if "/functions/" in uri_or_arn:
        uri_or_arn = uri_or_arn.split("/functions/", 1)[1].removesuffix("/invocations")
    if uri_or_arn.startswith("arn:"):
        parts = uri_or_arn.split(":")
        return parts[3], parts[6]
    return None, uri_or_arn


def find_function(region: str, name: str) -> Function | None:
    from moto.awslambda.models import lambda_backends

    try:
        fn = lambda_backends[ACCOUNT][region].get_function(name)
    except Exception:  # moto's "not found" errors have no common base
        return None
    return Function(
        name=fn.function_name,
        arn=fn.function_arn,
        region=region,
        runtime=fn.run_time or "",
        handler=fn.handler or "",
        timeout=float(fn.timeout or 3),
        memory=int(fn.memory_size or 128),
        environment=dict(fn.environment_vars or {}),
        code_sha256=fn.code_sha_256,
        code=fn.code_bytes,
    )


def function_policy(region: str, name: str) -> dict | None:
    """The function's resource policy, or None when it has none."""
    from moto.awslambda.models import lambda_backends

    try:
        wire = json.loads(lambda_backends[ACCOUNT][region].get_policy(name))
    except Exception:  # no policy, or no function
        return None
    return json.loads(wire["Policy"])


_log_lock = threading.Lock()


def write_logs(region: str, group: str, stream: str, lines: list[str]) -> None:
    """Append lines to a log stream, making the group and the stream when missing (as Lambda
    and API Gateway do with their own log groups)."""
    from moto.logs.models import logs_backends

    if not lines:
        return
    backend = logs_backends[ACCOUNT][region]
    now = int(time.time() * 1000)
    with _log_lock:
        if group not in backend.groups:
            backend.create_log_group(group, tags={})
        if stream not in backend.groups[group].streams:
            backend.create_log_stream(group, stream)
        backend.put_log_events(group, stream, [{"timestamp": now, "message": line} for line in lines])


def user_pool_exists(region: str, pool_id: str) -> bool:
    from moto.cognitoidp.models import cognitoidp_backends

    return pool_id in cognitoidp_backends[ACCOUNT][region].user_pools


def cognito_public_keys() -> list[dict]:
    """The keys every user pool of the emulator signs its tokens with (moto has one pair)."""
    from moto.utilities.utils import load_resource

    return load_resource("cognitoidp/resources/jwks-public.json")["keys"]


def cognito_sign_in(region: str, pool_id: str, client_id: str, username: str, password: str, scopes: list[str]) -> dict:
    """The tokens the user pool's hosted sign-in page would give this user for these scopes
    (authorization code flow), signed with the pool's key. Raises ValueError saying what is wrong."""
    from moto.cognitoidp.models import cognitoidp_backends

    pool = cognitoidp_backends[ACCOUNT][region].user_pools.get(pool_id)
    if pool is None:
        raise ValueError(f"no user pool {pool_id} in {region}")
    client = pool.clients.get(client_id)
    if client is None:
        raise ValueError(f"user pool {pool_id} has no app client {client_id}")
    allowed = client.extended_config.get("AllowedOAuthScopes") or []
    refused = [s for s in scopes if s not in allowed]
    if refused:
        raise ValueError(f"app client {client_id} does not allow the scopes {refused} (AllowedOAuthScopes: {allowed})")
    try:
        user = pool._get_user(username)
    except Exception:
        raise ValueError(f"user pool {pool_id} has no user {username!r}") from None
    if user.password != password:
        raise ValueError(f"wrong password for user {username!r}")
    _, origin = pool.create_refresh_token(client_id, username)
    access, expires_in = pool.create_jwt(client_id, username, "access", extra_data={"scope": " ".join(scopes), "origin_jti": origin})
    identity, _ = pool.create_id_token(client_id, username, origin)
    return {"access_token": access, "id_token": identity, "token_type": "Bearer", "expires_in": expires_in}


def role_exists(arn: str) -> bool:
    from moto.iam.models import iam_backends

    name = arn.rsplit("/", 1)[-1]
    try:
        iam_backends[ACCOUNT]["aws"].get_role(name)
        return True
    except Exception:
        return False


def listener_targets(listener_arn: str) -> list[tuple[str, int]] | None:
    """(address, port) of every target registered in the target groups a load balancer
    listener forwards to; None when there is no such listener."""
    from moto.elbv2.models import elbv2_backends

    parts = listener_arn.split(":")
    if len(parts) < 6 or parts[2] != "elasticloadbalancing":
        return None
    backend = elbv2_backends[ACCOUNT][parts[3]]
    try:
        listener = backend.describe_listeners(None, [listener_arn])[0]
    except Exception:
        return None
    groups = []
    for action in listener.default_actions:
        data = action.data
        if data.get("TargetGroupArn"):
            groups.append(data["TargetGroupArn"])
        for weighted in (data.get("ForwardConfig") or {}).get("TargetGroups") or []:
            groups.append(weighted["TargetGroupArn"])
    targets = []
    for arn in dict.fromkeys(groups):
        group = backend.target_groups.get(arn)
        for target in (group.targets.values() if group else []):
            targets.append((target["Id"], int(target["Port"] or group.port or 80)))
    return targets

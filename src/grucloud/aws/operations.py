"""Which AWS operation an HTTP request is, read from botocore's service models the way AWS
routes it: the X-Amz-Target header (JSON services), the Action parameter (query services), or
the method and path template (REST services such as Lambda and API Gateway V2).

Any SDK's request can be named this way, so gc, Terraform's Go provider and the floor script
are counted by the same rule."""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import parse_qs

import botocore.session


def services() -> set[str]:
    """Every service gc has a resource type in, plus those any contender may also call."""
    from grucloud.aws.specs import REGISTRY

    return {spec.service for spec in REGISTRY.values()} | {"apigatewayv2", "apigateway", "lambda", "iam", "sts", "logs",
                                                          "resourcegroupstaggingapi"}


@dataclass(frozen=True)
class _Route:
    service: str
    operation: str
    method: str
    pattern: re.Pattern
    query_keys: tuple[str, ...]
    literal_length: int  # the more literal characters a template has, the more specific it is


def _template_pattern(uri: str) -> tuple[re.Pattern, tuple[str, ...], int]:
    path, _, query = uri.partition("?")
    literal = re.sub(r"\{[^}]+\}", "", path)
    regex = re.sub(r"\\\{[^}]+?\\\+\\\}", ".+", re.escape(path))  # {Label+}: greedy
    regex = re.sub(r"\\\{[^}]+?\\\}", "[^/]+", regex)
    keys = tuple(k.partition("=")[0] for k in query.split("&") if k)
    return re.compile(f"^{regex.rstrip('/')}/?$"), keys, len(literal)


class OperationNamer:
    """request (method, path, query, headers, form body) -> (service, operation)."""

    def __init__(self, names: set[str] | None = None):
        session = botocore.session.get_session()
        self.by_target: dict[str, str] = {}  # X-Amz-Target prefix -> service
        self.by_signing: dict[str, list[str]] = {}  # SigV4 signing name -> services
        self.routes: dict[str, list[_Route]] = {}
        for service in sorted(names or services()):
            model = session.get_service_model(service)
            self.by_signing.setdefault(model.signing_name, []).append(service)
            if model.metadata.get("targetPrefix"):
                self.by_target[model.metadata["targetPrefix"]] = service
            if model.protocol.startswith("rest"):
                routes = []
                for name in model.operation_names:
                    http = model.operation_model(name).http
                    pattern, keys, length = _template_pattern(http["requestUri"])
                    routes.append(_Route(service, name, http["method"], pattern, keys, length))
                self.routes[service] = sorted(routes, key=lambda r: -r.literal_length)

    def name(self, method: str, path: str, query: str, headers: dict, body: bytes) -> tuple[str, str]:
        target = headers.get("x-amz-target")
        if target:
            prefix, _, operation = target.rpartition(".")
            return self.by_target.get(prefix, prefix), operation
        signing = _signing_name(headers.get("authorization", ""))
        params = parse_qs(query)
        if "form-urlencoded" in headers.get("content-type", ""):
            params.update(parse_qs(body.decode("utf-8", "replace")))
        if "Action" in params:
            services = self.by_signing.get(signing, [signing])
            return services[0], params["Action"][0]
        for service in self.by_signing.get(signing, []):
            for route in self.routes.get(service, []):
                if route.method == method and route.pattern.match(path) and all(k in params for k in route.query_keys):
                    return service, route.operation
        return signing or "unknown", f"{method} {path}"


def _signing_name(authorization: str) -> str:
    # "AWS4-HMAC-SHA256 Credential=AKID/20240101/us-east-1/lambda/aws4_request, ..."
    match = re.search(r"Credential=[^/]+/[^/]+/[^/]+/([^/]+)/", authorization)
    return match.group(1) if match else ""

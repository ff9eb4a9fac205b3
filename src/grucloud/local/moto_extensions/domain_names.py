"""Domain names: UpdateDomainName, the endpoint AWS makes for each configuration (its
ApiGatewayDomainName, where DNS points, and the Route 53 hosted zone to alias it in), and the
RoutingMode moto drops (AWS's default: API_MAPPING_ONLY)."""

from __future__ import annotations

import hashlib
import json

from moto.apigatewayv2.models import DomainName
from moto.apigatewayv2.responses import ApiGatewayV2Response

from grucloud.local.moto_extensions.patching import (
    add_operations,
    answer,
    backend,
    body,
    path_after,
    wrap,
)

# API Gateway's regional endpoints' hosted zones (AWS's "API Gateway endpoints" table); a
# region not listed gets one of the emulator's making. Edge endpoints are CloudFront's zone.
_REGIONAL_ZONES = {
    "us-east-1": "Z1UJRXOUMOOFQ8", "us-east-2": "ZOJJZC49E0EPZ", "us-west-1": "Z2MUQ32089INYE", "us-west-2": "Z2OJLYMUO9EFXC",
    "ca-central-1": "Z19DQILCV0OWEC", "sa-east-1": "ZCMLWB8V5SYIT", "eu-west-1": "ZLY8HYME6SFDD", "eu-west-2": "ZJ5UAJN8Y3Z2Q",
    "eu-west-3": "Z3KY65QIEKYHQQ", "eu-central-1": "Z1U9ULNL0V5AJ3", "eu-north-1": "Z3UWIKFBOOGXPP", "eu-south-1": "Z3BT4WSQ9TDYZV",
    "ap-south-1": "Z3VO1THU9YC4UR", "ap-northeast-1": "Z1YSHQZHG15GKL", "ap-northeast-2": "Z20JF4UZKIW1U8",
    "ap-southeast-1": "ZL327KTPIQFUL", "ap-southeast-2": "Z2RPCDW04V8134", "ap-east-1": "Z3FD1VL90ND7K5",
    "af-south-1": "Z2DHW2332DAMTN", "me-south-1": "Z20ZBPC0SS8806",
}
_CLOUDFRONT_ZONE = "Z2FDTNDATAQYW2"


def _endpoint(domain_name: str, region: str, configuration: dict) -> dict:
    """The same domain always gets the same endpoint, as a domain keeps its endpoint on AWS."""
    digest = hashlib.sha256(f"{region}/{domain_name}".encode()).hexdigest()
    if configuration.get("endpointType") == "EDGE":
        return {"apiGatewayDomainName": f"d{digest[:13]}.cloudfront.net", "hostedZoneId": _CLOUDFRONT_ZONE}
    zone = _REGIONAL_ZONES.get(region) or "Z" + digest[:13].upper()
    return {"apiGatewayDomainName": f"d-{digest[:10]}.execute-api.{region}.amazonaws.com", "hostedZoneId": zone}


def _with_endpoints(domain: DomainName, region: str, configurations: list[dict]) -> list[dict]:
    return [{"endpointType": "REGIONAL", "securityPolicy": "TLS_1_2", "domainNameStatus": "AVAILABLE", **configuration,
             **_endpoint(domain.domain_name, region, configuration)} for configuration in configurations or [{}]]


def _init(original, self: DomainName, *args, backend, **members):
    original(self, *args, backend=backend, **members)
    self.domain_name_configurations = _with_endpoints(self, backend.region_name, self.domain_name_configurations)


def routing_mode(domain: DomainName) -> str:
    return getattr(domain, "gc_routing_mode", "API_MAPPING_ONLY")


def _create(original, self: ApiGatewayV2Response):
    original(self)
    request = body(self)
    domain = backend(self).get_domain_name(request.get("domainName"))
    domain.gc_routing_mode = request.get("routingMode") or routing_mode(domain)
    return 201, {}, json.dumps(domain.to_json())


def _domain_json(original, self: DomainName) -> dict:
    return {**original(self), "routingMode": routing_mode(self)}


def update_domain_name(self):
    (name,) = path_after(self, "/domainnames/")
    domain = backend(self).get_domain_name(name)
    changes = body(self)
    if "domainNameConfigurations" in changes:
        domain.domain_name_configurations = _with_endpoints(domain, self.region, changes["domainNameConfigurations"])
    if "mutualTlsAuthentication" in changes:
        # a truststore sent empty turns mutual TLS off
        tls = changes["mutualTlsAuthentication"] or {}
        domain.mutual_tls_authentication = tls if tls.get("truststoreUri") else {}
    if changes.get("routingMode"):
        domain.gc_routing_mode = changes["routingMode"]
    return answer(domain.to_json())


def install() -> None:
    wrap(DomainName, "__init__", _init)
    wrap(DomainName, "to_json", _domain_json)
    wrap(ApiGatewayV2Response, "create_domain_name", _create)
    add_operations(update_domain_name)

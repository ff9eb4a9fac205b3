"""Tags of stages and domain names through TagResource, UntagResource and GetTags: moto keeps
them on the object (answered by GetStage, GetDomainName) but its tag operations know only
the ARNs of APIs and VPC links."""

from __future__ import annotations

import re
from urllib.parse import unquote

from moto.apigatewayv2.responses import ApiGatewayV2Response

from grucloud.local.moto_extensions.patching import (
    add_operations,
    add_routes,
    answer,
    backend,
    body,
)

_STAGE = re.compile(r"^arn:[\w-]+:apigateway:[\w-]+::/apis/(?P<api>[^/]+)/stages/(?P<stage>[^/]+)$")
_DOMAIN = re.compile(r"^arn:[\w-]+:apigateway:[\w-]+::/domainnames/(?P<domain>[^/]+)$")
_moto_tags = {name: getattr(ApiGatewayV2Response, name) for name in ("get_tags", "tag_resource", "untag_resource")}


def _tagged(response):
    """The stage or domain name the request's ARN names, or None for another ARN."""
    arn = unquote(response.path.split("/tags/", 1)[1])
    if match := _STAGE.match(arn):
        return backend(response).get_stage(match["api"], unquote(match["stage"]))
    if match := _DOMAIN.match(arn):
        return backend(response).get_domain_name(unquote(match["domain"]))
    return None


def get_tags(self):
    tagged = _tagged(self)
    return _moto_tags["get_tags"](self) if tagged is None else answer({"tags": tagged.tags})


def tag_resource(self):
    tagged = _tagged(self)
    if tagged is None:
        return _moto_tags["tag_resource"](self)
    tagged.tags = {**(tagged.tags or {}), **body(self).get("tags", {})}
    return answer(status=201)


def untag_resource(self):
    tagged = _tagged(self)
    if tagged is None:
        return _moto_tags["untag_resource"](self)
    removed = set(self.querystring.get("tagKeys") or [])
    tagged.tags = {k: v for k, v in (tagged.tags or {}).items() if k not in removed}
    return answer(status=204)


def install() -> None:
    # the server decodes the ARN's slashes before routing
    add_routes(
        r"{0}/v2/tags/(?P<resource_arn_pt1>[^/]+)/apis/(?P<resource_arn_pt2>[^/]+)/stages/(?P<resource_arn_pt3>[^/]+)$",
        r"{0}/v2/tags/(?P<resource_arn_pt1>[^/]+)/domainnames/(?P<resource_arn_pt2>[^/]+)$",
    )
    add_operations(get_tags, tag_resource, untag_resource)

"""Authorizers: GetAuthorizers, and the result TTL AWS gives an HTTP API's Lambda authorizer
when none is sent (300 s)."""

from __future__ import annotations

from moto.apigatewayv2.models import ApiGatewayV2Backend

from grucloud.local.moto_extensions.patching import (
    add_operations,
    answer,
    backend,
    path_after,
    wrap,
)

DEFAULT_TTL = 300


def _create_authorizer(original, self: ApiGatewayV2Backend, api_id: str, *args, **kwargs):
    authorizer = original(self, api_id, *args, **kwargs)
    if authorizer.auth_result_ttl is None and authorizer.authorizer_type == "REQUEST" and self.get_api(api_id).protocol_type == "HTTP":
        authorizer.auth_result_ttl = DEFAULT_TTL
    return authorizer


def get_authorizers(self):
    api = backend(self).get_api(path_after(self, "/apis/")[0])
    return answer({"items": [authorizer.to_json() for authorizer in api.authorizers.values()]})


def install() -> None:
    wrap(ApiGatewayV2Backend, "create_authorizer", _create_authorizer)
    add_operations(get_authorizers)

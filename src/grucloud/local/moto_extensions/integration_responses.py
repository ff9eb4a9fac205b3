"""Integration responses: deleting one that is gone answers NotFoundException, as AWS does (moto
raised a KeyError, a 500 that a retried delete could never get past)."""

from __future__ import annotations

from moto.apigatewayv2.exceptions import IntegrationResponseNotFound
from moto.apigatewayv2.models import Integration

from grucloud.local.moto_extensions.patching import wrap


def _delete_response(original, self: Integration, integration_response_id: str) -> None:
    if integration_response_id not in self.responses:
        raise IntegrationResponseNotFound(integration_response_id)
    original(self, integration_response_id)


def install() -> None:
    wrap(Integration, "delete_response", _delete_response)

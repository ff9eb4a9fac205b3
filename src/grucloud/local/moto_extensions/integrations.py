"""Integrations: what AWS answers for members not sent, ConnectionType INTERNET, and a WebSocket
integration's PayloadFormatVersion "1.0"."""

from __future__ import annotations

from moto.apigatewayv2.models import ApiGatewayV2Backend

from grucloud.local.moto_extensions.patching import wrap


def _create_integration(original, self: ApiGatewayV2Backend, api_id: str, **members):
    integration = original(self, api_id=api_id, **members)
    integration.connection_type = integration.connection_type or "INTERNET"
    if self.get_api(api_id).protocol_type == "WEBSOCKET":
        integration.payload_format_version = integration.payload_format_version or "1.0"
    return integration


def install() -> None:
    wrap(ApiGatewayV2Backend, "create_integration", _create_integration)

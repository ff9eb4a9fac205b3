"""A WebSocket API as the emulator holds it: what the gateway needs to carry a message, read
from moto's in-process models (no AWS call), in AWS's own member names."""

from __future__ import annotations

from dataclasses import dataclass, field

from moto.core import DEFAULT_ACCOUNT_ID


@dataclass(frozen=True)
class WebSocketApi:
    api_id: str
    region: str
    route_selection: str
    stages: dict[str, dict]  # by stage name
    routes: dict[str, dict]  # by route key, each with "routeResponses"
    integrations: dict[str, dict]  # by id, each with "integrationResponses"
    authorizers: dict[str, dict]
    models: dict[str, str] = field(default_factory=dict)  # schema by model name
    disable_schema_validation: bool = False

    def integration_of(self, route: dict) -> dict | None:
        target = route.get("target") or ""
        return self.integrations.get(target.removeprefix("integrations/")) if target else None


def find(api_id: str) -> WebSocketApi | None:
    """The WebSocket API with this id, in whichever region it was made; None for none (or an
    HTTP API)."""
    from moto.apigatewayv2.models import apigatewayv2_backends

    for region, backend in list(apigatewayv2_backends[DEFAULT_ACCOUNT_ID].items()):
        api = backend.apis.get(api_id)
        if api is None:
            continue
        if api.protocol_type != "WEBSOCKET":
            return None
        return WebSocketApi(
            api_id=api_id,
            region=region,
            route_selection=api.route_selection_expression or "",
            stages={name: stage.to_json() for name, stage in list(api.stages.items())},
            routes={
                route.route_key: {**route.to_json(), "routeResponses": [r.to_json() for r in list(route.route_responses.values())]}
                for route in list(api.routes.values())
            },
            integrations={
                i.id: {**i.to_json(), "integrationResponses": [r.to_json() for r in i.get_responses()]}
                for i in list(api.integrations.values())
            },
            authorizers={a.id: a.to_json() for a in list(api.authorizers.values())},
            models={m.name: m.schema for m in list(api.models.values())},
            disable_schema_validation=bool(api.disable_schema_validation),
        )
    return None

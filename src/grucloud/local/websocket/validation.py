"""Request validation: a route that names a model in its RequestModels (chosen by its
ModelSelectionExpression) takes only messages that the model's JSON schema accepts, unless the
API disables schema validation. A refused message never reaches the integration; the client
gets API Gateway's "Invalid request body"."""

from __future__ import annotations

import json

import jsonschema

from grucloud.local.websocket import selection
from grucloud.local.websocket.api import WebSocketApi


def refusal(api: WebSocketApi, route: dict, body: str | bytes) -> str | None:
    """Why the message is refused (for the emulator's log); None when it may go on."""
    models = route.get("requestModels") or {}
    if not models or api.disable_schema_validation:
        return None
    document = selection.parse_body(body)
    key = selection.select_key(models, selection.evaluate(route.get("modelSelectionExpression") or "$default", document))
    if key is None:
        return None
    schema = api.models.get(models[key])
    if schema is None:
        return f"route {route['routeKey']!r} names model {models[key]!r}, which the API does not have"
    if document is None:
        return "the message is not JSON"
    try:
        jsonschema.validate(document, json.loads(schema))
    except jsonschema.ValidationError as error:
        return f"model {models[key]}: {error.message}"
    except (ValueError, jsonschema.SchemaError) as error:
        return f"model {models[key]} is not a JSON schema: {error}"
    return None

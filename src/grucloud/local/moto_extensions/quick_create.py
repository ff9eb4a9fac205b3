"""Quick create: CreateApi with a Target also makes, as AWS does, an integration to it (Lambda
proxy for a function, HTTP proxy for a URL), a route to the integration (RouteKey, or
`$default`), and the `$default` stage deploying by itself, all three ApiGatewayManaged."""

from __future__ import annotations

import json

from moto.apigatewayv2.models import Integration, Route, Stage
from moto.apigatewayv2.responses import ApiGatewayV2Response

from grucloud.local.moto_extensions.patching import add_operations, backend, body, wrap

_moto_create_api = ApiGatewayV2Response.create_api


def _integration(target: str, credentials_arn: str | None) -> dict:
    lambda_target = ":lambda:" in target
    return dict(
        connection_id=None, connection_type="INTERNET", content_handling_strategy=None, credentials_arn=credentials_arn,
        description=None, integration_method="POST" if lambda_target else "ANY", integration_subtype=None,
        integration_type="AWS_PROXY" if lambda_target else "HTTP_PROXY", integration_uri=target, passthrough_behavior=None,
        payload_format_version="2.0" if lambda_target else "1.0", request_parameters=None, request_templates=None,
        response_parameters=None, template_selection_expression=None, timeout_in_millis=None, tls_config=None,
    )


def create_api(self):
    status, headers, answered = _moto_create_api(self)
    request = body(self)
    if not request.get("target"):
        return status, headers, answered
    moto = backend(self)
    api_id = json.loads(answered)["apiId"]
    integration = moto.create_integration(api_id=api_id, **_integration(request["target"], request.get("credentialsArn")))
    route = moto.create_route(api_id=api_id, api_key_required=False, authorization_scopes=None, authorization_type="NONE",
                      authorizer_id=None, model_selection_expression=None, operation_name=None, request_models=None,
                      request_parameters=None, route_key=request.get("routeKey") or "$default",
                      route_response_selection_expression=None, target=f"integrations/{integration.id}")
    stage = moto.create_stage(api_id, {"stageName": "$default", "autoDeploy": True})
    for made in (integration, route, stage):
        made.gc_api_gateway_managed = True
    return status, headers, answered


def _json(original, self):
    return {**original(self), **({"apiGatewayManaged": True} if getattr(self, "gc_api_gateway_managed", False) else {})}


def install() -> None:
    for model in (Integration, Route, Stage):
        wrap(model, "to_json", _json)
    add_operations(create_api)

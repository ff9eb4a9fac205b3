"""Stages: UpdateStage, DeleteRouteSettings, DeleteAccessLogSettings, the route settings AWS
fills on a WebSocket stage (LoggingLevel "OFF", no trace, no detailed metrics), and AWS's refusal
of route settings for an HTTP API route that does not exist (yet)."""

from __future__ import annotations

from datetime import datetime

from moto.apigatewayv2.models import Api, ApiGatewayV2Backend

from grucloud.local.moto_extensions.patching import (
    NotFound,
    add_operations,
    add_routes,
    answer,
    backend,
    body,
    path_after,
    wrap,
)

_WEBSOCKET_ROUTE_SETTINGS = {"dataTraceEnabled": False, "detailedMetricsEnabled": False, "loggingLevel": "OFF"}


def _stage(response):
    api_id, _, stage_name, *rest = path_after(response, "/apis/")
    return backend(response).get_stage(api_id, stage_name), rest


def _fill_websocket_settings(stage, protocol: str) -> None:
    """A setting not sent, or sent empty, is AWS's."""
    if protocol != "WEBSOCKET":
        return

    def filled(settings: dict, defaults: dict) -> dict:
        return {**defaults, **{k: v for k, v in settings.items() if v not in (None, "")}}

    stage.default_route_settings = filled(stage.default_route_settings or {}, _WEBSOCKET_ROUTE_SETTINGS)
    stage.route_settings = {key: filled(settings, {"loggingLevel": "OFF"}) for key, settings in (stage.route_settings or {}).items()}


def _check_route_keys(api: Api, route_settings: dict) -> None:
    """An HTTP API's route settings name routes that exist: AWS answers NotFound otherwise."""
    if api.protocol_type != "HTTP":
        return
    keys = {route.route_key for route in api.routes.values()}
    for key in route_settings or {}:
        if key not in keys:
            raise NotFound(f"Unable to find Route by key {key} within the provided RouteSettings")


def _create_stage(original, self: ApiGatewayV2Backend, api_id: str, config: dict):
    _check_route_keys(self.get_api(api_id), config.get("routeSettings"))
    stage = original(self, api_id, config)
    _fill_websocket_settings(stage, self.get_api(api_id).protocol_type)
    return stage


def update_stage(self):
    stage, _ = _stage(self)
    api_id = path_after(self, "/apis/")[0]
    changes = body(self)
    _check_route_keys(backend(self).get_api(api_id), changes.get("routeSettings"))
    for member, attribute in (("accessLogSettings", "access_log_settings"), ("autoDeploy", "auto_deploy"),
                              ("clientCertificateId", "client_certificate_id"), ("description", "description")):
        if member in changes:
            setattr(stage, attribute, changes[member])
    if "deploymentId" in changes:
        stage.config["deploymentId"] = changes["deploymentId"]
    # AWS merges: the settings named change, the others stay (removed by their own calls)
    if "defaultRouteSettings" in changes:
        stage.default_route_settings = {**(stage.default_route_settings or {}), **changes["defaultRouteSettings"]}
    for key, settings in (changes.get("routeSettings") or {}).items():
        stage.route_settings[key] = {**stage.route_settings.get(key, {}), **settings}
    # a stage variable sent empty is removed
    variables = {**(stage.stage_variables or {}), **(changes.get("stageVariables") or {})}
    stage.stage_variables = {name: value for name, value in variables.items() if value != ""}
    _fill_websocket_settings(stage, backend(self).get_api(api_id).protocol_type)
    stage.updated = datetime.now()
    return answer(stage.to_json())


def delete_route_settings(self):
    stage, rest = _stage(self)
    route_key = "/".join(rest[1:])  # a route key may hold a "/" (GET /pets)
    if route_key not in stage.route_settings:
        raise NotFound(f"Unable to find Route by key {route_key} within the provided RouteSettings")
    del stage.route_settings[route_key]
    return answer(status=204)


def delete_access_log_settings(self):
    stage, _ = _stage(self)
    stage.access_log_settings = None
    return answer(status=204)


def install() -> None:
    wrap(ApiGatewayV2Backend, "create_stage", _create_stage)
    add_routes(
        r"{0}/v2/apis/(?P<api_id>[^/]+)/stages/(?P<stage_name>[^/]+)/routesettings/(?P<route_key>.+)$",
        r"{0}/v2/apis/(?P<api_id>[^/]+)/stages/(?P<stage_name>[^/]+)/accesslogsettings$",
    )
    add_operations(update_stage, delete_route_settings, delete_access_log_settings)

"""ApiGatewayV2::Stage: a named, deployable snapshot of an API, with access logs."""

from urllib.parse import urlsplit

from grucloud.aws.calls import call
from grucloud.aws.spec import Dependency, Listing, ResourceSpec, Tagging
from grucloud.aws.specs.apigatewayv2.common import API_PARENT


def invoke_url(target, api_id: str, stage_name: str, protocol: str = "HTTP") -> str:
    """Where a stage answers: AWS's execute-api host, or the emulator's data plane, which tells
    APIs apart by the same first label (`<apiId>.execute-api.localhost`; see local/dataplane).
    The `$default` stage is served at the root, with no stage segment. A WebSocket stage is
    `wss://` on AWS and, on the emulator, `ws://` on its WebSocket gateway (local/websocket)."""
    suffix = "" if stage_name == "$default" else f"/{stage_name}"
    if protocol == "WEBSOCKET":
        if target.local:
            from grucloud.local.emulator import websocket_url

            return f"{websocket_url(target.endpoint_url)}/{api_id}{suffix}"
        return f"wss://{api_id}.execute-api.{target.region_name}.amazonaws.com{suffix}"
    if target.local:
        port = urlsplit(target.endpoint_url).port
        return f"http://{api_id}.execute-api.localhost:{port}{suffix}"
    return f"https://{api_id}.execute-api.{target.region_name}.amazonaws.com{suffix}"


def path_style_url(target, api_id: str, stage_name: str) -> str:
    """The emulator's other address of a stage, for clients that cannot resolve `*.localhost`
    (Python and Node.js on a plain glibc system)."""
    suffix = "" if stage_name == "$default" else f"/{stage_name}"
    return f"{target.endpoint_url}/_aws/execute-api/{api_id}{suffix}"


def _add_computed(target, live):
    # listed stages carry their API's ProtocolType; a stage just made asks its API
    protocol = live.get("ProtocolType") or call(target.client("apigatewayv2"), "GetApi", ApiId=live["ApiId"])["ProtocolType"]
    return {**live, "InvokeUrl": invoke_url(target, live["ApiId"], live["StageName"], protocol)}


def _stage_arn(target, live) -> str:
    return f"arn:aws:apigateway:{target.region_name}::/apis/{live['ApiId']}/stages/{live['StageName']}"


def _delete_route_settings(target, live, keys) -> None:
    call(target.client("apigatewayv2"), "DeleteRouteSettings", ApiId=live["ApiId"], StageName=live["StageName"], RouteKey=keys[-1])


def _delete_access_logs(target, live, keys) -> None:
    call(target.client("apigatewayv2"), "DeleteAccessLogSettings", ApiId=live["ApiId"], StageName=live["StageName"])


# a route setting not declared is AWS's: no throttling (0), no trace, no detailed metrics
_ROUTE_SETTINGS = {"DataTraceEnabled": False, "DetailedMetricsEnabled": False, "ThrottlingBurstLimit": 0, "ThrottlingRateLimit": 0.0}


SPEC = ResourceSpec(
    group="ApiGatewayV2",
    type="Stage",
    service="apigatewayv2",
    deleted_with_parent=True,  # DeleteApi removes it (aws-timing-facts §4)
    # a stage has tags of its own; its API's protocol tells its InvokeUrl
    listing=Listing("GetStages", "Items", parent_params={"ApiId": "ApiId"}, parent_fields={"ApiName": "Name", "ProtocolType": "ProtocolType"}),
    # a quick create's $default stage is the API's own, made by AWS with it (ApiGatewayManaged)
    is_default=lambda live, defaults: bool(live.get("ApiGatewayManaged")),
    made_with_parent=lambda api, stage: bool(api.get("Target")) and stage.get("StageName") == "$default",
    identity={"ApiId": "ApiId", "StageName": "StageName"},
    infer_name=lambda properties, deps: f"{deps.get('api')}::{properties.get('StageName')}",
    create="CreateStage",
    update="UpdateStage",
    delete="DeleteStage",
    dependencies={
        "api": API_PARENT,
        "logGroup": Dependency(
            "CloudWatchLogs::LogGroup",
            fills="AccessLogSettings.DestinationArn",
            # describe_log_groups ends the ARN with ":*"; access logs want it without.
            value=lambda live: live["arn"].removesuffix(":*"),
            blocks_delete=False,
        ),
    },
    tagging=Tagging(tag_operation="TagResource", untag_operation="UntagResource", arn=_stage_arn),
    defaults={"DefaultRouteSettings.DetailedMetricsEnabled": False},
    # AWS takes settings only for a route that exists: made after the routes they name
    made_after=lambda desired, deps: [("ApiGatewayV2::Route", f"route::{deps.get('api')}::{key}") for key in desired.get("RouteSettings") or {}],
    add_computed=_add_computed,
    # a WebSocket stage logs nothing unless told
    aws_fills={"DefaultRouteSettings.LoggingLevel": ("OFF",), "RouteSettings.*.LoggingLevel": ("OFF",)},
    # the deployment a stage serves is set by AutoDeploy or by a Deployment naming the stage:
    # an id gencode wrote would name a deployment that a new API does not have
    server_values={"DeploymentId": None},
    unset={
        "StageVariables.*": "",  # a stage variable is removed by sending it empty
        "RouteSettings.*": _delete_route_settings,
        "AccessLogSettings": _delete_access_logs,
        **{f"DefaultRouteSettings.{k}": v for k, v in _ROUTE_SETTINGS.items()},
        **{f"RouteSettings.*.{k}": v for k, v in _ROUTE_SETTINGS.items()},
    },
)


# What forces a replacement (tests/test_specs_meta.py checks it): change it deliberately.
CREATE_ONLY_SNAPSHOT = frozenset()

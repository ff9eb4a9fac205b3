"""ApiGatewayV2::Stage: a named, deployable snapshot of an API, with access logs."""

from urllib.parse import urlsplit

from grucloud.aws.spec import Dependency, ResourceSpec, Tagging
from grucloud.aws.specs.apigatewayv2.common import API_PARENT, api_child_listing


def invoke_url(target, api_id: str, stage_name: str) -> str:
    """Where a stage answers: AWS's execute-api host, or the emulator's data plane, which tells
    APIs apart by the same first label (`<apiId>.execute-api.localhost`; see local/dataplane).
    The `$default` stage is served at the root, with no stage segment."""
    suffix = "" if stage_name == "$default" else f"/{stage_name}"
    if target.local:
        port = urlsplit(target.endpoint_url).port
        return f"http://{api_id}.execute-api.localhost:{port}{suffix}"
    return f"https://{api_id}.execute-api.{target.region_name}.amazonaws.com{suffix}"


def path_style_url(target, api_id: str, stage_name: str) -> str:
    """The emulator's other address of a stage, for clients that cannot resolve `*.localhost`
    (Python and Node.js on a plain glibc system)."""
    suffix = "" if stage_name == "$default" else f"/{stage_name}"
    return f"{target.endpoint_url}/_aws/execute-api/{api_id}{suffix}"


def _derive(target, live):
    return {**live, "InvokeUrl": invoke_url(target, live["ApiId"], live["StageName"])}


def _stage_arn(target, live) -> str:
    return f"arn:aws:apigateway:{target.region_name}::/apis/{live['ApiId']}/stages/{live['StageName']}"


SPEC = ResourceSpec(
    group="ApiGatewayV2",
    type="Stage",
    service="apigatewayv2",
    listing=api_child_listing("GetStages", api_tags=False),  # a stage has tags of its own
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
        ),
    },
    tagging=Tagging(tag_operation="TagResource", untag_operation="UntagResource", arn=_stage_arn),
    defaults={"DefaultRouteSettings.DetailedMetricsEnabled": False},
    derive=_derive,
)


# What forces a replacement (tests/test_specs_meta.py checks it): change it deliberately.
CREATE_ONLY_SNAPSHOT = frozenset()

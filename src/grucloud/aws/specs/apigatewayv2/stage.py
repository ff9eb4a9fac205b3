"""ApiGatewayV2::Stage: a named, deployable snapshot of an API, with access logs."""

from grucloud.aws.spec import Dependency, ResourceSpec, Tagging
from grucloud.aws.specs.apigatewayv2.common import API_PARENT, api_child_listing


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
)

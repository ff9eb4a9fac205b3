"""ApiGatewayV2::Deployment: a snapshot of an API's routes pushed to a stage.

Stages with AutoDeploy make this unnecessary: such a stage deploys by itself, and those
deployments (AutoDeployed) are the stage's, never declared nor deleted by gc.
"""

from grucloud.aws.spec import Dependency, ResourceSpec
from grucloud.aws.specs.apigatewayv2.common import API_PARENT, api_child_listing

SPEC = ResourceSpec(
    group="ApiGatewayV2",
    type="Deployment",
    service="apigatewayv2",
    deleted_with_parent=True,  # DeleteApi removes it (aws-timing-facts §4)
    listing=api_child_listing("GetDeployments", skip=lambda deployment: deployment.get("AutoDeployed", False)),
    identity={"ApiId": "ApiId", "DeploymentId": "DeploymentId"},
    infer_name=lambda properties, deps: f"deployment::{deps.get('api')}",
    create="CreateDeployment",
    update="UpdateDeployment",
    delete="DeleteDeployment",
    dependencies={
        "api": API_PARENT,
        "stage": Dependency("ApiGatewayV2::Stage", fills="StageName", value="StageName"),
    },
    # AWS does not return the stage a deployment was made for.
    ignore=("StageName",),
)


# What forces a replacement (tests/test_specs_meta.py checks it): change it deliberately.
CREATE_ONLY_SNAPSHOT = frozenset({"StageName"})

"""ApiGatewayV2::Deployment: a snapshot of an API's routes pushed to a stage.

Stages with AutoDeploy make this unnecessary; the local emulator (moto) has no deployments.
"""

from grucloud.aws.spec import Dependency, Listing, ResourceSpec

SPEC = ResourceSpec(
    group="ApiGatewayV2",
    type="Deployment",
    service="apigatewayv2",
    listing=Listing("GetDeployments", "Items", parent_params={"ApiId": "ApiId"}, parent_fields={"ApiName": "Name", "Tags": "Tags"}),
    identity={"ApiId": "ApiId", "DeploymentId": "DeploymentId"},
    infer_name=lambda properties, deps: f"deployment::{deps.get('api')}",
    create="CreateDeployment",
    update="UpdateDeployment",
    delete="DeleteDeployment",
    dependencies={
        "api": Dependency("ApiGatewayV2::Api", fills="ApiId", value="ApiId", parent=True),
        "stage": Dependency("ApiGatewayV2::Stage", fills="StageName", value="StageName"),
    },
    # AWS does not return the stage a deployment was made for.
    ignore=("StageName",),
)

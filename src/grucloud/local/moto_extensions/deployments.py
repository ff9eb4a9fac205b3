"""Deployments: CreateDeployment, GetDeployment(s), UpdateDeployment, DeleteDeployment. A stage
with AutoDeploy deploys by itself, as on AWS: that deployment is AutoDeployed, and the stage
points at it."""

from __future__ import annotations

import string
from datetime import datetime

from moto.apigatewayv2.exceptions import BadRequestException
from moto.apigatewayv2.models import Api, ApiGatewayV2Backend, Stage
from moto.core.utils import iso_8601_datetime_without_milliseconds
from moto.moto_api._internal import mock_random as random

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


def _deployments(api: Api) -> dict[str, dict]:
    if not hasattr(api, "gc_deployments"):
        api.gc_deployments = {}
    return api.gc_deployments


def _deploy(api: Api, description: str | None = None, auto: bool = False) -> dict:
    deployment = {
        "deploymentId": "".join(random.choice(string.ascii_lowercase + string.digits) for _ in range(6)),
        "deploymentStatus": "DEPLOYED", "autoDeployed": auto,
        "createdDate": iso_8601_datetime_without_milliseconds(datetime.now()),
        **({"description": description} if description else {}),
    }
    _deployments(api)[deployment["deploymentId"]] = deployment
    return deployment


def _auto_deploy(api: Api, stage: Stage) -> None:
    if stage.auto_deploy:
        stage.config["deploymentId"] = _deploy(api, auto=True)["deploymentId"]


def _create_stage(original, self: ApiGatewayV2Backend, api_id: str, config: dict):
    # as AWS: a stage serves one of its own API's deployments (moto took any id)
    if config.get("deploymentId") and config["deploymentId"] not in _deployments(self.get_api(api_id)):
        raise NotFound(f"Invalid Deployment identifier specified {config['deploymentId']}")
    stage = original(self, api_id, config)
    _auto_deploy(self.get_api(api_id), stage)
    return stage


def _stage_json(original, self: Stage):
    deployment = self.config.get("deploymentId")
    return {**original(self), **({"deploymentId": deployment} if deployment else {})}


def _api_and_deployment(response) -> tuple[Api, dict]:
    api_id, _, deployment_id = path_after(response, "/apis/")
    api = backend(response).get_api(api_id)
    if deployment_id not in _deployments(api):
        raise NotFound(f"Invalid Deployment identifier specified {deployment_id}")
    return api, _deployments(api)[deployment_id]


def create_deployment(self):
    api = backend(self).get_api(path_after(self, "/apis/")[0])
    request = body(self)
    stage = None
    if request.get("stageName"):
        stage = api.stages.get(request["stageName"])
        if stage is None:
            raise BadRequestException(f"Invalid stage identifier specified {request['stageName']}")
    deployment = _deploy(api, request.get("description"))
    if stage is not None:
        stage.config["deploymentId"] = deployment["deploymentId"]
    return answer(deployment, status=201)


def get_deployments(self):
    api = backend(self).get_api(path_after(self, "/apis/")[0])
    return answer({"items": list(_deployments(api).values())})


def get_deployment(self):
    return answer(_api_and_deployment(self)[1])


def update_deployment(self):
    _, deployment = _api_and_deployment(self)
    if "description" in (changes := body(self)):
        deployment["description"] = changes["description"]
    return answer(deployment)


def delete_deployment(self):
    api, deployment = _api_and_deployment(self)
    if any(stage.config.get("deploymentId") == deployment["deploymentId"] for stage in api.stages.values()):
        raise BadRequestException("Active stages pointing to this deployment must be moved or deleted")
    del _deployments(api)[deployment["deploymentId"]]
    return answer(status=204)


def install() -> None:
    wrap(ApiGatewayV2Backend, "create_stage", _create_stage)
    wrap(Stage, "to_json", _stage_json)
    add_routes(r"{0}/v2/apis/(?P<api_id>[^/]+)/deployments$", r"{0}/v2/apis/(?P<api_id>[^/]+)/deployments/(?P<deployment_id>[^/]+)$")
    add_operations(create_deployment, get_deployments, get_deployment, update_deployment, delete_deployment)

"""List operations moto answers one by one only: GetRouteResponses, GetModels."""

from __future__ import annotations

from grucloud.local.moto_extensions.patching import (
    add_operations,
    answer,
    backend,
    path_after,
)


def get_route_responses(self):
    api_id, _, route_id, *_ = path_after(self, "/apis/")
    route = backend(self).get_route(api_id, route_id)
    return answer({"items": [response.to_json() for response in route.route_responses.values()]})


def get_models(self):
    api = backend(self).get_api(path_after(self, "/apis/")[0])
    return answer({"items": [model.to_json() for model in api.models.values()]})


def install() -> None:
    add_operations(get_route_responses, get_models)

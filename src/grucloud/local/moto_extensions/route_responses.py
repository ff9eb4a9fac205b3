"""Route responses: UpdateRouteResponse, which moto lacks (it keeps no ResponseParameters either;
gc's examples use none). GetRouteResponses is in lists.py."""

from __future__ import annotations

from grucloud.local.moto_extensions.patching import (
    add_operations,
    answer,
    backend,
    body,
    path_after,
)


def _route(response):
    api_id, _, route_id, *rest = path_after(response, "/apis/")
    return backend(response).get_route(api_id, route_id), rest


def update_route_response(self):
    route, rest = _route(self)
    route_response = route.get_route_response(rest[1])  # rest: ["routeresponses", id]
    changes = body(self)
    for member, attribute in (("routeResponseKey", "route_response_key"), ("modelSelectionExpression", "model_selection_expression"),
                              ("responseModels", "response_models")):
        if member in changes:
            setattr(route_response, attribute, changes[member])
    return answer(route_response.to_json())


def install() -> None:
    add_operations(update_route_response)

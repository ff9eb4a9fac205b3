"""How the extensions reach into moto's API Gateway V2: its response class (one method per
operation, named as moto names them), its URL table, and its backend's objects."""

from __future__ import annotations

import json
from collections.abc import Callable
from urllib.parse import unquote

from moto.apigatewayv2 import urls
from moto.apigatewayv2.exceptions import APIGatewayV2Error
from moto.apigatewayv2.models import apigatewayv2_backends
from moto.apigatewayv2.responses import ApiGatewayV2Response


def add_operations(*operations: Callable) -> None:
    """Each function becomes the ApiGatewayV2Response method of its name (e.g. `update_stage`):
    moto's dispatcher finds an operation's method by the botocore operation's snake_case name."""
    for operation in operations:
        setattr(ApiGatewayV2Response, operation.__name__, operation)


def add_routes(*paths: str) -> None:
    """URL paths (regular expressions, `{0}` standing for the host) that moto does not route.
    moto reads its URL table on each in-process request, and its server when it first serves
    API Gateway V2: install before either."""
    for path in paths:
        urls.url_paths.setdefault(path, ApiGatewayV2Response.dispatch)


def backend(response: ApiGatewayV2Response):
    """The region's API Gateway V2 backend the request is for."""
    return apigatewayv2_backends[response.current_account][response.region]


def path_after(response: ApiGatewayV2Response, marker: str) -> list[str]:
    """The path's segments after `marker` (e.g. "/apis/"), unquoted: the server decodes the path
    before moto sees it, the in-process mock does not."""
    return [unquote(part) for part in response.path.split(marker, 1)[1].split("/")]


def body(response: ApiGatewayV2Response) -> dict:
    return json.loads(response.body or "{}")


def answer(data: dict | None = None, status: int = 200):
    return status, {}, json.dumps(data or {})


class NotFound(APIGatewayV2Error):
    code = 404

    def __init__(self, message: str):
        super().__init__("NotFoundException", message)


def wrap(owner: type, name: str, wrapper: Callable) -> None:
    """Replace `owner.name` by `wrapper(original, *args, **kwargs)`."""
    original = getattr(owner, name)

    def wrapped(*args, **kwargs):
        return wrapper(original, *args, **kwargs)

    setattr(owner, name, wrapped)

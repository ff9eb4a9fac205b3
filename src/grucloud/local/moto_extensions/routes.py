"""Routes: an UpdateRoute member sent empty clears it, as on AWS (moto keeps the old value of
an empty AuthorizationScopes, ModelSelectionExpression, RequestModels or Target)."""

from __future__ import annotations

from moto.apigatewayv2.models import Route

from grucloud.local.moto_extensions.patching import wrap

_CLEARED_WHEN_EMPTY = ("authorization_scopes", "model_selection_expression", "request_models", "target")


def _update(original, self: Route, **members):
    original(self, **members)
    for member in _CLEARED_WHEN_EMPTY:
        if members.get(member) is not None and not members[member]:
            setattr(self, member, None)


def install() -> None:
    wrap(Route, "update", _update)

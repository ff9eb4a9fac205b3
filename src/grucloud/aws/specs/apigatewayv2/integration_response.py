r"""ApiGatewayV2::IntegrationResponse: how a WebSocket API's integration answer is transformed
before a two-way route sends it back (its templates), selected by the integration's status code
(`/200/`, `/2\d\d/`) or `$default`.

Listed under its integration, and ours when that is; named `<integration>::<key>`, as GruCloud's.
"""

import re

from grucloud.aws.spec import Dependency, Listing, ResourceSpec
from grucloud.aws.specs.apigatewayv2.common import on_websocket_api

INTEGRATION = "ApiGatewayV2::Integration"
# the integrations an HTTP API has and a WebSocket API has not
_HTTP_PAYLOAD = "2.0"


def _prepare_desired(desired, ctx) -> None:
    integration = ctx.dependencies.get("integration")
    if integration and "ApiId" not in desired:
        desired["ApiId"] = ctx.get_id(INTEGRATION, integration, "ApiId")


def _rules(properties, context):
    key = properties.get("IntegrationResponseKey")
    if isinstance(key, str) and key != "$default":
        if not (len(key) > 2 and key.startswith("/") and key.endswith("/")):
            yield "IntegrationResponseKey", f"{key!r}: use '$default' or a regular expression between slashes on the status code, e.g. '/200/' or '/2\\d\\d/'"
        else:
            try:
                re.compile(key[1:-1])
            except re.error as error:
                yield "IntegrationResponseKey", f"{key!r} is not a regular expression ({error}); e.g. '/2\\d\\d/'"
    kind = context.dependency_property("integration", "IntegrationType")
    http_only = kind == "HTTP_PROXY" or context.dependency_property("integration", "IntegrationSubtype") or (
        context.dependency_property("integration", "PayloadFormatVersion") == _HTTP_PAYLOAD)
    if http_only:
        yield "dependencies.integration", (
            f"{context.dependencies.get('integration')!r} is an HTTP API's integration: integration responses are for WebSocket APIs "
            "(an HTTP API's integration maps its answer with ResponseParameters)")


SPEC = ResourceSpec(
    group="ApiGatewayV2",
    type="IntegrationResponse",
    service="apigatewayv2",
    listing=Listing("GetIntegrationResponses", "Items", parent_params={"ApiId": "ApiId", "IntegrationId": "IntegrationId"},
                    parent_fields={"ApiName": "ApiName", "Tags": "Tags"}, under=on_websocket_api),
    identity={"ApiId": "ApiId", "IntegrationId": "IntegrationId", "IntegrationResponseId": "IntegrationResponseId"},
    infer_name=lambda properties, deps: f"{deps.get('integration')}::{properties.get('IntegrationResponseKey')}",
    create="CreateIntegrationResponse",
    update="UpdateIntegrationResponse",
    delete="DeleteIntegrationResponse",
    dependencies={
        "integration": Dependency(INTEGRATION, fills="IntegrationId", value="IntegrationId", parent=True),
    },
    # a map entry is removed by sending it empty
    unset={"ResponseParameters.*": "", "ResponseTemplates.*": ""},
    prepare_desired=_prepare_desired,
    rules=_rules,
    deleted_with_parent=True,  # DeleteIntegration (and so DeleteApi) removes it: it lives inside its integration
)


# What forces a replacement (tests/test_specs_meta.py checks it): change it deliberately.
CREATE_ONLY_SNAPSHOT = frozenset()

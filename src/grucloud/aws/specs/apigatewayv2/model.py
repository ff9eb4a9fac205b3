"""ApiGatewayV2::Model: a JSON schema of a WebSocket API, which a route names in its
RequestModels (the message is checked against it) and a route response in its ResponseModels.

`Schema` is the schema as a JSON string, as CreateModel takes it. Listed under its API.
"""

import json
import re

from grucloud.aws.spec import ResourceSpec
from grucloud.aws.specs.apigatewayv2.common import API_PARENT, api_child_listing

_NAME = re.compile(r"^[A-Za-z0-9]+$")


def _rules(properties, context):
    name = properties.get("Name")
    if isinstance(name, str) and not _NAME.match(name):
        yield "Name", f"{name!r}: a model's name is letters and digits only, e.g. {re.sub(r'[^A-Za-z0-9]', '', name) or 'MyModel'!r}"
    schema = properties.get("Schema")
    if isinstance(schema, str):
        try:
            parsed = json.loads(schema)
        except ValueError as error:
            yield "Schema", f"is not JSON ({error}); write the schema with json.dumps({{...}})"
        else:
            if not isinstance(parsed, dict):
                yield "Schema", "must be a JSON object, a JSON schema such as '{\"type\": \"object\"}'"
    if context.dependency_property("api", "ProtocolType") == "HTTP":
        yield "dependencies.api", f"{context.dependencies.get('api')!r} is an HTTP API: models are for WebSocket APIs"


SPEC = ResourceSpec(
    group="ApiGatewayV2",
    type="Model",
    service="apigatewayv2",
    listing=api_child_listing("GetModels"),
    identity={"ApiId": "ApiId", "ModelId": "ModelId"},
    name_path="Name",
    create="CreateModel",
    update="UpdateModel",
    delete="DeleteModel",
    dependencies={"api": API_PARENT},
    rules=_rules,
    deleted_with_parent=True,  # DeleteApi removes it (aws-timing-facts §4)
)


# What forces a replacement (tests/test_specs_meta.py checks it): change it deliberately.
CREATE_ONLY_SNAPSHOT = frozenset()

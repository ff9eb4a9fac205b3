"""ApiGatewayV2::Api: an HTTP or WebSocket API.

An HTTP API may be defined by an OpenAPI 3 document, `Body` (a dict, or JSON or YAML text), as
Terraform's `body`: created empty (with its tags, so it is ours at once), then the document is
imported into it (ReimportApi, with `Basepath` and `FailOnWarnings`), and imported again when it
changes. AWS never returns the document: its SHA-256 is kept in the gc-openapi-sha256 tag and
compared with the declared one's. The routes, integrations and authorizers the import makes are
the API's own (listed as made by AWS, never diffed nor deleted one by one). What the document
says and the declaration does not (its version, description, CORS, tags) is expected as it says.

So are the integration, route and $default stage of a quick create (`Target`: a Lambda function's
ARN or a URL). AWS never returns the Target either: it is kept in the gc-quick-create-target tag.
"""

import hashlib
import json
from urllib.parse import urlsplit

from grucloud.aws import shapes
from grucloud.aws.calls import call
from grucloud.aws.spec import Listing, ResourceSpec, Tagging

BODY_TAG = "gc-openapi-sha256"
TARGET_TAG = "gc-quick-create-target"
_IMPORT = ("Body", "Basepath", "FailOnWarnings")  # ReimportApi's, not CreateApi's


def api_arn(target, live) -> str:
    return f"arn:aws:apigateway:{target.region_name}::/apis/{live['ApiId']}"


# HTTP APIs route by method and path; a WebSocket API by an expression on the message
_HTTP_ROUTE_SELECTION = "${request.method} ${request.path}"
_HTTP_ONLY = ("CorsConfiguration", "CredentialsArn", "RouteKey", "Target")
_WEBSOCKET_ONLY = ("DisableSchemaValidation",)


def _rules(properties, context):
    protocol = properties.get("ProtocolType")
    if protocol == "WEBSOCKET":
        if not properties.get("RouteSelectionExpression"):
            yield "RouteSelectionExpression", "is required for a WebSocket API, e.g. '$request.body.action'"
        for field in _HTTP_ONLY:
            if field in properties:
                yield field, "is for HTTP APIs only; remove it from this WebSocket API"
    if "Body" in properties:
        body = properties["Body"]
        if protocol == "WEBSOCKET":
            yield "Body", "is for HTTP APIs only: a WebSocket API cannot be imported from an OpenAPI document"
        elif isinstance(body, dict) and not str(body.get("openapi", "")).startswith("3"):
            yield "Body.openapi", "is required: an OpenAPI 3 document, e.g. \"openapi\": \"3.0.1\" (API Gateway V2 imports no Swagger 2.0)"
        elif not isinstance(body, (dict, str)):
            yield "Body", "is the OpenAPI document: a dict, or its JSON or YAML text"
    elif any(member in properties for member in ("Basepath", "FailOnWarnings")):
        yield "Basepath" if "Basepath" in properties else "FailOnWarnings", "is an option of Body's import: declare Body, or remove it"
    if protocol == "HTTP":
        for field in _WEBSOCKET_ONLY:
            if field in properties:
                yield field, "is for WebSocket APIs only; remove it from this HTTP API"
        expression = properties.get("RouteSelectionExpression")
        if expression not in (None, _HTTP_ROUTE_SELECTION):
            yield "RouteSelectionExpression", f"{expression!r}: an HTTP API routes by method and path; leave it out, or set {_HTTP_ROUTE_SELECTION!r}"


def body_digest(body) -> str:
    """What an OpenAPI document is compared as: "sha256:<hex>" of its JSON, keys sorted (text
    that is no JSON, YAML, as it is). A digest stands for itself: the live side is one."""
    if isinstance(body, str) and body.startswith("sha256:"):
        return body
    if isinstance(body, str):
        try:
            body = json.loads(body)
        except ValueError:
            return "sha256:" + hashlib.sha256(body.encode()).hexdigest()
    return "sha256:" + hashlib.sha256(json.dumps(body, sort_keys=True, separators=(",", ":")).encode()).hexdigest()


def endpoint(target, live) -> str:
    """The API's host (GruCloud's "Endpoint"), where a WebSocket API's @connections answer
    (`https://<Endpoint>/<stage>/@connections/<id>`). On the emulator, its @connections listener."""
    if target.local and live.get("ProtocolType") == "WEBSOCKET":
        from grucloud.local.emulator import connections_host

        return connections_host(target.endpoint_url)
    if target.local:
        return f"{live['ApiId']}.execute-api.localhost:{urlsplit(target.endpoint_url).port}"
    return f"{live['ApiId']}.execute-api.{target.region_name}.amazonaws.com"


def _add_computed(target, live):
    # The execute-api ARN, which Lambda permissions use as SourceArn (GruCloud's "ArnV2").
    arn = f"arn:aws:execute-api:{target.region_name}:{target.account_id()}:{live['ApiId']}"
    live = {**live, "ArnV2": arn, "Endpoint": endpoint(target, live)}
    tags = dict(live.get("Tags") or {})
    # what AWS does not return, kept in tags of gc's, out of the tags a user declares: the
    # imported document's digest, a quick create's target; and so who made the API's children
    if BODY_TAG in tags:
        live["Body"] = "sha256:" + tags.pop(BODY_TAG)
        live["ChildrenMadeBy"] = "OpenAPI import"
    if TARGET_TAG in tags:  # (what the quick create made, AWS marks: ApiGatewayManaged)
        live["Target"] = tags.pop(TARGET_TAG)
    live["Tags"] = tags
    return live


def _create_params(desired, ctx) -> dict:
    params = {k: v for k, v in desired.items() if k not in _IMPORT}
    if "Target" in params:
        params["Tags"] = {**(params.get("Tags") or {}), TARGET_TAG: params["Target"]}
    return params


def _import_body(target, desired, live):
    """Import the declared document into the API, then put back what the import overwrote (its
    name, settings and tags come from the document) and mark the API with the document's digest."""
    if "Body" not in desired:
        return None
    client = target.client("apigatewayv2")
    body = desired["Body"]
    options = {k: desired[k] for k in ("Basepath", "FailOnWarnings") if k in desired}
    call(client, "ReimportApi", ApiId=live["ApiId"], Body=body if isinstance(body, str) else json.dumps(body), **options)
    settable = shapes.input_members("apigatewayv2", "UpdateApi")
    call(client, "UpdateApi", ApiId=live["ApiId"], **{k: v for k, v in desired.items() if k in settable and k != "ApiId"})
    digest = body_digest(body).removeprefix("sha256:")
    # the import tagged the API with the document's tags, over the declared ones: put those back
    call(client, "TagResource", ResourceArn=api_arn(target, live), Tags={**(desired.get("Tags") or {}), BODY_TAG: digest})
    return call(client, "GetApi", ApiId=live["ApiId"])


# the members of API Gateway's x-amazon-apigateway-cors extension, as CorsConfiguration names them
_DOCUMENT_CORS = {"allowCredentials": "AllowCredentials", "allowHeaders": "AllowHeaders", "allowMethods": "AllowMethods",
                  "allowOrigins": "AllowOrigins", "exposeHeaders": "ExposeHeaders", "maxAge": "MaxAge"}


def _document(properties) -> dict:
    """The declared OpenAPI document, read: a dict, or JSON or YAML text (YAML reads JSON too);
    {} when there is none or it cannot be read (validation says why)."""
    body = properties.get("Body")
    if isinstance(body, str):
        import yaml  # here: every command imports the specs, few declare a document (~10 ms)

        try:
            body = yaml.safe_load(body)
        except yaml.YAMLError:
            return {}
    return body if isinstance(body, dict) else {}


def _from_document(properties, ctx) -> dict:
    """What an import takes from the document when it is not declared: the version and the
    description in its info, its CORS configuration (the name is always declared: Name is
    required)."""
    body = _document(properties)
    info = body.get("info") if isinstance(body.get("info"), dict) else {}
    found = {member: str(info[key]) for member, key in (("Version", "version"), ("Description", "description")) if key in info}
    cors = body.get("x-amazon-apigateway-cors")
    if isinstance(cors, dict):
        found["CorsConfiguration"] = {member: cors[key] for key, member in _DOCUMENT_CORS.items() if key in cors}
    return found


def _document_tags(properties) -> dict:
    """The tags an import puts on the API: the document's root `tags`, each valued by its
    x-amazon-apigateway-tag-value ("" without one)."""
    tags = _document(properties).get("tags")
    return {tag["name"]: str(tag.get("x-amazon-apigateway-tag-value", "")) for tag in tags or [] if isinstance(tag, dict) and "name" in tag}


def _with_document_tags(desired, ctx) -> None:
    # the document's tags are the API's, under the declared ones (and gc's)
    if document_tags := _document_tags(desired):
        desired["Tags"] = {**document_tags, **(desired.get("Tags") or {})}


def _after_update(target, desired, live, changed) -> None:
    if "Body" in changed:
        _import_body(target, desired, live)
    if "Target" in changed and "Target" in desired:  # UpdateApi changed the quick create's integration
        call(target.client("apigatewayv2"), "TagResource", ResourceArn=api_arn(target, live), Tags={TARGET_TAG: desired["Target"]})


def _delete_cors(target, live, keys) -> None:
    # UpdateApi cannot remove a CORS configuration; its own call does
    call(target.client("apigatewayv2"), "DeleteCorsConfiguration", ApiId=live["ApiId"])


SPEC = ResourceSpec(
    group="ApiGatewayV2",
    type="Api",
    service="apigatewayv2",
    listing=Listing("GetApis", "Items"),
    identity={"ApiId": "ApiId"},
    name_path="Name",
    create="CreateApi",
    update="UpdateApi",
    delete="DeleteApi",
    tagging=Tagging(
        tag_operation="TagResource", untag_operation="UntagResource", arn=api_arn
    ),
    defaults={
        "ProtocolType": "HTTP",
        "ApiKeySelectionExpression": "$request.header.x-api-key",
        "DisableExecuteApiEndpoint": False,
    },
    # what every HTTP API has (moto spells it without braces); a WebSocket API declares its own
    # (the digest of an imported document is not the document: gencode cannot write it back)
    server_values={"RouteSelectionExpression": ("${request.method} ${request.path}", "$request.method $request.path"),
                   "Body": None},
    unset={"CorsConfiguration": _delete_cors, "CorsConfiguration.AllowCredentials": False, "CorsConfiguration.MaxAge": -1,
           "DisableSchemaValidation": False},
    add_computed=_add_computed,
    rules=_rules,
    # the OpenAPI document and its import's options go to ReimportApi, after CreateApi
    to_create_params=_create_params,
    after_create=lambda target, desired, live: _import_body(target, desired, live),
    after_update=_after_update,
    extra_properties=("Body",),
    ignore=("Basepath", "FailOnWarnings"),  # options of an import, never returned
    compare_as={"Body": body_digest},
    defaults_for=_from_document,
    prepare_desired=_with_document_tags,
    # a quick create's target, no longer declared, is left as it is: the API keeps its children
    aws_fills={"Target": None},
)


# What forces a replacement (tests/test_specs_meta.py checks it): change it deliberately.
CREATE_ONLY_SNAPSHOT = frozenset({"ProtocolType"})

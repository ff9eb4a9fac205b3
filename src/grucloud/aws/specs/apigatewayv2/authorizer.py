"""ApiGatewayV2::Authorizer: who may call a route. JWT (HTTP APIs), e.g. a Cognito user pool
as issuer and its app clients as audience; or REQUEST, a Lambda function that decides.
"""

from grucloud.aws.spec import Dependency, ResourceSpec
from grucloud.aws.specs.apigatewayv2.common import (
    API_PARENT,
    api_child_listing,
    invocation_uri,
    made_by_api,
    made_with_api,
)

_IDENTITY_SOURCE_HTTP = "$request.header.Authorization"


def _function_invocation_uri(function: dict) -> str:
    """How API Gateway names a Lambda function it invokes."""
    return invocation_uri(function["Configuration"]["FunctionArn"])


def _rules(properties, context):
    protocol = context.dependency_property("api", "ProtocolType") or "HTTP"
    kind = properties.get("AuthorizerType")
    jwt = properties.get("JwtConfiguration") or {}
    if kind == "JWT":
        if protocol != "HTTP":
            yield "AuthorizerType", "JWT is for HTTP APIs; a WebSocket API takes REQUEST (a Lambda authorizer)"
        if not jwt.get("Issuer"):
            yield "JwtConfiguration.Issuer", "is required for a JWT authorizer: add \"dependencies\": {\"userPool\": \"<user pool>\"}, or set the issuer URL"
        if not jwt.get("Audience"):
            yield "JwtConfiguration.Audience", "is required for a JWT authorizer: add \"dependencies\": {\"userPoolClients\": [\"<app client>\"]}, or list the client ids"
        if not properties.get("IdentitySource"):
            yield "IdentitySource", f"is required for a JWT authorizer, e.g. [{_IDENTITY_SOURCE_HTTP!r}]"
    elif kind == "REQUEST":
        if jwt:
            yield "JwtConfiguration", "is only for JWT authorizers; remove it from this REQUEST authorizer"
        if not properties.get("AuthorizerUri"):
            yield "AuthorizerUri", "is required for a REQUEST authorizer: add \"dependencies\": {\"lambdaFunction\": \"<function>\"}"
        version = properties.get("AuthorizerPayloadFormatVersion")
        if protocol == "HTTP" and version not in ("1.0", "2.0"):
            yield "AuthorizerPayloadFormatVersion", f"{version!r}: an HTTP API's REQUEST authorizer needs '1.0' or '2.0'"
        if protocol == "WEBSOCKET" and properties.get("EnableSimpleResponses"):
            yield "EnableSimpleResponses", "is for HTTP APIs only"
        if properties.get("EnableSimpleResponses") and version != "2.0":
            yield "EnableSimpleResponses", "needs AuthorizerPayloadFormatVersion '2.0'"


SPEC = ResourceSpec(
    group="ApiGatewayV2",
    type="Authorizer",
    service="apigatewayv2",
    deleted_with_parent=True,  # DeleteApi removes it (aws-timing-facts §4)
    listing=api_child_listing("GetAuthorizers", api_tags=False),
    is_default=made_by_api,  # made by AWS with its API
    made_with_parent=made_with_api,
    identity={"ApiId": "ApiId", "AuthorizerId": "AuthorizerId"},
    name_path="Name",
    create="CreateAuthorizer",
    update="UpdateAuthorizer",
    delete="DeleteAuthorizer",
    dependencies={
        "api": API_PARENT,
        "userPool": Dependency(
            "CognitoIdentityServiceProvider::UserPool", fills="JwtConfiguration.Issuer", value=lambda live: f"https://{live['ProviderName']}",
            blocks_delete=False,
        ),
        "userPoolClients": Dependency(
            "CognitoIdentityServiceProvider::UserPoolClient", fills="JwtConfiguration.Audience", value="ClientId", many=True,
            blocks_delete=False,
        ),
        "lambdaFunction": Dependency("Lambda::Function", fills="AuthorizerUri", value=_function_invocation_uri, blocks_delete=False),
    },
    rules=_rules,
)


# What forces a replacement (tests/test_specs_meta.py checks it): change it deliberately.
CREATE_ONLY_SNAPSHOT = frozenset()

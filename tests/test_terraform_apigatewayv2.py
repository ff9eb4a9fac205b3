"""Terraform's API Gateway V2 acceptance tests (terraform-provider-aws,
internal/service/apigatewayv2/*_test.go) as gc projects.

Each test's configurations are steps: each step is applied, planned (no change, no problem),
and checked attribute by attribute as the Terraform test checks them (read back with boto3);
then the stack is destroyed and nothing of ours is left. Where gc means something else on
purpose, a comment says so: an omitted property returns to AWS's default (as Terraform's own
unset attributes do), and a renamed Api is another Api (gc names an Api by its Name).
The emulator answers every API Gateway V2 operation these tests need (local/moto_extensions);
a test that needs what gc does not make (an API Gateway v1 REST API) makes it with boto3.
"""

from __future__ import annotations

import json
import re

import pytest
import yaml

from conftest import apply, assert_applied, assert_converged, ours
from grucloud.aws import resources
from grucloud.aws.declarable import pruned
from no_example_types import rest_api_stage
from test_gencode import run_gencode

ROLE = {"type": "Role", "group": "IAM", "properties": {"RoleName": "tf-lambda-role", "AssumeRolePolicyDocument": {
    "Version": "2012-10-17",
    "Statement": [{"Action": "sts:AssumeRole", "Effect": "Allow", "Principal": {"Service": "lambda.amazonaws.com"}}]}}}
FUNCTION = {"type": "Function", "group": "Lambda", "properties": {"Configuration": {
    "FunctionName": "tf-fn", "Handler": "index.handler", "Runtime": "nodejs20.x"}}, "dependencies": {"role": "tf-lambda-role"}}
INVOKE = "arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/arn:aws:lambda:us-east-1:123456789012:function:tf-fn/invocations"


def api(protocol="HTTP", name="tf-api", **properties) -> dict:
    if protocol == "WEBSOCKET":
        properties.setdefault("RouteSelectionExpression", "$request.body.action")
    return {"type": "Api", "group": "ApiGatewayV2", "properties": {"Name": name, "ProtocolType": protocol, **properties}}


def child(kind: str, properties: dict, **dependencies) -> dict:
    return {"type": kind, "group": "ApiGatewayV2", "properties": properties, "dependencies": {"api": "tf-api", **dependencies}}


def source(*resources) -> str:
    """resources.py for these resources; a string is Python source for one (a properties
    function, which no dict can spell)."""
    items = [r if isinstance(r, str) else repr(r) for r in resources]
    return "def create_resources(config):\n    return [\n" + "".join(f"        {item},\n" for item in items) + "    ]\n"


class Live:
    """The live API and its children, read with plain boto3 (as Terraform's checks read them)."""

    def __init__(self, boto):
        self.client = boto("apigatewayv2")

    def api(self, name="tf-api") -> dict:
        found = [a for a in self.client.get_apis()["Items"] if a["Name"] == name]
        assert len(found) == 1, found
        return found[0]

    def children(self, kind: str) -> list[dict]:
        return getattr(self.client, f"get_{kind}")(ApiId=self.api()["ApiId"])["Items"]

    def one(self, kind: str) -> dict:
        items = self.children(kind)
        assert len(items) == 1, items
        return items[0]


def check(item: dict, **expected) -> None:
    """Terraform's TestCheckResourceAttr: "" is an attribute that is not set (an empty map
    entry too), an unset boolean is false, an unset number 0; numbers are numbers."""
    for path, want in expected.items():
        have = item
        for part in path.split("."):
            have = have.get(part) if isinstance(have, dict) else None
        have = pruned(have)
        if want == "":
            assert have is None, (path, have)
        elif want is False:
            assert have in (None, False), (path, have)
        elif isinstance(want, (int, float)) and not isinstance(want, bool):
            have = 0 if have is None and want == 0 else have
            assert isinstance(have, (int, float)) and float(have) == float(want), (path, have, want)
        else:
            assert have == want, (path, have, want)


def run_steps(target, boto, write_project, steps, folders=()) -> None:
    """Each (resources.py source, check(live)) step applied, planned and checked; then destroyed."""
    directory = write_project(steps[0][0], folders=folders, name="tf")
    for text, checks in steps:
        (directory / "resources.py").write_text(text)
        assert_applied(apply(directory, target))
        assert_converged(directory, target)
        checks(Live(boto))
    assert_applied(apply(directory, target, destroy=True))
    assert ours(target, directory) == {}
    assert boto("apigatewayv2").get_apis()["Items"] == []


# --- api_test.go ---------------------------------------------------------------------------------


def test_api_basic_websocket(target, boto, write_project):
    run_steps(target, boto, write_project, [(source(api("WEBSOCKET")), lambda live: check(
        live.api(), ApiKeySelectionExpression="$request.header.x-api-key", Description="", DisableExecuteApiEndpoint=False,
        ProtocolType="WEBSOCKET", RouteSelectionExpression="$request.body.action", Version=""))])


def test_api_basic_http(target, boto, write_project):
    run_steps(target, boto, write_project, [(source(api()), lambda live: check(
        live.api(), ApiKeySelectionExpression="$request.header.x-api-key", Description="", DisableExecuteApiEndpoint=False,
        ProtocolType="HTTP", Version=""))])


def _all_attributes(protocol: str, name: str = "tf-api") -> dict:
    extra = {"ApiKeySelectionExpression": "$context.authorizer.usageIdentifierKey", "RouteSelectionExpression": "$request.body.service"} \
        if protocol == "WEBSOCKET" else {}
    return api(protocol, name, Description="test description", DisableExecuteApiEndpoint=True, Version="v1", **extra)


@pytest.mark.parametrize("protocol", ["WEBSOCKET", "HTTP"])
def test_api_all_attributes(target, boto, write_project, protocol):
    key = "$context.authorizer.usageIdentifierKey" if protocol == "WEBSOCKET" else "$request.header.x-api-key"
    selection = "$request.body.service" if protocol == "WEBSOCKET" else "$request.method $request.path"

    def all_set(live):
        check(live.api(), ApiKeySelectionExpression=key, Description="test description", DisableExecuteApiEndpoint=True, Version="v1")

    def basic(live):
        # the attributes no longer declared are back to AWS's defaults (Terraform's unset ones too)
        check(live.api(), ApiKeySelectionExpression="$request.header.x-api-key", Description="", DisableExecuteApiEndpoint=False, Version="")

    run_steps(target, boto, write_project, [
        (source(_all_attributes(protocol)), all_set),
        (source(api(protocol)), basic),
        # Terraform renames the API in place; gc names an Api by its Name, so another Name is
        # another Api: the old one is deleted, a new one made
        (source(_all_attributes(protocol, "tf-api-2")), lambda live: check(live.api("tf-api-2"), RouteSelectionExpression=selection, Version="v1")),
        (source(_all_attributes(protocol)), all_set),
    ])


CORS = {"AllowCredentials": True, "AllowHeaders": ["Authorization"], "AllowMethods": ["GET", "put"], "AllowOrigins": ["https://www.example.com"]}
CORS_UPDATED = {"AllowHeaders": ["x-api-key"], "AllowMethods": ["*"], "AllowOrigins": ["HTTP://WWW.EXAMPLE.ORG", "https://example.io"],
                "ExposeHeaders": ["X-Api-Id"], "MaxAge": 500}


def test_api_cors(target, boto, write_project):
    run_steps(target, boto, write_project, [
        (source(api(CorsConfiguration=CORS)), lambda live: check(live.api(), **{
            "CorsConfiguration.AllowCredentials": True, "CorsConfiguration.AllowHeaders": ["Authorization"],
            "CorsConfiguration.AllowMethods": ["GET", "put"], "CorsConfiguration.ExposeHeaders": "", "CorsConfiguration.MaxAge": ""})),
        # AllowCredentials no longer declared: back to false; ExposeHeaders and MaxAge added
        (source(api(CorsConfiguration=CORS_UPDATED)), lambda live: check(live.api(), **{
            "CorsConfiguration.AllowCredentials": False, "CorsConfiguration.AllowHeaders": ["x-api-key"], "CorsConfiguration.MaxAge": 500,
            "CorsConfiguration.ExposeHeaders": ["X-Api-Id"]})),
        # the whole configuration removed: DeleteCorsConfiguration
        (source(api()), lambda live: check(live.api(), CorsConfiguration="")),
    ])


def test_api_tags(target, boto, write_project):
    def tags(expected):
        return lambda live: check({k: v for k, v in live.api()["Tags"].items() if not k.startswith("gc-")}, **expected)

    run_steps(target, boto, write_project, [
        (source(api(Tags={"Key1": "Value1", "Key2": "Value2"})), tags({"Key1": "Value1", "Key2": "Value2"})),
        (source(api(Tags={"Key2": "Value2Updated"})), tags({"Key1": "", "Key2": "Value2Updated"})),
    ])


# quick create: the Api's Target is the function, read through ctx.get_id (which orders the apply)
QUICK_CREATE = '''{"type": "Api", "group": "ApiGatewayV2", "properties": lambda ctx: {"Name": "tf-api", "ProtocolType": "HTTP",
            "Target": ctx.get_id("Lambda::Function", "tf-fn", "Configuration.FunctionArn")}}'''


def test_api_quick_create(target, boto, write_project):
    function = "arn:aws:lambda:us-east-1:123456789012:function:tf-fn"

    def made_by_api_gateway(live):
        check(live.api(), ApiKeySelectionExpression="$request.header.x-api-key", ProtocolType="HTTP")
        # Target is write-only (GetApi never answers it): applied once, then no change, no replacement
        integration = live.one("integrations")
        check(integration, IntegrationType="AWS_PROXY", IntegrationUri=function, PayloadFormatVersion="2.0", ApiGatewayManaged=True)
        check(live.one("routes"), RouteKey="$default", Target=f"integrations/{integration['IntegrationId']}", ApiGatewayManaged=True)
        check(live.one("stages"), StageName="$default", AutoDeploy=True, ApiGatewayManaged=True)

    # the integration, route and stage it makes are API Gateway's: gc neither plans nor deletes
    # them apart from the Api
    run_steps(target, boto, write_project, [(source(QUICK_CREATE, ROLE, FUNCTION), made_by_api_gateway)], folders=("tf-fn",))


# --- integration_test.go -------------------------------------------------------------------------


def test_integration_basic_websocket(target, boto, write_project):
    run_steps(target, boto, write_project, [(source(api("WEBSOCKET"), child("Integration", {"IntegrationType": "MOCK"})), lambda live: check(
        live.one("integrations"), ConnectionType="INTERNET", ContentHandlingStrategy="", CredentialsArn="", Description="",
        IntegrationMethod="", IntegrationType="MOCK", IntegrationUri="", TemplateSelectionExpression="",
        TimeoutInMillis=29000))])  # AWS's WebSocket default (gc once sent HTTP's 30000 and refused it)


HTTP_ON_WEBSOCKET = {
    "IntegrationType": "HTTP", "ConnectionType": "INTERNET", "ContentHandlingStrategy": "CONVERT_TO_TEXT", "Description": "Test HTTP",
    "IntegrationMethod": "GET", "IntegrationUri": "http://www.example.com", "PassthroughBehavior": "WHEN_NO_MATCH",
    "TemplateSelectionExpression": "$request.body.name", "TimeoutInMillis": 28999,
    "RequestParameters": {"integration.request.querystring.stage": "'value1'"}, "RequestTemplates": {"application/json": ""},
}
HTTP_ON_WEBSOCKET_UPDATED = {
    "IntegrationType": "HTTP", "ConnectionType": "INTERNET", "ContentHandlingStrategy": "CONVERT_TO_BINARY", "Description": "Test HTTP updated",
    "IntegrationMethod": "POST", "IntegrationUri": "http://www.example.org", "PassthroughBehavior": "WHEN_NO_TEMPLATES",
    "TemplateSelectionExpression": "$request.body.id", "TimeoutInMillis": 51,
    "RequestParameters": {"integration.request.header.x-userid": "'value2'", "integration.request.path.op": "'value3'"},
    "RequestTemplates": {"application/json": "#set($number=42)", "application/xml": "#set($percent=$number/100)"},
}


def test_integration_type_http(target, boto, write_project):
    def checks(properties):
        return lambda live: check(live.one("integrations"), **{k: v for k, v in properties.items() if k != "RequestTemplates"},
                                  **{f"RequestTemplates.{k}": v for k, v in properties["RequestTemplates"].items()})

    run_steps(target, boto, write_project, [
        (source(api("WEBSOCKET"), child("Integration", HTTP_ON_WEBSOCKET)), checks(HTTP_ON_WEBSOCKET)),
        # the old request parameter is removed (sent as ""), as Terraform removes it
        (source(api("WEBSOCKET"), child("Integration", HTTP_ON_WEBSOCKET_UPDATED)), checks(HTTP_ON_WEBSOCKET_UPDATED)),
    ])


DATA_MAPPING = {
    "IntegrationType": "HTTP_PROXY", "IntegrationMethod": "ANY", "IntegrationUri": "http://www.example.com", "PayloadFormatVersion": "1.0",
    "RequestParameters": {"append:header.header1": "$context.requestId", "remove:querystring.qs1": "''"},
    "ResponseParameters": {"500": {"append:header.header1": "$context.requestId", "overwrite:statuscode": "403"},
                           "404": {"append:header.error": "$stageVariables.environmentId"}},
}
DATA_MAPPING_UPDATED = {
    **DATA_MAPPING,
    "RequestParameters": {"append:header.header1": "$context.accountId", "overwrite:header.header2": "$stageVariables.environmentId"},
    "ResponseParameters": {"500": {"append:header.header1": "$context.requestId", "overwrite:statuscode": "403"}},
}


def test_integration_data_mapping_http(target, boto, write_project):
    def checks(properties):
        return lambda live: check(live.one("integrations"), RequestParameters=properties["RequestParameters"],
                                  ResponseParameters=properties["ResponseParameters"])

    run_steps(target, boto, write_project, [
        (source(api(), child("Integration", DATA_MAPPING)), checks(DATA_MAPPING)),
        # a request parameter and a whole status code of response parameters removed
        (source(api(), child("Integration", DATA_MAPPING_UPDATED)), checks(DATA_MAPPING_UPDATED)),
    ])


def test_integration_lambda_websocket(target, boto, write_project):
    integration = child("Integration", {"IntegrationType": "AWS", "ConnectionType": "INTERNET", "ContentHandlingStrategy": "CONVERT_TO_TEXT",
                                        "Description": "Test Lambda", "PassthroughBehavior": "WHEN_NO_MATCH"}, lambdaFunction="tf-fn")
    run_steps(target, boto, write_project, [(source(api("WEBSOCKET"), ROLE, FUNCTION, integration), lambda live: check(
        # a WebSocket API takes the function's invoke ARN, which gc writes from the dependency
        live.one("integrations"), IntegrationType="AWS", IntegrationUri=INVOKE, IntegrationMethod="POST", Description="Test Lambda",
        TimeoutInMillis=29000))],
        folders=("tf-fn",))


# Terraform writes the invoke ARN itself; here too, through ctx.get_id of a function that is
# not a dependency: reading it orders the apply, and the invoke ARN is seen as the function
LAMBDA_HTTP = '''{"type": "Integration", "group": "ApiGatewayV2", "dependencies": {"api": "tf-api"}, "properties": lambda ctx: {
            "IntegrationType": "AWS_PROXY", "ConnectionType": "INTERNET", "Description": "Test Lambda", "PayloadFormatVersion": "2.0",
            "IntegrationUri": "arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/"
                              + ctx.get_id("Lambda::Function", "tf-fn", "Configuration.FunctionArn") + "/invocations"}}'''


def test_integration_lambda_http(target, boto, write_project):
    run_steps(target, boto, write_project, [(source(api(), LAMBDA_HTTP, ROLE, FUNCTION), lambda live: check(
        live.one("integrations"), IntegrationType="AWS_PROXY", IntegrationUri=INVOKE, PayloadFormatVersion="2.0",
        Description="Test Lambda", TimeoutInMillis=30000))], folders=("tf-fn",))


def test_integration_http_proxy(target, boto, write_project):
    proxy = {"IntegrationType": "HTTP_PROXY", "IntegrationMethod": "GET", "IntegrationUri": "https://example.com", "PayloadFormatVersion": "1.0"}
    run_steps(target, boto, write_project, [(source(api(), child("Integration", proxy)), lambda live: check(
        live.one("integrations"), IntegrationMethod="GET", IntegrationUri="https://example.com", TimeoutInMillis=30000))])


# --- route_test.go -------------------------------------------------------------------------------

ROUTE_ALL = {"RouteKey": "$default", "ApiKeyRequired": True, "OperationName": "GET", "RouteResponseSelectionExpression": "$default"}


def test_route_basic(target, boto, write_project):
    run_steps(target, boto, write_project, [(source(api("WEBSOCKET"), child("Route", {"RouteKey": "$default"})), lambda live: check(
        live.one("routes"), ApiKeyRequired=False, AuthorizationType="NONE", AuthorizerId="", ModelSelectionExpression="",
        OperationName="", RouteKey="$default", RouteResponseSelectionExpression="", Target=""))])


def test_route_all_attributes_then_basic(target, boto, write_project):
    # Terraform's simpleAttributes (its request models are test_route_model's)
    run_steps(target, boto, write_project, [
        (source(api("WEBSOCKET"), child("Route", ROUTE_ALL)), lambda live: check(
            live.one("routes"), ApiKeyRequired=True, OperationName="GET", RouteResponseSelectionExpression="$default")),
        (source(api("WEBSOCKET"), child("Route", {"RouteKey": "$default"})), lambda live: check(
            live.one("routes"), ApiKeyRequired=False, OperationName="", RouteResponseSelectionExpression="")),
    ])


def test_route_request_parameters(target, boto, write_project):
    def route(parameters):
        properties = {"RouteKey": "$connect", **({"RequestParameters": parameters} if parameters else {})}
        return source(api("WEBSOCKET"), child("Route", properties))

    first = {"route.request.header.authorization": {"Required": True}, "route.request.querystring.authToken": {"Required": False}}
    second = {"route.request.header.authorization": {"Required": False}, "route.request.querystring.authToken": {"Required": True}}
    run_steps(target, boto, write_project, [
        (route(first), lambda live: check(live.one("routes"), RequestParameters=first)),
        (route(second), lambda live: check(live.one("routes"), RequestParameters=second)),
        # every parameter removed: DeleteRouteRequestParameter for each
        (route(None), lambda live: check(live.one("routes"), RequestParameters="")),
    ])


def test_route_target(target, boto, write_project):
    mock = child("Integration", {"IntegrationType": "MOCK"})
    route = child("Route", {"RouteKey": "$default"}, integration="integration::tf-api::MOCK")
    run_steps(target, boto, write_project, [
        (source(api("WEBSOCKET"), mock, route), lambda live: check(
            live.one("routes"), Target=f"integrations/{live.one('integrations')['IntegrationId']}")),
    ])


def test_route_jwt_authorizer_then_none(target, boto, write_project):
    authorizer = child("Authorizer", {"Name": "tf-jwt", "AuthorizerType": "JWT", "IdentitySource": ["$request.header.Authorization"],
                                      "JwtConfiguration": {"Audience": ["test"], "Issuer": "https://test.example.com"}})
    with_jwt = child("Route", {"RouteKey": "GET /test", "AuthorizationType": "JWT", "AuthorizationScopes": ["user.email", "user.id"]},
                     authorizer="tf-jwt")
    run_steps(target, boto, write_project, [
        (source(api(), authorizer, with_jwt), lambda live: check(
            live.one("routes"), AuthorizationType="JWT", AuthorizationScopes=["user.email", "user.id"])),
        # the authorizer no longer named, AuthorizationType back to NONE: AuthorizerId and the
        # scopes are cleared
        (source(api(), authorizer, child("Route", {"RouteKey": "GET /test"})), lambda live: check(
            live.one("routes"), AuthorizationType="NONE", AuthorizerId="", AuthorizationScopes="")),
    ])


# --- stage_test.go -------------------------------------------------------------------------------


def test_stage_basic_http(target, boto, write_project):
    run_steps(target, boto, write_project, [(source(api(), child("Stage", {"StageName": "tf-stage"})), lambda live: check(
        live.one("stages"), AutoDeploy=False, ClientCertificateId="", Description="", StageVariables="",
        **{"DefaultRouteSettings.DetailedMetricsEnabled": False, "DefaultRouteSettings.ThrottlingBurstLimit": "",
           "DefaultRouteSettings.ThrottlingRateLimit": ""}))])


def test_stage_default_route_settings(target, boto, write_project):
    settings = {"DataTraceEnabled": True, "DetailedMetricsEnabled": True, "LoggingLevel": "ERROR",
                "ThrottlingBurstLimit": 2222, "ThrottlingRateLimit": 8888}  # an integer where the model says double
    run_steps(target, boto, write_project, [
        (source(api("WEBSOCKET"), child("Stage", {"StageName": "tf-stage", "DefaultRouteSettings": settings})), lambda live: check(
            live.one("stages"), **{f"DefaultRouteSettings.{k}": v for k, v in settings.items()})),
        # removed settings go back to AWS's: no throttling, no trace, no metrics, no logging
        (source(api("WEBSOCKET"), child("Stage", {"StageName": "tf-stage"})), lambda live: check(
            live.one("stages"), **{"DefaultRouteSettings.DataTraceEnabled": False, "DefaultRouteSettings.DetailedMetricsEnabled": False,
                                   "DefaultRouteSettings.LoggingLevel": "OFF", "DefaultRouteSettings.ThrottlingBurstLimit": 0,
                                   "DefaultRouteSettings.ThrottlingRateLimit": 0})),
    ])


def test_stage_variables(target, boto, write_project):
    variables = {"Var1": "Value1", "Var2": "Value2"}
    run_steps(target, boto, write_project, [
        (source(api(), child("Stage", {"StageName": "tf-stage", "StageVariables": variables})), lambda live: check(
            live.one("stages"), StageVariables=variables)),
        (source(api(), child("Stage", {"StageName": "tf-stage"})), lambda live: check(live.one("stages"), StageVariables="")),
    ])



def test_stage_route_settings_http_with_route(target, boto, write_project):
    # AWS takes route settings only for a route that exists (NotFoundException "Unable to find
    # Route by key ..."): Terraform's config orders the stage after the route by reading its
    # route_key; gc orders a stage after the routes its RouteSettings name, wherever they are
    # declared (here after the stage)
    proxy = child("Integration", {"IntegrationType": "HTTP_PROXY", "IntegrationMethod": "GET", "IntegrationUri": "https://example.com",
                                  "PayloadFormatVersion": "1.0"})

    def config(key):
        stage = child("Stage", {"StageName": "tf-stage", "RouteSettings": {key: {"ThrottlingBurstLimit": 1}}})
        route = child("Route", {"RouteKey": key}, integration="integration::tf-api::HTTP_PROXY")
        return source(api(), stage, proxy, route)

    def settings(key):
        return lambda live: check(live.one("stages"), AutoDeploy=False, ClientCertificateId="", Description="", StageVariables="",
                                  **{"DefaultRouteSettings.DetailedMetricsEnabled": False, "DefaultRouteSettings.ThrottlingBurstLimit": 0,
                                     "DefaultRouteSettings.ThrottlingRateLimit": 0, "DefaultRouteSettings.LoggingLevel": "",
                                     f"RouteSettings.{key}.DataTraceEnabled": False, f"RouteSettings.{key}.DetailedMetricsEnabled": False,
                                     f"RouteSettings.{key}.ThrottlingBurstLimit": 1, f"RouteSettings.{key}.ThrottlingRateLimit": 0})

    run_steps(target, boto, write_project, [
        (config("GET /first"), settings("GET /first")),
        # another route key: another route (route::tf-api::POST /second), made before the stage
        # takes its settings; GET /first's settings removed (DeleteRouteSettings)
        (config("POST /second"), lambda live: (settings("POST /second")(live), check(live.one("stages"), **{"RouteSettings.GET /first": ""}))),
    ])

# --- authorizer_test.go --------------------------------------------------------------------------


def test_authorizer_jwt(target, boto, write_project):
    jwt = {"Name": "tf-jwt", "AuthorizerType": "JWT", "IdentitySource": ["$request.header.Authorization"],
           "JwtConfiguration": {"Audience": ["test"], "Issuer": "https://test.example.com"}}
    updated = {**jwt, "IdentitySource": ["$context.routeKey"], "JwtConfiguration": {"Audience": ["test", "testing"], "Issuer": "https://test.example.com"}}
    run_steps(target, boto, write_project, [
        (source(api(), child("Authorizer", jwt)), lambda live: check(
            live.one("authorizers"), AuthorizerType="JWT", IdentitySource=["$request.header.Authorization"],
            **{"JwtConfiguration.Audience": ["test"]})),
        (source(api(), child("Authorizer", updated)), lambda live: check(
            live.one("authorizers"), IdentitySource=["$context.routeKey"], **{"JwtConfiguration.Audience": ["test", "testing"]})),
    ])


ROUTE_SETTINGS = {"$connect": {"LoggingLevel": "INFO"}, "$default": {"DataTraceEnabled": True, "DetailedMetricsEnabled": True,
                                                                     "LoggingLevel": "ERROR", "ThrottlingBurstLimit": 2222, "ThrottlingRateLimit": 8888}}
ROUTE_SETTINGS_UPDATED = {"$default": {"LoggingLevel": "INFO", "ThrottlingBurstLimit": 1111}}


def test_stage_route_settings_websocket(target, boto, write_project):
    routes = [child("Route", {"RouteKey": key}) for key in ("$connect", "$default")]

    def stage(settings=None):
        return source(api("WEBSOCKET"), *routes, child("Stage", {"StageName": "tf-stage", **({"RouteSettings": settings} if settings else {})}))

    run_steps(target, boto, write_project, [
        (stage(ROUTE_SETTINGS), lambda live: check(
            live.one("stages"), **{"RouteSettings.$connect.LoggingLevel": "INFO", "RouteSettings.$connect.DataTraceEnabled": False,
                                   "RouteSettings.$default.DataTraceEnabled": True, "RouteSettings.$default.ThrottlingBurstLimit": 2222,
                                   "RouteSettings.$default.ThrottlingRateLimit": 8888})),
        # $connect's settings removed (DeleteRouteSettings); $default's changed, its others back to AWS's
        (stage(ROUTE_SETTINGS_UPDATED), lambda live: check(
            live.one("stages"), **{"RouteSettings.$connect": "", "RouteSettings.$default.LoggingLevel": "INFO",
                                   "RouteSettings.$default.ThrottlingBurstLimit": 1111, "RouteSettings.$default.DataTraceEnabled": False,
                                   "RouteSettings.$default.ThrottlingRateLimit": 0})),
        (stage(), lambda live: check(live.one("stages"), RouteSettings="")),
    ])


def test_stage_access_log_settings(target, boto, write_project):
    log_group = {"type": "LogGroup", "group": "CloudWatchLogs", "properties": {"logGroupName": "tf-logs"}}
    logged = child("Stage", {"StageName": "tf-stage", "AccessLogSettings": {"Format": "$context.requestId"}}, logGroup="tf-logs")
    run_steps(target, boto, write_project, [
        (source(api(), log_group, logged), lambda live: check(
            live.one("stages"), **{"AccessLogSettings.Format": "$context.requestId",
                                   "AccessLogSettings.DestinationArn": "arn:aws:logs:us-east-1:123456789012:log-group:tf-logs"})),
        # no longer declared: DeleteAccessLogSettings
        (source(api(), log_group, child("Stage", {"StageName": "tf-stage"})), lambda live: check(live.one("stages"), AccessLogSettings="")),
    ])


def test_stage_tags(target, boto, write_project):
    def tags(expected):
        return lambda live: check({k: v for k, v in live.one("stages")["Tags"].items() if not k.startswith("gc-")}, **expected)

    run_steps(target, boto, write_project, [
        (source(api(), child("Stage", {"StageName": "tf-stage", "Tags": {"Key1": "Value1", "Key2": "Value2"}})),
         tags({"Key1": "Value1", "Key2": "Value2"})),
        (source(api(), child("Stage", {"StageName": "tf-stage", "Tags": {"Key2": "Value2Updated"}})), tags({"Key1": "", "Key2": "Value2Updated"})),
    ])


# --- deployment_test.go --------------------------------------------------------------------------


def test_deployment_basic(target, boto, write_project):
    # Terraform's route_test target config: a WebSocket API, a MOCK integration, its $default route
    def config(description):
        return source(api("WEBSOCKET"), child("Integration", {"IntegrationType": "MOCK"}),
                      child("Route", {"RouteKey": "$default"}, integration="integration::tf-api::MOCK"),
                      child("Deployment", {"Description": description}))

    run_steps(target, boto, write_project, [
        (config("Test description"), lambda live: check(live.one("deployments"), AutoDeployed=False, Description="Test description")),
        (config("Test description updated"), lambda live: check(
            live.one("deployments"), AutoDeployed=False, Description="Test description updated")),
    ])


def test_an_auto_deploy_stages_own_deployments_are_not_ours_to_plan(target, boto, write_project):
    def auto_deployed(live):
        (deployment,) = live.children("deployments")  # AWS's, for the stage
        check(deployment, AutoDeployed=True)
        check(live.one("stages"), AutoDeploy=True, DeploymentId=deployment["DeploymentId"])

    run_steps(target, boto, write_project, [(source(api(), child("Stage", {"StageName": "$default", "AutoDeploy": True})), auto_deployed)])


# --- domain_name_test.go, api_mapping_test.go ----------------------------------------------------

DOMAIN = "tf-domain.example.com"


def certificate(name: str, alternative: str) -> dict:
    # Terraform imports self-signed certificates; here gc requests them (issued at once on the emulator)
    return {"type": "Certificate", "group": "ACM", "name": name,
            "properties": {"DomainName": DOMAIN, "SubjectAlternativeNames": [DOMAIN, alternative]}}


CERTIFICATES = (certificate("tf-cert-0", "a.example.com"), certificate("tf-cert-1", "b.example.com"))


def domain_name(cert: str = "tf-cert-0", **properties) -> dict:
    return {"type": "DomainName", "group": "ApiGatewayV2", "properties": {"DomainName": DOMAIN, **properties},
            "dependencies": {"certificates": [cert]}}


@pytest.fixture
def acm_validates_at_once(monkeypatch):
    monkeypatch.setattr("moto.settings.ACM_VALIDATION_WAIT", 0)


def test_domain_name_certificate_update_and_tags(target, boto, write_project, acm_validates_at_once):
    def domain(cert_alternative: str, **tags):
        def checks(live):
            (found,) = live.client.get_domain_names()["Items"]
            acm = boto("acm")
            described = [acm.describe_certificate(CertificateArn=c["CertificateArn"])["Certificate"]
                         for c in acm.list_certificates()["CertificateSummaryList"]]
            arns = {name: c["CertificateArn"] for c in described for name in c["SubjectAlternativeNames"] if name != DOMAIN}
            check(found, DomainName=DOMAIN, MutualTlsAuthentication="")
            (configuration,) = found["DomainNameConfigurations"]
            check(configuration, CertificateArn=arns[cert_alternative], EndpointType="REGIONAL", SecurityPolicy="TLS_1_2")
            assert configuration["HostedZoneId"] and configuration["ApiGatewayDomainName"]  # TestCheckResourceAttrSet
            check({k: v for k, v in found["Tags"].items() if not k.startswith("gc-")}, **tags)
        return checks

    run_steps(target, boto, write_project, [
        (source(*CERTIFICATES, domain_name()), domain("a.example.com")),
        # the domain name moves to the other certificate: UpdateDomainName
        (source(*CERTIFICATES, domain_name("tf-cert-1")), domain("b.example.com")),
        (source(*CERTIFICATES, domain_name(Tags={"Key1": "Value1", "Key2": "Value2"})), domain("a.example.com", Key1="Value1", Key2="Value2")),
        (source(*CERTIFICATES, domain_name()), domain("a.example.com", Key1="", Key2="")),
    ])


def test_api_mapping_key(target, boto, write_project, acm_validates_at_once):
    stage = child("Stage", {"StageName": "tf-stage"})

    def config(key=None):
        mapping = {"type": "ApiMapping", "group": "ApiGatewayV2", "properties": {"ApiMappingKey": key} if key else {},
                   "dependencies": {"domainName": DOMAIN, "stage": "tf-api::tf-stage", "api": "tf-api"}}
        return source(api(), stage, CERTIFICATES[0], domain_name(), mapping)

    def mapping(key):
        def checks(live):
            (found,) = live.client.get_api_mappings(DomainName=DOMAIN)["Items"]
            check(found, ApiId=live.api()["ApiId"], Stage="tf-stage", ApiMappingKey=key)
        return checks

    run_steps(target, boto, write_project, [
        (config(), mapping("")),
        (config("$context.domainName"), mapping("$context.domainName")),  # UpdateApiMapping
        (config("$context.apiId"), mapping("$context.apiId")),
    ])


# --- vpc_link_test.go ----------------------------------------------------------------------------

NETWORK = [
    {"type": "Vpc", "group": "EC2", "name": "tf-vpc", "properties": {"CidrBlock": "10.0.0.0/16"}},
    *[{"type": "Subnet", "group": "EC2", "name": f"tf-subnet-{n}", "dependencies": {"vpc": "tf-vpc"},
       "properties": {"AvailabilityZone": f"us-east-1{zone}", "NewBits": 8, "NetworkNumber": n}} for n, zone in ((0, "a"), (1, "b"))],
    {"type": "SecurityGroup", "group": "EC2", "properties": {"GroupName": "tf-sg", "Description": "tf"}, "dependencies": {"vpc": "tf-vpc"}},
]


def test_vpc_link_name_and_tags(target, boto, write_project):
    def vpc_link(name, **tags):
        return {"type": "VpcLink", "group": "ApiGatewayV2", "properties": {"Name": name, **({"Tags": tags} if tags else {})},
                "dependencies": {"subnets": ["tf-vpc::tf-subnet-0", "tf-vpc::tf-subnet-1"], "securityGroups": ["sg::tf-vpc::tf-sg"]}}

    def link(name, **tags):
        def checks(live):
            (found,) = live.client.get_vpc_links()["Items"]
            subnets = {s["SubnetId"] for s in boto("ec2").describe_subnets()["Subnets"] if s["CidrBlock"].startswith("10.0.")}
            check(found, Name=name, VpcLinkStatus="AVAILABLE", VpcLinkVersion="V2")
            assert set(found["SubnetIds"]) == subnets and len(found["SecurityGroupIds"]) == 1
            check({k: v for k, v in found["Tags"].items() if not k.startswith("gc-")}, **tags)
        return checks

    run_steps(target, boto, write_project, [
        (source(*NETWORK, vpc_link("tf-link", Key1="Value1", Key2="Value2")), link("tf-link", Key1="Value1", Key2="Value2")),
        # Terraform renames the link in place; gc names a VpcLink by its Name: another link
        (source(*NETWORK, vpc_link("tf-link-2", Key2="Value2Updated")), link("tf-link-2", Key1="", Key2="Value2Updated")),
    ])



# --- model_test.go, route_test.go (model), route_response_test.go ---------------------------------

MODEL_NAME = "tfmodel"  # a model's name is letters and digits only (Terraform strips the dashes)
SCHEMA = '{"$schema": "http://json-schema.org/draft-04/schema#", "title": "ExampleModel", "type": "object", "properties": {"id": {"type": "string"}}}'
SCHEMA_1 = SCHEMA.replace('"ExampleModel"', '"ExampleModel1"')
SCHEMA_2 = ('{"$schema": "http://json-schema.org/draft-04/schema#", "title": "ExampleModel", "type": "object", '
            '"properties": {"ids": {"type": "array", "items": {"type": "integer"}}}}')


def model(schema=SCHEMA, **properties) -> dict:
    return child("Model", {"Name": MODEL_NAME, "ContentType": "application/json", "Schema": schema, **properties})


def model_checks(schema, **expected):
    def checks(live):
        found = live.one("models")
        check(found, Name=MODEL_NAME, **expected)
        assert json.loads(found["Schema"]) == json.loads(schema)  # CheckResourceAttrEquivalentJSON
    return checks


def test_model_basic_then_all_attributes(target, boto, write_project):
    # Terraform's _basic and _allAttributes tests, one after the other on one stack
    all_attributes = source(api("WEBSOCKET"), model(SCHEMA_1, ContentType="text/x-json", Description="test"))
    run_steps(target, boto, write_project, [
        (source(api("WEBSOCKET"), model()), model_checks(SCHEMA, ContentType="application/json", Description="")),
        (all_attributes, model_checks(SCHEMA_1, ContentType="text/x-json", Description="test")),
        # the description no longer declared is back to none (UpdateModel with "")
        (source(api("WEBSOCKET"), model(SCHEMA_2)), model_checks(SCHEMA_2, ContentType="application/json", Description="")),
        (all_attributes, model_checks(SCHEMA_1, ContentType="text/x-json", Description="test")),
    ])


# Terraform's route request_models = {"test" = aws_apigatewayv2_model.test.name}: gc names the
# model in RequestModels and in the route's `models` dependency, which makes it first
MODEL_ROUTE = child("Route", {"RouteKey": "$default", "ModelSelectionExpression": "action", "RequestModels": {"test": MODEL_NAME}},
                    models=[MODEL_NAME])


def route_response(**properties) -> dict:
    return {"type": "RouteResponse", "group": "ApiGatewayV2", "properties": {"RouteResponseKey": "$default", **properties},
            "dependencies": {"route": "route::tf-api::$default"}}


def route_responses(live) -> list[dict]:
    return live.client.get_route_responses(ApiId=live.api()["ApiId"], RouteId=live.one("routes")["RouteId"])["Items"]


def test_route_response_basic_then_models(target, boto, write_project):
    # Terraform's route response _basic, then its _model with the route's _model (the same
    # configuration), one after the other on one stack
    def basic(live):
        (found,) = route_responses(live)
        check(found, ModelSelectionExpression="", ResponseModels="", RouteResponseKey="$default")

    def models(live):
        check(live.one("routes"), ApiKeyRequired=False, AuthorizationType="NONE", AuthorizerId="", ModelSelectionExpression="action",
              OperationName="", RequestModels={"test": MODEL_NAME}, RequestParameters="", RouteKey="$default",
              RouteResponseSelectionExpression="", Target="")
        (found,) = route_responses(live)
        check(found, ModelSelectionExpression="action", ResponseModels={"test": MODEL_NAME}, RouteResponseKey="$default")

    responding = route_response(ModelSelectionExpression="action", ResponseModels={"test": MODEL_NAME})
    run_steps(target, boto, write_project, [
        (source(api("WEBSOCKET"), child("Route", {"RouteKey": "$default"}), route_response()), basic),
        # the route's RequestModels and ModelSelectionExpression added: UpdateRoute
        (source(api("WEBSOCKET"), model(), MODEL_ROUTE, responding), models),
    ])


# --- integration_response_test.go ----------------------------------------------------------------


def integration_response(key: str, **properties) -> dict:
    return {"type": "IntegrationResponse", "group": "ApiGatewayV2", "properties": {"IntegrationResponseKey": key, **properties},
            "dependencies": {"integration": "integration::tf-api::MOCK"}}


def integration_response_checks(key: str, **expected):
    def checks(live):
        integration = live.one("integrations")
        (found,) = live.client.get_integration_responses(ApiId=live.api()["ApiId"], IntegrationId=integration["IntegrationId"])["Items"]
        check(found, IntegrationResponseKey=key, **expected)
    return checks


MOCK = child("Integration", {"IntegrationType": "MOCK"})  # Terraform's testAccIntegrationConfig_basic


def test_integration_response_basic_then_all_attributes(target, boto, write_project):
    # Terraform's _basic and _allAttributes tests, one after the other on one stack
    updated_templates = {"application/json": "#set($number=42)", "application/xml": "#set($percent=$number/100)"}
    run_steps(target, boto, write_project, [
        (source(api("WEBSOCKET"), MOCK, integration_response("/200/")), integration_response_checks(
            "/200/", ContentHandlingStrategy="", ResponseTemplates="", TemplateSelectionExpression="")),
        # another key: /200/'s is deleted, $default's made (see below)
        (source(api("WEBSOCKET"), MOCK, integration_response(
            "$default", ContentHandlingStrategy="CONVERT_TO_TEXT", TemplateSelectionExpression="$request.body.name",
            ResponseTemplates={"application/json": ""})),
         integration_response_checks("$default", ContentHandlingStrategy="CONVERT_TO_TEXT", TemplateSelectionExpression="$request.body.name",
                                     **{"ResponseTemplates.application/json": ""})),
        # Terraform changes the key in place; gc names an integration response by its key
        # (<integration>::<key>), so another key is another one: $default's is deleted, /404/'s made
        (source(api("WEBSOCKET"), MOCK, integration_response(
            "/404/", ContentHandlingStrategy="CONVERT_TO_BINARY", TemplateSelectionExpression="$request.body.id",
            ResponseTemplates=updated_templates)),
         integration_response_checks("/404/", ContentHandlingStrategy="CONVERT_TO_BINARY", TemplateSelectionExpression="$request.body.id",
                                     ResponseTemplates=updated_templates)),
    ])


# --- api_test.go: an API from an OpenAPI document (body) -------------------------------------------


def openapi(path: str, version="1.0", **top) -> dict:
    """Terraform's documents: one HTTP_PROXY GET route; the title is not the API's name."""
    return {"openapi": "3.0.1", "info": {"title": "tf-api_DIFFERENT", "version": version}, **top, "paths": {path: {"get": {
        "x-amazon-apigateway-integration": {"type": "HTTP_PROXY", "httpMethod": "GET", "payloadFormatVersion": "1.0", "uri": "https://www.google.de"}}}}}


def yaml_text(document: dict) -> str:
    return "---\n" + yaml.safe_dump(document, sort_keys=False)


def routes_are(live, *keys) -> None:
    assert sorted(r["RouteKey"] for r in live.children("routes")) == sorted(keys)  # testAccCheckAPIRoutes


def test_api_openapi_then_more_fields(target, boto, write_project):
    def imported(path):
        def checks(live):
            # gc takes an undeclared Version and Description from the document's info, where
            # Terraform puts back its own (""): the document says what the API is
            check(live.api(), Name="tf-api", Description="", DisableExecuteApiEndpoint=False, ProtocolType="HTTP", Version="2.0" if "update" in path else "1.0")
            routes_are(live, f"GET {path}")
        return checks

    document = openapi("/update", "2.0")
    document["info"]["description"] = "description different"
    run_steps(target, boto, write_project, [
        (source(api(Body=json.dumps(openapi("/test"), indent=2))), imported("/test")),
        # another document, as YAML: imported again (ReimportApi)
        (source(api(Body=yaml_text(openapi("/update", "2.0")))), imported("/update")),
        # Terraform's _withMoreFields: declared Version and Description win over the document's info
        (source(api(Version="2017-04-21T04:08:08Z", Description="description test", Body=json.dumps(document))), lambda live: (
            check(live.api(), Name="tf-api", Description="description test", Version="2017-04-21T04:08:08Z", DisableExecuteApiEndpoint=False),
            routes_are(live, "GET /update"))),
    ])


def test_api_openapi_with_tags(target, boto, write_project):
    def tags(path, **expected):
        def checks(live):
            check({k: v for k, v in live.api()["Tags"].items() if not k.startswith("gc-")}, **expected)
            routes_are(live, f"GET {path}")
        return checks

    def document(path, *names):
        return yaml_text(openapi(path, "2.0", tags=[{"name": name, "x-amazon-apigateway-tag-value": "Value3"} for name in names]))

    run_steps(target, boto, write_project, [
        # the document's Key1 (Value3) is overwritten by the import; the declared one is put back
        (source(api(Tags={"Key1": "Value1", "Key2": "Value2"}, Body=document("/test", "Key1"))), tags("/test", Key1="Value1", Key2="Value2")),
        # Terraform removes the document's own tags (Key3, Key4); gc keeps them, as it keeps what
        # else the document says and resources.py does not (its version, its CORS)
        (source(api(Tags={"Key1": "Value1U", "Key2": "Value2U"}, Body=document("/update", "Key3", "Key4"))),
         tags("/update", Key1="Value1U", Key2="Value2U", Key3="Value3", Key4="Value3")),
    ])


# Terraform's documents spell the extension's members allow_methods, allow_origins; AWS's
# documentation spells them allowMethods, allowOrigins, as here
DOCUMENT_CORS = {"x-amazon-apigateway-cors": {"allowMethods": ["delete"], "allowOrigins": ["https://www.google.de"]}}


def test_api_openapi_with_cors(target, boto, write_project):
    def cors(path, methods, origins):
        def checks(live):
            check(live.api(), **{"CorsConfiguration.AllowMethods": methods, "CorsConfiguration.AllowOrigins": origins})
            routes_are(live, f"GET {path}")
        return checks

    run_steps(target, boto, write_project, [
        (source(api(CorsConfiguration={"AllowMethods": ["delete"], "AllowOrigins": ["https://www.google.de"]},
                    Body=yaml_text(openapi("/test", "2.0", **DOCUMENT_CORS)))), cors("/test", ["delete"], ["https://www.google.de"])),
        # Terraform deletes the document's CORS configuration when none is declared; gc keeps
        # what the document says, as it keeps its version
        (source(api(Body=yaml_text(openapi("/update", "2.0", **DOCUMENT_CORS)))), cors("/update", ["delete"], ["https://www.google.de"])),
        # a declared configuration is put back over the document's after each import
        (source(api(CorsConfiguration={"AllowMethods": ["put", "get"], "AllowOrigins": ["https://www.google.de", "https://www.example.com"]},
                    Body=yaml_text(openapi("/update", "2.0", **DOCUMENT_CORS)))),
         cors("/update", ["put", "get"], ["https://www.google.de", "https://www.example.com"])),
    ])


def test_api_openapi_fail_on_warnings(target, boto, write_project):
    document = openapi("/update", "2.0")
    document["info"] = {"title": "Title test", "version": "2.0", "description": "Description test"}
    document["paths"]["/update"]["get"]["responses"] = {"200": {"description": "Response description", "content": {
        "application/json": {"schema": {"$ref": "#/components/schemas/ModelThatDoesNotExist"}}}}}

    def config(**options):
        return source(api(Body=json.dumps(document), **options))

    directory = write_project(config(FailOnWarnings=True), name="tf")
    failed = apply(directory, target)
    assert not failed.result.ok and "Warnings found during import" in repr(failed.result.failed)
    # what was made stays (the API, without its document), and the next apply imports it
    for options in ({"FailOnWarnings": False}, {}):  # no longer failing on warnings; the option left out
        (directory / "resources.py").write_text(config(**options))
        assert_applied(apply(directory, target))
        assert_converged(directory, target)
        live = Live(boto)
        check(live.api(), Name="tf-api", ProtocolType="HTTP")
        routes_are(live, "GET /update")
    assert_applied(apply(directory, target, destroy=True))
    assert ours(target, directory) == {}
    assert boto("apigatewayv2").get_apis()["Items"] == []



# --- routing_rule_test.go ------------------------------------------------------------------------


HEADER_CONDITIONS = [{"MatchHeaders": {"AnyOf": [{"Header": header, "ValueGlob": "example-*"}]}} for header in ("X-Example-Header", "X-Example-Header2")]
PATH_CONDITION = {"MatchBasePaths": {"AnyOf": ["example-path"]}}


def test_routing_rule_v2_domain(target, boto, write_project, acm_validates_at_once):
    # Terraform's _basic test puts the rule on an API Gateway v1 domain name, which gc does not
    # make; its _v2Domain test is this one
    rest_api = rest_api_stage(boto)
    action = [{"InvokeApi": {"ApiId": rest_api, "Stage": "prod", "StripBasePath": True}}]
    domain = domain_name(RoutingMode="ROUTING_RULE_THEN_API_MAPPING",
                         DomainNameConfigurations=[{"EndpointType": "REGIONAL", "SecurityPolicy": "TLS_1_2"}])

    def config(conditions):
        rule = {"type": "RoutingRule", "group": "ApiGatewayV2", "dependencies": {"domainName": DOMAIN},
                "properties": {"Priority": 1, "Conditions": conditions, "Actions": action}}
        return source(CERTIFICATES[0], domain, rule)

    def rule(conditions):
        def checks(live):
            (found,) = live.client.list_routing_rules(DomainName=DOMAIN)["RoutingRules"]
            check(found, Priority=1, Conditions=conditions, Actions=action)
            assert re.fullmatch(rf"arn:aws:apigateway:us-east-1:123456789012:/domainnames/{DOMAIN}/routingrules/.+", found["RoutingRuleArn"])
            check(live.client.get_domain_name(DomainName=DOMAIN), RoutingMode="ROUTING_RULE_THEN_API_MAPPING")
        return checks

    directory = write_project(None, name="tf")
    steps = [(config([*HEADER_CONDITIONS, PATH_CONDITION]), rule([*HEADER_CONDITIONS, PATH_CONDITION])),
             # gc's own step: one condition fewer (PutRoutingRule, the whole rule again)
             (config(HEADER_CONDITIONS), rule(HEADER_CONDITIONS))]
    for text, checks in steps:
        (directory / "resources.py").write_text(text)
        assert_applied(apply(directory, target))
        assert_converged(directory, target)
        checks(Live(boto))
    (made,) = [r for r in ours(target, directory).values() if r.spec.key == "ApiGatewayV2::RoutingRule"]
    assert made.name == f"routingrule::{DOMAIN}::1"
    # what gencode writes of it is what is live: no change
    run_gencode(target, directory, force=True)
    assert '"domainName": "tf-domain.example.com"' in (directory / "resources.py").read_text()
    assert_converged(directory, target)
    assert_applied(apply(directory, target, destroy=True))
    assert ours(target, directory) == {}
    resources.delete(made.spec, target, made.live)  # already gone: done
    assert [a["id"] for a in boto("apigateway").get_rest_apis()["items"]] == [rest_api]  # not ours: left

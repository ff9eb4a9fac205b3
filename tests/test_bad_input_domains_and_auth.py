"""Invalid WebSocket APIs, authorizers, custom domains, DNS, tables and read-only resources:
each is refused by validate() before any AWS call, naming the resource and the field.

The fixtures that prove "no AWS call" (gc's counter and a count of every botocore call in the
process) are test_bad_input's.
"""

from __future__ import annotations

from conftest import EXAMPLES
from grucloud.aws import calls
from grucloud.engine.validate import validate
from grucloud.program.loader import load
from test_bad_input import FUNCTION, ROLE, WS_API, problem, resources_py


def resource(type_name: str, group: str, properties: dict, dependencies: dict | None = None, **extra) -> str:
    parts = {"type": type_name, "group": group, "properties": properties, "dependencies": dependencies or {}, **extra}
    return repr(parts)


HTTP_API = resource("Api", "ApiGatewayV2", {"Name": "my-api", "ProtocolType": "HTTP"})
WS_PROXY = {"IntegrationType": "AWS_PROXY", "IntegrationMethod": "POST", "TimeoutInMillis": 29000}
WS_INTEGRATION_NAME = "integration::ws-api::my-function"


def ws_integration(properties: dict) -> str:
    return resource("Integration", "ApiGatewayV2", properties, {"api": "ws-api", "lambdaFunction": "my-function"})


def ws_project(*extra: str, properties: dict | None = None) -> str:
    return resources_py(WS_API, ROLE, FUNCTION, ws_integration({**WS_PROXY, **(properties or {})}), *extra)


def ws_route(key: str, properties: dict | None = None, dependencies: dict | None = None) -> str:
    return resource(
        "Route", "ApiGatewayV2", {"RouteKey": key, **(properties or {})},
        {"api": "ws-api", "integration": WS_INTEGRATION_NAME, **(dependencies or {})},
    )


def passes(write_project, resources: str, folders=("my-function",)) -> None:
    directory = write_project(resources, folders=folders)
    calls.reset_counts()
    validate(load(directory))
    assert calls.total_calls() == 0


# --- WebSocket vs HTTP: APIs ---------------------------------------------------------------------


def test_websocket_api_needs_a_route_selection_expression(refused):
    api = resource("Api", "ApiGatewayV2", {"Name": "ws-api", "ProtocolType": "WEBSOCKET"})
    error = refused(resources_py(api))
    problem(error, "ApiGatewayV2::Api 'ws-api'", "RouteSelectionExpression", "is required for a WebSocket API", "$request.body.action")


def test_websocket_api_refuses_http_only_fields(refused):
    api = resource("Api", "ApiGatewayV2", {
        "Name": "ws-api", "ProtocolType": "WEBSOCKET", "RouteSelectionExpression": "$request.body.action",
        "CorsConfiguration": {"AllowOrigins": ["https://example.com"]},
    })
    error = refused(resources_py(api))
    problem(error, "'ws-api'", "CorsConfiguration", "is for HTTP APIs only")


def test_http_api_refuses_websocket_fields(refused):
    api = resource("Api", "ApiGatewayV2", {
        "Name": "my-api", "ProtocolType": "HTTP", "RouteSelectionExpression": "$request.body.action",
        "DisableSchemaValidation": True,
    })
    error = refused(resources_py(api))
    problem(error, "'my-api'", "RouteSelectionExpression", "routes by method and path", "${request.method} ${request.path}")
    problem(error, "'my-api'", "DisableSchemaValidation", "is for WebSocket APIs only")


# --- WebSocket vs HTTP: integrations ---------------------------------------------------------------


def test_websocket_integration_passes_with_websocket_fields(write_project):
    properties = {"PassthroughBehavior": "WHEN_NO_MATCH", "ContentHandlingStrategy": "CONVERT_TO_TEXT", "PayloadFormatVersion": "1.0"}
    mock = resource("Integration", "ApiGatewayV2", {"IntegrationType": "MOCK", "TimeoutInMillis": 29000, "RequestTemplates": {"application/json": "{}"}}, {"api": "ws-api"})
    passes(write_project, ws_project(mock, properties=properties))


def test_websocket_integration_refuses_http_only_fields(refused):
    error = refused(ws_project(properties={"ResponseParameters": {"200": {"append:header.x": "y"}}}))
    problem(error, WS_INTEGRATION_NAME, "ResponseParameters", "is for HTTP APIs only")


def test_websocket_integration_takes_payload_1_0_only(refused):
    error = refused(ws_project(properties={"PayloadFormatVersion": "2.0"}))
    problem(error, WS_INTEGRATION_NAME, "PayloadFormatVersion", "'2.0'", "'1.0' only")


def test_websocket_integration_without_timeout_gets_websocket_default(refused, write_project):
    # AWS's default is the protocol's longest timeout: 29000 on a WebSocket API (gc once
    # defaulted to HTTP's 30000 and refused its own default)
    properties = {"IntegrationType": "AWS_PROXY", "IntegrationMethod": "POST"}
    validate(load(write_project(resources_py(WS_API, ROLE, FUNCTION, ws_integration(properties)), None, ("my-function",))))
    error = refused(resources_py(WS_API, ROLE, FUNCTION, ws_integration({**properties, "TimeoutInMillis": 30000})))
    problem(error, WS_INTEGRATION_NAME, "TimeoutInMillis", "30000", "50 to 29000")


def test_websocket_http_integration_needs_a_uri(refused):
    http = resource("Integration", "ApiGatewayV2", {"IntegrationType": "HTTP", "IntegrationMethod": "GET", "TimeoutInMillis": 1000}, {"api": "ws-api"})
    error = refused(resources_py(WS_API, http))
    problem(error, "integration::ws-api::HTTP", "IntegrationUri", "is required for a HTTP integration")


# --- WebSocket vs HTTP: routes and authorization -----------------------------------------------------


def test_http_route_refuses_websocket_only_fields(refused):
    route = resource("Route", "ApiGatewayV2", {"RouteKey": "GET /", "RouteResponseSelectionExpression": "$default"},
                     {"api": "my-api"})
    error = refused(resources_py(HTTP_API, route))
    problem(error, "route::my-api::GET /", "RouteResponseSelectionExpression", "is for WebSocket APIs only")


def test_websocket_route_refuses_jwt(refused):
    error = refused(ws_project(ws_route("$connect", {"AuthorizationType": "JWT"})))
    line = problem(error, "route::ws-api::$connect", "AuthorizationType", "'JWT' is not for a WEBSOCKET API")
    assert "CUSTOM" in line
    problem(error, "route::ws-api::$connect", "AuthorizerId", "is required with AuthorizationType JWT", '"authorizer"')


def test_websocket_authorizer_only_on_connect(refused):
    authorizer = resource("Authorizer", "ApiGatewayV2", {
        "Name": "lambda-auth", "AuthorizerType": "REQUEST", "IdentitySource": ["route.request.header.Auth"],
    }, {"api": "ws-api", "lambdaFunction": "my-function"})
    route = ws_route("sendmessage", {"AuthorizationType": "CUSTOM"}, {"authorizer": "lambda-auth"})
    error = refused(ws_project(authorizer, route))
    problem(error, "route::ws-api::sendmessage", "dependencies.authorizer", "$connect only")


def test_route_authorization_must_match_its_authorizer(refused):
    error = refused(resources_py(HTTP_API, JWT_AUTHORIZER, POOL, CLIENT, resource(
        "Route", "ApiGatewayV2", {"RouteKey": "GET /", "AuthorizationScopes": ["email"]}, {"api": "my-api", "authorizer": "jwt"}
    )))
    problem(error, "route::my-api::GET /", "AuthorizationType", "must be JWT for its JWT authorizer", "'NONE'")
    problem(error, "route::my-api::GET /", "AuthorizationScopes", "are for JWT authorization only")


# --- authorizers -----------------------------------------------------------------------------------

POOL = resource("UserPool", "CognitoIdentityServiceProvider", {"PoolName": "pool"})
CLIENT = resource("UserPoolClient", "CognitoIdentityServiceProvider", {"ClientName": "client"}, {"userPool": "pool"})
JWT_AUTHORIZER = resource("Authorizer", "ApiGatewayV2", {
    "Name": "jwt", "AuthorizerType": "JWT", "IdentitySource": ["$request.header.Authorization"],
}, {"api": "my-api", "userPool": "pool", "userPoolClients": ["client"]})


def test_jwt_authorizer_from_a_user_pool_and_its_client_passes(write_project):
    route = resource("Route", "ApiGatewayV2", {"RouteKey": "GET /", "AuthorizationType": "JWT", "AuthorizationScopes": ["email"]},
                     {"api": "my-api", "authorizer": "jwt"})
    passes(write_project, resources_py(HTTP_API, POOL, CLIENT, JWT_AUTHORIZER, route), folders=())


def test_jwt_authorizer_needs_an_issuer_and_an_audience(refused):
    authorizer = resource("Authorizer", "ApiGatewayV2", {
        "Name": "jwt", "AuthorizerType": "JWT", "IdentitySource": ["$request.header.Authorization"],
    }, {"api": "my-api"})
    error = refused(resources_py(HTTP_API, authorizer))
    problem(error, "ApiGatewayV2::Authorizer 'jwt'", "JwtConfiguration.Issuer", "is required for a JWT authorizer", '"userPool"')
    problem(error, "ApiGatewayV2::Authorizer 'jwt'", "JwtConfiguration.Audience", "is required for a JWT authorizer", '"userPoolClients"')


def test_jwt_authorizer_is_for_http_apis(refused):
    authorizer = resource("Authorizer", "ApiGatewayV2", {
        "Name": "jwt", "AuthorizerType": "JWT", "IdentitySource": ["$request.header.Authorization"],
        "JwtConfiguration": {"Issuer": "https://issuer.example.com", "Audience": ["a"]},
    }, {"api": "ws-api"})
    error = refused(resources_py(WS_API, authorizer))
    problem(error, "'jwt'", "AuthorizerType", "JWT is for HTTP APIs", "REQUEST")


def test_request_authorizer_needs_a_function_and_a_payload_version(refused):
    authorizer = resource("Authorizer", "ApiGatewayV2", {"Name": "lambda-auth", "AuthorizerType": "REQUEST"}, {"api": "my-api"})
    error = refused(resources_py(HTTP_API, authorizer))
    problem(error, "'lambda-auth'", "AuthorizerUri", "is required for a REQUEST authorizer", '"lambdaFunction"')
    problem(error, "'lambda-auth'", "AuthorizerPayloadFormatVersion", "'1.0' or '2.0'")


# --- custom domains --------------------------------------------------------------------------------


def certificate(domain: str, alternatives: list[str] | None = None) -> str:
    properties = {"DomainName": domain, **({"SubjectAlternativeNames": alternatives} if alternatives else {})}
    return resource("Certificate", "ACM", properties)


def api_domain(domain: str, certificates: list[str]) -> str:
    return resource("DomainName", "ApiGatewayV2", {"DomainName": domain}, {"certificates": certificates})


def test_certificate_must_cover_the_domain_name(refused):
    error = refused(resources_py(certificate("example.com"), api_domain("api.example.com", ["example.com"])))
    line = problem(error, "ApiGatewayV2::DomainName 'api.example.com'", "dependencies.certificates", "covers example.com, not 'api.example.com'")
    assert "SubjectAlternativeNames" in line


def test_a_wildcard_covers_one_label_only(refused, write_project):
    passes(write_project, resources_py(certificate("example.com", ["*.example.com"]), api_domain("api.example.com", ["example.com"])), folders=())
    error = refused(resources_py(certificate("example.com", ["*.example.com"]), api_domain("v1.api.example.com", ["example.com"])))
    problem(error, "'v1.api.example.com'", "dependencies.certificates", "not 'v1.api.example.com'")


def test_domain_name_needs_a_certificate(refused):
    error = refused(resources_py(resource("DomainName", "ApiGatewayV2", {"DomainName": "example.com"})))
    problem(error, "'example.com'", "DomainNameConfigurations", "needs a certificate", '"certificates"')


def test_api_mapping_stage_must_belong_to_the_mapped_api(refused):
    other_api = resource("Api", "ApiGatewayV2", {"Name": "other-api", "ProtocolType": "HTTP"})
    stage = resource("Stage", "ApiGatewayV2", {"StageName": "prod"}, {"api": "other-api"})
    mapping = resource("ApiMapping", "ApiGatewayV2", {"ApiMappingKey": ""},
                       {"domainName": "example.com", "stage": "other-api::prod", "api": "my-api"})
    error = refused(resources_py(HTTP_API, other_api, stage, certificate("example.com"), api_domain("example.com", ["example.com"]), mapping))
    line = problem(error, "apimapping::example.com::other-api::prod", "dependencies.stage", "belongs to", "other-api", "my-api")
    assert "name a stage of that API" in line



def routing_rule(properties: dict) -> str:
    rule = {"Priority": 10, "Actions": [{"InvokeApi": {"ApiId": "a1b2c3d4e5", "Stage": "prod"}}], **properties}
    return resource("RoutingRule", "ApiGatewayV2", rule, {"domainName": "example.com"})


def routing_domain(mode: str | None = "ROUTING_RULE_THEN_API_MAPPING") -> str:
    properties = {"DomainName": "example.com", **({"RoutingMode": mode} if mode else {})}
    return resource("DomainName", "ApiGatewayV2", properties, {"certificates": ["example.com"]})


def test_a_routing_rule_takes_two_header_conditions_and_one_base_path_at_most(refused, write_project):
    headers = {"MatchHeaders": {"AnyOf": [{"Header": "x-version", "ValueGlob": "beta*"}]}}
    paths = {"MatchBasePaths": {"AnyOf": ["users"]}}
    passes(write_project, resources_py(certificate("example.com"), routing_domain(), routing_rule({"Conditions": [headers, headers, paths]})), folders=())
    error = refused(resources_py(certificate("example.com"), routing_domain(), routing_rule({"Conditions": [headers, paths, paths, {**headers, **paths}]})))
    line = problem(error, "routingrule::example.com::10", "Conditions", "2 MatchBasePaths conditions", "at most 1")
    assert "ApiGatewayV2::RoutingRule" in line
    problem(error, "routingrule::example.com::10", "Conditions[3]", "either MatchHeaders or MatchBasePaths")


def test_a_routing_rule_needs_one_action_and_a_domain_that_routes_by_rules(refused):
    error = refused(resources_py(certificate("example.com"), routing_domain(None), routing_rule({"Actions": []})))
    problem(error, "routingrule::example.com::10", "Actions", "exactly one", "InvokeApi")
    line = problem(error, "routingrule::example.com::10", "dependencies.domainName", "API_MAPPING_ONLY")
    assert "set its RoutingMode to ROUTING_RULE_THEN_API_MAPPING or ROUTING_RULE_ONLY" in line

# --- read-only resources -------------------------------------------------------------------------


def test_a_registered_domain_must_be_declared_read_only(refused):
    error = refused(resources_py(resource("Domain", "Route53Domains", {}, name="example.com")))
    problem(error, "Route53Domains::Domain 'example.com'", "readOnly", "is required", '"readOnly": True')


def test_dependencies_on_a_read_only_resource_are_accepted(write_project):
    domain = resource("Domain", "Route53Domains", {}, name="example.com", readOnly=True)
    zone = resource("HostedZone", "Route53", {"Name": "example.com."}, {"domain": "example.com"})
    passes(write_project, resources_py(domain, zone), folders=())


def test_the_example_with_a_read_only_domain_validates(moto_target):
    calls.reset_counts()
    project = load(EXAMPLES / "ApiGatewayV2" / "http-lambda-domain")
    validate(project)
    assert calls.total_calls() == 0
    assert [d.name for d in project.declarations if d.read_only] == ["grucloud.org"]


# --- DNS and tables ------------------------------------------------------------------------------


def test_hosted_zone_name_is_fully_qualified(refused):
    error = refused(resources_py(resource("HostedZone", "Route53", {"Name": "example.com"})))
    problem(error, "Route53::HostedZone 'example.com'", "Name", "ending with a dot", "'example.com.'")


def test_record_outside_its_zone(refused):
    zone = resource("HostedZone", "Route53", {"Name": "example.com."})
    record = resource("Record", "Route53", {"Name": "www.other.org.", "Type": "CNAME", "TTL": 300,
                                            "ResourceRecords": [{"Value": "example.com"}]}, {"hostedZone": "example.com."})
    error = refused(resources_py(zone, record))
    problem(error, "record::CNAME::www.other.org.", "Name", "is not in the zone 'example.com.'")


def test_record_needs_a_type(refused):
    zone = resource("HostedZone", "Route53", {"Name": "example.com."})
    record = resource("Record", "Route53", {"Name": "www.example.com.", "TTL": 300}, {"hostedZone": "example.com."})
    error = refused(resources_py(zone, record))
    problem(error, "Route53::Record", "Type", "is required")


def test_table_key_must_be_defined(refused):
    table = resource("Table", "DynamoDB", {
        "TableName": "t", "AttributeDefinitions": [{"AttributeName": "id", "AttributeType": "S"}],
        "KeySchema": [{"AttributeName": "pk", "KeyType": "HASH"}], "BillingMode": "PAY_PER_REQUEST",
    })
    error = refused(resources_py(table))
    problem(error, "DynamoDB::Table 't'", "KeySchema[0].AttributeName", "'pk' is not in AttributeDefinitions")


def test_provisioned_table_needs_throughput(refused):
    table = resource("Table", "DynamoDB", {
        "TableName": "t", "AttributeDefinitions": [{"AttributeName": "id", "AttributeType": "S"}],
        "KeySchema": [{"AttributeName": "id", "KeyType": "HASH"}],
    })
    error = refused(resources_py(table))
    problem(error, "DynamoDB::Table 't'", "ProvisionedThroughput", "BillingMode PROVISIONED", "PAY_PER_REQUEST")

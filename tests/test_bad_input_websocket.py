"""Bad input for the types of WebSocket APIs that answer without code (IntegrationResponse,
RouteResponse, Model): each is refused before any AWS call, naming the resource, the field and
the fix (the `refused` fixture checks no call is made)."""

from __future__ import annotations

from test_bad_input import API, WS_API, lambda_project, problem, resources_py

MOCK = ('{"type": "Integration", "group": "ApiGatewayV2", "properties": {"IntegrationType": "MOCK", '
        '"RequestTemplates": {"$default": "{}"}}, "dependencies": {"api": "ws-api"}}')
WS_ROUTE = ('{"type": "Route", "group": "ApiGatewayV2", "properties": {"RouteKey": "sendmessage"}, '
            '"dependencies": {"api": "ws-api", "integration": "integration::ws-api::MOCK"}}')


def integration_response(properties: dict, integration: str = "integration::ws-api::MOCK") -> str:
    return (f'{{"type": "IntegrationResponse", "group": "ApiGatewayV2", "properties": {properties!r}, '
            f'"dependencies": {{"integration": {integration!r}}}}}')


def route_response(properties: dict, route: str = "route::ws-api::sendmessage") -> str:
    return f'{{"type": "RouteResponse", "group": "ApiGatewayV2", "properties": {properties!r}, "dependencies": {{"route": {route!r}}}}}'


def model(properties: dict, api: str = "ws-api") -> str:
    return f'{{"type": "Model", "group": "ApiGatewayV2", "properties": {properties!r}, "dependencies": {{"api": {api!r}}}}}'


def test_integration_response_key_is_default_or_a_status_pattern(refused):
    error = refused(resources_py(WS_API, MOCK, integration_response({"IntegrationResponseKey": "200"})))
    problem(error, "integration::ws-api::MOCK::200", "IntegrationResponseKey", "'$default'", "'/200/'")


def test_integration_response_key_pattern_must_be_a_regular_expression(refused):
    error = refused(resources_py(WS_API, MOCK, integration_response({"IntegrationResponseKey": "/2(00/"})))
    problem(error, "integration::ws-api::MOCK::/2(00/", "IntegrationResponseKey", "not a regular expression")


def test_integration_response_is_refused_on_an_http_api_integration(refused):
    response = integration_response({"IntegrationResponseKey": "$default"}, "integration::my-api::my-function")
    error = refused(lambda_project(response), folders=["my-function"])
    problem(error, "integration::my-api::my-function::$default", "dependencies.integration", "for WebSocket APIs")


def test_route_response_key_is_default_only(refused):
    error = refused(resources_py(WS_API, MOCK, WS_ROUTE, route_response({"RouteResponseKey": "$connect"})))
    problem(error, "route::ws-api::sendmessage::$connect", "RouteResponseKey", "only the '$default'")


def test_route_response_is_refused_on_an_http_route(refused):
    response = route_response({"RouteResponseKey": "$default"}, "route::my-api::ANY /my-function")
    error = refused(lambda_project(response), folders=["my-function"])
    problem(error, "route::my-api::ANY /my-function::$default", "dependencies.route", "for WebSocket APIs")


def test_model_schema_must_be_json(refused):
    error = refused(resources_py(WS_API, model({"Name": "Message", "Schema": "{type: object}"})))
    problem(error, "ApiGatewayV2::Model 'Message'", "Schema", "is not JSON", "json.dumps")


def test_model_name_is_letters_and_digits(refused):
    error = refused(resources_py(WS_API, model({"Name": "chat-message", "Schema": '{"type": "object"}'})))
    problem(error, "ApiGatewayV2::Model 'chat-message'", "Name", "letters and digits", "'chatmessage'")


def test_model_is_refused_on_an_http_api(refused):
    error = refused(resources_py(API, model({"Name": "Message", "Schema": '{"type": "object"}'}, api="my-api")))
    problem(error, "ApiGatewayV2::Model 'Message'", "dependencies.api", "HTTP API")

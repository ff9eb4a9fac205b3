"""Invalid projects: each is refused by load() or validate() with a message that names the
resource and the field, and no AWS call is made.

"No AWS call" is proven twice: gc's own counter (a botocore before-call hook on every client a
Target makes; the Target's clients exist before the project is loaded) and a count of every
botocore API call in the process, from any client at all.
"""

from __future__ import annotations

import re

import pytest

from conftest import AllCalls
from grucloud.aws import calls
from grucloud.aws.spec import Dependency, Listing, ResourceSpec
from grucloud.aws.specs import REGISTRY
from grucloud.engine.inventory import discover
from grucloud.engine.validate import validate
from grucloud.problems import ProjectError
from grucloud.program.loader import load

API = '{"type": "Api", "group": "ApiGatewayV2", "properties": {"Name": "my-api", "ProtocolType": "HTTP"}}'
WS_API = '{"type": "Api", "group": "ApiGatewayV2", "properties": {"Name": "ws-api", "ProtocolType": "WEBSOCKET", "RouteSelectionExpression": "$request.body.action"}}'
ROLE = '''{"type": "Role", "group": "IAM", "properties": {"RoleName": "lambda-role", "AssumeRolePolicyDocument": {
    "Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "sts:AssumeRole",
    "Principal": {"Service": "lambda.amazonaws.com"}}]}}}'''
FUNCTION = '''{"type": "Function", "group": "Lambda", "properties": {"Configuration": {
    "FunctionName": "my-function", "Handler": "index.handler", "Runtime": "nodejs20.x"}},
    "dependencies": {"role": "lambda-role"}}'''
LAMBDA_PROXY = {"IntegrationType": "AWS_PROXY", "IntegrationMethod": "POST", "PayloadFormatVersion": "2.0"}
INTEGRATION_NAME = "integration::my-api::my-function"


def integration(properties: dict, dependencies: dict | None = None) -> str:
    dependencies = dependencies or {"api": "my-api", "lambdaFunction": "my-function"}
    return f'{{"type": "Integration", "group": "ApiGatewayV2", "properties": {properties!r}, "dependencies": {dependencies!r}}}'


def route(key: str = "ANY /my-function", integration_name: str = INTEGRATION_NAME) -> str:
    return (
        f'{{"type": "Route", "group": "ApiGatewayV2", "properties": {{"RouteKey": {key!r}}}, '
        f'"dependencies": {{"api": "my-api", "integration": {integration_name!r}}}}}'
    )


def resources_py(*resources: str) -> str:
    body = ",\n        ".join(resources)
    return f"def create_resources(config):\n    return [\n        {body},\n    ]\n"


def lambda_project(*extra: str, properties: dict | None = None) -> str:
    """API + role + function + Lambda proxy integration + route, with `properties` for the integration."""
    return resources_py(API, ROLE, FUNCTION, integration({**LAMBDA_PROXY, **(properties or {})}), route(), *extra)


# --- no AWS call, proven ---------------------------------------------------------------------------


def test_the_counters_do_see_calls(moto_target, write_project):
    """The control: the same Target and counters do count when the engine does call AWS."""
    calls.reset_counts()
    with AllCalls() as every:
        discover(moto_target, [REGISTRY["ApiGatewayV2::Api"]], "p", "dev")
    assert calls.total_calls() == 1 and calls.CALLS[("apigatewayv2", "GetApis")] == 1
    assert every.count == 1


def test_a_valid_project_passes(moto_target, write_project):
    directory = write_project(lambda_project(), folders=["my-function"])
    calls.reset_counts()
    validate(load(directory))
    assert calls.total_calls() == 0


def problem(error: ProjectError, *fragments: str) -> str:
    """The one problem line that contains every fragment (resource, field, hint)."""
    lines = [str(p) for p in error.problems]
    found = [line for line in lines if all(f in line for f in fragments)]
    assert found, f"no problem mentions all of {fragments}:\n" + "\n".join(lines)
    return found[0]


# --- the project files ---------------------------------------------------------------------------


def test_syntax_error_gives_the_line(refused):
    error = refused("def create_resources(config):\n    return [\n        {'type': 'Api',,}\n    ]\n")
    line = problem(error, "resources.py:3", "syntax error")
    assert "invalid syntax" in line


def test_resources_py_raising_at_import(refused):
    error = refused("import os\nVALUE = 1 / 0\n")
    problem(error, "resources.py", "ZeroDivisionError", "line 2")


def test_create_resources_raising_names_the_line(refused):
    error = refused("def create_resources(config):\n    return [config['nope']]\n")
    problem(error, "resources.py", "create_resources", "KeyError", "'nope'", "line 2")


def test_no_create_resources(refused):
    error = refused("def make_resources(config):\n    return []\n")
    problem(error, "resources.py", "create_resources(config)", "RESOURCES")


def test_create_resources_returning_a_non_list(refused):
    error = refused("def create_resources(config):\n    return {'type': 'Api'}\n")
    problem(error, "resources.py", "create_resources", "must return a list", "dict")


def test_no_resources_py(refused):
    error = refused(None, config="def create_config():\n    return {}\n")
    problem(error, "resources.py", "not found")


def test_config_py_raising(refused):
    error = refused(resources_py(API), config="def create_config():\n    raise ValueError('no stage')\n")
    problem(error, "config.py", "create_config", "ValueError: no stage", "line 2")


def test_config_py_returning_a_non_dict(refused):
    error = refused(resources_py(API), config="def create_config():\n    return ['dev']\n")
    problem(error, "config.py", "create_config", "must return a dict", "list")


def test_config_py_without_create_config(refused):
    error = refused(resources_py(API), config="CONFIG = {}\n")
    problem(error, "config.py", "create_config()")


def test_entry_that_is_not_a_dict(refused):
    error = refused(resources_py(API, '"Api"'))
    problem(error, "resource #2", "must be a dict", "str")


# --- resource shape ------------------------------------------------------------------------------


def test_unknown_type_suggests_the_close_one(refused):
    error = refused(resources_py(API, '{"type": "Integratoin", "group": "ApiGatewayV2", "properties": {}}'))
    line = problem(error, "resource #2", "type", "'ApiGatewayV2::Integratoin' is not a known resource type")
    assert "did you mean 'ApiGatewayV2::Integration'" in line


def test_missing_type(refused):
    error = refused(resources_py(API, '{"group": "ApiGatewayV2", "properties": {"Name": "x"}}'))
    problem(error, "resource #2", "type", "is missing")


def test_unknown_resource_key(refused):
    error = refused(resources_py(
        API, '{"type": "LogGroup", "group": "CloudWatchLogs", "properties": {"logGroupName": "lg"}, "dependencis": {}}'
    ))
    line = problem(error, "resource #2", "dependencis", "is not a resource key")
    assert "did you mean 'dependencies'" in line


def test_duplicate_names(refused):
    log_group = '{"type": "LogGroup", "group": "CloudWatchLogs", "properties": {"logGroupName": "lg"}}'
    error = refused(resources_py(API, log_group, log_group))
    problem(error, "CloudWatchLogs::LogGroup 'lg'", "name", "resource #2", "unique")


def test_missing_name(refused):
    error = refused(resources_py('{"type": "Api", "group": "ApiGatewayV2", "properties": {"ProtocolType": "HTTP"}}'))
    problem(error, "ApiGatewayV2::Api", "Name", "is required")


# --- properties against the botocore model -------------------------------------------------------


def test_unknown_property_names_the_valid_ones(refused):
    error = refused(lambda_project(properties={"TimeoutInMilis": 3000}))
    line = problem(error, "ApiGatewayV2::Integration", INTEGRATION_NAME, "TimeoutInMilis", "is not a known property")
    assert "TimeoutInMillis" in line and "IntegrationType" in line


def test_wrong_type(refused):
    error = refused(lambda_project(properties={"TimeoutInMillis": "3000"}))
    problem(error, INTEGRATION_NAME, "TimeoutInMillis", "wrong type", "'3000'")


def test_timeout_out_of_range_names_the_range(refused):
    error = refused(lambda_project(properties={"TimeoutInMillis": 40000}))
    problem(error, INTEGRATION_NAME, "TimeoutInMillis", "40000", "50 to 30000")


def test_timeout_below_the_minimum(refused):
    error = refused(lambda_project(properties={"TimeoutInMillis": 10}))
    problem(error, INTEGRATION_NAME, "TimeoutInMillis", "10", "50 to 30000")


def test_timeout_range_is_narrower_for_websocket(refused):
    ws_integration = integration(
        {"IntegrationType": "AWS_PROXY", "IntegrationMethod": "POST", "TimeoutInMillis": 29500},
        {"api": "ws-api", "lambdaFunction": "my-function"},
    )
    error = refused(resources_py(WS_API, ROLE, FUNCTION, ws_integration))
    problem(error, "integration::ws-api::my-function", "TimeoutInMillis", "29500", "50 to 29000")


def test_invalid_enum(refused):
    error = refused(lambda_project(properties={"IntegrationType": "LAMBDA"}))
    line = problem(error, INTEGRATION_NAME, "IntegrationType", "'LAMBDA' is not one of")
    assert "AWS_PROXY" in line and "HTTP_PROXY" in line


def test_missing_required_property(refused):
    properties = {"IntegrationMethod": "POST", "PayloadFormatVersion": "2.0"}
    error = refused(resources_py(API, ROLE, FUNCTION, integration(properties)))
    problem(error, INTEGRATION_NAME, "IntegrationType", "is required")


def test_missing_parent_dependency_says_which_dependency_fills_it(refused):
    error = refused(resources_py(API, ROLE, FUNCTION, integration(LAMBDA_PROXY, {"lambdaFunction": "my-function"})))
    problem(error, "ApiGatewayV2::Integration", "ApiId", "is required", '"api"')


def test_nested_property_of_the_wrong_type(refused):
    stage = ('{"type": "Stage", "group": "ApiGatewayV2", "properties": {"StageName": "dev", '
             '"AccessLogSettings": {"Format": 12}}, "dependencies": {"api": "my-api"}}')
    error = refused(resources_py(API, stage))
    problem(error, "ApiGatewayV2::Stage 'my-api::dev'", "AccessLogSettings.Format", "wrong type")


# --- cross-field rules (facts §4.3) ---------------------------------------------------------------


def test_http_api_refuses_websocket_integration_types(refused):
    properties = {"IntegrationType": "HTTP", "IntegrationMethod": "GET", "IntegrationUri": "https://example.com", "PayloadFormatVersion": "1.0"}
    error = refused(resources_py(API, integration(properties, {"api": "my-api"})))
    problem(error, "integration::my-api::HTTP", "IntegrationType", "'HTTP' is for WebSocket APIs", "AWS_PROXY or HTTP_PROXY")


def test_lambda_proxy_must_be_post(refused):
    error = refused(lambda_project(properties={"IntegrationMethod": "GET"}))
    problem(error, INTEGRATION_NAME, "IntegrationMethod", "'GET'", "must use POST")


def test_payload_2_0_only_for_lambda(refused):
    properties = {"IntegrationType": "HTTP_PROXY", "IntegrationMethod": "GET", "IntegrationUri": "https://example.com", "PayloadFormatVersion": "2.0"}
    error = refused(resources_py(API, integration(properties, {"api": "my-api"})))
    problem(error, "integration::my-api::HTTP_PROXY", "PayloadFormatVersion", "'2.0' is only for Lambda", "'1.0'")


def test_payload_format_version_required_on_http(refused):
    properties = {"IntegrationType": "AWS_PROXY", "IntegrationMethod": "POST"}
    error = refused(resources_py(API, ROLE, FUNCTION, integration(properties)))
    problem(error, INTEGRATION_NAME, "PayloadFormatVersion", "is required for HTTP APIs")


def test_invalid_payload_format_version(refused):
    error = refused(lambda_project(properties={"PayloadFormatVersion": "3.0"}))
    problem(error, INTEGRATION_NAME, "PayloadFormatVersion", "'3.0' is not valid")


def test_websocket_only_field_on_http(refused):
    error = refused(lambda_project(properties={"RequestTemplates": {"application/json": "{}"}}))
    problem(error, INTEGRATION_NAME, "RequestTemplates", "WebSocket APIs only")


def test_empty_websocket_only_field_is_accepted(moto_target, write_project):
    # GruCloud's pages show RequestTemplates: {} on HTTP integrations; an empty one is harmless
    directory = write_project(lambda_project(properties={"RequestTemplates": {}}), folders=["my-function"])
    validate(load(directory))


def test_lambda_target_needs_a_proxy_type(refused):
    error = refused(lambda_project(properties={"IntegrationType": "HTTP_PROXY", "PayloadFormatVersion": "1.0"}))
    problem(error, INTEGRATION_NAME, "IntegrationType", "cannot call a Lambda function")


@pytest.mark.parametrize("key", ["GET/users", "FETCH /users", "ANY", "get /users"])
def test_bad_route_key(refused, key):
    error = refused(resources_py(API, ROLE, FUNCTION, integration(LAMBDA_PROXY), route(key)))
    line = problem(error, f"route::my-api::{key}", "RouteKey", "is not an HTTP route key")
    assert "$default" in line and "ANY /my-function" in line


# --- dependencies ----------------------------------------------------------------------------------


def test_dependency_to_an_undeclared_name_lists_the_declared_ones(refused):
    error = refused(resources_py(API, ROLE, FUNCTION, integration(LAMBDA_PROXY), route(integration_name="integration::my-api::my-functoin")))
    line = problem(error, "route::my-api::ANY /my-function", "dependencies.integration", "no ApiGatewayV2::Integration named 'integration::my-api::my-functoin'")
    assert f"declared: {INTEGRATION_NAME}" in line
    assert f"did you mean {INTEGRATION_NAME!r}" in line


def test_dependency_to_a_type_with_nothing_declared(refused):
    stage = ('{"type": "Stage", "group": "ApiGatewayV2", "properties": {"StageName": "dev"}, '
             '"dependencies": {"api": "my-api", "logGroup": "lg"}}')
    error = refused(resources_py(API, stage))
    problem(error, "my-api::dev", "dependencies.logGroup", "declare a CloudWatchLogs::LogGroup named 'lg'")


def test_unknown_dependency_key(refused):
    error = refused(resources_py(API, ROLE, FUNCTION, integration(LAMBDA_PROXY, {"apii": "my-api", "lambdaFunction": "my-function"})))
    line = problem(error, "ApiGatewayV2::Integration", "dependencies.apii", "is not a dependency")
    assert "did you mean 'api'" in line and "lambdaFunction" in line


def test_list_dependency_given_one_name(refused):
    role = ROLE[:-1] + ', "dependencies": {"policies": "lambda-policy"}}'
    error = refused(resources_py(role))
    problem(error, "IAM::Role", "dependencies.policies", "takes a list of names", "['lambda-policy']")


def test_lambda_function_without_its_code_folder(refused):
    error = refused(resources_py(ROLE, FUNCTION), folders=())
    line = problem(error, "Lambda::Function 'my-function'", "Configuration", "no code folder")
    assert re.search(r"create \S*my-function", line)


def test_properties_function_raising(refused):
    resources = "def create_resources(config):\n    return [{'type': 'Api', 'group': 'ApiGatewayV2', 'name': 'my-api',\n             'properties': lambda ctx: {'Name': ctx.config['nope']}}]\n"
    error = refused(resources)
    problem(error, "ApiGatewayV2::Api", "properties", "KeyError")


# A dependency cycle cannot be written with the shipped types (their dependency types form a
# DAG), so the check is exercised with a test type that may depend on itself.
NODE = ResourceSpec(
    group="Test",
    type="Node",
    service="apigatewayv2",
    listing=Listing("GetApis", "Items"),
    identity={"ApiId": "ApiId"},
    create=lambda target, params: params,
    delete=lambda target, live: None,
    dependencies={"after": Dependency("Test::Node")},
)


def test_cycle(refused, monkeypatch):
    monkeypatch.setitem(REGISTRY, NODE.key, NODE)
    nodes = [
        '{"type": "Node", "group": "Test", "name": "a", "dependencies": {"after": "c"}}',
        '{"type": "Node", "group": "Test", "name": "b", "dependencies": {"after": "a"}}',
        '{"type": "Node", "group": "Test", "name": "c", "dependencies": {"after": "b"}}',
        '{"type": "Node", "group": "Test", "name": "free"}',
    ]
    error = refused(resources_py(*nodes))
    line = problem(error, "dependencies", "dependency cycle")
    for name in "abc":
        assert f"Test::Node {name!r}" in line
    assert "'free'" not in line


# --- all at once ------------------------------------------------------------------------------------


def test_every_problem_of_every_resource_at_once(refused):
    log_group = '{"type": "LogGroup", "group": "CloudWatchLogs", "properties": {"logGroupName": "lg", "retentionInDays": "7"}}'
    error = refused(lambda_project(log_group, properties={"TimeoutInMillis": 40000, "IntegrationMethod": "GET"}))
    problem(error, INTEGRATION_NAME, "TimeoutInMillis")
    problem(error, INTEGRATION_NAME, "IntegrationMethod")
    problem(error, "CloudWatchLogs::LogGroup 'lg'", "retentionInDays", "wrong type")
    assert str(error).startswith(f"{len(error.problems)} problems in the project:")


# --- more of the corpus: other types, other rules (each a distinct invalid project) ----------------

LOG_GROUP = '{"type": "LogGroup", "group": "CloudWatchLogs", "properties": {"logGroupName": "lg"}}'
EVENT_BUS = '{"type": "EventBus", "group": "CloudWatchEvents", "properties": {"Name": "my-bus"}}'
PUT_EVENTS = {"IntegrationType": "AWS_PROXY", "IntegrationSubtype": "EventBridge-PutEvents", "PayloadFormatVersion": "1.0",
              "RequestParameters": {"Detail": "$request.body.Detail", "DetailType": "MyDetailType", "Source": "demo.api"}}
EVENTS_ROLE = ROLE.replace("lambda-role", "events-role")


def test_empty_resource_list_entry_type(refused):
    error = refused(resources_py(API, '{"type": "", "group": "ApiGatewayV2", "properties": {}}'))
    problem(error, "resource #2", "type")


def test_resource_list_of_none(refused):
    error = refused("def create_resources(config):\n    return [None]\n")
    problem(error, "resource #1", "must be a dict", "NoneType")


def test_properties_that_are_not_a_dict(refused):
    error = refused(resources_py('{"type": "Api", "group": "ApiGatewayV2", "name": "my-api", "properties": ["Name", "my-api"]}'))
    problem(error, "ApiGatewayV2::Api", "properties")


def test_unknown_group_for_a_known_type(refused):
    error = refused(resources_py('{"type": "Api", "group": "ApiGateway", "properties": {"Name": "my-api"}}'))
    problem(error, "resource #1", "type", "'ApiGateway::Api' is not a known resource type")


def test_log_group_retention_not_a_valid_number_of_days(refused):
    log_group = '{"type": "LogGroup", "group": "CloudWatchLogs", "properties": {"logGroupName": "lg", "retentionInDays": [7]}}'
    error = refused(resources_py(log_group))
    problem(error, "CloudWatchLogs::LogGroup 'lg'", "retentionInDays", "wrong type")


def test_function_runtime_not_in_the_enum(refused):
    function = FUNCTION.replace('"nodejs20.x"', '"cobol85"')
    error = refused(resources_py(ROLE, function))
    line = problem(error, "Lambda::Function 'my-function'", "Runtime", "'cobol85' is not one of")
    assert "nodejs20.x" in line


def test_function_memory_above_the_maximum(refused):
    function = FUNCTION.replace('"Runtime": "nodejs20.x"', '"Runtime": "nodejs20.x", "MemorySize": 65536')
    error = refused(resources_py(ROLE, function))
    problem(error, "Lambda::Function 'my-function'", "MemorySize", "65536", "maximum")


def test_function_timeout_below_the_minimum(refused):
    function = FUNCTION.replace('"Runtime": "nodejs20.x"', '"Runtime": "nodejs20.x", "Timeout": 0')
    error = refused(resources_py(ROLE, function))
    problem(error, "Lambda::Function 'my-function'", "Timeout", "minimum")


def test_role_name_too_long(refused):
    role = ROLE.replace('"lambda-role"', '"' + "r" * 65 + '"')
    error = refused(resources_py(role))
    problem(error, "IAM::Role", "RoleName", "65 characters long", "maximum is 64")


def test_api_name_of_the_wrong_type(refused):
    error = refused(resources_py('{"type": "Api", "group": "ApiGatewayV2", "name": "my-api", "properties": {"Name": 42, "ProtocolType": "HTTP"}}'))
    problem(error, "ApiGatewayV2::Api", "Name", "wrong type")


def test_subtype_integration_that_is_not_aws_proxy(refused):
    properties = {**PUT_EVENTS, "IntegrationType": "HTTP_PROXY", "IntegrationMethod": "POST"}
    error = refused(resources_py(API, EVENTS_ROLE, integration(properties, {"api": "my-api", "role": "events-role"})))
    problem(error, "ApiGatewayV2::Integration", "IntegrationType", "a EventBridge-PutEvents integration is AWS_PROXY")


def test_vpc_link_integration_that_is_not_http_proxy(refused):
    properties = {"IntegrationType": "AWS_PROXY", "ConnectionType": "VPC_LINK", "ConnectionId": "abc123",
                  "IntegrationUri": "arn:aws:elasticloadbalancing:us-east-1:123456789012:listener/app/a/b/c", "PayloadFormatVersion": "1.0"}
    error = refused(resources_py(API, integration(properties, {"api": "my-api"})))
    problem(error, "ApiGatewayV2::Integration", "IntegrationType", "a VPC_LINK integration is HTTP_PROXY")


def test_stage_without_a_name(refused):
    stage = '{"type": "Stage", "group": "ApiGatewayV2", "name": "my-api::dev", "properties": {"AutoDeploy": true}, "dependencies": {"api": "my-api"}}'
    error = refused(resources_py(API, stage.replace("true", "True")))
    problem(error, "ApiGatewayV2::Stage", "StageName", "is required")


def test_route_key_of_the_wrong_type(refused):
    bad_route = ('{"type": "Route", "group": "ApiGatewayV2", "name": "route::my-api::42", "properties": {"RouteKey": 42}, '
                 '"dependencies": {"api": "my-api"}}')
    error = refused(resources_py(API, bad_route))
    problem(error, "ApiGatewayV2::Route", "RouteKey", "wrong type")


def test_permission_statement_without_a_principal(refused):
    permission = ('{"type": "Permission", "group": "Lambda", "properties": {"Permissions": [{"Action": "lambda:InvokeFunction", '
                  '"StatementId": "s1"}]}, "dependencies": {"lambdaFunction": "my-function"}}')
    error = refused(resources_py(ROLE, FUNCTION, permission))
    problem(error, "Lambda::Permission", "Permissions[0].Principal", "is required")


def test_http_proxy_without_a_method(refused):
    properties = {"IntegrationType": "HTTP_PROXY", "IntegrationUri": "https://example.com", "PayloadFormatVersion": "1.0"}
    error = refused(resources_py(API, integration(properties, {"api": "my-api"})))
    problem(error, "integration::my-api::HTTP_PROXY", "IntegrationMethod", "is required for HTTP_PROXY")


def test_vpc_link_integration_without_its_link_and_listener(refused):
    properties = {"IntegrationType": "HTTP_PROXY", "IntegrationMethod": "ANY", "ConnectionType": "VPC_LINK", "PayloadFormatVersion": "1.0"}
    error = refused(resources_py(API, integration(properties, {"api": "my-api"})))
    problem(error, "ApiGatewayV2::Integration", "ConnectionId", "VPC_LINK")
    problem(error, "ApiGatewayV2::Integration", "IntegrationUri", "VPC_LINK")


def test_eventbridge_integration_missing_a_required_parameter(refused):
    properties = {**PUT_EVENTS, "RequestParameters": {"Detail": "$request.body.Detail", "DetailType": "T"}}
    error = refused(resources_py(API, EVENTS_ROLE, integration(properties, {"api": "my-api", "role": "events-role"})))
    problem(error, "integration::my-api::eventBusDefault", "RequestParameters.Source", "is required for EventBridge-PutEvents")


def test_eventbridge_integration_with_a_parameter_of_another_subtype(refused):
    properties = {**PUT_EVENTS, "RequestParameters": {**PUT_EVENTS["RequestParameters"], "QueueUrl": "q"}}
    error = refused(resources_py(API, EVENTS_ROLE, integration(properties, {"api": "my-api", "role": "events-role"})))
    problem(error, "integration::my-api::eventBusDefault", "RequestParameters.QueueUrl", "is not a parameter of EventBridge-PutEvents")


def test_eventbridge_integration_without_a_role(refused):
    error = refused(resources_py(API, integration(PUT_EVENTS, {"api": "my-api"})))
    problem(error, "integration::my-api::eventBusDefault", "CredentialsArn", "is required for EventBridge-PutEvents")


def test_unknown_integration_subtype(refused):
    properties = {**PUT_EVENTS, "IntegrationSubtype": "EventBridge-PutEvent"}
    error = refused(resources_py(API, EVENTS_ROLE, integration(properties, {"api": "my-api", "role": "events-role"})))
    problem(error, "ApiGatewayV2::Integration", "IntegrationSubtype", "'EventBridge-PutEvent' is not a subtype")


def test_dependency_on_a_resource_of_the_wrong_type(refused):
    # "my-bus" exists, but as an event bus: the integration's lambdaFunction names a function
    error = refused(resources_py(API, EVENT_BUS, integration(LAMBDA_PROXY, {"api": "my-api", "lambdaFunction": "my-bus"})))
    problem(error, "ApiGatewayV2::Integration", "dependencies.lambdaFunction", "'my-bus'")


def test_duplicate_names_across_two_types_of_the_same_kind_of_name(refused):
    error = refused(resources_py(API, API.replace('"Name": "my-api"', '"Name": "my-api", "Description": "again"')))
    problem(error, "ApiGatewayV2::Api 'my-api'", "unique")


def test_config_py_with_a_syntax_error(refused):
    error = refused(resources_py(API), config="def create_config(:\n    return {}\n")
    problem(error, "config.py", "syntax error")

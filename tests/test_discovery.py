"""Discovery in bulk: each type listed once (children once per parent), and names, dependencies
and ownership worked out from live data alone."""

from __future__ import annotations

from conftest import (
    apply,
    assert_plan_finds_all_ours,
    load_checked,
    made_calls,
    pending,
    plan_of,
)
from grucloud.aws import calls
from grucloud.aws.specs import REGISTRY
from grucloud.engine.inventory import discover


def inventory_of(target, project):
    inventory = discover(target, list(REGISTRY.values()), project.name, project.stage)
    assert inventory.gaps == []  # the emulator lists every type
    return inventory


def test_each_type_is_listed_once_and_children_once_per_parent(target, copy_example):
    folder = copy_example("ApiGatewayV2/http-lambda")
    apply(folder, target)
    project = load_checked(folder)
    calls.reset_counts()
    inventory = inventory_of(target, project)
    made = made_calls()
    # one list call per type; API children once for the one API; permissions once per function
    for operation in ("GetApis", "GetIntegrations", "GetRoutes", "GetAuthorizers", "GetStages", "ListFunctions",
                      "GetPolicy", "ListRoles", "ListPolicies", "DescribeLogGroups"):
        assert made[operation] == 1, (operation, made)
    # no per-resource GET for what the API Gateway lists already return
    for operation in ("GetApi", "GetIntegration", "GetRoute", "GetStage", "GetFunction"):
        assert made[operation] == 0, (operation, made)
    names = {r.key for r in inventory.resources if r.ours}
    assert ("ApiGatewayV2::Integration", "integration::my-api::my-function") in names
    assert ("ApiGatewayV2::Route", "route::my-api::ANY /my-function") in names
    assert ("ApiGatewayV2::Stage", "my-api::stage-dev") in names


def test_dependencies_are_found_from_live_values(target, copy_example):
    folder = copy_example("ApiGatewayV2/http-lambda")
    apply(folder, target)
    inventory = inventory_of(target, load_checked(folder))
    by_key = inventory.by_key()
    route = by_key[("ApiGatewayV2::Route", "route::my-api::ANY /my-function")]
    assert route.dependencies == {"api": ["my-api"], "integration": ["integration::my-api::my-function"]}
    stage = by_key[("ApiGatewayV2::Stage", "my-api::stage-dev")]
    assert stage.dependencies == {"api": ["my-api"], "logGroup": ["lg-http-test"]}
    role = by_key[("IAM::Role", "lambda-role")]
    assert role.dependencies == {"policies": ["lambda-policy"]}
    function = by_key[("Lambda::Function", "my-function")]
    assert function.dependencies == {"role": ["lambda-role"]}


def test_children_are_ours_through_their_parent(target, copy_example, boto):
    folder = copy_example("ApiGatewayV2/http-lambda")
    apply(folder, target)
    client = boto("apigatewayv2")
    foreign = client.create_api(Name="foreign-api", ProtocolType="HTTP")
    client.create_integration(ApiId=foreign["ApiId"], IntegrationType="HTTP_PROXY", IntegrationUri="https://example.com", IntegrationMethod="GET", PayloadFormatVersion="1.0")
    inventory = inventory_of(target, load_checked(folder))
    integrations = [r for r in inventory.resources if r.spec.type == "Integration"]
    assert {(r.name, r.ours) for r in integrations} == {
        ("integration::my-api::my-function", True),
        ("integration::foreign-api::HTTP_PROXY", False),
    }


def test_types_that_only_name_others_are_listed_only_when_pointed_at(target, copy_example):
    """`gc list -t ApiGatewayV2::Integration`: an integration's name may come from a function, an
    event bus, a listener... each is listed only when a listed integration has a value for it."""
    folder = copy_example("ApiGatewayV2/http-lambda")
    apply(folder, target)
    calls.reset_counts()
    inventory = discover(target, [REGISTRY["ApiGatewayV2::Integration"]], "http-lambda", "dev")
    made = made_calls()
    integration = next(r for r in inventory.resources if r.spec.type == "Integration")
    assert integration.name == "integration::my-api::my-function"
    assert integration.dependencies["lambdaFunction"] == ["my-function"]
    assert made["GetIntegrations"] == 1 and made["ListFunctions"] == 1, made
    # no role (CredentialsArn), VPC link (ConnectionId) nor event bus (RequestParameters)
    assert made["ListRoles"] == made["GetVpcLinks"] == made["ListEventBuses"] == 0, made


def test_a_naming_type_is_listed_when_an_integration_points_at_it(target, copy_example):
    folder = copy_example("ApiGatewayV2/apigw-http-api-eventbridge-custom-bus")
    apply(folder, target)
    calls.reset_counts()
    inventory = discover(target, [REGISTRY["ApiGatewayV2::Integration"]], "apigw-http-api-eventbridge-custom-bus", "dev")
    made = made_calls()
    integration = next(r for r in inventory.resources if r.spec.type == "Integration")
    assert integration.name == "integration::MyHttpApi::MyEventBus"
    assert integration.dependencies["eventBus"] == ["MyEventBus"] and integration.dependencies["role"]
    assert made["ListEventBuses"] == 1 and made["ListRoles"] == 1 and made["ListFunctions"] == 0, made


def test_a_plan_skips_the_types_the_tagging_api_says_hold_nothing_of_ours(target, copy_example):
    folder = copy_example("ApiGatewayV2/http-lambda")
    apply(folder, target)
    calls.reset_counts()
    run = plan_of(folder, target)
    made = made_calls()
    assert pending(run.plan) == {}
    assert made["GetResources"] >= 1, made
    for operation in ("DescribeVpcs", "DescribeSubnets", "DescribeSecurityGroups", "ListClusters",
                      "ListTaskDefinitionFamilies", "DescribeTargetGroups", "ListTables", "ListCertificates", "ListDomains",
                      "DescribeAddresses", "ListUserPools", "GetDomainNames", "GetVpcLinks", "ListEventBuses", "ListRules",
                      "ListQueues", "ListTopics"):
        assert made[operation] == 0, (operation, made)
    # types without a bulk_type are listed, whatever the stack uses: hosted zones are global, and
    # the tagging API reports them in us-east-1 only; dashboards' ARNs name no region
    assert made["ListHostedZones"] == made["ListDashboards"] == 1, made


# one of each type that a plan lists only when the tagging API reports one of ours (moto's own
# report, or gc's emulator's additions: local/moto_extensions/tagging_api.py)
FOUND_BY_TAGS = """
def create_resources(config):
    pattern = {"source": ["my.app"]}
    return [
        {"type": "ElasticIpAddress", "group": "EC2", "name": "eip", "properties": {"Domain": "vpc"}},
        {"type": "UserPool", "group": "CognitoIdentityServiceProvider", "properties": {"PoolName": "pool"}},
        {"type": "Queue", "group": "SQS", "properties": {"QueueName": "queue"}},
        {"type": "Topic", "group": "SNS", "properties": {"Name": "topic"}},
        {"type": "EventBus", "group": "CloudWatchEvents", "properties": {"Name": "bus"}},
        {"type": "Rule", "group": "CloudWatchEvents", "properties": {"Name": "on-bus", "EventPattern": pattern},
         "dependencies": {"eventBus": "bus"}},
        {"type": "Vpc", "group": "EC2", "name": "vpc", "properties": {"CidrBlock": "10.0.0.0/16"}},
        {"type": "Subnet", "group": "EC2", "name": "subnet", "properties": {"CidrBlock": "10.0.1.0/24"},
         "dependencies": {"vpc": "vpc"}},
        {"type": "VpcLink", "group": "ApiGatewayV2", "properties": {"Name": "link"}, "dependencies": {"subnets": ["subnet"]}},
        {"type": "Certificate", "group": "ACM", "properties": {"DomainName": "api.example.com"}},
        {"type": "DomainName", "group": "ApiGatewayV2", "properties": {"DomainName": "api.example.com"},
         "dependencies": {"certificates": ["api.example.com"]}},
    ]
"""
FOUND_BY_TAGS_LISTINGS = ("DescribeAddresses", "ListUserPools", "ListQueues", "ListTopics", "ListEventBuses", "ListRules",
                          "GetVpcLinks", "GetDomainNames")


def test_a_removed_resource_is_found_through_the_tagging_api_and_none_listed_when_none_is_ours(
        target, write_project, monkeypatch):
    monkeypatch.setattr("moto.settings.ACM_VALIDATION_WAIT", 0)  # the certificate is issued at once
    folder = write_project(FOUND_BY_TAGS, 'def create_config():\n    return {"projectName": "by-tags"}\n')
    assert apply(folder, target).result.ok
    # with every declaration removed, the plan deletes each one
    assert_plan_finds_all_ours(folder, target)
    # another project, with none of them: the tagging API says so, and none of these types is listed
    other = write_project("def create_resources(config):\n    return []\n")
    calls.reset_counts()
    assert pending(plan_of(other, target).plan) == {}
    made = made_calls()
    assert made["GetResources"] == 1 and all(made[listing] == 0 for listing in FOUND_BY_TAGS_LISTINGS), made


def test_a_removed_rule_on_the_default_bus_is_found_though_the_bus_is_not_ours(target, write_project):
    """The default bus is AWS's: the tagging API reports the rule, not the bus, which is listed
    all the same, since the rule is listed under it."""
    folder = write_project("""
        def create_resources(config):
            return [{"type": "Rule", "group": "CloudWatchEvents",
                     "properties": {"Name": "on-default-bus", "EventPattern": {"source": ["my.app"]}}}]
        """, 'def create_config():\n    return {"projectName": "rule-only"}\n')
    assert apply(folder, target).result.ok
    assert_plan_finds_all_ours(folder, target)


def test_without_permission_for_the_tagging_api_a_plan_lists_every_type(target, copy_example, monkeypatch):
    from botocore.exceptions import ClientError

    from grucloud.aws import tagging
    from grucloud.aws.calls import CallFailed
    from grucloud.engine.scope import plan_types

    def refused(*_):
        error = ClientError({"Error": {"Code": "AccessDeniedException", "Message": "not allowed"}}, "GetResources")
        raise CallFailed("resourcegroupstaggingapi", "GetResources", error, 1)

    monkeypatch.setattr(tagging, "types_with_ours", refused)
    project = load_checked(copy_example("ApiGatewayV2/http-lambda"))
    listed = {s.key for s in plan_types(target, project)}
    assert listed == {key for key, spec in REGISTRY.items() if not spec.read_only}


def test_responses_are_listed_under_websocket_apis_only(target, copy_example):
    """Integration and route responses exist on WebSocket APIs only: a plan asks for them per
    integration and route of a WebSocket API, never per route of an HTTP API (at N = 100 that
    was 200 calls of a 433-call plan)."""
    http, websocket = copy_example("ApiGatewayV2/http-lambda"), copy_example("ApiGatewayV2/apigw-websocket-api-model")
    assert apply(http, target).result.ok
    calls.reset_counts()
    assert pending(plan_of(http, target).plan) == {}
    assert made_calls()["GetRouteResponses"] == made_calls()["GetIntegrationResponses"] == 0
    assert apply(websocket, target).result.ok
    calls.reset_counts()
    run = plan_of(websocket, target)
    assert pending(run.plan) == {}
    routes = [r for r in run.inventory.resources if r.spec.key == "ApiGatewayV2::Route" and r.live["ProtocolType"] == "WEBSOCKET"]
    assert made_calls()["GetRouteResponses"] == len(routes) > 0
    assert any(r.spec.key == "ApiGatewayV2::RouteResponse" for r in run.inventory.resources)


def test_event_source_mappings_are_listed_in_one_call_and_matched_to_their_functions(target, copy_example):
    other, queued = copy_example("ApiGatewayV2/http-lambda"), copy_example("ApiGatewayV2/apigw-sqs-lambda")
    assert apply(other, target).result.ok and apply(queued, target).result.ok
    calls.reset_counts()
    run = plan_of(queued, target)
    assert pending(run.plan) == {}  # the mapping is found, under its function
    functions = [r for r in run.inventory.resources if r.spec.key == "Lambda::Function"]
    mappings = [r for r in run.inventory.resources if r.spec.key == "Lambda::EventSourceMapping"]
    assert len(functions) == 2 and made_calls()["ListEventSourceMappings"] == 1
    assert [m.live["FunctionArn"] for m in mappings] == [m.parent.live["Configuration"]["FunctionArn"] for m in mappings]
    assert len(mappings) == 1 and mappings[0].ours

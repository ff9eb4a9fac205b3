"""What gc adds to moto's API Gateway V2 (local/moto_extensions) answers alike in gc's emulator
server and in the in-process moto worlds of the tests."""

from __future__ import annotations

import json
import uuid

import boto3
import pytest
from botocore.config import Config

from grucloud.aws import tagging
from grucloud.local import TAGGING_API_MARK, moto_extensions
from websocket_support import eventually

FUNCTION_URI = ("arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/"
                "arn:aws:lambda:us-east-1:123456789012:function:f/invocations")


@pytest.fixture(params=["server", "in-process"])
def apigw(request):
    if request.param == "server":
        return request.getfixturevalue("emulator_server").client("apigatewayv2")
    return request.getfixturevalue("boto")("apigatewayv2")


def test_a_stage_is_updated_and_its_settings_removed(apigw):
    api = apigw.create_api(Name="ext-ws", ProtocolType="WEBSOCKET", RouteSelectionExpression="$request.body.action")["ApiId"]
    apigw.create_stage(ApiId=api, StageName="dev", RouteSettings={"$connect": {"ThrottlingBurstLimit": 5}})
    apigw.update_stage(ApiId=api, StageName="dev", StageVariables={"v": "1"}, DefaultRouteSettings={"ThrottlingRateLimit": 8888},
                       RouteSettings={"GET /x": {"ThrottlingBurstLimit": 3}},
                       AccessLogSettings={"DestinationArn": "arn:aws:logs:us-east-1:123456789012:log-group:l", "Format": "$context.requestId"})
    stage = apigw.get_stage(ApiId=api, StageName="dev")
    assert stage["StageVariables"] == {"v": "1"} and stage["AccessLogSettings"]["Format"] == "$context.requestId"
    # a WebSocket stage's settings are filled as AWS fills them
    assert stage["DefaultRouteSettings"] == {"DataTraceEnabled": False, "DetailedMetricsEnabled": False, "LoggingLevel": "OFF",
                                             "ThrottlingRateLimit": 8888.0}
    assert stage["RouteSettings"] == {"$connect": {"LoggingLevel": "OFF", "ThrottlingBurstLimit": 5},
                                      "GET /x": {"LoggingLevel": "OFF", "ThrottlingBurstLimit": 3}}
    apigw.update_stage(ApiId=api, StageName="dev", StageVariables={"v": ""})  # removed by sending it empty
    apigw.delete_route_settings(ApiId=api, StageName="dev", RouteKey="GET /x")  # a key with a "/"
    apigw.delete_access_log_settings(ApiId=api, StageName="dev")
    stage = apigw.get_stage(ApiId=api, StageName="dev")
    assert stage["StageVariables"] == {} and "AccessLogSettings" not in stage and list(stage["RouteSettings"]) == ["$connect"]
    with pytest.raises(apigw.exceptions.NotFoundException):
        apigw.delete_route_settings(ApiId=api, StageName="dev", RouteKey="GET /x")


def test_authorizers_are_listed_with_aws_defaults(apigw):
    api = apigw.create_api(Name="ext-http", ProtocolType="HTTP")["ApiId"]
    apigw.create_authorizer(ApiId=api, Name="lambda", AuthorizerType="REQUEST", AuthorizerUri=FUNCTION_URI,
                            AuthorizerPayloadFormatVersion="2.0", IdentitySource=["$request.header.Authorization"])
    (authorizer,) = apigw.get_authorizers(ApiId=api)["Items"]
    assert authorizer["Name"] == "lambda" and authorizer["AuthorizerResultTtlInSeconds"] == 300


def test_install_is_idempotent():
    from moto.apigatewayv2 import urls
    from moto.apigatewayv2.models import ApiGatewayV2Backend

    routes, create_stage = dict(urls.url_paths), ApiGatewayV2Backend.create_stage
    moto_extensions.install()
    assert urls.url_paths == routes and ApiGatewayV2Backend.create_stage is create_stage


def test_a_domain_name_has_its_endpoint_and_is_updated(apigw):
    certificate = "arn:aws:acm:us-east-1:123456789012:certificate/c1"
    created = apigw.create_domain_name(DomainName="api.ext.example.com", DomainNameConfigurations=[{"CertificateArn": certificate}])
    (configuration,) = created["DomainNameConfigurations"]
    # where a Route 53 alias points: API Gateway's own name and the regional endpoints' zone
    assert configuration["ApiGatewayDomainName"].startswith("d-")
    assert configuration["ApiGatewayDomainName"].endswith(".execute-api.us-east-1.amazonaws.com")
    assert configuration["HostedZoneId"] == "Z1UJRXOUMOOFQ8" and configuration["EndpointType"] == "REGIONAL"
    apigw.update_domain_name(DomainName="api.ext.example.com", DomainNameConfigurations=[
        {"CertificateArn": certificate, "SecurityPolicy": "TLS_1_0"}])
    (updated,) = apigw.get_domain_name(DomainName="api.ext.example.com")["DomainNameConfigurations"]
    assert updated["SecurityPolicy"] == "TLS_1_0" and updated["ApiGatewayDomainName"] == configuration["ApiGatewayDomainName"]
    arn = "arn:aws:apigateway:us-east-1::/domainnames/api.ext.example.com"
    apigw.tag_resource(ResourceArn=arn, Tags={"team": "a", "env": "dev"})
    apigw.untag_resource(ResourceArn=arn, TagKeys=["env"])
    assert apigw.get_tags(ResourceArn=arn)["Tags"] == {"team": "a"}
    assert apigw.get_domain_name(DomainName="api.ext.example.com")["Tags"] == {"team": "a"}

    api = apigw.create_api(Name="ext-mapped", ProtocolType="HTTP")["ApiId"]
    for stage in ("one", "two"):
        apigw.create_stage(ApiId=api, StageName=stage)
    mapping = apigw.create_api_mapping(DomainName="api.ext.example.com", ApiId=api, Stage="one")["ApiMappingId"]
    apigw.update_api_mapping(DomainName="api.ext.example.com", ApiMappingId=mapping, ApiId=api, Stage="two", ApiMappingKey="v2")
    (found,) = apigw.get_api_mappings(DomainName="api.ext.example.com")["Items"]
    assert (found["Stage"], found["ApiMappingKey"]) == ("two", "v2")


def test_a_stage_has_tags_of_its_own(apigw):
    api = apigw.create_api(Name="ext-tags", ProtocolType="HTTP")["ApiId"]
    apigw.create_stage(ApiId=api, StageName="dev", Tags={"a": "1"})
    arn = f"arn:aws:apigateway:us-east-1::/apis/{api}/stages/dev"
    apigw.tag_resource(ResourceArn=arn, Tags={"b": "2"})
    apigw.untag_resource(ResourceArn=arn, TagKeys=["a"])
    assert apigw.get_tags(ResourceArn=arn)["Tags"] == {"b": "2"} == apigw.get_stage(ApiId=api, StageName="dev")["Tags"]


def test_deployments(apigw):
    api = apigw.create_api(Name="ext-deploy", ProtocolType="HTTP")["ApiId"]
    apigw.create_stage(ApiId=api, StageName="manual")
    apigw.create_stage(ApiId=api, StageName="auto", AutoDeploy=True)
    (auto,) = apigw.get_deployments(ApiId=api)["Items"]
    assert auto["AutoDeployed"] is True and apigw.get_stage(ApiId=api, StageName="auto")["DeploymentId"] == auto["DeploymentId"]
    made = apigw.create_deployment(ApiId=api, Description="first", StageName="manual")
    assert made["DeploymentStatus"] == "DEPLOYED" and made["AutoDeployed"] is False
    assert apigw.get_stage(ApiId=api, StageName="manual")["DeploymentId"] == made["DeploymentId"]
    apigw.update_deployment(ApiId=api, DeploymentId=made["DeploymentId"], Description="second")
    assert apigw.get_deployment(ApiId=api, DeploymentId=made["DeploymentId"])["Description"] == "second"
    with pytest.raises(apigw.exceptions.BadRequestException):  # a stage still serves it
        apigw.delete_deployment(ApiId=api, DeploymentId=made["DeploymentId"])
    apigw.delete_stage(ApiId=api, StageName="manual")
    apigw.delete_deployment(ApiId=api, DeploymentId=made["DeploymentId"])
    assert [d["DeploymentId"] for d in apigw.get_deployments(ApiId=api)["Items"]] == [auto["DeploymentId"]]
    with pytest.raises(apigw.exceptions.NotFoundException):
        apigw.get_deployment(ApiId=api, DeploymentId=made["DeploymentId"])
    with pytest.raises(apigw.exceptions.NotFoundException, match="Invalid Deployment identifier"):  # another API's, or none
        apigw.create_stage(ApiId=api, StageName="gone", DeploymentId=made["DeploymentId"])


def test_quick_create_makes_integration_route_and_default_stage(apigw):
    function = "arn:aws:lambda:us-east-1:123456789012:function:f"
    api = apigw.create_api(Name="ext-quick", ProtocolType="HTTP", Target=function, RouteKey="GET /hello")["ApiId"]
    (integration,) = apigw.get_integrations(ApiId=api)["Items"]
    assert (integration["IntegrationType"], integration["IntegrationUri"], integration["PayloadFormatVersion"]) == ("AWS_PROXY", function, "2.0")
    (route,) = apigw.get_routes(ApiId=api)["Items"]
    assert (route["RouteKey"], route["Target"]) == ("GET /hello", f"integrations/{integration['IntegrationId']}")
    (stage,) = apigw.get_stages(ApiId=api)["Items"]
    assert (stage["StageName"], stage["AutoDeploy"]) == ("$default", True)
    # API Gateway's own, for the API's Target
    assert integration["ApiGatewayManaged"] and route["ApiGatewayManaged"] and stage["ApiGatewayManaged"]


def test_route_responses_and_models_are_listed(apigw):
    api = apigw.create_api(Name="ext-ws-lists", ProtocolType="WEBSOCKET", RouteSelectionExpression="$request.body.action")["ApiId"]
    route = apigw.create_route(ApiId=api, RouteKey="$default")["RouteId"]
    apigw.create_route_response(ApiId=api, RouteId=route, RouteResponseKey="$default")
    apigw.create_model(ApiId=api, Name="Pet", ContentType="application/json", Schema='{"type": "object"}')
    assert [r["RouteResponseKey"] for r in apigw.get_route_responses(ApiId=api, RouteId=route)["Items"]] == ["$default"]
    assert [m["Name"] for m in apigw.get_models(ApiId=api)["Items"]] == ["Pet"]
    # and a WebSocket integration's payload format is AWS's
    made = apigw.create_integration(ApiId=api, IntegrationType="MOCK")
    assert (made["PayloadFormatVersion"], made["ConnectionType"]) == ("1.0", "INTERNET")


def test_a_route_response_is_updated(apigw):
    api = apigw.create_api(Name="ext-rr", ProtocolType="WEBSOCKET", RouteSelectionExpression="$request.body.action")["ApiId"]
    route = apigw.create_route(ApiId=api, RouteKey="sendmessage")["RouteId"]
    made = apigw.create_route_response(ApiId=api, RouteId=route, RouteResponseKey="$default")
    apigw.update_route_response(ApiId=api, RouteId=route, RouteResponseId=made["RouteResponseId"], ModelSelectionExpression="$default")
    (listed,) = apigw.get_route_responses(ApiId=api, RouteId=route)["Items"]
    assert listed["RouteResponseKey"] == "$default" and listed["ModelSelectionExpression"] == "$default"


@pytest.fixture(params=["server", "in-process"])
def states(request):
    if request.param == "server":  # with no host prefix: StartSyncExecution's would be "sync-127.0.0.1"
        server = request.getfixturevalue("emulator_server")
        return boto3.client("stepfunctions", endpoint_url=server.url, region_name="us-east-1", aws_access_key_id="testing",
                            aws_secret_access_key="testing", config=Config(inject_host_prefix=False))
    return request.getfixturevalue("boto")("stepfunctions")


def test_an_express_state_machine_runs_synchronously(states):
    definition = {"StartAt": "Add", "States": {"Add": {"Type": "Pass", "Parameters": {"sum.$": "States.MathAdd($.a, $.b)"}, "End": True}}}
    role = "arn:aws:iam::123456789012:role/sfn"
    express = states.create_state_machine(name=f"sync-{uuid.uuid4().hex[:6]}", definition=json.dumps(definition), roleArn=role, type="EXPRESS")
    outcome = states.start_sync_execution(stateMachineArn=express["stateMachineArn"], input='{"a": 2, "b": 3}')
    assert outcome["status"] == "SUCCEEDED" and json.loads(outcome["output"]) == {"sum": 5}
    standard = states.create_state_machine(name=f"std-{uuid.uuid4().hex[:6]}", definition=json.dumps(definition), roleArn=role)
    with pytest.raises(states.exceptions.ClientError, match="StateMachineTypeNotSupported"):
        states.start_sync_execution(stateMachineArn=standard["stateMachineArn"])
    # a standard one's execution runs in the background; its outcome is what DescribeExecution shows
    started = states.start_execution(stateMachineArn=standard["stateMachineArn"], input='{"a": 1, "b": 1}')
    eventually(lambda: states.describe_execution(executionArn=started["executionArn"])["status"] == "SUCCEEDED", "the execution ends")
    assert json.loads(states.describe_execution(executionArn=started["executionArn"])["output"]) == {"sum": 2}


def test_an_integration_response_already_deleted_is_not_found(apigw):
    api = apigw.create_api(Name="ext-ir", ProtocolType="WEBSOCKET", RouteSelectionExpression="$request.body.action")["ApiId"]
    integration = apigw.create_integration(ApiId=api, IntegrationType="MOCK")["IntegrationId"]
    response = apigw.create_integration_response(ApiId=api, IntegrationId=integration, IntegrationResponseKey="$default")
    ids = {"ApiId": api, "IntegrationId": integration, "IntegrationResponseId": response["IntegrationResponseId"]}
    apigw.delete_integration_response(**ids)
    with pytest.raises(apigw.exceptions.NotFoundException):  # moto answered a 500 (KeyError)
        apigw.delete_integration_response(**ids)


@pytest.fixture(params=["server", "in-process"])
def aws(request):
    """aws("ec2") -> a client of gc's emulator server, or of the in-process moto world."""
    if request.param == "server":
        return request.getfixturevalue("emulator_server").client
    return request.getfixturevalue("boto")


def test_the_tagging_api_reports_the_types_aws_reports_with_their_arns(aws):
    """gc's plan asks this API which types hold anything of its own: it must know each type a
    spec gives a bulk_type (moto leaves elastic IPs, user pools, domain names, VPC links and
    rules out), by AWS's ARN, and say that it is gc's."""
    value = uuid.uuid4().hex[:12]
    tags, tag_list = {"test": value}, [{"Key": "test", "Value": value}]
    ec2 = aws("ec2")
    address = ec2.allocate_address(Domain="vpc", TagSpecifications=[{"ResourceType": "elastic-ip", "Tags": tag_list}])
    ec2.allocate_address(Domain="vpc")  # not tagged: not reported
    pool = aws("cognito-idp").create_user_pool(PoolName=f"pool-{value}", UserPoolTags=tags)["UserPool"]
    apigw = aws("apigatewayv2")
    apigw.create_domain_name(DomainName=f"{value}.example.com", Tags=tags)
    link = apigw.create_vpc_link(Name=f"link-{value}", SubnetIds=["subnet-1"], Tags=tags)["VpcLinkId"]
    events = aws("events")
    events.create_event_bus(Name=f"bus-{value}", Tags=tag_list)
    events.put_rule(Name=f"rule-{value}", EventPattern='{"source": ["x"]}', Tags=tag_list)
    events.put_rule(Name=f"rule-{value}", EventBusName=f"bus-{value}", EventPattern='{"source": ["x"]}', Tags=tag_list)
    aws("sqs").create_queue(QueueName=f"queue-{value}", tags=tags)
    aws("sns").create_topic(Name=f"topic-{value}", Tags=tag_list)
    answer = aws("resourcegroupstaggingapi").get_resources(TagFilters=[{"Key": "test", "Values": [value]}])
    where = "us-east-1:123456789012"
    assert {m["ResourceARN"] for m in answer["ResourceTagMappingList"]} == {
        f"arn:aws:ec2:{where}:elastic-ip/{address['AllocationId']}",
        f"arn:aws:cognito-idp:{where}:userpool/{pool['Id']}",
        f"arn:aws:apigateway:us-east-1::/domainnames/{value}.example.com",
        f"arn:aws:apigateway:us-east-1::/vpclinks/{link}",
        f"arn:aws:events:{where}:event-bus/bus-{value}",
        f"arn:aws:events:{where}:rule/rule-{value}",
        f"arn:aws:events:{where}:rule/bus-{value}/rule-{value}",
        f"arn:aws:sqs:{where}:queue-{value}",
        f"arn:aws:sns:{where}:topic-{value}",
    }
    assert {tagging.arn_type(m["ResourceARN"]) for m in answer["ResourceTagMappingList"]} == {
        "ec2:elastic-ip", "cognito-idp:userpool", "apigateway:domainnames", "apigateway:vpclinks", "events:event-bus",
        "events:rule", "sqs:queue", "sns:topic"}
    assert all(m["Tags"] == tag_list for m in answer["ResourceTagMappingList"])
    assert TAGGING_API_MARK in answer["ResponseMetadata"]["HTTPHeaders"]

"""What gc adds to moto's API Gateway V2 (local/moto_extensions) answers alike in gc's emulator
server and in the in-process moto worlds of the tests."""

from __future__ import annotations

import pytest

from grucloud.local import moto_extensions

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

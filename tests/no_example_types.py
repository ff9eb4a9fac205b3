"""A gc project of the types no example declares (test_specs_behaviour.NOT_IN_ANY_EXAMPLE: an
API's Deployment, a domain name's RoutingRule), for the tests that reach every type through the
examples: the foreign-resource test and the 30 % fault run."""

from __future__ import annotations

from pathlib import Path

DOMAIN = "rules.example.com"


def rest_api_stage(boto) -> str:
    """Terraform's REST API (API Gateway v1, which gc does not make) with its GET /test, made
    with boto3 as Terraform's config makes it: a rule's action invokes only a REST API's stage."""
    v1 = boto("apigateway")
    rest_api = v1.create_rest_api(name="tf-rest", endpointConfiguration={"types": ["REGIONAL"]})["id"]
    root = v1.get_resources(restApiId=rest_api)["items"][0]["id"]
    resource = v1.create_resource(restApiId=rest_api, parentId=root, pathPart="test")["id"]
    v1.put_method(restApiId=rest_api, resourceId=resource, httpMethod="GET", authorizationType="NONE")
    v1.put_method_response(restApiId=rest_api, resourceId=resource, httpMethod="GET", statusCode="400")
    v1.put_integration(restApiId=rest_api, resourceId=resource, httpMethod="GET", type="HTTP", uri="http://example.com", integrationHttpMethod="GET")
    v1.put_integration_response(restApiId=rest_api, resourceId=resource, httpMethod="GET", statusCode="400")
    deployment = v1.create_deployment(restApiId=rest_api)["id"]
    v1.create_stage(restApiId=rest_api, stageName="prod", deploymentId=deployment)
    return rest_api


def resources_py(rest_api: str) -> str:
    api = {"api": "no-example-api"}
    resources = [
        {"type": "Api", "group": "ApiGatewayV2",
         "properties": {"Name": "no-example-api", "ProtocolType": "WEBSOCKET", "RouteSelectionExpression": "$request.body.action"}},
        {"type": "Integration", "group": "ApiGatewayV2", "properties": {"IntegrationType": "MOCK"}, "dependencies": api},
        {"type": "Route", "group": "ApiGatewayV2", "properties": {"RouteKey": "$default"},
         "dependencies": {**api, "integration": "integration::no-example-api::MOCK"}},
        {"type": "Deployment", "group": "ApiGatewayV2", "properties": {"Description": "by hand"}, "dependencies": api},
        {"type": "Certificate", "group": "ACM", "name": "rules-cert", "properties": {"DomainName": DOMAIN}},
        {"type": "DomainName", "group": "ApiGatewayV2", "dependencies": {"certificates": ["rules-cert"]},
         "properties": {"DomainName": DOMAIN, "RoutingMode": "ROUTING_RULE_THEN_API_MAPPING",
                        "DomainNameConfigurations": [{"EndpointType": "REGIONAL", "SecurityPolicy": "TLS_1_2"}]}},
        {"type": "RoutingRule", "group": "ApiGatewayV2", "dependencies": {"domainName": DOMAIN},
         "properties": {"Priority": 1, "Conditions": [{"MatchBasePaths": {"AnyOf": ["orders"]}}],
                        "Actions": [{"InvokeApi": {"ApiId": rest_api, "Stage": "prod", "StripBasePath": True}}]}},
    ]
    return "def create_resources(config):\n    return [\n" + "".join(f"        {r!r},\n" for r in resources) + "    ]\n"


def project(boto, monkeypatch, write_project) -> Path:
    """The project, its REST API made and its certificate issued at once (as on AWS, after DNS validation)."""
    monkeypatch.setattr("moto.settings.ACM_VALIDATION_WAIT", 0)
    return write_project(resources_py(rest_api_stage(boto)),
                         'def create_config():\n    return {"projectName": "no-example-types", "stage": "dev"}\n',
                         name="no-example-types")

"""gc's own example (GruCloud's have no model): a WebSocket API that checks each `sendmessage`
message against a JSON schema (an ApiGatewayV2::Model named in the route's RequestModels)
before its integration runs. The integration is a MOCK whose integration response answers the
client (a two-way route): a message the schema refuses gets API Gateway's "Invalid request
body" instead, and never reaches the integration.
"""

API = "ws-model"
MODEL = "Message"
SCHEMA = """{
  "$schema": "http://json-schema.org/draft-04/schema#",
  "title": "Message",
  "type": "object",
  "required": ["action", "data"],
  "properties": {"action": {"type": "string"}, "data": {"type": "string", "maxLength": 100}}
}"""
ANSWER = '{"received": "$context.routeKey", "connectionId": "$context.connectionId"}'


def create_resources(config):
    return [
        {
            "type": "Api",
            "group": "ApiGatewayV2",
            "properties": {"Name": API, "ProtocolType": "WEBSOCKET", "RouteSelectionExpression": "$request.body.action"},
        },
        {
            "type": "Model",
            "group": "ApiGatewayV2",
            "properties": {"Name": MODEL, "ContentType": "application/json", "Description": "A chat message", "Schema": SCHEMA},
            "dependencies": {"api": API},
        },
        {
            "type": "Integration",
            "group": "ApiGatewayV2",
            "properties": {
                "IntegrationType": "MOCK",
                "RequestTemplates": {"$default": '{"statusCode": 200}'},
                "TemplateSelectionExpression": "\\$default",
            },
            "dependencies": {"api": API},
        },
        {
            "type": "IntegrationResponse",
            "group": "ApiGatewayV2",
            "properties": {
                "IntegrationResponseKey": "$default",
                "ResponseTemplates": {"$default": ANSWER},
                "TemplateSelectionExpression": "\\$default",
            },
            "dependencies": {"integration": f"integration::{API}::MOCK"},
        },
        {
            "type": "Route",
            "group": "ApiGatewayV2",
            "properties": {"RouteKey": "sendmessage", "ModelSelectionExpression": "$default", "RequestModels": {"$default": MODEL}},
            "dependencies": {"api": API, "integration": f"integration::{API}::MOCK", "models": [MODEL]},
        },
        {
            "type": "RouteResponse",
            "group": "ApiGatewayV2",
            "properties": {"RouteResponseKey": "$default"},
            "dependencies": {"route": f"route::{API}::sendmessage"},
        },
        {
            "type": "Stage",
            "group": "ApiGatewayV2",
            "properties": {"AutoDeploy": True, "StageName": "dev"},
            "dependencies": {"api": API},
        },
    ]

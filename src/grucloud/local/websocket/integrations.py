"""What an integration does with one WebSocket event: Lambda proxy (`AWS_PROXY`), Lambda and
AWS service actions through mapping templates (`AWS`), and `MOCK`.

A service action (`arn:aws:apigateway:<region>:dynamodb:action/PutItem`, `...:sqs:path/<account>/<queue>`)
is sent to the emulator itself, over HTTP, as API Gateway sends it to the service: the rendered
request template is the body. The answer goes through the integration responses.
"""

from __future__ import annotations

import json
import re
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from functools import cache
from urllib.parse import urlencode

from grucloud.local.websocket import selection, templates
from grucloud.local.websocket.api import WebSocketApi
from grucloud.local.websocket.requests import WsRequest

_SERVICE_URI = re.compile(r"arn:aws:apigateway:(?P<region>[^:]*):(?P<service>[^:/]+):(?P<kind>action|path)/(?P<rest>.+)")
# API Gateway's service names that botocore calls otherwise
_BOTOCORE_NAME = {"states": "stepfunctions", "monitoring": "cloudwatch", "email": "ses"}
_HTTP = urllib.request.build_opener(urllib.request.ProxyHandler({}))  # loopback only, never a proxy


@dataclass
class Answer:
    """The integration's outcome: `status` and `body` (None: nothing to send back), or
    `error`, why the gateway failed the event (the client sees "Internal server error")."""

    status: int = 200
    body: str | bytes | None = None
    error: str = ""

    @property
    def ok(self) -> bool:
        return not self.error and 200 <= self.status < 300


def carry(api: WebSocketApi, route: dict, request: WsRequest, runner, emulator_url: str) -> Answer:
    integration = api.integration_of(route)
    if integration is None:
        return Answer(error=f"route {route['routeKey']!r} has no integration")
    kind = integration.get("integrationType")
    uri = integration.get("integrationUri") or ""
    deadline = time.monotonic() + (integration.get("timeoutInMillis") or 29000) / 1000
    try:
        if kind == "AWS_PROXY":
            return _lambda_proxy(runner, api, uri, request.proxy_event(), deadline, _checked_arn(api, integration, request))
        if kind == "MOCK":
            rendered = _request_body(api, integration, request)
            status = 200
            try:
                status = int(json.loads(rendered).get("statusCode", 200)) if rendered.strip() else 200
            except (ValueError, AttributeError, TypeError):
                pass
            return _through_responses(api, integration, request, status, "")
        if kind == "AWS" and "/functions/" in uri:
            rendered = _request_body(api, integration, request)
            try:
                event = json.loads(rendered)
            except ValueError:
                event = rendered
            invocation = invoke_function(runner, api, uri, event, deadline, _checked_arn(api, integration, request))
            if invocation.gave_up:
                return Answer(error="the integration timed out")
            payload = invocation.error if invocation.error else invocation.payload
            return _through_responses(api, integration, request, 200, json.dumps(payload))
        if kind == "AWS":
            status, text = _call_service(emulator_url, api.region, uri, _request_body(api, integration, request), integration, request, api)
            # AWS selects a service action's response by its status code (live integrations read
            # ${integration.response.statuscode}); moto stores the Lambda one for every AWS integration
            return _through_responses(api, {**integration, "integrationResponseSelectionExpression": "${integration.response.statuscode}"},
                                      request, status, text)
    except (templates.TemplateFailed, CannotInvoke) as error:
        return Answer(error=str(error))
    return Answer(error=f"integration type {kind!r} is not run by the emulator's WebSocket gateway (AWS_PROXY, AWS and MOCK are)")


def invoke_function(runner, api: WebSocketApi, uri: str, event, deadline: float, source_arn: str | None):
    """Invoke the function that `uri` names (an invocation URI, or a bare function ARN), after
    the check of its resource policy for `source_arn` (None: the integration has a role)."""
    from grucloud.local.dataplane import permission, world
    from grucloud.local.dataplane.runner_errors import RuntimeMissing

    region, name = world.function_name_of(uri)
    region = region or api.region
    function = world.find_function(region, name)
    if function is None:
        raise CannotInvoke(f"no Lambda function {name!r} in {region}")
    refused = permission.check(region, function.name, source_arn) if source_arn else None
    if refused:
        raise CannotInvoke(refused)
    try:
        return runner.invoke(function, event, deadline=deadline)
    except RuntimeMissing as error:
        raise CannotInvoke(str(error)) from None


def route_arn(api: WebSocketApi, request: WsRequest) -> str:
    from grucloud.local.dataplane import world

    return f"arn:aws:execute-api:{api.region}:{world.ACCOUNT}:{api.api_id}/{request.connection.stage}/{request.route_key}"


class CannotInvoke(Exception):
    """The function is missing, may not be invoked by API Gateway, or cannot run here."""


def _checked_arn(api: WebSocketApi, integration: dict, request: WsRequest) -> str | None:
    # with a role (CredentialsArn), API Gateway invokes as that role, not by the resource policy
    return None if integration.get("credentialsArn") else route_arn(api, request)


def _lambda_proxy(runner, api: WebSocketApi, uri: str, event: dict, deadline: float, source_arn: str | None) -> Answer:
    invocation = invoke_function(runner, api, uri, event, deadline, source_arn)
    if invocation.gave_up:
        return Answer(error="the integration timed out")
    if invocation.error:
        return Answer(error=f"the function failed: {invocation.error.get('errorMessage')}")
    payload = invocation.payload
    if isinstance(payload, dict) and ("statusCode" in payload or "body" in payload):
        try:
            status = int(payload.get("statusCode", 200))
        except (TypeError, ValueError):
            return Answer(error=f"the function answered a statusCode that is not a number: {payload.get('statusCode')!r}")
        return Answer(status, payload.get("body"))
    return Answer(200, payload if isinstance(payload, str) else json.dumps(payload) if payload is not None else None)


def _request_body(api: WebSocketApi, integration: dict, request: WsRequest) -> str:
    """The rendered request template that `TemplateSelectionExpression` picks, or the message
    itself when none matches and the passthrough behavior allows it."""
    request_templates = integration.get("requestTemplates") or {}
    selected = selection.evaluate(integration.get("templateSelectionExpression") or "\\$default", selection.parse_body(request.body))
    key = selection.select_key(request_templates, selected)
    if key is None:
        if request_templates and integration.get("passthroughBehavior") in ("NEVER", "WHEN_NO_TEMPLATES"):
            raise templates.TemplateFailed(f"no request template for {selected!r} and passthrough behavior {integration.get('passthroughBehavior')}")
        return request.text
    return templates.render(request_templates[key], body=request.text, context=request.context(),
                            stage_variables=_stage_variables(api, request), params=request.params())


def _stage_variables(api: WebSocketApi, request: WsRequest) -> dict:
    return (api.stages.get(request.connection.stage) or {}).get("stageVariables") or {}


def _through_responses(api: WebSocketApi, integration: dict, request: WsRequest, status: int, text: str) -> Answer:
    """The integration response that the selection expression picks transforms the answer;
    with none, the answer passes through."""
    responses = {r["integrationResponseKey"]: r for r in integration.get("integrationResponses") or []}
    parsed = selection.parse_body(text)
    expression = integration.get("integrationResponseSelectionExpression") or "${integration.response.statuscode}"
    selected = selection.evaluate(expression, None, {"statuscode": status, "body": parsed})
    key = selection.select_key(responses, selected)
    response_templates = (responses[key].get("responseTemplates") or {}) if key else {}
    if response_templates:
        which = selection.select_key(response_templates, selection.evaluate(responses[key].get("templateSelectionExpression") or "\\$default", parsed))
        if which is not None:
            text = templates.render(response_templates[which], body=text, context=request.context(),
                                    stage_variables=_stage_variables(api, request), params=request.params(),
                                    integration={"statuscode": status, "body": text})
    return Answer(status, text)


@cache
def _protocol(service: str) -> dict:
    import botocore.session

    model = botocore.session.get_session().get_service_model(_BOTOCORE_NAME.get(service, service))
    return dict(model.metadata)


def _mapped_parameters(integration: dict, request: WsRequest, api: WebSocketApi) -> tuple[dict, dict]:
    """`RequestParameters`: `integration.request.header.X` / `.querystring.X` from a static
    `'value'`, `route.request.header.Y`, `route.request.querystring.Y`, `context.Y` or
    `stageVariables.Y`."""
    headers, query = {}, {}
    context = request.context()
    params = request.params()
    for target, source in (integration.get("requestParameters") or {}).items():
        if source.startswith("'") and source.endswith("'"):
            value = source[1:-1]
        elif source.startswith("route.request.header."):
            value = params["header"].get(source.removeprefix("route.request.header."), "")
        elif source.startswith("route.request.querystring."):
            value = params["querystring"].get(source.removeprefix("route.request.querystring."), "")
        elif source.startswith("context."):
            value = str(context.get(source.removeprefix("context."), ""))
        elif source.startswith("stageVariables."):
            value = str(_stage_variables(api, request).get(source.removeprefix("stageVariables."), ""))
        else:
            value = source
        if target.startswith("integration.request.header."):
            headers[target.removeprefix("integration.request.header.")] = value
        elif target.startswith("integration.request.querystring."):
            query[target.removeprefix("integration.request.querystring.")] = value
    return headers, query


def _call_service(emulator_url: str, region: str, uri: str, body: str, integration: dict, request: WsRequest, api: WebSocketApi) -> tuple[int, str]:
    match = _SERVICE_URI.fullmatch(uri)
    if match is None:
        raise templates.TemplateFailed(f"integration URI {uri!r} is not an AWS service action (arn:aws:apigateway:<region>:<service>:action/<Action> or :path/<path>)")
    service, kind, rest = match["service"], match["kind"], match["rest"]
    region = match["region"] or region
    metadata = _protocol(service)
    signing = metadata.get("signingName") or metadata.get("endpointPrefix") or service
    headers = {
        "Authorization": f"AWS4-HMAC-SHA256 Credential=testing/20200101/{region}/{signing}/aws4_request, SignedHeaders=host, Signature=0",
    }
    path = "/"
    query = {}
    if kind == "path":
        path = "/" + rest
    elif metadata.get("protocol") in ("json", "rest-json") and "targetPrefix" in metadata:
        headers["Content-Type"] = f"application/x-amz-json-{metadata.get('jsonVersion', '1.0')}"
        headers["X-Amz-Target"] = f"{metadata['targetPrefix']}.{rest}"
    else:
        query = {"Action": rest, "Version": metadata.get("apiVersion", "")}
        headers["Content-Type"] = "application/x-www-form-urlencoded"
    mapped_headers, mapped_query = _mapped_parameters(integration, request, api)
    headers.update(mapped_headers)
    query.update(mapped_query)


    url = f"{emulator_url}{path}" + (f"?{urlencode(query)}" if query else "")
    outgoing = urllib.request.Request(url, data=body.encode(), method=integration.get("integrationMethod") or "POST", headers=headers)
    try:
        with _HTTP.open(outgoing, timeout=29) as answer:
            return answer.status, answer.read().decode("utf-8", "replace")
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode("utf-8", "replace")

"""Authorizers on the emulator: JWT (signature, iss, aud/client_id, exp/nbf, scopes, 401 with
www-authenticate) and Lambda REQUEST authorizers (simple and IAM answers, identity sources,
the result cache)."""

from __future__ import annotations

import json
import time
import uuid

import pytest
from joserfc import jwk
from joserfc import jwt as joserfc_jwt
from moto.utilities.utils import load_resource

from dataplane_support import (
    REGION,
    allow_api,
    execute_api,
    make_api,
    make_function,
    proxy_to,
    request,
)

CLAIMS_ECHO = {"app.py": "import json\ndef h(event, context):\n    return {'statusCode': 200, 'body': json.dumps(event['requestContext'].get('authorizer'))}\n"}


def sign(claims: dict, key=None, kid: str = "dummy") -> str:
    """A token signed with the emulator's Cognito key (moto's), or with `key`."""
    key = key or jwk.RSAKey.import_key(load_resource("cognitoidp/resources/jwks-private.json"))
    return joserfc_jwt.encode({"alg": "RS256", "kid": kid}, claims, key)


@pytest.fixture(scope="module")
def jwt_api(emulator_server):
    cognito = emulator_server.client("cognito-idp")
    pool = cognito.create_user_pool(PoolName=f"pool-{uuid.uuid4().hex[:6]}")["UserPool"]["Id"]
    issuer = f"https://cognito-idp.{REGION}.amazonaws.com/{pool}"
    function = make_function(emulator_server, CLAIMS_ECHO, "app.h")
    client = emulator_server.client("apigatewayv2")
    api_id = make_api(emulator_server, {}, stages=())
    authorizer = client.create_authorizer(
        ApiId=api_id, Name="jwt", AuthorizerType="JWT", IdentitySource=["$request.header.Authorization"],
        JwtConfiguration={"Issuer": issuer, "Audience": ["my-client"]},
    )["AuthorizerId"]
    integration = client.create_integration(ApiId=api_id, **proxy_to(function))["IntegrationId"]
    for key, scopes in (("GET /open", None), ("GET /scoped", ["email"])):
        client.create_route(ApiId=api_id, RouteKey=key, Target=f"integrations/{integration}", AuthorizationType="JWT",
                            AuthorizerId=authorizer, **({"AuthorizationScopes": scopes} if scopes else {}))
    client.create_stage(ApiId=api_id, StageName="$default")
    allow_api(emulator_server, function, api_id)
    return api_id, issuer


def claims(issuer, **more):
    now = int(time.time())
    return {"iss": issuer, "sub": "u1", "aud": "my-client", "token_use": "id", "iat": now, "exp": now + 600, **more}


def test_a_valid_token_reaches_the_integration_with_its_claims(emulator_server, jwt_api):
    api_id, issuer = jwt_api
    token = sign(claims(issuer, groups=["a", "b"]))
    answer = request(execute_api(emulator_server, api_id, "/open"), headers={"Authorization": f"Bearer {token}"})
    assert answer.status == 200, answer.body
    jwt = answer.json()["jwt"]
    assert jwt["claims"]["sub"] == "u1" and jwt["claims"]["exp"].isdigit()  # claim values arrive as strings
    assert jwt["claims"]["groups"] == "[a b]" and jwt["scopes"] is None
    # an access token has no aud: its client_id is checked instead
    access = sign({k: v for k, v in claims(issuer, client_id="my-client", scope="email openid").items() if k != "aud"})
    scoped = request(execute_api(emulator_server, api_id, "/scoped"), headers={"Authorization": access})
    assert scoped.status == 200 and scoped.json()["jwt"]["scopes"] == ["email", "openid"]


@pytest.mark.parametrize(
    "make, why",
    [
        (lambda issuer: None, "no token in $request.header.Authorization"),
        (lambda issuer: "not-a-jwt", "the token is not a JWT"),
        (lambda issuer: sign(claims(issuer, iss="https://elsewhere")), "the token's iss"),
        (lambda issuer: sign(claims(issuer, aud="another-client")), "the token's aud"),
        (lambda issuer: sign({k: v for k, v in claims(issuer, client_id="other").items() if k != "aud"}), "its client_id 'other'"),
        (lambda issuer: sign(claims(issuer, exp=int(time.time()) - 5)), "the token has expired"),
        (lambda issuer: sign(claims(issuer, nbf=int(time.time()) + 600)), "the token's nbf is in the future"),
        (lambda issuer: sign(claims(issuer), key=jwk.RSAKey.generate_key(2048)), "signature is not valid"),
        (lambda issuer: sign(claims(issuer), kid="other"), "has the token's kid 'other'"),
    ],
)
def test_bad_tokens_are_401_with_www_authenticate(emulator_server, jwt_api, make, why):
    api_id, issuer = jwt_api
    token = make(issuer)
    answer = request(execute_api(emulator_server, api_id, "/open"), headers={"Authorization": f"Bearer {token}"} if token else {})
    assert (answer.status, answer.json()) == (401, {"message": "Unauthorized"})
    assert answer.headers["www-authenticate"].startswith('Bearer scope="" error="invalid_token" error_description="')
    assert why in answer.headers["www-authenticate"]


def test_a_route_with_scopes_refuses_a_token_without_them(emulator_server, jwt_api):
    api_id, issuer = jwt_api
    answer = request(execute_api(emulator_server, api_id, "/scoped"), headers={"Authorization": sign(claims(issuer, scope="profile"))})
    assert (answer.status, answer.json()) == (403, {"message": "Forbidden"})
    assert 'error="insufficient_scope"' in answer.headers["www-authenticate"]


AUTHORIZER_CODE = {
    "auth.py": """
CALLS = {"n": 0}

def simple(event, context):
    CALLS["n"] += 1
    token = event["headers"].get("x-token")
    return {"isAuthorized": token == "let-me-in", "context": {"calls": CALLS["n"], "seen": event["identitySource"]}}

def policy(event, context):
    headers = {k.lower(): v for k, v in event["headers"].items()}  # 1.0 keeps the names' case
    effect = "Allow" if headers.get("x-token") == "let-me-in" else "Deny"
    arn = event["routeArn"] if event["version"] == "2.0" else event["methodArn"]
    return {"principalId": "user-1", "context": {"who": "user-1", "type": event["type"]},
            "policyDocument": {"Version": "2012-10-17", "Statement": [{"Action": "execute-api:Invoke", "Effect": effect, "Resource": arn}]}}

def broken(event, context):
    return {"isAuthorized": "yes"}
""",
}


@pytest.fixture(scope="module")
def lambda_auth_api(emulator_server):
    backend = make_function(emulator_server, CLAIMS_ECHO, "app.h")
    functions = {h: make_function(emulator_server, AUTHORIZER_CODE, f"auth.{h}") for h in ("simple", "policy", "broken")}
    client = emulator_server.client("apigatewayv2")
    api_id = make_api(emulator_server, {}, stages=())
    integration = client.create_integration(ApiId=api_id, **proxy_to(backend))["IntegrationId"]
    integration_v1 = client.create_integration(ApiId=api_id, **proxy_to(backend, version="1.0"))["IntegrationId"]
    definitions = {
        "GET /simple": ("simple", dict(AuthorizerPayloadFormatVersion="2.0", EnableSimpleResponses=True, AuthorizerResultTtlInSeconds=300), integration),
        "GET /policy": ("policy", dict(AuthorizerPayloadFormatVersion="2.0", AuthorizerResultTtlInSeconds=0), integration),
        "GET /policy-v1": ("policy", dict(AuthorizerPayloadFormatVersion="1.0", AuthorizerResultTtlInSeconds=0), integration_v1),
        "GET /broken": ("broken", dict(AuthorizerPayloadFormatVersion="2.0", EnableSimpleResponses=True, AuthorizerResultTtlInSeconds=0), integration),
    }
    for route_key, (handler, options, target) in definitions.items():
        authorizer = client.create_authorizer(
            ApiId=api_id, Name=f"auth-{route_key[5:]}", AuthorizerType="REQUEST", IdentitySource=["$request.header.x-token"],
            AuthorizerUri=f"arn:aws:apigateway:{REGION}:lambda:path/2015-03-31/functions/arn:aws:lambda:{REGION}:123456789012:function:{functions[handler]}/invocations",
            **options,
        )["AuthorizerId"]
        client.create_route(ApiId=api_id, RouteKey=route_key, Target=f"integrations/{target}", AuthorizationType="CUSTOM", AuthorizerId=authorizer)
    client.create_stage(ApiId=api_id, StageName="$default")
    for function in [backend, *functions.values()]:
        allow_api(emulator_server, function, api_id, pattern="*")
    return api_id


def test_simple_responses_identity_sources_and_the_cache(emulator_server, lambda_auth_api):
    url = execute_api(emulator_server, lambda_auth_api, "/simple")
    missing = request(url)
    assert (missing.status, missing.json()) == (401, {"message": "Unauthorized"})  # not even called
    first = request(url, headers={"x-token": "let-me-in"})
    assert first.status == 200, first.body
    assert first.json()["lambda"]["seen"] == ["let-me-in"]
    calls = first.json()["lambda"]["calls"]
    assert request(url, headers={"x-token": "let-me-in"}).json()["lambda"]["calls"] == calls  # cached for its TTL
    denied = request(url, headers={"x-token": "wrong"})
    assert (denied.status, denied.json()) == (403, {"message": "Forbidden"})


def test_iam_policy_answers_in_both_formats(emulator_server, lambda_auth_api):
    for path, expected in (("/policy", {"lambda": {"who": "user-1", "type": "REQUEST"}}), ("/policy-v1", {"who": "user-1", "type": "REQUEST", "principalId": "user-1"})):
        url = execute_api(emulator_server, lambda_auth_api, path)
        allowed = request(url, headers={"x-token": "let-me-in"})
        assert (allowed.status, allowed.json()) == (200, expected), path
        assert request(url, headers={"x-token": "nope"}).status == 403


def test_an_authorizer_answering_nonsense_is_500(emulator_server, lambda_auth_api):
    answer = request(execute_api(emulator_server, lambda_auth_api, "/broken"), headers={"x-token": "x"})
    assert (answer.status, answer.json()) == (500, {"message": "Internal Server Error"})
    assert "a simple response needs isAuthorized true or false" in (emulator_server.state / "emulator.log").read_text()


def test_a_loopback_issuer_is_found_through_its_discovery_document(emulator_server):
    """Another issuer's keys come from {issuer}/.well-known/openid-configuration -> jwks_uri."""
    import threading
    from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

    key = jwk.RSAKey.generate_key(2048, parameters={"kid": "k1"})
    documents = {}

    class Issuer(BaseHTTPRequestHandler):
        def do_GET(self):
            body = json.dumps(documents[self.path]).encode()
            self.send_response(200)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Issuer)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    issuer = f"http://127.0.0.1:{server.server_address[1]}/realm"
    documents["/realm/.well-known/openid-configuration"] = {"issuer": issuer, "jwks_uri": f"{issuer}/keys"}
    documents["/realm/keys"] = {"keys": [key.as_dict(private=False)]}
    try:
        function = make_function(emulator_server, CLAIMS_ECHO, "app.h")
        client = emulator_server.client("apigatewayv2")
        api_id = make_api(emulator_server, {}, stages=())
        authorizer = client.create_authorizer(ApiId=api_id, Name="oidc", AuthorizerType="JWT", IdentitySource=["$request.header.Authorization"],
                                              JwtConfiguration={"Issuer": issuer, "Audience": ["api"]})["AuthorizerId"]
        integration = client.create_integration(ApiId=api_id, **proxy_to(function))["IntegrationId"]
        client.create_route(ApiId=api_id, RouteKey="GET /me", Target=f"integrations/{integration}", AuthorizationType="JWT", AuthorizerId=authorizer)
        client.create_stage(ApiId=api_id, StageName="$default")
        allow_api(emulator_server, function, api_id)
        now = int(time.time())
        token = sign({"iss": issuer, "aud": "api", "sub": "bob", "exp": now + 60}, key=key, kid="k1")
        answer = request(execute_api(emulator_server, api_id, "/me"), headers={"Authorization": f"Bearer {token}"})
        assert answer.status == 200 and answer.json()["jwt"]["claims"]["sub"] == "bob"
        forged = sign({"iss": issuer, "aud": "api", "sub": "bob", "exp": now + 60}, kid="k1")  # another key, same kid
        assert request(execute_api(emulator_server, api_id, "/me"), headers={"Authorization": forged}).status == 401
    finally:
        server.shutdown()

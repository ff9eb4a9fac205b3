"""Property: whatever is added, changed or removed in resources.py (properties, map keys),
apply then plan is "no change", and what is live is the declaration plus AWS's defaults.

One moto world is shared by every example (each example applies over the last one's state,
which is the point: any declaration is reached from any other); few examples keep it cheap."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import apply, assert_applied, assert_converged

HEADERS = ["append:header.a", "append:header.b", "overwrite:header.c", "remove:querystring.d"]
CORS_MEMBERS = {
    "AllowOrigins": st.just(["https://example.com"]) | st.just(["https://example.org", "https://example.net"]),
    "AllowMethods": st.just(["GET"]) | st.just(["GET", "POST"]),
    "MaxAge": st.integers(0, 600),
    "AllowCredentials": st.booleans(),
}

apis = st.fixed_dictionaries({}, optional={
    "Description": st.sampled_from(["first", "second"]),
    "Version": st.sampled_from(["v1", "v2"]),
    "DisableExecuteApiEndpoint": st.booleans(),
    "CorsConfiguration": st.fixed_dictionaries({}, optional=CORS_MEMBERS),
    "Tags": st.dictionaries(st.sampled_from(["team", "env"]), st.sampled_from(["a", "b"]), max_size=2),
})
integrations = st.fixed_dictionaries({}, optional={
    "Description": st.sampled_from(["proxy", "the proxy"]),
    "TimeoutInMillis": st.integers(50, 30000),
    "RequestParameters": st.dictionaries(st.sampled_from(HEADERS), st.sampled_from(["$context.requestId", "x"]), max_size=3),
})
routes = st.fixed_dictionaries({}, optional={"OperationName": st.sampled_from(["get-it", "fetch"])})

PROJECT = "def create_config():\n    return {\"projectName\": \"prop\"}\n"  # one project for every example
# what AWS has when a member is not declared (the spec's defaults; the rest is empty)
API_DEFAULTS = {"DisableExecuteApiEndpoint": False}
INTEGRATION_DEFAULTS = {"TimeoutInMillis": 30000}


def resources(api: dict, integration: dict, route: dict) -> str:
    declared = [
        {"type": "Api", "group": "ApiGatewayV2", "properties": {"Name": "prop-api", **api}},
        {"type": "Integration", "group": "ApiGatewayV2", "dependencies": {"api": "prop-api"}, "properties": {
            "IntegrationType": "HTTP_PROXY", "IntegrationMethod": "GET", "IntegrationUri": "https://example.com",
            "PayloadFormatVersion": "1.0", **integration}},
        {"type": "Route", "group": "ApiGatewayV2", "properties": {"RouteKey": "GET /", **route},
         "dependencies": {"api": "prop-api", "integration": "integration::prop-api::HTTP_PROXY"}},
    ]
    return f"def create_resources(config):\n    return {declared!r}\n"


def assert_live_is_declared_plus_defaults(live: dict, declared: dict, defaults: dict, members: list[str]) -> None:
    for member in members:
        want = declared.get(member, defaults.get(member))
        have = live.get(member)
        if member == "Tags":
            have = {k: v for k, v in (have or {}).items() if not k.startswith("gc-")}
        if isinstance(want, dict) and member == "CorsConfiguration":
            # AllowCredentials not declared is false, and MaxAge -1 (no caching): what a removal
            # sends back (the Api spec's `unset`), AWS's defaults
            want = {"AllowCredentials": False, "MaxAge": -1, **want}
            have = {"AllowCredentials": False, "MaxAge": -1, **{k: v for k, v in (have or {}).items() if v not in (None, [], "")}}
        if want in (None, {}, "", []):
            assert have in (None, {}, "", []), (member, have)
        else:
            assert have == want, (member, have, want)


def test_apply_then_plan_is_no_change_and_live_is_the_declaration(target, boto, write_project):
    # the first listing of each service compiles moto's response templates, in threads, which
    # CPython 3.11 may fail at once ("AST constructor recursion depth mismatch"): done before
    # hypothesis starts, so that its examples see only gc's behaviour
    warm = write_project(resources({}, {}, {}), config=PROJECT)
    for _ in range(2):
        try:
            apply(warm, target)
            break
        except SystemError:
            continue
    client = boto("apigatewayv2")

    @settings(max_examples=5, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(api=apis, integration=integrations, route=routes)
    def example(api, integration, route):
        directory = write_project(resources(api, integration, route), config=PROJECT)
        assert_applied(apply(directory, target))
        assert_converged(directory, target)
        live_api = next(a for a in client.get_apis()["Items"] if a["Name"] == "prop-api")
        assert_live_is_declared_plus_defaults(live_api, api, API_DEFAULTS,
                                              ["Description", "Version", "DisableExecuteApiEndpoint", "CorsConfiguration", "Tags"])
        [live_integration] = client.get_integrations(ApiId=live_api["ApiId"])["Items"]
        # moto keeps a removed parameter as ""; AWS drops it: the same for both
        live_integration["RequestParameters"] = {k: v for k, v in (live_integration.get("RequestParameters") or {}).items() if v}
        assert_live_is_declared_plus_defaults(live_integration, integration, INTEGRATION_DEFAULTS,
                                              ["Description", "TimeoutInMillis", "RequestParameters"])
        [live_route] = client.get_routes(ApiId=live_api["ApiId"])["Items"]
        assert_live_is_declared_plus_defaults(live_route, route, {}, ["OperationName"])

    example()

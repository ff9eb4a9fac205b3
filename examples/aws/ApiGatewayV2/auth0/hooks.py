"""Checks run by `gc apply` (on_deployed) and `gc destroy` (on_destroyed), or by `gc run`."""


def on_deployed(ctx):
    # without an Auth0 token the JWT authorizer turns the request away, as GruCloud's hook expects
    answer = ctx.http("my-api::my-api-stage-dev").get("/my-function")
    assert answer.status == 401, f"GET /my-function without a token: {answer}"


def on_destroyed(ctx):
    assert not ctx.resources, f"still live: {[r.name for r in ctx.resources]}"

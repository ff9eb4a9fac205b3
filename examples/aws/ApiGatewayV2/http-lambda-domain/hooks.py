"""Checks run by `gc apply` (on_deployed) and `gc destroy` (on_destroyed), or by `gc run`."""


def on_deployed(ctx):
    answer = ctx.http("my-api::stage-dev").get("/my-function")
    assert answer.status == 200, f"GET /my-function: {answer}"
    assert answer.json() == "Hello from gc Lambda", f"GET /my-function: {answer}"


def on_destroyed(ctx):
    assert not ctx.resources, f"still live: {[r.name for r in ctx.resources]}"

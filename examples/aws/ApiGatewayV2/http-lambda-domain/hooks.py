"""Checks run by `gc apply` (on_deployed) and `gc destroy` (on_destroyed), or by `gc run`."""


def on_deployed(ctx):
    answer = ctx.http("my-api::stage-dev").get("/my-function")
    assert answer.status == 200, f"GET /my-function: {answer}"
    assert answer.json() == "Hello from gc Lambda", f"GET /my-function: {answer}"
    # the same route at the custom domain, whose API mapping (key "") serves the whole stage; on
    # the emulator over plain HTTP, by the domain's name in the Host header
    answer = ctx.domain(ctx.config["domainName"]).get("/my-function")
    assert answer.status == 200, f"GET /my-function at the domain: {answer}"
    assert answer.json() == "Hello from gc Lambda", f"GET /my-function at the domain: {answer}"


def on_destroyed(ctx):
    assert not ctx.resources, f"still live: {[r.name for r in ctx.resources]}"

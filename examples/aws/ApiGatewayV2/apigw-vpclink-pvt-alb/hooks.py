"""Checks run by `gc apply` (on_deployed), or by `gc run --on-deployed`: the API reaches the
private load balancer through the VPC link."""

STAGE = "serverlessland-pvt-endpoint::$default"  # <api>::<stage>, as in resources.py


def on_deployed(ctx):
    answer = ctx.http(STAGE).get("/anything")
    if ctx.local:
        # the emulator runs no container, so the target group has no target it can reach (on
        # loopback): API Gateway's answer when no target is healthy
        assert answer.status == 503, f"GET /anything: {answer}"
        assert answer.json() == {"message": "Service Unavailable"}, f"GET /anything: {answer}"
    else:
        assert answer.status == 200, f"GET /anything: {answer}"

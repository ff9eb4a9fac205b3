"""Checks run by `gc apply` (on_deployed), or by `gc run --on-deployed`: GET / reaches the
function, which answers with the event it received and writes its business metric (the
dashboard's "Business Metrics") as an embedded-metric-format line in its log."""

FUNCTION = "sam-app-SampleFunction-7LguHNIijNN9"


def on_deployed(ctx):
    answer = ctx.http().get("/")
    assert answer.status == 200, f"GET /: {answer}"
    event = answer.json()
    assert event["routeKey"] == "GET /" and event["requestContext"]["http"]["method"] == "GET", f"GET /: {answer}"
    request_id = event["requestContext"]["requestId"]
    (line,) = [e["message"] for e in ctx.wait_for_log(f"/aws/lambda/{FUNCTION}", request_id) if "ProcessedRequests" in e["message"]]
    assert '"Namespace":"sam-app"' in line, f"the metric line of request {request_id}: {line}"

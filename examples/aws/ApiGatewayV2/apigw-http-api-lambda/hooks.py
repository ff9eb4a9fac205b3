"""Checks run by `gc apply` (on_deployed), or by `gc run --on-deployed`: any request reaches the
function through the $default route, which answers with what it received."""


def on_deployed(ctx):
    answer = ctx.http().post("/any/path?greeting=hello", json={"message": "hi"})
    assert answer.status == 200, f"POST /any/path: {answer}"
    echoed = answer.json()
    assert echoed["functionName"] == "apigw-http-api-lambda-function", f"POST /any/path: {answer}"
    assert echoed["method"] == "POST" and echoed["rawPath"] == "/any/path", f"POST /any/path: {answer}"
    assert echoed["queryString"] == {"greeting": "hello"}, f"POST /any/path: {answer}"

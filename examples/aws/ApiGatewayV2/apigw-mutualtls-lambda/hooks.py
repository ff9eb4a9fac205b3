"""Checks run by `gc apply` (on_deployed) and `gc destroy` (on_destroyed), or by `gc run`.

The API answers at its custom domain only: at its own execute-api endpoint (the stage's
InvokeUrl) AWS answers 403, and so does the emulator. Through the domain, the quick create's
$default route carries the request to the function, which answers with what it was asked.
On the emulator the domain is reached over plain HTTP, by its name in the Host header: neither
the certificate nor mutual TLS is checked there (and the example declares no truststore).
"""

STAGE = "apigw-mutualtls-lambda::$default"  # made by the quick create: declared readOnly
FUNCTION = "apigw-mutualtls-lambda-function"


def on_deployed(ctx):
    default_endpoint = ctx.http(STAGE).get("/")
    assert default_endpoint.status == 403, f"GET / at the disabled execute-api endpoint: {default_endpoint}"
    assert default_endpoint.json() == {"message": "Forbidden"}, f"GET / at the disabled execute-api endpoint: {default_endpoint}"

    answer = ctx.domain(ctx.config["domainName"]).post("/any/path", params={"who": "gc"}, json={"hello": "tls"})
    assert answer.status == 200, f"POST /any/path through the domain: {answer}"
    asked = answer.json()
    assert asked["functionName"] == FUNCTION, asked
    assert (asked["method"], asked["rawPath"], asked["queryString"]) == ("POST", "/any/path", {"who": "gc"}), asked
    assert asked["body"] == '{"hello": "tls"}', asked


def on_destroyed(ctx):
    # the registered domain, looked up, is still live; it is not ours
    assert not ctx.resources, f"still live: {[r.name for r in ctx.resources]}"

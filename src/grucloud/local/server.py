"""The emulator process: moto's server with what its API Gateway V2 lacks (local/moto_extensions),
the data plane of deployed APIs (local/dataplane), and one read that moto's API lacks.

moto answers GetFunction with a Code.Location on AWS's S3 host, which it does not serve, so a
function's code cannot be downloaded from it. This server also answers
GET /_gc/lambda-code/<region>/<function name> with the function's zip, read from moto's own
memory, so that `gc gencode --local` can write the code folder. It listens on loopback only.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import signal
import sys
from urllib.parse import unquote

from moto.core import DEFAULT_ACCOUNT_ID
from moto.moto_server.werkzeug_app import (
    DomainDispatcherApplication,
    MotoRequestHandler,
    create_backend_app,
)
from werkzeug.serving import run_simple

from grucloud.local import dataplane, moto_extensions, websocket
from grucloud.local.emulator import check_loopback

CODE_ROUTE = re.compile(r"/_gc/lambda-code/(?P<region>[a-z0-9-]+)/(?P<name>[^/]+)")


def application():
    moto_extensions.install()  # before moto builds its URL map, on the first request
    moto_app = DomainDispatcherApplication(create_backend_app)
    moto_app.debug = True  # as in moto's own server: errors propagate, so gaps can be answered

    def app(environ, start_response):
        if dataplane.claims(environ):  # a request to a deployed API, not to AWS's control plane
            return dataplane.handle(environ, start_response)
        if websocket.claims(environ):  # where WebSocket APIs listen; @connections callbacks
            return websocket.handle(environ, start_response)
        match = CODE_ROUTE.fullmatch(environ.get("PATH_INFO", ""))
        if match is None or environ.get("REQUEST_METHOD") != "GET":
            return _answering_gaps(moto_app, environ, start_response)
        code = _lambda_code(match["region"], unquote(match["name"]))
        if code is None:
            start_response("404 Not Found", [("Content-Type", "text/plain")])
            return [b"no such function"]
        start_response("200 OK", [("Content-Type", "application/zip"), ("Content-Length", str(len(code)))])
        return [code]

    return app


def _answering_gaps(moto_app, environ, start_response):
    """moto raises NotImplementedError for an operation it routes but lacks, which its server
    answers with a bare 500 page (that botocore retries as a server error). Answer 501 instead:
    gc reports it at once as an emulator gap (see aws/calls.py)."""
    try:
        return moto_app(environ, start_response)
    except NotImplementedError as error:
        body = json.dumps({"__type": "NotImplemented", "message": str(error)}).encode()
        headers = [("Content-Type", "application/json"), ("x-amzn-ErrorType", "NotImplemented"), ("Content-Length", str(len(body)))]
        start_response("501 Not Implemented", headers)
        return [body]


def _lambda_code(region: str, name: str) -> bytes | None:
    from moto.awslambda.models import lambda_backends

    try:
        return lambda_backends[DEFAULT_ACCOUNT_ID][region].get_function(name).code_bytes
    except Exception:  # moto's own "not found" errors have no common base
        return None


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m grucloud.local.server")
    parser.add_argument("-H", "--host", default="127.0.0.1")
    parser.add_argument("-p", "--port", type=int, required=True)
    args = parser.parse_args(argv)
    check_loopback(args.host)  # the emulator accepts any credentials
    os.environ.setdefault("MOTO_PORT", str(args.port))  # moto builds some URLs from it
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    websocket.start(args.host, f"http://[{args.host}]:{args.port}" if ":" in args.host else f"http://{args.host}:{args.port}")
    run_simple(args.host, args.port, application(), threaded=True, request_handler=MotoRequestHandler)


if __name__ == "__main__":
    main()

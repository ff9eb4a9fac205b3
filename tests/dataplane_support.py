"""Helpers for the data-plane tests: one emulator server for the session, and small stacks
arranged on it with boto3 (functions from inline code, HTTP APIs with routes)."""

from __future__ import annotations

import io
import json
import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
import uuid
import zipfile
from dataclasses import dataclass
from pathlib import Path

import boto3

REGION = "us-east-1"
ACCOUNT = "123456789012"
_HTTP = urllib.request.build_opener(urllib.request.ProxyHandler({}))


@dataclass
class Server:
    url: str
    state: Path
    process: subprocess.Popen

    def client(self, service: str):
        return boto3.client(service, endpoint_url=self.url, region_name=REGION,
                            aws_access_key_id="testing", aws_secret_access_key="testing")


def start_server(state: Path) -> Server:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    # the SDK for Node.js handlers is fetched once per machine, not once per test run
    sdk = Path(os.environ.get("GC_NODE_SDK_DIR") or Path.home() / ".cache" / "grucloud-tests" / "node-sdk")
    env = {**os.environ, "GC_STATE_DIR": str(state), "GC_NODE_SDK_DIR": str(sdk), "MOTO_IAM_LOAD_MANAGED_POLICIES": "true",
           "MOTO_ACM_VALIDATION_WAIT": "0"}  # as `gc local start` starts it (local/emulator.py)
    log = open(state / "emulator.log", "wb")
    process = subprocess.Popen([sys.executable, "-m", "grucloud.local.server", "-p", str(port)],
                               stdout=log, stderr=subprocess.STDOUT, env=env)
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 30
    while True:
        try:
            with _HTTP.open(f"{url}/moto-api/", timeout=1):
                # as `gc local start` records it: `gc --local` with GC_STATE_DIR=state uses this server
                record = {"url": url, "pid": process.pid, "port": port, "started_at": "tests"}
                (state / "emulator.json").write_text(json.dumps(record))
                return Server(url, state, process)
        except OSError:
            if process.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError((state / "emulator.log").read_text()) from None
            time.sleep(0.05)


def gc(server: Server, *args: str, cwd=None, check: int | None = 0) -> subprocess.CompletedProcess:
    """The real CLI, `gc --local ...`, on the session's emulator."""
    env = {**os.environ, "GC_STATE_DIR": str(server.state), "COLUMNS": "200"}
    env.pop("GC_LOCAL", None)
    done = subprocess.run([sys.executable, "-m", "grucloud", "--local", *args], cwd=cwd, env=env,
                          capture_output=True, text=True, timeout=300)
    if check is not None:
        assert done.returncode == check, f"exit {done.returncode}\nstdout:\n{done.stdout}\nstderr:\n{done.stderr}"
    return done


def zipped(files: dict[str, str]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, text in files.items():
            archive.writestr(name, text)
    return buffer.getvalue()


_ASSUME = {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"Service": "lambda.amazonaws.com"}, "Action": "sts:AssumeRole"}]}


def role_arn(server: Server, name: str = "dataplane-tests") -> str:
    iam = server.client("iam")
    try:
        return iam.get_role(RoleName=name)["Role"]["Arn"]
    except iam.exceptions.NoSuchEntityException:
        return iam.create_role(RoleName=name, AssumeRolePolicyDocument=json.dumps(_ASSUME))["Role"]["Arn"]


def make_function(server: Server, files: dict[str, str], handler: str, runtime: str = "python3.12", **config) -> str:
    name = f"fn-{uuid.uuid4().hex[:8]}"
    server.client("lambda").create_function(
        FunctionName=name, Runtime=runtime, Handler=handler, Role=role_arn(server),
        Code={"ZipFile": zipped(files)}, **config,
    )
    return name


def allow_api(server: Server, function: str, api_id: str, pattern: str = "*/*") -> None:
    server.client("lambda").add_permission(
        FunctionName=function, StatementId=f"api-{uuid.uuid4().hex[:6]}", Action="lambda:InvokeFunction",
        Principal="apigateway.amazonaws.com", SourceArn=f"arn:aws:execute-api:{REGION}:{ACCOUNT}:{api_id}/{pattern}",
    )


def lambda_uri(function: str) -> str:
    return f"arn:aws:lambda:{REGION}:{ACCOUNT}:function:{function}"


def make_api(server: Server, routes: dict[str, dict], stages=("$default",), **api) -> str:
    """An HTTP API whose routes each have their own integration: {route key: integration}."""
    client = server.client("apigatewayv2")
    api_id = client.create_api(Name=f"api-{uuid.uuid4().hex[:6]}", ProtocolType="HTTP", **api)["ApiId"]
    for route_key, integration in routes.items():
        route_extra = integration.pop("route", {})
        made = client.create_integration(ApiId=api_id, **integration)
        client.create_route(ApiId=api_id, RouteKey=route_key, Target=f"integrations/{made['IntegrationId']}", **route_extra)
    for stage in stages:
        client.create_stage(ApiId=api_id, StageName=stage, AutoDeploy=True)
    return api_id


def proxy_to(function: str, version: str = "2.0", **more) -> dict:
    return {"IntegrationType": "AWS_PROXY", "IntegrationUri": lambda_uri(function), "PayloadFormatVersion": version, **more}


@dataclass
class Answer:
    status: int
    headers: dict[str, str]
    header_list: list[tuple[str, str]]
    body: bytes

    def json(self):
        return json.loads(self.body)


def request(url: str, method: str = "GET", body: bytes | None = None, headers: dict | None = None, host: str | None = None) -> Answer:
    req = urllib.request.Request(url, data=body, method=method, headers=headers or {})
    if host:
        req.add_header("Host", host)
    try:
        with _HTTP.open(req, timeout=60) as resp:
            return Answer(resp.status, {k.lower(): v for k, v in resp.headers.items()}, list(resp.headers.items()), resp.read())
    except urllib.error.HTTPError as error:
        return Answer(error.code, {k.lower(): v for k, v in error.headers.items()}, list(error.headers.items()), error.read())


def execute_api(server: Server, api_id: str, path: str = "/") -> str:
    return f"{server.url}/_aws/execute-api/{api_id}{path}"


def log_messages(server: Server, group: str) -> list[str]:
    logs = server.client("logs")
    messages = []
    for stream in logs.describe_log_streams(logGroupName=group)["logStreams"]:
        messages += [e["message"] for e in logs.get_log_events(logGroupName=group, logStreamName=stream["logStreamName"])["events"]]
    return messages

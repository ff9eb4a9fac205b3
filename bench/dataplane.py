"""The data plane's figures: requests to a deployed HTTP API on gc's own emulator
(`python -m grucloud.local.server`, private state folder), through a Lambda proxy integration.

- cold start: the first request to a function no worker has run yet (one fresh function each);
- warm: sequential requests to a warm function, p50 and p99, Python and Node.js;
- load: 1,000 requests from 20 concurrent clients, counting every answer that is not 200.

Measured from the client (http.client on loopback), the emulator's process included; nothing
here asserts a time, the report compares with the goals.
"""

from __future__ import annotations

import http.client
import io
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
import uuid
import zipfile
from pathlib import Path

import boto3

from bench.emulator import ACCOUNT, REGION, ROOT, _free_port

_HTTP = urllib.request.build_opener(urllib.request.ProxyHandler({}))
CODE = {
    "python3.12": ("app.py", "app.handler", "def handler(event, context):\n    return {'statusCode': 200, 'body': 'ok'}\n"),
    "nodejs20.x": ("app.js", "app.handler", "exports.handler = async () => ({ statusCode: 200, body: 'ok' });\n"),
}
GOALS = {"warm_p50_ms": 10.0, "warm_p99_ms": 50.0, "cold_ms": 500.0}


def _zip(name: str, text: str) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr(name, text)
    return buffer.getvalue()


class _Stack:
    """gc's emulator in its own process, with one HTTP API whose routes each reach a function."""

    def __init__(self):
        self.state = Path(tempfile.mkdtemp(prefix="gc-bench-dataplane-"))
        self.port = _free_port()
        env = {**os.environ, "GC_STATE_DIR": str(self.state)}
        self.process = subprocess.Popen([sys.executable, "-m", "grucloud.local.server", "-p", str(self.port)], cwd=ROOT,
                                        stdout=open(self.state / "emulator.log", "wb"), stderr=subprocess.STDOUT, env=env)
        self.url = f"http://127.0.0.1:{self.port}"
        deadline = time.monotonic() + 30
        while True:
            try:
                with _HTTP.open(f"{self.url}/moto-api/", timeout=1):
                    break
            except OSError:
                if self.process.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError(f"the emulator did not start; see {self.state / 'emulator.log'}") from None
                time.sleep(0.1)
        self.client = lambda service: boto3.client(service, endpoint_url=self.url, region_name=REGION,
                                                   aws_access_key_id="testing", aws_secret_access_key="testing")
        role = self.client("iam").create_role(RoleName="bench", AssumeRolePolicyDocument=json.dumps({
            "Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"Service": "lambda.amazonaws.com"}, "Action": "sts:AssumeRole"}]}))
        self.role = role["Role"]["Arn"]
        self.api = self.client("apigatewayv2").create_api(Name="bench", ProtocolType="HTTP")["ApiId"]
        self.client("apigatewayv2").create_stage(ApiId=self.api, StageName="$default", AutoDeploy=True)

    def route(self, runtime: str) -> str:
        """A new function of `runtime` behind a new route; the route's path."""
        name = f"fn-{uuid.uuid4().hex[:8]}"
        file, handler, text = CODE[runtime]
        self.client("lambda").create_function(FunctionName=name, Runtime=runtime, Handler=handler, Role=self.role,
                                              Code={"ZipFile": _zip(file, text)})
        self.client("lambda").add_permission(FunctionName=name, StatementId="api", Action="lambda:InvokeFunction",
                                             Principal="apigateway.amazonaws.com",
                                             SourceArn=f"arn:aws:execute-api:{REGION}:{ACCOUNT}:{self.api}/*/*/{name}")
        apigw = self.client("apigatewayv2")
        integration = apigw.create_integration(ApiId=self.api, IntegrationType="AWS_PROXY", PayloadFormatVersion="2.0",
                                               IntegrationUri=f"arn:aws:lambda:{REGION}:{ACCOUNT}:function:{name}")["IntegrationId"]
        apigw.create_route(ApiId=self.api, RouteKey=f"GET /{name}", Target=f"integrations/{integration}")
        return f"/_aws/execute-api/{self.api}/{name}"

    def get(self, path: str) -> tuple[int, float]:
        started = time.perf_counter()
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
        try:
            connection.request("GET", path)
            response = connection.getresponse()
            response.read()
            return response.status, (time.perf_counter() - started) * 1000
        finally:
            connection.close()

    def close(self) -> None:
        self.process.terminate()
        self.process.wait(10)
        shutil.rmtree(self.state, ignore_errors=True)


def _percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(q * (len(ordered) - 1))))]


def _load(stack: _Stack, path: str, total: int, clients: int) -> dict:
    statuses: list[int] = []
    lock = threading.Lock()
    per_client = total // clients

    def client():
        for _ in range(per_client):
            try:
                status, _ = stack.get(path)
            except OSError:
                status = 0
            with lock:
                statuses.append(status)

    started = time.perf_counter()
    threads = [threading.Thread(target=client) for _ in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    seconds = time.perf_counter() - started
    return {"requests": len(statuses), "clients": clients, "errors": sum(s != 200 for s in statuses),
            "seconds": seconds, "requests_per_s": len(statuses) / seconds}


def measure(warm_requests: int = 500, colds: int = 5, load_requests: int = 1000, clients: int = 20) -> dict:
    stack = _Stack()
    try:
        figures: dict = {"runtimes": {}}
        for runtime in CODE:
            if runtime.startswith("nodejs") and shutil.which("node") is None:
                figures["runtimes"][runtime] = {"skipped": "node is not installed"}
                continue
            cold = []
            for _ in range(colds):
                status, ms = stack.get(stack.route(runtime))
                cold.append(ms if status == 200 else float("nan"))
            path = stack.route(runtime)
            for _ in range(5):
                stack.get(path)  # a worker is up and warm
            warm = [ms for status, ms in (stack.get(path) for _ in range(warm_requests)) if status == 200]
            figures["runtimes"][runtime] = {
                "cold_ms": statistics.median(cold), "cold_max_ms": max(cold), "colds": colds,
                "warm_p50_ms": _percentile(warm, 0.5), "warm_p99_ms": _percentile(warm, 0.99),
                "warm_requests": warm_requests, "warm_errors": warm_requests - len(warm),
            }
        figures["load"] = _load(stack, stack.route("python3.12"), load_requests, clients)
        return figures
    finally:
        stack.close()


def targets(figures: dict) -> list[dict]:
    found = []
    for runtime, f in figures["runtimes"].items():
        if "skipped" in f:
            continue
        found.append({"target": f"warm request p50 ({runtime})", "holds": f["warm_p50_ms"] <= GOALS["warm_p50_ms"],
                      "measured": f"{f['warm_p50_ms']:.1f} ms", "goal": "≤ 10 ms"})
        found.append({"target": f"warm request p99 ({runtime})", "holds": f["warm_p99_ms"] <= GOALS["warm_p99_ms"],
                      "measured": f"{f['warm_p99_ms']:.1f} ms", "goal": "≤ 50 ms"})
        found.append({"target": f"cold start ({runtime})", "holds": f["cold_ms"] <= GOALS["cold_ms"],
                      "measured": f"{f['cold_ms']:.0f} ms median of {f['colds']} (max {f['cold_max_ms']:.0f})", "goal": "≤ 500 ms"})
    load = figures["load"]
    found.append({"target": f"{load['requests']} requests from {load['clients']} clients", "holds": load["errors"] == 0,
                  "measured": f"{load['errors']} errors, {load['seconds']:.1f} s ({load['requests_per_s']:.0f} requests/s)", "goal": "0 errors"})
    return found


if __name__ == "__main__":
    result = measure()
    print(json.dumps(result, indent=2))
    for t in targets(result):
        print(f"{t['target']}: {t['measured']} (goal {t['goal']}: {'holds' if t['holds'] else 'does NOT hold'})")

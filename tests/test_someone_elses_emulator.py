"""`--local` with AWS_ENDPOINT_URL: gc works on that emulator (here a stock moto server, which
has none of gc's additions) instead of starting its own, and an operation it lacks is reported
at once as an emulator gap naming the operation, never resent."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request

import boto3
import pytest

from conftest import EXAMPLES
from grucloud.aws import tagging

_HTTP = urllib.request.build_opener(urllib.request.ProxyHandler({}))


@pytest.fixture(scope="module")
def stock_moto(tmp_path_factory):
    """moto's own server, as `pip install moto[server]` gives it, on a free loopback port."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    log_path = tmp_path_factory.mktemp("stock-moto") / "moto.log"
    with open(log_path, "wb") as log:
        process = subprocess.Popen([sys.executable, "-m", "moto.server", "-H", "127.0.0.1", "-p", str(port)],
                                   stdout=log, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 30
    while True:
        try:
            _HTTP.open(f"{url}/moto-api/", timeout=1).close()
            break
        except OSError:
            if process.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(log_path.read_text()) from None
            time.sleep(0.05)
    yield url, log_path
    process.terminate()
    process.wait(10)


def gc(url: str, state, *args: str, cwd, local: bool = True) -> subprocess.CompletedProcess:
    """gc with AWS_ENDPOINT_URL: with --local, on that emulator; without, as on AWS (its pacing,
    credentials from the environment)."""
    env = {**os.environ, "AWS_ENDPOINT_URL": url, "GC_STATE_DIR": str(state), "COLUMNS": "200",
           "AWS_ACCESS_KEY_ID": "testing", "AWS_SECRET_ACCESS_KEY": "testing", "AWS_REGION": "us-east-1"}
    env.pop("GC_LOCAL", None)
    return subprocess.run([sys.executable, "-m", "grucloud", *(["--local"] if local else []), *args], cwd=cwd, env=env,
                          capture_output=True, text=True, timeout=300)


def test_gc_plans_on_that_emulator_and_starts_none(stock_moto, tmp_path):
    url, _ = stock_moto
    done = gc(url, tmp_path / "state", "plan", cwd=EXAMPLES / "ApiGatewayV2" / "http-lambda")
    assert done.returncode == 0, done.stderr
    assert f"local emulator {url}" in done.stderr
    assert "Plan: 9 to create" in done.stdout
    assert not (tmp_path / "state" / "emulator.json").exists()  # gc's own emulator was not started


def test_an_operation_it_lacks_is_a_gap_asked_once(stock_moto, tmp_path):
    url, log_path = stock_moto
    apigw = boto3.client("apigatewayv2", endpoint_url=url, region_name="us-east-1",
                         aws_access_key_id="testing", aws_secret_access_key="testing")
    api = apigw.create_api(Name="someone-elses", ProtocolType="HTTP")["ApiId"]
    done = gc(url, tmp_path / "state", "list", "-t", "ApiGatewayV2::Authorizer", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    # stock moto answers GetAuthorizers with a bare 500 page: a gap, named, asked once
    assert "does not implement apigatewayv2.GetAuthorizers" in " ".join(done.stderr.split())
    assert log_path.read_text().count(f"GET /v2/apis/{api}/authorizers") == 1
    # and a plan says what it cannot see
    done = gc(url, tmp_path / "state", "plan", cwd=EXAMPLES / "CognitoIdentity" / "cognito-httpapi")
    assert done.returncode == 0, done.stderr
    assert "does not implement apigatewayv2.GetAuthorizers" in " ".join(done.stderr.split())
    assert "the plan does not see those resources" in " ".join(done.stderr.split())


@pytest.mark.parametrize("local", [True, False], ids=["--local", "as-on-aws"])
def test_a_plan_lists_what_its_tagging_api_may_not_know(stock_moto, tmp_path, local):
    """gc's emulator adds elastic IPs (and user pools, domain names...) to the tagging API, as
    AWS has them; a stock moto server does not, so a plan there lists those types itself."""
    url, _ = stock_moto
    # an API left by another test would fail the plan as on AWS (GetAuthorizers, a 500 there)
    _HTTP.open(urllib.request.Request(f"{url}/moto-api/reset", data=b"", method="POST"), timeout=10).close()
    project = f"stock-{local}"
    ec2 = boto3.client("ec2", endpoint_url=url, region_name="us-east-1", aws_access_key_id="testing", aws_secret_access_key="testing")
    tags = [{"Key": k, "Value": v} for k, v in {**tagging.gc_tags(project, "dev"), "Name": "left-over"}.items()]
    ec2.allocate_address(Domain="vpc", TagSpecifications=[{"ResourceType": "elastic-ip", "Tags": tags}])
    (tmp_path / "config.py").write_text(f'def create_config():\n    return {{"projectName": "{project}"}}\n')
    (tmp_path / "resources.py").write_text("def create_resources(config):\n    return []\n")
    done = gc(url, tmp_path / "state", "plan", cwd=tmp_path, local=local)
    assert done.returncode == 0, done.stderr
    assert "EC2::ElasticIpAddress" in done.stdout and "1 to delete" in done.stdout, done.stdout

"""The harness's handle on one benchmark emulator (bench/server.py in its own process): start
it on a free loopback port, read and reset its per-operation counts, stop it."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
REGION = "us-east-1"
ACCOUNT = "123456789012"  # moto's default account
# An empty ProxyHandler: a proxy from the environment must never see loopback traffic.
_HTTP = urllib.request.build_opener(urllib.request.ProxyHandler({}))


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Emulator:
    def __init__(self, rate_limit: bool = False, log: Path | None = None, latency_ms: float = 0,
                 time_scale: float | None = None):
        self.rate_limit = rate_limit
        self.latency_ms = latency_ms
        self.time_scale = time_scale  # set: the AWS-like profile, AWS's asynchronous states at this scale
        self.log = log
        self.port = 0
        self.process: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def __enter__(self) -> Emulator:
        self.port = _free_port()
        command = [sys.executable, "-m", "bench.server", "--port", str(self.port)]
        if self.rate_limit:
            command.append("--rate-limit")
        if self.latency_ms:
            command += ["--latency-ms", str(self.latency_ms)]
        if self.time_scale is not None:
            command += ["--aws-like", "--time-scale", str(self.time_scale)]
        out = open(self.log, "ab") if self.log else subprocess.DEVNULL
        self.process = subprocess.Popen(command, cwd=ROOT, stdout=out, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL)
        deadline = time.monotonic() + 30
        while True:
            try:
                self.counts()
                return self
            except OSError:
                if self.process.poll() is not None or time.monotonic() > deadline:
                    self.__exit__()
                    raise RuntimeError(f"the benchmark emulator did not start on {self.url}; see {self.log}") from None
                time.sleep(0.1)

    def __exit__(self, *_) -> None:
        if self.process and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()

    def _private(self, name: str, method: str = "GET") -> dict:
        request = urllib.request.Request(f"{self.url}/__bench/{name}", data=b"" if method == "POST" else None, method=method)
        with _HTTP.open(request, timeout=10) as response:
            return json.loads(response.read())

    def counts(self) -> dict:
        """{"calls": {"service.Operation": n}, "throttled": {...}} since the last reset."""
        return self._private("counts")

    def reset_counts(self) -> None:
        self._private("reset", "POST")

    def environment(self) -> dict[str, str]:
        """What a contender needs to reach this emulator and nothing else: dummy credentials,
        the region, and boto3's standard endpoint override. Python caches compiled modules as it
        does by default (a development shell may turn that off with PYTHONDONTWRITEBYTECODE)."""
        env = {k: v for k, v in os.environ.items()
               if not k.startswith(("AWS_", "GC_")) and k != "PYTHONDONTWRITEBYTECODE"}
        env.update(
            AWS_ENDPOINT_URL=self.url,
            AWS_ACCESS_KEY_ID="testing",
            AWS_SECRET_ACCESS_KEY="testing",
            AWS_REGION=REGION,
            AWS_DEFAULT_REGION=REGION,
            AWS_EC2_METADATA_DISABLED="true",
            NO_PROXY="127.0.0.1,localhost",
            no_proxy="127.0.0.1,localhost",
        )
        return env

"""WebSocket APIs on gc's emulator: the chat example (apigw-websocket-api-lambda) deployed with
`gc --local apply`, then

- the round trip of one message through its Lambda route: a client sends `sendmessage`, the
  Node.js function scans the connections table and posts to each connection through the
  `@connections` API, and the client receives its message back (warm workers; p50, p99);
- 50 clients connected at once, each sending messages that the function broadcasts to all 50:
  every client must receive every message (lost = expected - received).

    python -m bench.websocket            # prints the figures as JSON
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

from websockets.sync.client import connect

from bench.emulator import ROOT, _free_port

EXAMPLE = ROOT / "examples" / "aws" / "ApiGatewayV2" / "apigw-websocket-api-lambda"
ROUND_TRIPS = 200
CLIENTS = 50
MESSAGES_PER_CLIENT = 1
RECEIVE_TIMEOUT = 120.0


def _gc(env: dict, *args: str) -> str:
    done = subprocess.run([sys.executable, "-m", "grucloud", "--local", "-C", str(EXAMPLE), *args],
                          env=env, capture_output=True, text=True, timeout=600)
    if done.returncode != 0:
        raise RuntimeError(f"gc {' '.join(args)} failed:\n{done.stdout}\n{done.stderr}")
    return done.stdout


def _percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(fraction * (len(ordered) - 1)))]


def _round_trips(url: str) -> dict:
    seconds = []
    with connect(url, open_timeout=120) as ws:
        for index in range(ROUND_TRIPS + 5):
            text = f"round trip {index}"
            started = time.perf_counter()
            ws.send(json.dumps({"action": "sendmessage", "data": text}))
            received = ws.recv(timeout=RECEIVE_TIMEOUT)
            elapsed = time.perf_counter() - started
            if received != text:
                raise RuntimeError(f"sent {text!r}, received {received!r}")
            if index >= 5:  # the first ones start the workers
                seconds.append(elapsed)
    return {"messages": len(seconds), "p50_ms": statistics.median(seconds) * 1000,
            "p99_ms": _percentile(seconds, 0.99) * 1000, "max_ms": max(seconds) * 1000}


def _concurrent(url: str) -> dict:
    """Every client connects, then all send together; each counts the messages it receives."""
    connected = threading.Barrier(CLIENTS)
    expected = CLIENTS * MESSAGES_PER_CLIENT
    received = [0] * CLIENTS
    errors: list[str] = []
    all_connected: list[float] = []

    def client(number: int) -> None:
        try:
            with connect(url, open_timeout=120, max_queue=None) as ws:
                if connected.wait(timeout=RECEIVE_TIMEOUT) == 0:
                    all_connected.append(time.perf_counter())
                for index in range(MESSAGES_PER_CLIENT):
                    ws.send(json.dumps({"action": "sendmessage", "data": f"{number}:{index}"}))
                seen = set()
                deadline = time.monotonic() + RECEIVE_TIMEOUT
                while len(seen) < expected and time.monotonic() < deadline:
                    try:
                        seen.add(ws.recv(timeout=max(0.1, deadline - time.monotonic())))
                    except TimeoutError:
                        break
                received[number] = len(seen)
        except Exception as error:  # a failed client counts as losing what it did not receive
            errors.append(f"client {number}: {type(error).__name__}: {error}")

    started = time.perf_counter()
    threads = [threading.Thread(target=client, args=(n,)) for n in range(CLIENTS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    ended = time.perf_counter()
    deliveries = CLIENTS * expected
    connecting = (all_connected[0] if all_connected else ended) - started
    return {"clients": CLIENTS, "messages_sent": expected, "deliveries_expected": deliveries,
            "deliveries_received": sum(received), "lost": deliveries - sum(received),
            "connect_seconds": connecting, "exchange_seconds": ended - started - connecting, "errors": errors[:5]}


def run() -> dict:
    with tempfile.TemporaryDirectory(prefix="gc-bench-ws-") as state:
        port = _free_port()
        # AWS's managed policies, as `gc local start` loads them: the example's roles attach one;
        # the SDK for Node.js handlers fetched once per machine, not once per run
        sdk = os.environ.get("GC_NODE_SDK_DIR") or str(Path.home() / ".cache" / "grucloud-bench" / "node-sdk")
        env = {**os.environ, "GC_STATE_DIR": state, "GC_NODE_SDK_DIR": sdk, "MOTO_IAM_LOAD_MANAGED_POLICIES": "true"}
        for name in ("AWS_ENDPOINT_URL", "GC_LOCAL"):
            env.pop(name, None)
        log = open(Path(state) / "emulator.log", "wb")
        server = subprocess.Popen([sys.executable, "-m", "grucloud.local.server", "-p", str(port)], env=env,
                                  stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL)
        try:
            record = {"url": f"http://127.0.0.1:{port}", "pid": server.pid, "port": port, "started_at": "bench"}
            _wait_for(record["url"], server)
            (Path(state) / "emulator.json").write_text(json.dumps(record))
            _gc(env, "apply", "-f")
            url = _gc(env, "output", "-t", "ApiGatewayV2::Stage", "-n", "sam-app::prod", "-f", "InvokeUrl").strip()
            return {"round_trip": _round_trips(url), "concurrent": _concurrent(url)}
        finally:
            server.terminate()
            server.wait(10)
            log.close()


def _wait_for(url: str, server: subprocess.Popen) -> None:
    import urllib.request

    opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
    deadline = time.monotonic() + 60
    while True:
        try:
            with opener.open(f"{url}/moto-api/", timeout=1):
                return
        except OSError:
            if server.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"gc's emulator did not start on {url}") from None
            time.sleep(0.1)


if __name__ == "__main__":
    print(json.dumps(run(), indent=2))

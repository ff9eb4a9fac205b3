"""Runs Lambda functions from the code the emulator holds, without Docker: `invoke(function,
event)`.

Each function gets warm worker processes (Python runtimes: this interpreter, which has boto3;
Node.js runtimes: `node` from the PATH, with the AWS SDK for JavaScript v3 fetched from npm when
a handler first needs it). A worker serves one event at a time and stays up between events;
a new version of the code or configuration gets new workers. The function's `Timeout` holds:
a worker past it is killed and the invocation is a "Task timed out" error. What the handler
prints goes to `/aws/lambda/<name>` in the emulator, with Lambda's START/END/REPORT lines.
"""

from __future__ import annotations

import datetime
import io
import json
import logging
import os
import select
import shutil
import subprocess
import sys
import threading
import time
import uuid
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

from grucloud.local.dataplane import node_sdk, world
from grucloud.local.dataplane.runner_errors import RuntimeMissing
from grucloud.local.dataplane.world import Function
from grucloud.local.websocket import tls

log = logging.getLogger(__name__)
HERE = Path(__file__).parent
MAX_WORKERS_PER_FUNCTION = 8
INIT_TIMEOUT = 10.0  # Lambda's limit on a function's init phase, apart from its Timeout
# what reaches the worker from the emulator's own environment: nothing else (no credentials)
_PASSED_THROUGH = ("PATH", "HOME", "LD_LIBRARY_PATH", "SYSTEMROOT", "TMPDIR")


@dataclass
class Invocation:
    """The outcome of one invocation: `payload` (the handler's answer) or `error` (Lambda's
    {errorMessage, errorType, stackTrace}); `gave_up` when the caller's deadline came first."""

    request_id: str
    payload: object = None
    error: dict | None = None
    gave_up: bool = False
    duration_ms: float = 0.0
    logs: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return self.error is None and not self.gave_up


def _runtime_kind(runtime: str) -> str:
    if runtime.startswith("python"):
        return "python"
    if runtime.startswith("nodejs"):
        return "node"
    raise RuntimeMissing(f"runtime {runtime!r} is not run by the emulator (Python and Node.js runtimes are)")


class _Worker:
    def __init__(self, function: Function, code_dir: Path, emulator_url: str):
        self.function = function
        self.fingerprint = function.fingerprint
        self.busy = False
        self.stream = datetime.datetime.now(datetime.UTC).strftime("%Y/%m/%d") + f"/[$LATEST]{uuid.uuid4().hex}"
        kind = _runtime_kind(function.runtime)
        env = {k: os.environ[k] for k in _PASSED_THROUGH if k in os.environ}
        env.update(function.environment)
        env.update(_lambda_variables(function, self.stream, code_dir, emulator_url))
        read_end, write_end = os.pipe()
        env["_GC_RESULT_FD"] = str(write_end)
        if kind == "python":
            command = [sys.executable, "-u", str(HERE / "python_worker.py")]
            env["PYTHONPATH"] = str(code_dir)
        else:
            node = shutil.which("node", path=env.get("PATH"))
            if node is None:
                os.close(read_end), os.close(write_end)
                raise RuntimeMissing(
                    f"function {function.name!r} runs on {function.runtime}: install Node.js so that `node` is on the PATH of the emulator (then `gc local stop`; the next gc command starts it again)"
                )
            command = [node, str(HERE / "node_worker.js")]
            env["NODE_PATH"] = str(node_sdk.modules_dir())
        self.process = subprocess.Popen(
            # in the emulator's process group, so that stopping the emulator stops its workers
            command, cwd=code_dir, env=env, stdin=subprocess.PIPE, pass_fds=(write_end,)
        )
        os.close(write_end)
        self.answers = read_end
        self.pending = b""
        self.ready = False  # the handler's module loaded (init phase over)
        self.init_logs: list[str] = []

    def alive(self) -> bool:
        return self.process.poll() is None

    def send(self, request: dict) -> None:
        self.process.stdin.write(json.dumps(request).encode() + b"\n")
        self.process.stdin.flush()

    def receive(self, timeout: float) -> dict | None:
        """The next answer, or None when `timeout` seconds pass first (or the worker died)."""
        deadline = time.monotonic() + timeout
        while b"\n" not in self.pending:
            left = deadline - time.monotonic()
            if left <= 0 or not select.select([self.answers], [], [], left)[0]:
                return None
            chunk = os.read(self.answers, 1 << 20)
            if not chunk:
                return {"error": {"errorMessage": f"Runtime exited with status {self.process.wait()}", "errorType": "Runtime.ExitError"}, "logs": []}
            self.pending += chunk
        line, _, self.pending = self.pending.partition(b"\n")
        return json.loads(line)

    def stop(self) -> None:
        if self.answers is None:
            return
        self.process.kill()
        self.process.wait()
        os.close(self.answers)
        self.answers = None
        self.process.stdin.close()


def _lambda_variables(function: Function, stream: str, code_dir: Path, emulator_url: str) -> dict[str, str]:
    """Lambda's own variables, test credentials, and the emulator as every SDK's endpoint."""
    return {
        "_HANDLER": function.handler,
        "AWS_REGION": function.region,
        "AWS_DEFAULT_REGION": function.region,
        "AWS_EXECUTION_ENV": f"AWS_Lambda_{function.runtime}",
        "AWS_LAMBDA_FUNCTION_NAME": function.name,
        "AWS_LAMBDA_FUNCTION_MEMORY_SIZE": str(function.memory),
        "AWS_LAMBDA_FUNCTION_VERSION": "$LATEST",
        "AWS_LAMBDA_INITIALIZATION_TYPE": "on-demand",
        "AWS_LAMBDA_LOG_GROUP_NAME": function.log_group,
        "AWS_LAMBDA_LOG_STREAM_NAME": stream,
        "LAMBDA_TASK_ROOT": str(code_dir),
        "LAMBDA_RUNTIME_DIR": str(HERE),
        "LANG": "en_US.UTF-8",
        "TZ": "UTC",
        "AWS_ACCESS_KEY_ID": "testing",
        "AWS_SECRET_ACCESS_KEY": "testing",
        "AWS_SESSION_TOKEN": "testing",
        "AWS_ENDPOINT_URL": emulator_url,
        # @connections answers on HTTPS, with the emulator's own authority (local/websocket/tls.py)
        "AWS_CA_BUNDLE": str(tls.authority_file()),
        "NODE_EXTRA_CA_CERTS": str(tls.authority_file()),
    }


def _code_dir(function: Function) -> Path:
    """The function's code, unzipped once per version under the state folder."""
    from grucloud.state_folder import state_dir

    root = state_dir() / "lambda"
    target = root / function.name / function.code_sha256.replace("/", "_")[:32]
    if not target.is_dir():
        if function.runtime.startswith("nodejs"):
            _link_sdk(root)
        staging = target.with_name(f"{target.name}.{uuid.uuid4().hex}")
        with zipfile.ZipFile(io.BytesIO(function.code)) as archive:
            archive.extractall(staging)
        try:
            staging.rename(target)
        except OSError:  # another request unzipped it first
            shutil.rmtree(staging, ignore_errors=True)
    return target


def _link_sdk(root: Path) -> None:
    """ES modules ignore NODE_PATH: they find packages in a node_modules folder above the
    importing file, so one above every function's code points at the shared SDK."""
    link = root / "node_modules"
    root.mkdir(parents=True, exist_ok=True)
    if not link.is_symlink():
        node_sdk.modules_dir().mkdir(parents=True, exist_ok=True)
        try:
            link.symlink_to(node_sdk.modules_dir(), target_is_directory=True)
        except FileExistsError:
            pass


class FunctionRunner:
    """invoke(function, event) -> Invocation, with warm workers per function."""

    def __init__(self, emulator_url: str):
        self.emulator_url = emulator_url
        self._workers: dict[tuple[str, str], list[_Worker]] = {}
        self._changed = threading.Condition()

    def invoke(self, function: Function, event: dict, deadline: float | None = None) -> Invocation:
        """Run `event` through `function`. `deadline` (time.monotonic()) is the caller's own
        limit (an integration timeout): past it the invocation is abandoned (`gave_up`)."""
        request_id = str(uuid.uuid4())
        for attempt in range(2):
            worker = self._take(function)
            started = time.monotonic()
            try:
                invocation = self._run(worker, function, event, request_id, deadline)
            finally:
                self._give_back(worker)
            missing = (invocation.error or {}).get("missingPackage")
            if missing and attempt == 0:
                worker.stop()  # its handler did not load: the next worker loads it again
                if not node_sdk.installed(missing):
                    node_sdk.install(missing)
                continue  # once more, with the package there
            break
        invocation.duration_ms = (time.monotonic() - started) * 1000
        self._log(worker, function, invocation)
        return invocation

    def _run(self, worker: _Worker, function: Function, event: dict, request_id: str, deadline: float | None) -> Invocation:
        if not worker.ready:
            limit = time.monotonic() + INIT_TIMEOUT
            ready = worker.receive(max(0.0, (limit if deadline is None else min(limit, deadline)) - time.monotonic()))
            if ready is None or not ready.get("ready"):
                worker.stop()
                if deadline is not None and deadline < limit and ready is None:
                    return Invocation(request_id, gave_up=True)
                why = (ready or {}).get("error") or {"errorMessage": f"the init phase took over {INIT_TIMEOUT:.0f} s", "errorType": "Runtime.InitTimeout"}
                return Invocation(request_id, error=why)
            worker.ready = True
            worker.init_logs = ready.get("logs", [])
        now = time.monotonic()
        own_limit = now + function.timeout
        limit = own_limit if deadline is None else min(own_limit, deadline)
        request = {"event": event, "requestId": request_id, "functionArn": function.arn,
                   "deadlineMs": time.time() * 1000 + function.timeout * 1000}
        try:
            worker.send(request)
        except OSError:
            return Invocation(request_id, error={"errorMessage": "Runtime exited before the invocation", "errorType": "Runtime.ExitError"})
        answer = worker.receive(max(0.0, limit - now))
        if answer is None:
            worker.stop()  # stuck, or past its time: a fresh worker serves the next event
            if deadline is not None and deadline < own_limit:
                return Invocation(request_id, gave_up=True)  # the caller's limit came first
            stamp = datetime.datetime.now(datetime.UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")
            return Invocation(request_id, error={"errorMessage": f"{stamp} {request_id} Task timed out after {function.timeout:.2f} seconds", "errorType": "Sandbox.Timedout"})
        return Invocation(request_id, payload=answer.get("payload"), error=answer.get("error"), logs=answer.get("logs", []))

    def _take(self, function: Function) -> _Worker:
        key = (function.region, function.name)
        with self._changed:
            while True:
                workers = self._workers.setdefault(key, [])
                # an older version of the function (not serving an event) or a dead worker
                for stale in [w for w in workers if (w.fingerprint != function.fingerprint and not w.busy) or not w.alive()]:
                    workers.remove(stale)
                    stale.stop()
                idle = next((w for w in workers if not w.busy and w.fingerprint == function.fingerprint), None)
                if idle is None and sum(w.fingerprint == function.fingerprint for w in workers) < MAX_WORKERS_PER_FUNCTION:
                    idle = _Worker(function, _code_dir(function), self.emulator_url)
                    workers.append(idle)
                if idle is not None:
                    idle.busy = True
                    return idle
                self._changed.wait()

    def _give_back(self, worker: _Worker) -> None:
        with self._changed:
            worker.busy = False
            if not worker.alive():
                workers = self._workers.get((worker.function.region, worker.function.name), [])
                if worker in workers:
                    workers.remove(worker)
            self._changed.notify_all()

    def _log(self, worker: _Worker, function: Function, invocation: Invocation) -> None:
        lines, worker.init_logs = [*worker.init_logs, f"START RequestId: {invocation.request_id} Version: $LATEST", *invocation.logs], []
        if invocation.error:
            lines.append(json.dumps({k: v for k, v in invocation.error.items() if k != "missingPackage"}))
        lines += [
            f"END RequestId: {invocation.request_id}",
            f"REPORT RequestId: {invocation.request_id}\tDuration: {invocation.duration_ms:.2f} ms\t"
            f"Billed Duration: {max(1, round(invocation.duration_ms))} ms\tMemory Size: {function.memory} MB",
        ]
        try:
            world.write_logs(function.region, function.log_group, worker.stream, lines)
        except Exception:  # a log that cannot be written must not fail the request
            log.exception("could not write the logs of %s", function.name)

    def close(self) -> None:
        with self._changed:
            for workers in self._workers.values():
                for worker in workers:
                    worker.stop()
            self._workers.clear()

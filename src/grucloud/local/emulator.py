"""The embedded AWS emulator: moto's server as a background process on loopback.

One emulator per user; its address lives in `emulator.json` in the state folder
so that separate shells (and separate `gc` invocations) share the same one.
"""

from __future__ import annotations

import datetime
import fcntl
import functools
import http.client
import ipaddress
import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import asdict, dataclass
from pathlib import Path

from grucloud.state_folder import state_dir

START_TIMEOUT = 15.0
STOP_TIMEOUT = 5.0
# An empty ProxyHandler: HTTP(S)_PROXY from the environment must never see loopback traffic.
_HTTP = urllib.request.build_opener(urllib.request.ProxyHandler({}))


@dataclass(frozen=True)
class Emulator:
    url: str
    pid: int
    port: int
    started_at: str


def state_file() -> Path:
    return state_dir() / "emulator.json"


def log_file() -> Path:
    return state_dir() / "emulator.log"


def check_loopback(host: str) -> None:
    try:
        ok = host == "localhost" or ipaddress.ip_address(host).is_loopback
    except ValueError:
        ok = False
    if not ok:
        raise ValueError(
            f"refusing to bind the emulator to {host!r}: it accepts any credentials, so it "
            "may only listen on loopback (127.0.0.1, ::1 or localhost)"
        )


def _free_port(host: str) -> int:
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    with socket.socket(family, socket.SOCK_STREAM) as s:
        s.bind((host if host != "localhost" else "127.0.0.1", 0))
        return s.getsockname()[1]


def _answers(url: str, timeout: float = 2.0) -> bool:
    try:
        with _HTTP.open(f"{url}/moto-api/", timeout=timeout) as resp:
            return resp.status == 200
    except (OSError, http.client.HTTPException):  # URLError is an OSError
        return False


def _alive(pid: int) -> bool:
    # Reap first if it is our own child, otherwise a zombie would look alive.
    try:
        if os.waitpid(pid, os.WNOHANG)[0] == pid:
            return False
    except ChildProcessError:
        pass
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        pass  # exists, owned by another user
    return True


def _read() -> Emulator | None:
    try:
        return Emulator(**json.loads(state_file().read_text()))
    except FileNotFoundError:
        return None
    except (ValueError, TypeError):
        state_file().unlink(missing_ok=True)  # corrupt: treat as stale
        return None


def status() -> Emulator | None:
    """The running emulator, or None. A stale state file is removed."""
    emu = _read()
    if emu is None or (_alive(emu.pid) and _answers(emu.url)):
        return emu
    state_file().unlink(missing_ok=True)
    return None


def start(host: str = "127.0.0.1") -> Emulator:
    """Start the emulator in the background, or return the one already running."""
    check_loopback(host)
    state_dir().mkdir(parents=True, exist_ok=True)
    # Lock so two shells starting at once end up sharing a single emulator.
    with open(state_dir() / "emulator.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        emu = status()
        # The free port is only reserved until we close the probe socket: if someone
        # grabs it before moto binds, the server exits at once, so try another port.
        for _ in range(3):
            emu = emu or _spawn(host, _free_port(host))
        if emu is None:
            raise RuntimeError(f"the local emulator exited at startup; see {log_file()}")
        tmp = state_file().with_suffix(".tmp")
        tmp.write_text(json.dumps(asdict(emu)))
        tmp.replace(state_file())  # atomic: readers never see a half-written file
        return emu


def _spawn(host: str, port: int) -> Emulator | None:
    """One start attempt; None if the server exited before answering."""
    url = f"http://[{host}]:{port}" if ":" in host else f"http://{host}:{port}"
    # no AMI catalogue: gc makes no instances, and loading it slows the first EC2 call
    env = dict(os.environ, MOTO_IAM_LOAD_MANAGED_POLICIES="true", MOTO_ACM_VALIDATION_WAIT="0", MOTO_EC2_LOAD_DEFAULT_AMIS="false")
    with open(log_file(), "wb") as log:  # truncated: the log is about the current emulator
        proc = subprocess.Popen(
            [sys.executable, "-m", "grucloud.local.server", "-H", host, "-p", str(port)],
            stdin=subprocess.DEVNULL, stdout=log, stderr=subprocess.STDOUT, env=env,
            start_new_session=True,  # own process group: outlives this shell, stop() kills it whole
        )
    deadline = time.monotonic() + START_TIMEOUT
    while not _answers(url, timeout=0.5):
        if proc.poll() is not None:
            return None
        if time.monotonic() > deadline:
            _kill_group(proc.pid)
            raise RuntimeError(
                f"the local emulator did not answer on {url} within {START_TIMEOUT:.0f}s; "
                f"see {log_file()}"
            )
        time.sleep(0.1)
    proc.returncode = 0  # detached on purpose: silence Popen's "still running" warning
    now = datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds")
    return Emulator(url=url, pid=proc.pid, port=port, started_at=now)


def _kill_group(pid: int) -> None:
    for sig, wait in ((signal.SIGTERM, STOP_TIMEOUT), (signal.SIGKILL, 1.0)):
        try:
            os.killpg(pid, sig)
        except ProcessLookupError:
            return
        deadline = time.monotonic() + wait
        while _alive(pid) and time.monotonic() < deadline:
            time.sleep(0.05)


def stop() -> bool:
    """Stop the emulator; True if one was running."""
    emu = _read()
    if emu is None:
        return False
    # The pid leads its own group (start_new_session), so check that before killing
    # in case the pid was reused by an unrelated process.
    try:
        was_running = _alive(emu.pid) and os.getpgid(emu.pid) == emu.pid
    except ProcessLookupError:
        was_running = False
    if was_running:
        _kill_group(emu.pid)
    state_file().unlink(missing_ok=True)
    return was_running


def ensure_running() -> Emulator:
    """The running emulator, started first if needed (what `--local` uses)."""
    return status() or start()


def reset(url: str) -> None:
    """Wipe every resource in the emulator (all services, all regions)."""
    req = urllib.request.Request(f"{url}/moto-api/reset", data=b"", method="POST")
    with _HTTP.open(req, timeout=10) as resp:
        resp.read()


@functools.cache
def websocket_url(url: str) -> str:
    """Where the emulator at `url` accepts WebSocket connections (local/websocket). An emulator
    that does not say (not gc's own) is assumed to take them on its own port."""
    try:
        with _HTTP.open(f"{url}/_gc/websocket", timeout=10) as resp:
            return json.loads(resp.read())["url"]
    except (OSError, ValueError, KeyError, http.client.HTTPException):
        return "ws://" + url.split("://", 1)[1]


@functools.cache
def connections_host(url: str) -> str:
    """The host:port of the @connections HTTPS listener of the emulator at `url` (the
    `domainName` of its WebSocket events). An emulator that does not say answers on its own port."""
    try:
        with _HTTP.open(f"{url}/_gc/websocket", timeout=10) as resp:
            return urllib.parse.urlsplit(json.loads(resp.read())["connections"]).netloc
    except (OSError, ValueError, KeyError, http.client.HTTPException):
        return urllib.parse.urlsplit(url).netloc


def lambda_code(url: str, region: str, function_name: str) -> bytes:
    """A Lambda function's code zip, which the emulator serves itself (see local/server.py)."""
    address = f"{url}/_gc/lambda-code/{region}/{urllib.parse.quote(function_name, safe='')}"
    try:
        with _HTTP.open(address, timeout=30) as resp:
            code = resp.read()
    except urllib.error.HTTPError as error:
        raise LookupError(f"the local emulator has no code for {function_name!r} (HTTP {error.code})") from error
    if not code.startswith(b"PK"):
        raise LookupError("the local emulator does not serve Lambda code: restart it with `gc local stop`")
    return code

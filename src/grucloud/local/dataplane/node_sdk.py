"""The AWS SDK for JavaScript v3, which Lambda's Node.js runtimes provide to handlers.

A package (`@aws-sdk/client-sqs`, ...) is fetched from the npm registry the first time a
handler needs it, into one folder of gc's state that every function shares; it stays there.
"""

from __future__ import annotations

import fcntl
import os
import shutil
import subprocess
from pathlib import Path

from grucloud.local.dataplane.runner_errors import RuntimeMissing


def sdk_dir() -> Path:
    from grucloud.state_folder import state_dir

    return Path(os.environ.get("GC_NODE_SDK_DIR") or state_dir() / "node-sdk")


def modules_dir() -> Path:
    return sdk_dir() / "node_modules"


def installed(package: str) -> bool:
    return (modules_dir() / package / "package.json").is_file()


def install(package: str) -> None:
    npm = shutil.which("npm")
    if npm is None:
        raise RuntimeMissing(
            f"a Node.js handler needs {package}, which Lambda provides and the emulator fetches with npm: install npm (it comes with Node.js)"
        )
    sdk_dir().mkdir(parents=True, exist_ok=True)
    with open(sdk_dir() / ".lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # one fetch at a time, shared by every emulator
        if installed(package):
            return
        # no version: the registry does not serve every @aws-sdk package at the same one
        done = subprocess.run(
            [npm, "install", "--prefix", str(sdk_dir()), "--no-audit", "--no-fund", "--loglevel=error", package],
            capture_output=True, text=True, timeout=300,
        )
    if done.returncode != 0:
        raise RuntimeMissing(f"npm could not fetch {package} for a Node.js handler: {done.stderr.strip()[-500:]}")

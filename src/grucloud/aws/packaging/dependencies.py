"""A function's dependencies, installed for Lambda's platform into a build folder beside the
project (`.gc/build/<function>/`), as `sam build` does: requirements.txt through pip, for the
runtime's Python version and the function's architecture, wheels only; package.json through npm
(`npm ci` when a lock file is there). An install is kept under the hash of what decides it (the
manifest files, runtime, architecture), so a plan with nothing changed installs nothing, needs no
network, and the zip, hence CodeSha256, stays the same."""

from __future__ import annotations

import hashlib
import json
import logging
import os
import re
import shutil
import subprocess
import sys
import threading
from dataclasses import dataclass
from pathlib import Path

from grucloud.problems import ResourceProblem

log = logging.getLogger(__name__)

BUILD_FOLDER = Path(".gc") / "build"
_NODE_LOCKS = ("package-lock.json", "npm-shrinkwrap.json")
# The glibc of Lambda's images: Amazon Linux 2 (up to python3.11), Amazon Linux 2023 (3.12 on)
_GLIBC = {"al2": 26, "al2023": 34}
_PIP_ARCH = {"x86_64": "x86_64", "arm64": "aarch64"}
_NPM_ARCH = {"x86_64": "x64", "arm64": "arm64"}


class DependencyError(ResourceProblem):
    """Dependencies could not be installed; `field` names the manifest, the message says which
    dependency, why, and what to do."""


@dataclass(frozen=True)
class Installer:
    kind: str  # "pip" or "npm"
    manifests: tuple[str, ...]  # the files (in the function's folder) that decide the install

    def key(self, folder: Path, runtime: str, architecture: str) -> str:
        digest = hashlib.sha256(f"{self.kind}\0{runtime}\0{architecture}".encode())
        for name in self.manifests:
            digest.update(b"\0" + name.encode() + b"\0" + (folder / name).read_bytes())
        return digest.hexdigest()[:16]


def installer_for(folder: Path, runtime: str) -> Installer | None:
    if runtime.startswith("python") and (folder / "requirements.txt").is_file():
        return Installer("pip", ("requirements.txt",))
    if runtime.startswith("nodejs") and (folder / "package.json").is_file():
        locks = tuple(n for n in _NODE_LOCKS if (folder / n).is_file())
        return Installer("npm", ("package.json", *locks))
    return None


def installed(project_dir: Path, folder: Path, function_name: str, runtime: str, architecture: str) -> Path | None:
    """The folder holding the function's installed dependencies (installed now if its cached
    copy does not match), or None when the function declares none."""
    installer = installer_for(folder, runtime)
    if installer is None:
        return None
    builds = Path(project_dir) / BUILD_FOLDER / function_name
    done = builds / f"{installer.kind}-{installer.key(folder, runtime, architecture)}"
    if done.is_dir():
        return done
    builds.mkdir(parents=True, exist_ok=True)
    work = builds / f".{done.name}.{os.getpid()}.{threading.get_ident()}"
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir()
    try:
        log.info("installing the dependencies of %s (%s, %s, %s)", function_name, installer.kind, runtime, architecture)
        if installer.kind == "pip":
            _pip(folder, work, function_name, runtime, architecture)
        else:
            _npm(folder, work, function_name, installer, architecture)
        work.rename(done)  # whole or not at all: an interrupted install is never reused
    finally:
        shutil.rmtree(work, ignore_errors=True)
    for old in builds.iterdir():  # one install per function is kept
        if old != done and not old.name.startswith("."):
            shutil.rmtree(old, ignore_errors=True)
    return done


def python_version(runtime: str) -> str:
    match = re.fullmatch(r"python(\d)\.(\d+)", runtime)
    if not match:
        raise DependencyError("Configuration.Runtime", f"{runtime!r} is not a Python runtime gc knows (pythonX.Y)")
    return f"{match[1]}.{match[2]}"


def pip_platforms(runtime: str, architecture: str) -> list[str]:
    """Every manylinux tag whose wheels run on the runtime's image: manylinux2014 (glibc 2.17)
    up to the image's glibc. pip's --platform takes the tags one by one."""
    minor = int(python_version(runtime).split(".")[1])
    glibc = _GLIBC["al2023" if minor >= 12 else "al2"]
    arch = _PIP_ARCH.get(architecture)
    if arch is None:
        raise DependencyError("Configuration.Architectures", f"{architecture!r} is not one Lambda has: x86_64 or arm64")
    return [f"manylinux2014_{arch}"] + [f"manylinux_2_{v}_{arch}" for v in range(17, glibc + 1)]


def _pip(folder: Path, into: Path, function_name: str, runtime: str, architecture: str) -> None:
    version = python_version(runtime)
    platforms = pip_platforms(runtime, architecture)
    command = [sys.executable, "-m", "pip", "install", "--disable-pip-version-check", "--no-input",
               "--no-compile", "--target", str(into), "--requirement", "requirements.txt",
               "--only-binary=:all:", "--implementation", "cp", "--python-version", version]
    for platform in platforms:
        command += ["--platform", platform]
    result = _run(command, folder, "pip", function_name)
    if result.returncode == 0:
        return
    output = result.stdout + result.stderr
    missing = re.search(r"No matching distribution found for (\S+)", output)
    if missing:
        raise DependencyError(
            "requirements.txt", f"no wheel of {missing[1]} for Lambda's "
            f"platform ({platforms[0]}, Python {version}, {architecture}), or no such package on the index; "
            "gc installs built wheels only, since what pip would compile here would not run on Lambda. "
            f"Check the name, then pick a version of {missing[1]} that publishes such a wheel (or a "
            "pure-Python one), or another architecture"
        )
    if "No module named pip" in output:
        raise DependencyError("requirements.txt", f"gc's Python ({sys.executable}) has no pip to install it with: install pip there")
    raise DependencyError("requirements.txt", f"pip could not install it:\n{_tail(output)}")


def _npm(folder: Path, into: Path, function_name: str, installer: Installer, architecture: str) -> None:
    manifest = json.loads((folder / "package.json").read_text())
    relative = _absolute_local_paths(manifest, folder)
    (into / "package.json").write_text(json.dumps(manifest, indent=2))
    # a lock file names local packages relative to the folder: with any, npm install resolves again
    use_lock = len(installer.manifests) > 1 and not relative
    if use_lock:
        for name in installer.manifests[1:]:
            shutil.copyfile(folder / name, into / name)
    arch = _NPM_ARCH.get(architecture, architecture)
    command = ["npm", "ci" if use_lock else "install", "--omit=dev", "--no-audit", "--no-fund",
               "--os=linux", f"--cpu={arch}"]
    if not use_lock:
        command.append("--no-package-lock")
    result = _run(command, into, "npm", function_name)
    if result.returncode != 0:
        raise DependencyError("package.json", f"npm could not install it:\n{_tail(result.stdout + result.stderr)}")
    for name in os.listdir(into):  # only what was installed goes beside the code
        if name != "node_modules":
            path = into / name
            shutil.rmtree(path) if path.is_dir() else path.unlink()


def _absolute_local_paths(manifest: dict, folder: Path) -> bool:
    """package.json is installed from the build folder: its `file:` dependencies, relative to the
    function's folder, are made absolute. True when there was any."""
    changed = False
    for section in ("dependencies", "optionalDependencies"):
        for name, spec in (manifest.get(section) or {}).items():
            if isinstance(spec, str) and spec.startswith("file:") and not Path(spec[5:]).is_absolute():
                manifest[section][name] = f"file:{(folder / spec[5:]).resolve()}"
                changed = True
    return changed


def _run(command: list[str], cwd: Path, tool: str, function_name: str) -> subprocess.CompletedProcess:
    try:
        return subprocess.run(command, cwd=cwd, capture_output=True, text=True, stdin=subprocess.DEVNULL)
    except FileNotFoundError as error:
        hint = "install Node.js (it comes with npm)" if tool == "npm" else "install pip into gc's Python"
        manifest = "package.json" if tool == "npm" else "requirements.txt"
        raise DependencyError(manifest, f"{tool} is needed to install it and was not found: {hint}") from error


def _tail(output: str, lines: int = 15) -> str:
    return "\n".join(output.strip().splitlines()[-lines:])

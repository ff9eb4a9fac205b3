"""Tiny dependencies built on the spot, so that installing them needs no network: a pure-Python
wheel, a wheel for one platform only, an sdist with no wheel, and an npm tarball."""

from __future__ import annotations

import base64
import hashlib
import io
import shutil
import subprocess
import tarfile
import zipfile
from pathlib import Path

PURE = "tinydep"  # tinydep 1.0, py3-none-any: `from tinydep import GREETING`
NATIVE = "nativedep"  # nativedep 1.0, for CPython 3.12 on manylinux2014_x86_64 only
SDIST_ONLY = "sdistonly"  # sdistonly 1.0, no wheel at all
NODE = "tiny-node-dep"  # tiny-node-dep 1.0.0: `require("tiny-node-dep").greeting`


def _wheel(index: Path, name: str, tag: str, files: dict[str, str]) -> None:
    dist = f"{name}-1.0"
    files = {
        **files,
        f"{dist}.dist-info/METADATA": f"Metadata-Version: 2.1\nName: {name}\nVersion: 1.0\n",
        f"{dist}.dist-info/WHEEL": f"Wheel-Version: 1.0\nGenerator: gc-tests\nRoot-Is-Purelib: true\nTag: {tag}\n",
    }
    record = "".join(
        f"{n},sha256={base64.urlsafe_b64encode(hashlib.sha256(c.encode()).digest()).rstrip(b'=').decode()},{len(c)}\n"
        for n, c in files.items()
    )
    files[f"{dist}.dist-info/RECORD"] = record + f"{dist}.dist-info/RECORD,,\n"
    with zipfile.ZipFile(index / f"{dist}-{tag}.whl", "w") as archive:
        for path, text in files.items():
            archive.writestr(path, text)


def _sdist(index: Path, name: str) -> None:
    with tarfile.open(index / f"{name}-1.0.tar.gz", "w:gz") as archive:
        data = f"from setuptools import setup\nsetup(name={name!r}, version='1.0')\n".encode()
        info = tarfile.TarInfo(f"{name}-1.0/setup.py")
        info.size = len(data)
        archive.addfile(info, io.BytesIO(data))


def python_index(index: Path) -> Path:
    index.mkdir(parents=True, exist_ok=True)
    _wheel(index, PURE, "py3-none-any", {f"{PURE}/__init__.py": "GREETING = 'hello from tinydep'\n"})
    _wheel(index, NATIVE, "cp312-cp312-manylinux2014_x86_64", {f"{NATIVE}/__init__.py": "NATIVE = True\n"})
    _sdist(index, SDIST_ONLY)
    return index


def node_tarball(where: Path) -> Path | None:
    """`npm pack` of a one-file package; None when npm is not installed."""
    if shutil.which("npm") is None:
        return None
    source = where / "tiny-node-dep-src"
    source.mkdir(parents=True)
    (source / "package.json").write_text(f'{{"name": "{NODE}", "version": "1.0.0", "main": "index.js"}}\n')
    (source / "index.js").write_text("module.exports = { greeting: 'hello from tiny-node-dep' };\n")
    subprocess.run(["npm", "pack", "--pack-destination", str(where)], cwd=source, check=True, capture_output=True)
    return where / f"{NODE}-1.0.0.tgz"


def offline_installers(monkeypatch, index: Path) -> None:
    """pip reads only the local index (no configuration file, no PyPI); npm never goes online."""
    monkeypatch.setenv("PIP_CONFIG_FILE", "/dev/null")
    monkeypatch.setenv("PIP_NO_INDEX", "1")
    monkeypatch.setenv("PIP_FIND_LINKS", str(index))
    monkeypatch.delenv("PIP_CONSTRAINT", raising=False)
    monkeypatch.setenv("npm_config_offline", "true")
    monkeypatch.setenv("npm_config_update_notifier", "false")

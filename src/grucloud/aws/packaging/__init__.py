"""A Lambda function's code as Lambda takes it: the function's folder (less what never belongs in
a function, see files.py) plus its installed dependencies (dependencies.py), zipped the same way
every time (zipping.py); sent inline up to 50 MB, through S3 above (code_bucket.py)."""

from __future__ import annotations

import base64
import hashlib
import threading
from dataclasses import dataclass
from pathlib import Path

from grucloud.aws.packaging import dependencies
from grucloud.aws.packaging.files import CodeFile, Ignore, code_files
from grucloud.aws.packaging.zipping import zip_files
from grucloud.problems import ResourceProblem

# Lambda's quotas (https://docs.aws.amazon.com/lambda/latest/dg/gettingstarted-limits.html)
INLINE_LIMIT = 50 * 2**20  # a zip sent in the CreateFunction / UpdateFunctionCode request
UNZIPPED_LIMIT = 262_144_000  # 250 MB: the code and its dependencies, unzipped


class PackageError(ResourceProblem):
    """The function's code cannot be deployed as it is; the message says why and what to do."""


@dataclass(frozen=True)
class Package:
    zip: bytes
    unzipped_size: int

    @property
    def sha256(self) -> str:
        """As Lambda's CodeSha256: the zip's SHA-256, base64."""
        return base64.b64encode(hashlib.sha256(self.zip).digest()).decode()

    @property
    def inline(self) -> bool:
        return len(self.zip) <= INLINE_LIMIT


def too_big(size: int) -> str | None:
    if size <= UNZIPPED_LIMIT:
        return None
    return (f"the code is {size / 1e6:.1f} MB unzipped, over Lambda's limit "
            f"of 250 MB ({UNZIPPED_LIMIT} bytes, dependencies included): leave files out with a .gcignore "
            "in its folder, or move large dependencies to a layer or a container image")


def zip_folder(folder: Path) -> bytes:
    """A folder's zip as gc makes a function's, without installing anything."""
    return zip_files(code_files(folder))


# One build per distinct set of files in a run: apply resolves a function more than once, and
# zipping a large function takes seconds.
_BUILT: dict[tuple, Package] = {}
_lock = threading.Lock()
_KEPT = 8


def package(project_dir: Path, folder: Path, function_name: str, runtime: str, architecture: str) -> Package:
    installed = dependencies.installed(project_dir, folder, function_name, runtime, architecture)
    files = code_files(folder)
    if installed is not None:
        files += code_files(installed, Ignore([]))  # the function's own files win (see zip_files)
    problem = too_big(sum(f.size for f in files))
    if problem:
        raise PackageError("Configuration", problem)
    key = tuple((f.name, str(f.path), f.size, f.executable, f.path.stat().st_mtime_ns) for f in files)
    with _lock:
        built = _BUILT.get(key)
    if built is None:
        built = Package(zip_files(files), sum(f.size for f in files))
        with _lock:
            while len(_BUILT) >= _KEPT:  # what a long-lived process (the tests) keeps stays small
                _BUILT.pop(next(iter(_BUILT)))
            _BUILT[key] = built
    return built


__all__ = ["INLINE_LIMIT", "UNZIPPED_LIMIT", "CodeFile", "Package", "PackageError", "package", "too_big", "zip_folder"]

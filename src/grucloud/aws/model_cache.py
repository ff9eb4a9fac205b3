"""botocore's service models, parsed once per machine instead of once per command.

Every gc command that lists all types creates a client per service, and botocore parses each
service's JSON model (EC2's is megabytes) every time. This file loader keeps each parsed file
as a marshal file in the user's cache folder, keyed by the file's path, size and modification
time, and reads that instead: about four times faster than decompressing and parsing the JSON.
Anything wrong with the cache (unwritable folder, corrupt entry) falls back to parsing.
"""

from __future__ import annotations

import hashlib
import logging
import marshal
import os
import sys
import tempfile
from pathlib import Path

from botocore.loaders import JSONFileLoader

log = logging.getLogger(__name__)


def cache_dir() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    version = f"py{sys.version_info.major}{sys.version_info.minor}-marshal{marshal.version}"
    return Path(base) / "grucloud" / f"botocore-models-{version}"


def _plain(value):
    """botocore parses into OrderedDicts, which marshal cannot write; dicts keep their order."""
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    return value


class CachedJSONFileLoader(JSONFileLoader):
    def __init__(self, folder: Path | None = None):
        self.folder = folder or cache_dir()

    def _load_file(self, full_path, open_method):
        try:
            stat = os.stat(full_path)
        except OSError:
            return None
        key = hashlib.sha1(f"{full_path}:{stat.st_size}:{stat.st_mtime_ns}".encode()).hexdigest()
        entry = self.folder / f"{key}.marshal"
        try:
            return marshal.loads(entry.read_bytes())
        except (OSError, ValueError, EOFError, TypeError):
            pass
        data = super()._load_file(full_path, open_method)
        if data is not None:
            data = _plain(data)
            self._store(entry, data)
        return data

    def _store(self, entry: Path, data) -> None:
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            with tempfile.NamedTemporaryFile(dir=self.folder, delete=False) as tmp:
                tmp.write(marshal.dumps(data))
            os.replace(tmp.name, entry)  # atomic: a parallel gc never reads half a file
        except (OSError, ValueError) as error:
            log.debug("botocore model cache not written (%s): %s", entry, error)

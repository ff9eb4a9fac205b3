"""botocore's service models, parsed once per machine instead of once per command.

Every gc command that lists all types creates a client per service, and botocore parses each
service's JSON model (EC2's is megabytes) every time. This file loader keeps each parsed file
as a marshal file in the user's cache folder, keyed by the file's path, size and modification
time, and reads that instead: about four times faster than decompressing and parsing the JSON.
The loader keeps there too the list of services botocore knows, which it otherwise builds in
each command by looking for every service's files (~420 services, ~8 ms per kind of file).
Anything wrong with the cache (unwritable folder, corrupt entry) falls back to botocore's way.
Each botocore upgrade or new virtual environment writes new entries (~10 MB) and leaves the old
ones unread: when a command writes one, entries older than a month are removed, so the cache holds
about a month's worth (one still in use is parsed and written again, once).
"""

from __future__ import annotations

import hashlib
import logging
import marshal
import os
import sys
import tempfile
import time
from pathlib import Path

import botocore
from botocore.loaders import JSONFileLoader, Loader, instance_cache

log = logging.getLogger(__name__)

KEPT_FOR = 30 * 24 * 3600  # seconds an entry is kept after it was written


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
        self.pruned = False  # once per command, on the first entry it writes

    def _load_file(self, full_path, open_method):
        try:
            stat = os.stat(full_path)
        except OSError:
            return None
        entry = self.entry(f"{full_path}:{stat.st_size}:{stat.st_mtime_ns}")
        data = self.read(entry)
        if data is None:
            data = super()._load_file(full_path, open_method)
            if data is not None:
                data = _plain(data)
                self.store(entry, data)
        return data

    def entry(self, key: str) -> Path:
        return self.folder / f"{hashlib.sha1(key.encode()).hexdigest()}.marshal"

    def read(self, entry: Path):
        """The entry's data; None when it is missing or unreadable."""
        try:
            return marshal.loads(entry.read_bytes())
        except (OSError, ValueError, EOFError, TypeError):
            return None

    def store(self, entry: Path, data) -> None:
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            with tempfile.NamedTemporaryFile(dir=self.folder, delete=False) as tmp:
                tmp.write(marshal.dumps(data))
            os.replace(tmp.name, entry)  # atomic: a parallel gc never reads half a file
        except (OSError, ValueError) as error:
            log.debug("botocore model cache not written (%s): %s", entry, error)
            return
        if not self.pruned:
            self.pruned = True
            prune(self.folder.parent)


def prune(root: Path) -> None:
    """Remove the entries written more than KEPT_FOR ago, in this cache and in those of other
    Python or marshal versions beside it."""
    limit = time.time() - KEPT_FOR
    for entry in root.glob("botocore-models-*/*.marshal"):
        try:
            if entry.stat().st_mtime < limit:
                entry.unlink()
        except OSError:
            pass  # gone already (another gc pruning), or not ours to remove


class CachedLoader(Loader):
    """botocore's Loader, reading through CachedJSONFileLoader, with its list of known services
    kept in the same cache, keyed by what each search folder holds (one listing each, where
    botocore looks into every service's folders): a service added or removed changes the key, and
    so does an upgrade of botocore (its folder's path holds no version, so the version is in the
    key). A kind of file added to a service already known is not seen until then."""

    def __init__(self, folder: Path | None = None, **kwargs):
        super().__init__(file_loader=CachedJSONFileLoader(folder), **kwargs)

    @instance_cache
    def list_available_services(self, type_name):
        key = [f"services:{type_name}:botocore {botocore.__version__}"]
        for path in self.search_paths:
            try:
                key.append(f"{path}:{','.join(sorted(os.listdir(path)))}")
            except OSError:
                key.append(f"{path}:absent")
        entry = self.file_loader.entry("|".join(key))
        services = self.file_loader.read(entry)
        if services is None:
            services = super().list_available_services(type_name)
            self.file_loader.store(entry, services)
        return services

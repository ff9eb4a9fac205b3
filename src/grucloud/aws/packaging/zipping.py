"""The zip Lambda needs, the same bytes for the same files: fixed timestamps, sorted names, and
only two modes, 755 for what its owner may execute (a custom runtime's `bootstrap`), 644 else."""

from __future__ import annotations

import io
import stat
import zipfile
import zlib

from grucloud.aws.packaging.files import CodeFile

_FIXED_TIME = (1980, 1, 1, 0, 0, 0)  # zip timestamps do not change the hash
_UNIX = 3  # the "made by" system that tells unzip (and Lambda) to read the modes
_SAMPLE = 64 * 1024


def _method(data: bytes) -> int:
    """Stored when deflating would not pay (a model, an image, a zip already): deflating tens of
    megabytes of such bytes costs seconds on every plan and saves nothing. Decided from the first
    64 KiB, so the same bytes always give the same zip."""
    sample = data[:_SAMPLE]
    if len(sample) >= 4096 and len(zlib.compress(sample, 1)) > 0.95 * len(sample):
        return zipfile.ZIP_STORED
    return zipfile.ZIP_DEFLATED


def zip_files(files: list[CodeFile]) -> bytes:
    """`files` in order; a name given twice keeps its first file (the function's own code
    comes before the dependencies installed beside it)."""
    buffer = io.BytesIO()
    seen = set()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for file in files:
            if file.name in seen:
                continue
            seen.add(file.name)
            info = zipfile.ZipInfo(file.name, _FIXED_TIME)
            info.create_system = _UNIX
            info.external_attr = (stat.S_IFREG | (0o755 if file.executable else 0o644)) << 16
            data = file.path.read_bytes()
            info.compress_type = _method(data)
            archive.writestr(info, data)
    return buffer.getvalue()

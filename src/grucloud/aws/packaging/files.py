"""Which files of a function's folder go into its zip: everything but what never belongs in a
function (__pycache__, .git, .venv, ...) and what the folder's `.gcignore` names."""

from __future__ import annotations

import fnmatch
import os
from dataclasses import dataclass
from pathlib import Path

# folders and files that are never code: caches, version control, local environments, gc's own
ALWAYS_LEFT_OUT = ("__pycache__", "*.pyc", ".git", ".venv", ".gc", ".DS_Store", ".gcignore")
IGNORE_FILE = ".gcignore"


@dataclass(frozen=True)
class CodeFile:
    path: Path  # on disk
    name: str  # in the zip: relative, with forward slashes
    size: int
    executable: bool


class Ignore:
    """`.gcignore`: one pattern a line, as in .gitignore, for the common cases: a name or glob
    matches at any depth (`*.md`, `tests`), a pattern with a slash matches from the folder
    (`docs/*.png`, `/build`), a trailing slash matches folders only; `#` starts a comment."""

    def __init__(self, lines: list[str]):
        self.patterns = []
        for line in lines:
            line = line.strip()
            if not line or line.startswith("#"):
                continue
            folder_only = line.endswith("/")
            line = line.strip("/")
            anchored = "/" in line
            self.patterns.append((line, anchored, folder_only))

    @classmethod
    def of(cls, folder: Path) -> Ignore:
        path = folder / IGNORE_FILE
        return cls(path.read_text().splitlines() if path.is_file() else [])

    def leaves_out(self, name: str, is_folder: bool) -> bool:
        """`name`: the path relative to the function's folder, with forward slashes."""
        base = name.rsplit("/", 1)[-1]
        if any(fnmatch.fnmatchcase(base, p) for p in ALWAYS_LEFT_OUT):
            return True
        for pattern, anchored, folder_only in self.patterns:
            if folder_only and not is_folder:
                continue
            if fnmatch.fnmatchcase(name if anchored else base, pattern):
                return True
        return False


def code_files(folder: Path, ignore: Ignore | None = None) -> list[CodeFile]:
    """The files to zip, sorted by name (the zip, hence its hash, does not depend on the disk's
    order). os.walk rather than Path.rglob, many times faster: a plan reads every function."""
    ignore = ignore or Ignore.of(folder)
    found = []
    for root, folders, names in os.walk(folder):
        relative = Path(root).relative_to(folder).as_posix()
        prefix = "" if relative == "." else relative + "/"
        folders[:] = [f for f in folders if not ignore.leaves_out(prefix + f, True)]
        for name in names:
            path = Path(root, name)
            if ignore.leaves_out(prefix + name, False) or not path.is_file():
                continue
            stat = path.stat()
            found.append(CodeFile(path, prefix + name, stat.st_size, bool(stat.st_mode & 0o100)))
    return sorted(found, key=lambda f: f.name)

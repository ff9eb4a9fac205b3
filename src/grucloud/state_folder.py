"""gc's state folder, for the user and not for one project: the emulator's process and log,
function workers, the Node.js SDK, run locks (a leaf module: imports nothing of gc)."""

from __future__ import annotations

import os
from pathlib import Path


def state_dir() -> Path:
    """GC_STATE_DIR, else $XDG_STATE_HOME/grucloud, else ~/.local/state/grucloud."""
    if os.environ.get("GC_STATE_DIR"):
        return Path(os.environ["GC_STATE_DIR"])
    base = os.environ.get("XDG_STATE_HOME") or Path.home() / ".local" / "state"
    return Path(base) / "grucloud"

"""Every example folder converges with `gc --local`, as a user runs it: through the CLI, on one
emulator server (the session's), one example after another. apply (its on_deployed hook
included: every example's hooks.py runs here), plan says no change, destroy, and nothing of it is
left."""

from __future__ import annotations

import json
import shutil

import pytest

from arrangements import arrange
from conftest import EXAMPLES
from dataplane_support import gc

EXAMPLE_NAMES = sorted(str(p.parent.relative_to(EXAMPLES)) for p in EXAMPLES.glob("*/*/resources.py"))
@pytest.mark.parametrize("name", EXAMPLE_NAMES)
def test_example_converges_with_gc_local(name, emulator_server, tmp_path):
    directory = tmp_path / name.replace("/", "-")
    shutil.copytree(EXAMPLES / name, directory)
    arrange(name.split("/")[-1], emulator_server.client)
    hooks = (directory / "hooks.py").read_text() if (directory / "hooks.py").exists() else ""
    applied = gc(emulator_server, "apply", "-f", cwd=directory)
    assert ("def on_deployed" in hooks) == ("on_deployed: ok" in applied.stdout), applied.stdout
    try:
        gc(emulator_server, "plan", "--detailed-exitcode", cwd=directory)  # 0: no change
    finally:
        destroyed = gc(emulator_server, "destroy", "-f", cwd=directory)
    assert ("def on_destroyed" in hooks) == ("on_destroyed: ok" in destroyed.stdout), destroyed.stdout
    left = json.loads(gc(emulator_server, "list", "--our", "--json", cwd=directory).stdout)
    assert left == [], [(r.get("type"), r.get("name")) for r in left]

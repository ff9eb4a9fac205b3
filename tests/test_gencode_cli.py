"""gc gencode, gc list --graph and gc tree as a user runs them: `gc --local ...` in a subprocess
against the emulator server, which also serves each Lambda function's code."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

EXAMPLE = Path(__file__).parent.parent / "examples" / "aws" / "ApiGatewayV2" / "http-lambda"

pytestmark = pytest.mark.cli


@pytest.fixture
def gc(tmp_path):
    """Run gc in a subprocess with a private emulator state folder; stop its emulator after."""
    env = {**os.environ, "GC_STATE_DIR": str(tmp_path / "state"), "COLUMNS": "120"}
    env.pop("GC_LOCAL", None)

    def run(*args, check=0):
        result = subprocess.run([sys.executable, "-m", "grucloud", *args], env=env, capture_output=True, text=True, timeout=120)
        assert result.returncode == check, f"exit {result.returncode}\nstdout:\n{result.stdout}\nstderr:\n{result.stderr}"
        return result

    yield run
    run("local", "stop")


def test_gencode_from_the_emulator_then_plan_reports_no_change(gc, tmp_path):
    project = tmp_path / "http-lambda"
    shutil.copytree(EXAMPLE, project)
    at = ("--local", "-C", str(project))
    gc(*at, "apply", "-f")
    (project / "resources.py").unlink()
    shutil.rmtree(project / "my-function")

    written = gc(*at, "c")  # GruCloud's short name
    assert "wrote" in written.stdout and "9 resources in" in written.stdout
    assert (project / "my-function" / "my-function.js").read_bytes() == (EXAMPLE / "my-function" / "my-function.js").read_bytes()
    gc(*at, "plan", "--detailed-exitcode")
    again = gc(*at, "gencode")
    assert "unchanged" in again.stdout and "wrote" not in again.stdout

    listed = gc(*at, "list", "--our", "--graph", "--graph-format", "dot")
    assert "wrote" in listed.stdout
    live_graph = (project / "artifacts" / "diagram-live.dot").read_text()
    assert 'label="Permission\\nmy-function"' in live_graph

    tree = gc(*at, "tree", "--live")
    assert "└── Lambda" in tree.stdout and "lg-http-test" in tree.stdout

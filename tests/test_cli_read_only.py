"""A read-only resource through the CLI, as a user meets it: `gc plan` on http-lambda-domain
against a fresh emulator says that the registered domain is missing and changes nothing; once the
example's documented script registers it on the emulator, the plan goes ahead."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

EXAMPLE = Path(__file__).parent.parent / "examples" / "aws" / "ApiGatewayV2" / "http-lambda-domain"

pytestmark = pytest.mark.cli


@pytest.fixture
def run(tmp_path):
    """Run a command with a private emulator state folder; stop its emulator after."""
    env = {**os.environ, "GC_STATE_DIR": str(tmp_path / "state"), "COLUMNS": "200"}
    env.pop("GC_LOCAL", None)

    def command(*args):
        return subprocess.run([sys.executable, *args], env=env, capture_output=True, text=True, timeout=120)

    yield command
    command("-m", "grucloud", "local", "stop")


def test_a_missing_registered_domain_stops_the_plan_until_it_is_registered(run, tmp_path):
    project = tmp_path / "http-lambda-domain"
    shutil.copytree(EXAMPLE, project)
    planned = run("-m", "grucloud", "--local", "-C", str(project), "plan", "--detailed-exitcode")
    assert planned.returncode == 1, planned.stdout + planned.stderr
    assert "✗ Route53Domains::Domain grucloud.org: is read-only (gc looks it up, never creates it) and was not found" in planned.stdout
    assert "Traceback" not in planned.stderr

    registered = run(str(project / "register_domain_locally.py"))
    assert registered.returncode == 0 and "registered grucloud.org on the emulator" in registered.stdout

    planned = run("-m", "grucloud", "--local", "-C", str(project), "plan", "--detailed-exitcode")
    assert planned.returncode == 2, planned.stdout + planned.stderr
    assert "Plan: 15 to create" in planned.stdout and "✗" not in planned.stdout

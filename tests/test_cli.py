"""The real CLI, as a user runs it: `gc --local ...` in a subprocess against the emulator server."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

EXAMPLE = Path(__file__).parent.parent / "examples" / "aws" / "ApiGatewayV2" / "http-lambda"

pytestmark = pytest.mark.cli


@pytest.fixture
def project(tmp_path):
    folder = tmp_path / "http-lambda"
    shutil.copytree(EXAMPLE, folder)
    return folder


@pytest.fixture
def gc(tmp_path):
    """Run gc in a subprocess with a private emulator state folder; stop its emulator after."""
    env = {**os.environ, "GC_STATE_DIR": str(tmp_path / "state"), "COLUMNS": "120"}
    env.pop("GC_LOCAL", None)

    def run(*args, cwd=None, check=None):
        result = subprocess.run(
            [sys.executable, "-m", "grucloud", *args], cwd=cwd, env=env, capture_output=True, text=True, timeout=120
        )
        if check is not None:
            assert result.returncode == check, f"exit {result.returncode}\nstdout:\n{result.stdout}\nstderr:\n{result.stderr}"
        return result

    run.state = tmp_path / "state"
    yield run
    run("local", "stop")


def test_apply_plan_list_update_destroy_through_the_cli(gc, project):
    applied = gc("--local", "-C", str(project), "apply", "-f", check=0)
    assert applied.stderr.startswith("local emulator http://127.0.0.1:")
    assert "Plan: 9 to create" in applied.stdout
    assert "Apply: 9 of 9 done, 0 failed, 0 skipped" in applied.stdout

    gc("--local", "-C", str(project), "plan", "--detailed-exitcode", check=0)

    listed = gc("--local", "-C", str(project), "list", "-t", "ApiGatewayV2::Integration", check=0)
    for expected in (
        "1 ApiGatewayV2::Integration from aws",
        "name: integration::my-api::my-function",
        "managedByUs: Yes",
        "IntegrationType: AWS_PROXY",
        "PayloadFormatVersion: 2.0",
        "TimeoutInMillis: 30000",
        "gc-managed-by: grucloud",
        "List Summary:",
        "1 resource, 1 type, 1 provider",
        'Command "gc ',
    ):
        assert expected in listed.stdout
    assert "✓ Listing" in listed.stderr

    as_json = gc("--local", "-C", str(project), "list", "--our", "--json", check=0)
    resources = json.loads(as_json.stdout)  # stdout is JSON and nothing else
    assert sorted(r["type"] for r in resources) == sorted(
        ["Api", "Stage", "Integration", "Route", "LogGroup", "Policy", "Role", "Function", "Permission"]
    )
    assert all(set(r) == {"type", "group", "name", "id", "managedByUs", "live"} and r["managedByUs"] for r in resources)
    api_id = next(r["id"] for r in resources if r["type"] == "Api")
    assert gc("--local", "-C", str(project), "output", "-t", "ApiGatewayV2::Api", "-n", "my-api", "-f", "ApiId", check=0).stdout.strip() == api_id

    resources_py = project / "resources.py"
    resources_py.write_text(resources_py.read_text().replace('"PayloadFormatVersion": "2.0",', '"PayloadFormatVersion": "2.0",\n                "TimeoutInMillis": 20000,'))
    changed = gc("--local", "-C", str(project), "plan", "--detailed-exitcode", check=2)
    assert "~ update ApiGatewayV2::Integration integration::my-api::my-function" in changed.stdout
    assert "TimeoutInMillis: 30000 → 20000" in changed.stdout
    plan_json = json.loads(gc("--local", "-C", str(project), "plan", "--json", check=0).stdout)
    assert plan_json == [
        {
            "action": "update",
            "type": "Integration",
            "group": "ApiGatewayV2",
            "name": "integration::my-api::my-function",
            "changes": [{"path": "TimeoutInMillis", "old": 30000, "new": 20000}],
            "reason": "differs from resources.py: TimeoutInMillis",
            "forcing": [],
            "problem": None,
            "with_parent": None,
        }
    ]
    gc("--local", "-C", str(project), "apply", "-f", check=0)
    gc("--local", "-C", str(project), "plan", "--detailed-exitcode", check=0)

    destroyed = gc("--local", "-C", str(project), "destroy", "-f", check=0)
    assert "Destroy: 9 of 9 done" in destroyed.stdout
    assert json.loads(gc("--local", "-C", str(project), "list", "--our", "--json", check=0).stdout) == []


def test_aliases_and_help(gc, project):
    top = gc("--help", check=0)
    for command in ("list", "plan", "apply", "destroy", "output", "info", "local"):
        assert command in top.stdout
    assert "Only this type" in gc("l", "--help", check=0).stdout
    assert "--detailed-exitcode" in gc("p", "--help", check=0).stdout


def test_bad_project_is_rejected_before_any_aws_call(gc, project):
    resources_py = project / "resources.py"
    resources_py.write_text(resources_py.read_text().replace('"IntegrationMethod": "POST"', '"IntegrationMethod": "GET"'))
    result = gc("--local", "-C", str(project), "plan", check=1)
    assert "integration::my-api::my-function" in result.stderr
    assert "IntegrationMethod" in result.stderr and "must use POST" in result.stderr
    assert "Traceback" not in result.stderr
    # The emulator was never started: nothing was called.
    assert not (gc.state / "emulator.json").exists()


def test_unknown_type_filter_names_the_known_ones(gc, project):
    result = gc("--local", "-C", str(project), "list", "-t", "ApiGatewayV2::Integrations", check=1)
    assert "did you mean 'ApiGatewayV2::Integration'" in result.stderr

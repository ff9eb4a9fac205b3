"""hooks.py: on_deployed after `gc apply`, on_destroyed after `gc destroy`, both by `gc run`; a
failing check exits 1 and leaves what was applied."""

from __future__ import annotations

import re

from conftest import edit
from dataplane_support import gc, request


def test_apply_prints_the_url_and_runs_on_deployed_and_a_failing_check_exits_1(emulator_server, copy_example):
    project = copy_example("ApiGatewayV2/http-lambda")
    applied = gc(emulator_server, "-C", str(project), "apply", "-f")
    printed = re.search(r"^my-api::stage-dev: (http://(\w+)\.execute-api\.localhost:\d+/stage-dev)  \(or (http://\S+)\)$", applied.stdout, re.M)
    assert printed, applied.stdout
    url, api_id, path_style = printed.groups()
    assert path_style == f"{emulator_server.url}/_aws/execute-api/{api_id}/stage-dev"
    assert request(f"{path_style}/my-function").json() == "Hello from gc Lambda"
    assert "on_deployed: ok" in applied.stdout
    assert "Running on_deployed of hooks.py" in applied.stderr
    output = gc(emulator_server, "-C", str(project), "output", "-t", "ApiGatewayV2::Stage", "-n", "my-api::stage-dev", "-f", "InvokeUrl")
    assert output.stdout.strip() == url
    # the permission no longer covers the route: API Gateway answers 500, and the check says so
    edit(project, '/*/*/my-function"', '/*/*/another-function"')
    failed = gc(emulator_server, "-C", str(project), "apply", "-f", check=1)
    assert "Apply: 1 of 1 done" in failed.stdout and f"my-api::stage-dev: {url}" in failed.stdout
    assert "on_deployed failed (hooks.py line 6): GET /my-function: HTTP 500" in failed.stdout
    assert '{"message":"Internal Server Error"}' in failed.stdout
    # what was applied stayed: the check fails alone too
    assert "on_deployed failed" in gc(emulator_server, "-C", str(project), "run", "--on-deployed", check=1).stdout
    destroyed = gc(emulator_server, "-C", str(project), "destroy", "-f")
    assert "on_destroyed: ok" in destroyed.stdout
    assert request(f"{path_style}/my-function").status == 404


def test_run_names_what_is_missing(emulator_server, write_project):
    project = write_project("def create_resources(config):\n    return []\n")
    assert "defines no on_deployed(ctx)" in gc(emulator_server, "-C", str(project), "run", "--on-deployed", check=1).stderr
    (project / "hooks.py").write_text("def on_deployed(ctx):\n    ctx.http()\n")
    assert "ctx.http(None): name one stage of: none" in gc(emulator_server, "-C", str(project), "run", "--on-deployed", check=1).stdout
    (project / "hooks.py").write_text("def on_deployed(ctx):\n    ctx.domain('api.example.com')\n")
    assert ("no live ApiGatewayV2::DomainName named 'api.example.com'; live ones: none"
            in gc(emulator_server, "-C", str(project), "run", "--on-deployed", check=1).stdout)

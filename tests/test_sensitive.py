"""Secrets never shown: fields botocore marks sensitive and variables named like secrets are
redacted in plans, `--json` output, lists and verbose logs."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from grucloud.aws.sensitive import REDACTED, is_sensitive, named_like_secret, redact
from grucloud.aws.specs import REGISTRY

HTTP_LAMBDA = Path(__file__).resolve().parents[1] / "examples" / "aws" / "ApiGatewayV2" / "http-lambda"
FUNCTION = REGISTRY["Lambda::Function"]


@pytest.mark.parametrize("name", ["DB_PASSWORD", "API_KEY", "GITHUB_TOKEN", "client_secret", "SECRET", "ClientSecret", "MasterUserPassword"])
def test_names_like_secrets(name):
    assert named_like_secret(name)


@pytest.mark.parametrize("name", ["MODE", "Key", "key", "KeyName", "ApiKeySelectionExpression", "TokenValidityUnits", "KMSKeyArn", "gc-stage", "MONKEY"])
def test_names_not_like_secrets(name):
    assert not named_like_secret(name)


def test_model_sensitive_members_and_secret_names_are_redacted_and_nothing_else():
    live = {
        "Configuration": {
            "FunctionName": "f",
            "Environment": {"Variables": {"MODE": "demo", "DB_PASSWORD": "hunter2"}},
        },
        "Tags": {"gc-stage": "dev", "owner": "me"},
    }
    redacted = redact(FUNCTION, live)
    # Environment.Variables is sensitive in Lambda's model: every value goes, the keys stay
    assert redacted["Configuration"]["Environment"]["Variables"] == {"MODE": REDACTED, "DB_PASSWORD": REDACTED}
    assert redacted["Configuration"]["FunctionName"] == "f"
    assert redacted["Tags"] == live["Tags"]
    assert live["Configuration"]["Environment"]["Variables"]["DB_PASSWORD"] == "hunter2"  # a copy
    assert is_sensitive(FUNCTION, "Configuration.Environment.Variables.MODE")
    assert not is_sensitive(FUNCTION, "Configuration.Timeout")


def test_secret_named_variables_are_redacted_where_the_model_says_nothing():
    # ECS-style environment entries and maps in a type whose model marks none of it
    api = REGISTRY["ApiGatewayV2::Api"]
    value = {"Name": "a", "Env": [{"name": "API_TOKEN", "value": "t0k"}, {"name": "MODE", "value": "x"}],
             "Settings": {"SERVICE_PASSWORD": "pw", "PLAIN": "p"}}
    redacted = redact(api, value)
    assert redacted["Env"] == [{"name": "API_TOKEN", "value": REDACTED}, {"name": "MODE", "value": "x"}]
    assert redacted["Settings"] == {"SERVICE_PASSWORD": REDACTED, "PLAIN": "p"}
    assert redact(api, "pw", "Settings.SERVICE_PASSWORD") == REDACTED


@pytest.mark.cli
def test_no_secret_in_plan_json_list_or_verbose_logs(tmp_path):
    project = tmp_path / "http-lambda"
    shutil.copytree(HTTP_LAMBDA, project)
    resources = project / "resources.py"
    declared = '"Runtime": "nodejs20.x",'
    assert resources.read_text().count(declared) == 1
    with_env = declared + '\n                    "Environment": {"Variables": {"DB_PASSWORD": "hunter2-FIRST", "MODE": "demo"}},'
    resources.write_text(resources.read_text().replace(declared, with_env))
    env = {**os.environ, "GC_STATE_DIR": str(tmp_path / "state"), "COLUMNS": "200"}
    env.pop("GC_LOCAL", None)

    def gc(*args, check=0):
        result = subprocess.run([sys.executable, "-m", "grucloud", "--local", "-C", str(project), *args],
                                env=env, capture_output=True, text=True, timeout=300)
        assert result.returncode == check, result.stdout + result.stderr
        return result.stdout + result.stderr

    try:
        outputs = [gc("-v", "apply", "-f")]
        resources.write_text(resources.read_text().replace("hunter2-FIRST", "hunter2-SECOND"))
        plan = gc("plan", "--detailed-exitcode", check=2)
        assert "Configuration.Environment.Variables.DB_PASSWORD: (sensitive) → (sensitive)" in plan
        as_json = gc("plan", "--json", check=0)
        changes = json.loads(as_json[: as_json.rindex("]") + 1])
        (change,) = [c for c in changes if c["type"] == "Function"]
        assert change["changes"] == [{"path": "Configuration.Environment.Variables.DB_PASSWORD", "old": REDACTED, "new": REDACTED}]
        outputs += [plan, as_json, gc("list", "--json", "-t", "Lambda::Function"), gc("-v", "apply", "-f")]
        for output in outputs:
            assert "hunter2" not in output
        assert "DB_PASSWORD" in outputs[-2]  # the variable's name is shown, its value never
        gc("destroy", "-f")
    finally:
        subprocess.run([sys.executable, "-m", "grucloud", "local", "stop"], env=env, capture_output=True, timeout=60)

"""`gc new`: a project of one's own, from an example or the minimal HTTP API + Python function,
with its own projectName, region and profile, that applies as it is."""

from __future__ import annotations

import pytest

from conftest import apply, load_checked, pending, plan_of
from grucloud.__main__ import main
from grucloud.cli import new_cmd


def _new(capsys, *args) -> tuple[int, str]:
    status = main(["new", *args])
    captured = capsys.readouterr()
    return status, captured.out + captured.err


def test_new_list_names_every_example_with_its_summary(capsys):
    status, said = _new(capsys, "--list")
    assert status == 0
    lines = said.splitlines()
    assert len(lines) == len(new_cmd.examples()) >= 8
    http_lambda = next(line for line in lines if line.startswith("ApiGatewayV2/http-lambda "))
    assert "An HTTP API whose route `ANY /my-function` goes to a Lambda function" in http_lambda


def test_the_minimal_project_has_its_own_settings_and_applies_with_no_change_after(target, tmp_path, capsys):
    folder = tmp_path / "shop-api"
    status, said = _new(capsys, str(folder), "--region", "eu-west-3", "--profile", "work")
    assert status == 0, said
    assert "Next: cd" in said and "gc --local apply" in said
    project = load_checked(folder)
    assert project.config == {"projectName": "shop-api", "stage": "dev", "region": "eu-west-3", "profile": "work"}
    assert (folder / ".gitignore").read_text().startswith(".gc/")
    run = apply(folder, target)
    assert run.result.ok, run.result.failed
    assert {k[0] for k in run.result.done} >= {"ApiGatewayV2::Api", "Lambda::Function", "Lambda::Permission"}
    assert pending(plan_of(folder, target).plan) == {}


def test_new_from_an_example_renames_its_project_and_keeps_its_settings(tmp_path, capsys):
    folder = tmp_path / "mine"
    assert _new(capsys, str(folder), "--from", "http-lambda-domain", "--name", "my-domain-api")[0] == 0
    config = load_checked(folder).config
    assert config["projectName"] == "my-domain-api" and config["domainName"] == "grucloud.org"
    assert "domainName: a domain registered with Route 53" in (folder / "config.py").read_text()  # its docstring kept
    assert (folder / "my-function").is_dir() and (folder / "register_domain_locally.py").is_file()

    other = tmp_path / "other"
    assert _new(capsys, str(other), "--from", "ApiGatewayV2/http-lambda")[0] == 0
    assert load_checked(other).config["projectName"] == "other"


def test_new_prompts_on_a_terminal(tmp_path, monkeypatch):
    from click.testing import CliRunner

    monkeypatch.setattr(new_cmd, "on_terminal", lambda: True)
    result = CliRunner().invoke(new_cmd.new, [str(tmp_path / "asked")], input="billing\nap-south-1\nops\n")
    assert result.exit_code == 0, result.output
    assert "Project name [asked]:" in result.output and "AWS region" in result.output
    assert load_checked(tmp_path / "asked").config == {"projectName": "billing", "stage": "dev", "region": "ap-south-1", "profile": "ops"}


@pytest.mark.parametrize("args, message", [
    (["--from", "nope"], "'nope' is neither an example nor a folder holding resources.py; examples: "),
    ([], "exists and is not empty"),
])
def test_new_refuses_an_unknown_example_and_a_folder_in_use(tmp_path, capsys, args, message):
    folder = tmp_path / "used"
    folder.mkdir()
    if not args:
        (folder / "resources.py").write_text("")
    status, said = _new(capsys, str(folder), *args)
    assert status == 1 and message in said

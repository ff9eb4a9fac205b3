"""The embedded emulator: a real moto server process on loopback."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys

import boto3
import pytest
from click.testing import CliRunner

from grucloud import state_folder
from grucloud.cli.local_cmd import local
from grucloud.local import emulator


@pytest.fixture
def state_dir(tmp_path, monkeypatch):
    monkeypatch.setenv("GC_STATE_DIR", str(tmp_path))
    yield tmp_path
    emulator.stop()  # never leak a server, whatever the test did


def _apigw(url: str):
    return boto3.client(
        "apigatewayv2",
        region_name="us-east-1",
        endpoint_url=url,
        aws_access_key_id="testing",
        aws_secret_access_key="testing",
    )


def _pid_gone(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return True
    return False


def test_lifecycle(state_dir):
    assert emulator.status() is None
    emu = emulator.start()
    assert emu.url == f"http://127.0.0.1:{emu.port}"
    assert emulator.status() == emu
    assert json.loads((state_dir / "emulator.json").read_text()) == {
        "url": emu.url, "pid": emu.pid, "port": emu.port, "started_at": emu.started_at,
    }

    client = _apigw(emu.url)
    api_id = client.create_api(Name="hello", ProtocolType="HTTP")["ApiId"]
    assert [a["ApiId"] for a in client.get_apis()["Items"]] == [api_id]

    assert emulator.start().pid == emu.pid  # no second server
    assert emulator.ensure_running() == emu

    # A separate shell only has the state file to go on.
    code = "from grucloud.local import emulator; e = emulator.status(); print(e.url, e.pid)"
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True,
        env={**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)},
    ).stdout.split()
    assert out == [emu.url, str(emu.pid)]

    emulator.reset(emu.url)
    assert client.get_apis()["Items"] == []

    assert emulator.stop() is True
    assert emulator.status() is None
    assert not (state_dir / "emulator.json").exists()
    assert _pid_gone(emu.pid)
    assert emulator.stop() is False


@pytest.mark.parametrize("host", ["0.0.0.0", "192.168.1.10", "example.com", "::"])
def test_refuses_non_loopback(state_dir, host):
    with pytest.raises(ValueError, match="loopback"):
        emulator.start(host=host)
    assert not (state_dir / "emulator.json").exists()


def test_stale_state_file_is_removed(state_dir):
    dead = subprocess.Popen([sys.executable, "-c", "pass"])
    dead.wait()  # a pid that surely no longer exists
    path = state_dir / "emulator.json"
    path.write_text(json.dumps(
        {"url": "http://127.0.0.1:9", "pid": dead.pid, "port": 9, "started_at": "x"}
    ))
    assert emulator.status() is None
    assert not path.exists()


def test_corrupt_state_file_is_removed(state_dir):
    path = state_dir / "emulator.json"
    path.write_text("{not json")
    assert emulator.status() is None
    assert not path.exists()


def test_cli(state_dir):
    runner = CliRunner()

    result = runner.invoke(local, ["status"])
    assert result.exit_code == 1
    assert "not running" in result.output and "gc local start" in result.output

    result = runner.invoke(local, ["start"])
    assert result.exit_code == 0, result.output
    emu = emulator.status()
    assert result.output.strip() == f"local emulator running at {emu.url} (pid {emu.pid})"

    result = runner.invoke(local, ["status"])
    assert result.exit_code == 0
    assert emu.url in result.output and str(emu.pid) in result.output

    result = runner.invoke(local, ["reset"])
    assert result.exit_code == 0 and "reset" in result.output

    result = runner.invoke(local, ["stop"])
    assert result.exit_code == 0
    assert result.output.strip() == "local emulator stopped"
    assert _pid_gone(emu.pid)

    result = runner.invoke(local, ["status"])
    assert result.exit_code == 1


def test_cli_help_explains_the_emulator():
    result = CliRunner().invoke(local, ["--help"])
    assert result.exit_code == 0
    for word in ("moto", "loopback", "gc local stop", "--local"):
        assert word in result.output


def test_start_failure_names_the_log(state_dir, monkeypatch):
    with socket.socket() as busy:  # moto cannot bind a port that is taken
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        monkeypatch.setattr(emulator, "_free_port", lambda host: busy.getsockname()[1])
        with pytest.raises(RuntimeError, match="emulator.log"):
            emulator.start()
    assert "in use" in (state_dir / "emulator.log").read_text()
    assert emulator.status() is None


def test_state_dir_precedence(monkeypatch, tmp_path):
    monkeypatch.delenv("GC_STATE_DIR", raising=False)
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path))
    assert state_folder.state_dir() == tmp_path / "grucloud"
    monkeypatch.delenv("XDG_STATE_HOME")
    monkeypatch.setenv("HOME", str(tmp_path))
    assert state_folder.state_dir() == tmp_path / ".local" / "state" / "grucloud"
    monkeypatch.setenv("GC_STATE_DIR", str(tmp_path / "x"))
    assert state_folder.state_dir() == tmp_path / "x"

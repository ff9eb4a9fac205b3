"""The three contenders, each as the commands a user (or a script) would run, and what makes
each phase's outcome count as a success."""

from __future__ import annotations

import json
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

from bench import stacks, terraform
from bench.emulator import ROOT, Emulator
from bench.stacks import Stack

GC = str(Path(sys.executable).with_name("gc"))


@dataclass
class Command:
    argv: list[str]
    env: dict
    cwd: Path | None = None


class Gc:
    """The gc CLI in a subprocess, process start included.

    Unlimited runs use `gc --local`, pointed at the benchmark's emulator through a private
    GC_STATE_DIR (gc's own way of finding its emulator): local mode does not pace calls, since
    an emulator has no rate limit. The rate-limited run uses gc as on AWS (AWS_ENDPOINT_URL and
    boto3's standard configuration), where it paces its calls to AWS's quotas; so does the AWS-like run."""

    name = "gc"
    phases = ("apply", "plan", "list", "destroy")
    _ARGS = {"apply": ["apply", "-f"], "plan": ["plan", "--detailed-exitcode"],
             "list": ["list", "-t", "ApiGatewayV2::Integration"], "destroy": ["destroy", "-f"]}

    def prepare(self, stack: Stack, folder: Path) -> None:
        self.stack = stack
        self.folder = folder
        self.project = stacks.write_gc_project(stack, folder / "project")

    def begin(self, emulator: Emulator) -> None:
        """Before each repetition (a fresh emulator)."""
        self.emulator = emulator
        state = self.folder / "state"
        state.mkdir(exist_ok=True)
        (state / "emulator.json").write_text(json.dumps(
            {"url": emulator.url, "pid": emulator.process.pid, "port": emulator.port, "started_at": ""}))

    def command(self, phase: str) -> Command:
        env = self.emulator.environment()
        if self.emulator.rate_limit or self.emulator.time_scale is not None:  # quotas: paced as on AWS
            return Command([GC, "-C", str(self.project), *self._ARGS[phase]], env)
        env["GC_STATE_DIR"] = str(self.folder / "state")
        return Command([GC, "--local", "-C", str(self.project), *self._ARGS[phase]], env)

    def succeeded(self, phase: str, returncode: int, stdout: str) -> bool:
        if phase == "list":
            return returncode == 0 and f"{self.stack.n} ApiGatewayV2::Integration from aws" in stdout
        return returncode == 0  # plan: --detailed-exitcode, 0 means no change


class Floor:
    """bench/floor.py: the fewest calls, with plain boto3."""

    name = "floor"
    phases = ("apply", "plan", "destroy")

    def prepare(self, stack: Stack, folder: Path) -> None:
        self.stack = stack
        self.code = stacks.write_zips(stack, folder)

    def begin(self, emulator: Emulator) -> None:
        self.emulator = emulator

    def command(self, phase: str) -> Command:
        kind = "http-lambda" if self.stack.label == "http-lambda" else "scaled"
        argv = [sys.executable, "-m", "bench.floor", phase, "--stack", kind, "--n", str(self.stack.n), "--code", str(self.code)]
        return Command(argv, self.emulator.environment(), ROOT)

    def succeeded(self, phase: str, returncode: int, stdout: str) -> bool:
        return returncode == 0


class Terraform:
    """terraform apply / plan -detailed-exitcode / destroy with the AWS provider from an offline
    mirror; `terraform init` runs once per stack, untimed, and each repetition starts from an
    empty state (and a fresh emulator)."""

    name = "terraform"
    phases = ("apply", "plan", "destroy")

    def __init__(self, installation: terraform.Installation):
        self.installation = installation

    def prepare(self, stack: Stack, folder: Path) -> None:
        self.stack = stack
        self.folder = folder
        stacks.write_zips(stack, folder)
        (folder / "main.tf").write_text(stacks.terraform_configuration(stack, self.installation.provider_version))
        self.cli_config = terraform.write_cli_config(self.installation, folder.parent)
        env = terraform.environment(dict(Emulator().environment()), self.cli_config, "http://127.0.0.1:1")
        done = subprocess.run([self.installation.terraform, "init", "-no-color"], cwd=folder, env=env,
                              capture_output=True, text=True)
        if done.returncode != 0:
            raise RuntimeError(f"terraform init failed in {folder}:\n{done.stdout}\n{done.stderr}")

    def begin(self, emulator: Emulator) -> None:
        self.emulator = emulator
        for state in self.folder.glob("terraform.tfstate*"):
            state.unlink()

    def command(self, phase: str) -> Command:
        env = terraform.environment(self.emulator.environment(), self.cli_config, self.emulator.url)
        return Command([self.installation.terraform, *terraform.COMMANDS[phase]], env, self.folder)

    def succeeded(self, phase: str, returncode: int, stdout: str) -> bool:
        return returncode == 0  # plan: -detailed-exitcode, 0 means no change


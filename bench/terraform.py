"""Terraform as a contender, offline: find an installed copy of its AWS provider, write a CLI
configuration whose filesystem mirror points there (and that forbids any registry download),
and run init / apply / plan / destroy in a working folder per stack."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

PROVIDER = Path("registry.terraform.io/hashicorp/aws")
PLATFORM = "linux_amd64"


def plugin_dirs() -> list[Path]:
    """The usual places for an offline provider mirror, in the order they are searched."""
    places = [os.environ.get("TF_PLUGIN_DIR"), "/opt/tf-plugins", "~/.terraform.d/plugins",
              "~/.local/share/terraform/plugins", "/usr/local/share/terraform/plugins", "/usr/share/terraform/plugins"]
    return [Path(p).expanduser() for p in places if p]


def _version_key(version: str) -> tuple:
    return tuple(int(part) if part.isdigit() else 0 for part in re.split(r"[.-]", version))


@dataclass(frozen=True)
class Installation:
    terraform: str
    terraform_version: str
    mirror: Path  # the folder holding registry.terraform.io/...
    provider_version: str


def find() -> tuple[Installation | None, str]:
    """The terraform binary and the newest offline AWS provider, or None and why not."""
    terraform = shutil.which("terraform")
    if terraform is None:
        return None, "terraform is not on the PATH"
    for mirror in plugin_dirs():
        versions = [p for p in (mirror / PROVIDER).glob(f"*/{PLATFORM}/terraform-provider-aws_*") if p.is_file()]
        if versions:
            newest = max(versions, key=lambda p: _version_key(p.parent.parent.name))
            output = subprocess.run([terraform, "version"], capture_output=True, text=True,
                                    env={**os.environ, "CHECKPOINT_DISABLE": "1", "TF_CLI_CONFIG_FILE": os.devnull}).stdout
            version = output.split()[1].lstrip("v") if output.startswith("Terraform v") else "unknown"
            return Installation(terraform, version, mirror, newest.parent.parent.name), ""
    searched = ", ".join(str(p / PROVIDER) for p in plugin_dirs())
    return None, f"no offline copy of the Terraform AWS provider ({PLATFORM}) in: {searched}"


def write_cli_config(installation: Installation, folder: Path) -> Path:
    """A CLI configuration that installs the AWS provider from the mirror only."""
    path = folder / "terraform.rc"
    path.write_text(f'''disable_checkpoint = true
provider_installation {{
  filesystem_mirror {{
    path    = "{installation.mirror}"
    include = ["{PROVIDER}"]
  }}
  direct {{
    exclude = ["*/*"]
  }}
}}
''')
    return path


def environment(base: dict, cli_config: Path, endpoint: str) -> dict:
    return {**base, "TF_CLI_CONFIG_FILE": str(cli_config), "CHECKPOINT_DISABLE": "1", "TF_IN_AUTOMATION": "1",
            "TF_INPUT": "0", "TF_VAR_endpoint": endpoint}


COMMANDS = {
    "apply": ["apply", "-auto-approve", "-no-color"],
    "plan": ["plan", "-detailed-exitcode", "-no-color"],
    "destroy": ["destroy", "-auto-approve", "-no-color"],
}

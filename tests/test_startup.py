"""Start-up: `gc --help` loads no AWS SDK, no rich and no spec; each command loads what it uses."""

from __future__ import annotations

import subprocess
import sys

import click

from grucloud.cli.app import COMMANDS, cli

HEAVY = ("boto3", "botocore", "rich", "moto", "grucloud.aws", "grucloud.engine")


def _loaded_after(argv: list[str]) -> set[str]:
    """Top modules loaded by running `gc <argv>` in a fresh interpreter."""
    code = (
        "import sys\n"
        "from grucloud.__main__ import main\n"
        f"main({argv!r})\n"
        "print('MODULES', *sorted(sys.modules), file=sys.stderr)\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    line = next(line for line in done.stderr.splitlines() if line.startswith("MODULES "))
    return set(line.split()[1:])


def test_help_loads_neither_the_aws_sdk_nor_rich_nor_the_specs():
    loaded = _loaded_after(["--help"])
    assert "click" in loaded
    assert not [m for m in loaded if m.startswith(HEAVY)], sorted(m for m in loaded if m.startswith(HEAVY))


def test_the_help_line_of_each_command_is_the_first_line_of_its_own_help():
    ctx = click.Context(cli)
    for name, (_, _, line) in COMMANDS.items():
        command = cli.get_command(ctx, name)
        assert command is not None and command.name == name
        assert command.get_short_help_str(limit=200) == line, name


def test_one_letter_aliases_name_the_same_commands():
    ctx = click.Context(cli)
    for alias, name in cli.ALIASES.items():
        assert cli.get_command(ctx, alias) is cli.get_command(ctx, name)

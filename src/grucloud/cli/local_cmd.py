"""`gc local ...`: manage the embedded AWS emulator."""

from __future__ import annotations

import click

from grucloud.exit_status import ExitStatus
from grucloud.local import emulator

_NOT_RUNNING = "local emulator not running — start it with `gc local start`"


def _running_line(emu: emulator.Emulator) -> str:
    return f"local emulator running at {emu.url} (pid {emu.pid})"


@click.group()
def local() -> None:
    """Run AWS locally, with no account and no cost.

    The local emulator is moto's server (an in-memory fake of the AWS APIs)
    running in the background on loopback only (127.0.0.1), shared by every
    shell of the current user. Everything you create in it is kept until
    `gc local stop` (or `gc local reset`) and is lost afterwards.

    You rarely need to start it by hand: `--local` on any gc command starts
    it if needed and points the command at it.
    """


@local.command()
@click.option("--host", default="127.0.0.1", show_default=True,
              help="Address to listen on: loopback only (127.0.0.1, ::1 or localhost); any other is refused.")
def start(host: str) -> None:
    """Start the emulator in the background (no-op if already running)."""
    try:
        emu = emulator.start(host)
    except (RuntimeError, ValueError) as err:  # ValueError: not a loopback address
        raise click.ClickException(str(err)) from err
    click.echo(_running_line(emu))


@local.command()
def stop() -> None:
    """Stop the emulator; everything created in it is discarded."""
    if emulator.stop():
        click.echo("local emulator stopped")
    else:
        click.echo("local emulator was not running")


@local.command()
def status() -> ExitStatus:
    """Show whether the emulator is running and where (exit code 1 if not)."""
    emu = emulator.status()
    if emu is None:
        click.echo(_NOT_RUNNING)
        click.get_current_context().exit(ExitStatus.ERROR)
    click.echo(_running_line(emu))
    return ExitStatus.OK


@local.command()
def reset() -> ExitStatus:
    """Delete every resource in the running emulator, keeping it running."""
    emu = emulator.status()
    if emu is None:
        click.echo(_NOT_RUNNING)
        click.get_current_context().exit(ExitStatus.ERROR)
    emulator.reset(emu.url)
    click.echo(f"local emulator at {emu.url} reset: all resources deleted")
    return ExitStatus.OK

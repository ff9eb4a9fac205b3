"""`gc info`: where gc works and on which project."""

from __future__ import annotations

import click

from grucloud.cli.workspace import Workspace
from grucloud.exit_status import ExitStatus


@click.command()
@click.pass_obj
def info(ws: Workspace):
    """Show the target (AWS account and region, or the emulator), the project and its stage."""
    config = ws.config()
    ws.header()
    target = ws.target()
    rows = {
        "target": target.describe(),
        "region": target.region_name,
        **({} if target.local else {
            "account": target.account_id(),
            "caller": target.caller_identity().get("Arn", ""),  # who the credentials are: user or role
            "profile": target.session().profile or "none (environment, or the default credentials)",
        }),
        "project": config["projectName"],
        "stage": config["stage"],
        "folder": str(ws.directory.resolve()),
        "resources.py": "found" if ws.has_project() else "missing",
    }
    for key, value in rows.items():
        click.echo(f"{key + ':':14}{value}")
    return ExitStatus.OK

"""`gc output`: one field of one live resource, raw, for scripts."""

from __future__ import annotations

import json

import click

from grucloud.aws.spec import get_path
from grucloud.cli.workspace import Workspace, complete_types, resolve_types
from grucloud.exit_status import ExitStatus


@click.command()
@click.option("-t", "--type", "type_name", required=True, shell_complete=complete_types, help="Group::Type, e.g. ApiGatewayV2::Api.")
@click.option("-n", "--name", required=True, help="The resource's name.")
@click.option("-f", "--field", required=True, help="Dotted path in its live data, e.g. ApiEndpoint or Configuration.FunctionArn.")
@click.pass_obj
def output(ws: Workspace, type_name, name, field):
    """Print one live field of one resource, raw (alias: o).

    \b
    Example:
      curl "$(gc output -t ApiGatewayV2::Api -n my-api -f ApiEndpoint)/stage-dev/my-function"
    """
    specs = resolve_types((type_name,))
    ws.header()
    inventory = ws.discover(specs, progress=False)
    match = [r for r in inventory.resources if r.spec.key in {s.key for s in specs} and r.name == name]
    if not match:
        names = sorted(r.name for r in inventory.resources if r.spec.key in {s.key for s in specs})
        raise click.ClickException(f"no live {type_name} named {name!r}; live ones: {', '.join(names) or 'none'}")
    value = get_path(match[0].live, field)
    if value is None:
        raise click.ClickException(f"{type_name} {name!r} has no field {field!r}; fields: {', '.join(match[0].live)}")
    click.echo(value if isinstance(value, str) else json.dumps(value, default=str))
    return ExitStatus.OK

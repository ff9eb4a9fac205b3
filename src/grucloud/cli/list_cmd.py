"""`gc list`: the live resources, as boxed tables or JSON."""

from __future__ import annotations

import json
import shlex
import sys
import time

import click
from rich.markup import escape

from grucloud.aws.specs import REGISTRY
from grucloud.cli import render
from grucloud.cli.graph_cmd import FORMAT_OPTION, write_graph
from grucloud.cli.workspace import Workspace, complete_types, resolve_types
from grucloud.codegen import graph as pictures
from grucloud.exit_status import ExitStatus
from grucloud.problems import ProjectError


def project_specs(ws: Workspace, all_types: bool, our: bool = False) -> list:
    """Types to look at: every type gc knows, or those of the groups resources.py uses.
    What is ours needs only the project and stage: with `our`, a resources.py that does not
    validate means every type, not an error."""
    if all_types or not ws.has_project():
        return list(REGISTRY.values())
    try:
        project = ws.project()
    except ProjectError:
        if not our:
            raise
        return list(REGISTRY.values())
    groups = {d.spec.group for d in project.declarations}
    return [s for s in REGISTRY.values() if s.group in groups]


@click.command("list")
@click.option("-t", "--types", multiple=True, shell_complete=complete_types, help="Only this type, as Group::Type (repeatable), e.g. ApiGatewayV2::Integration.")
@click.option("-n", "--name", help="Only the resource with this name.")
@click.option("--our", is_flag=True, help="Only resources managed by gc for this project and stage.")
@click.option("-a", "--all", "all_types", is_flag=True, help="Every type gc knows, not only the groups resources.py uses.")
@click.option("-j", "--json", "as_json", is_flag=True, help="Print a JSON array on stdout (nothing else), for jq.")
@click.option("-g", "--graph", is_flag=True, help="Also draw them: artifacts/diagram-live.dot, and a picture when graphviz's `dot` is installed.")
@click.option("--graph-format", type=FORMAT_OPTION, default="svg", show_default=True, help="Picture format for --graph.")
@click.pass_obj
def list_command(ws: Workspace, types, name, our, all_types, as_json, graph, graph_format):
    """List the live resources (alias: l).

    \b
    Examples:
      gc list -t ApiGatewayV2::Integration
      gc list --our --json | jq '.[].name'
      gc list --our --graph --graph-format png
    """
    started = time.monotonic()
    specs = resolve_types(types) if types else project_specs(ws, all_types, our)
    ws.header()
    inventory = ws.discover(specs)
    wanted = {s.key for s in specs}
    found = [
        r for r in inventory.resources
        if r.spec.key in wanted and (not our or r.ours) and (not name or r.name == name)
    ]
    for gap in inventory.gaps:
        ws.err.print(f"[yellow]note: {escape(str(gap))}; those resources are not listed[/yellow]", highlight=False)
    if graph:
        config = ws.config()
        title = f"{config['projectName']} ({config['stage']}): live"
        write_graph(ws.err if as_json else ws.out, pictures.from_live(found), title,
                    ws.directory / "artifacts" / "diagram-live.dot", graph_format)
    if as_json:
        click.echo(json.dumps([render.resource_json(r) for r in found], indent=2))
        return ExitStatus.OK
    render.list_page(ws.out, found)
    command = "gc " + " ".join(shlex.quote(a) for a in sys.argv[1:]) if sys.argv[1:] else "gc list"
    ws.out.print(f'Command "{command}" executed in {time.monotonic() - started:.1f}s', highlight=False, soft_wrap=True)
    return ExitStatus.OK

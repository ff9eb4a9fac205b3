"""`gc graph` and `gc tree`: the stack as a picture and as an indented tree."""

from __future__ import annotations

from pathlib import Path

import click
from rich.console import Console

from grucloud.aws.specs import REGISTRY
from grucloud.cli.workspace import Workspace
from grucloud.codegen import graph as pictures
from grucloud.engine.inventory import LiveResource
from grucloud.exit_status import ExitStatus

FORMAT_OPTION = click.Choice([*pictures.FORMATS, "dot"])


def write_graph(console: Console, nodes: list[pictures.Node], title: str, dot_path: Path, fmt: str) -> None:
    """The DOT file, and the picture next to it when graphviz's `dot` is installed."""
    source = pictures.dot(nodes, title)
    dot_path.parent.mkdir(parents=True, exist_ok=True)
    dot_path.write_text(source)
    console.print(f"wrote {dot_path}", highlight=False)
    if fmt == "dot":
        return
    if not pictures.can_render():
        console.print(f"[yellow]note: graphviz's `dot` is not installed, so no {fmt.upper()} was drawn; "
                     "install graphviz (e.g. apt-get install graphviz), or open the DOT file in a viewer[/yellow]", highlight=False)
        return
    picture = dot_path.with_suffix(f".{fmt}")
    pictures.render(source, picture, fmt)
    console.print(f"wrote {picture}", highlight=False)


def live_ours(ws: Workspace) -> list[LiveResource]:
    ws.header()
    inventory = ws.discover(list(REGISTRY.values()))
    return [r for r in inventory.resources if r.ours]


@click.command()
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), help="DOT file to write (default: artifacts/diagram-target.dot in the project folder).")
@click.option("--format", "fmt", type=FORMAT_OPTION, default="svg", show_default=True, help="Picture drawn next to the DOT file (needs graphviz's `dot`); `dot` for the DOT file only.")
@click.pass_obj
def graph(ws: Workspace, output, fmt):
    """Draw the target graph: the resources of resources.py and their dependencies.

    One cluster per group, one box per resource (type and name), an arrow from each resource
    to what it depends on. `gc list --graph` draws what is live instead.
    """
    project = ws.project()
    title = f"{project.name} ({project.stage}): resources.py"
    write_graph(ws.out, pictures.from_declarations(project.declarations), title,
                output or ws.directory / "artifacts" / "diagram-target.dot", fmt)
    return ExitStatus.OK


@click.command()
@click.option("--live", is_flag=True, help="What is live (ours) instead of resources.py.")
@click.pass_obj
def tree(ws: Workspace, live):
    """Print the resources as a tree: group, type, name."""
    if live:
        config = ws.config()
        nodes = pictures.from_live(live_ours(ws))
        title = f"{config['projectName']} ({config['stage']}), live"
    else:
        project = ws.project()
        nodes = pictures.from_declarations(project.declarations)
        title = f"{project.name} ({project.stage}), resources.py"
    ws.out.print(pictures.tree(nodes, title))
    return ExitStatus.OK

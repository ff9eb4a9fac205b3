"""`gc gencode`: write resources.py from what is live."""

from __future__ import annotations

import time
from pathlib import Path

import click
from rich.markup import escape

from grucloud.aws.specs import REGISTRY
from grucloud.cli.workspace import Workspace, complete_types, resolve_types
from grucloud.codegen.generate import Conflict, Selection, extra_files, generate, write
from grucloud.exit_status import ExitStatus


def _groups(values: tuple[str, ...]) -> frozenset[str]:
    """Repeated options and comma-separated lists alike, checked against the known groups."""
    groups = frozenset(g.strip() for value in values for g in value.split(",") if g.strip())
    known = {s.group for s in REGISTRY.values()}
    unknown = sorted(groups - known)
    if unknown:
        raise click.BadParameter(f"unknown group {', '.join(unknown)}; known: {', '.join(sorted(known))}")
    return groups


@click.command()
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), help="File to write (default: resources.py in the project folder). Lambda code folders go next to it.")
@click.option("-a", "--all", "include_foreign", is_flag=True, help="Also resources made outside gc (console, other tools), to adopt them: then run `gc apply --adopt`.")
@click.option("-t", "--types", multiple=True, shell_complete=complete_types, help="Only this type, as Group::Type (repeatable).")
@click.option("--include-groups", multiple=True, help="Only these groups, e.g. ApiGatewayV2,Lambda (repeatable).")
@click.option("--exclude-groups", multiple=True, help="Not these groups, e.g. IAM (repeatable).")
@click.option("-f", "--force", is_flag=True, help="Overwrite files that exist with other contents.")
@click.pass_obj
def gencode(ws: Workspace, output, include_foreign, types, include_groups, exclude_groups, force):
    """Write resources.py from the live resources (alias: c).

    Writes what a person would: plain dicts, dependencies by name, no read-only fields, no
    server defaults, no gc tags, and the code of each Lambda function in a folder next to
    the file. `gc plan` then reports no change. Sensitive fields are never written: each
    becomes a secret("GC_SECRET_...") read from the environment, with a comment.

    \b
    Which resources:
      ours (gc tags for this project and stage) by default;
      --all adds those made outside gc (never those of another gc project or stage).
      gc does not take over a resource by itself: after gencode --all, `gc apply --adopt`
      tags the adopted resources as managed by gc (an update, never a replacement).

    \b
    Examples:
      gc gencode
      gc gencode --all -o adopted/resources.py --exclude-groups IAM
    """
    started = time.monotonic()
    selection = Selection(
        include_foreign=include_foreign,
        types=frozenset(s.key for s in resolve_types(types)) if types else frozenset(),
        include_groups=_groups(include_groups),
        exclude_groups=_groups(exclude_groups),
    )
    output = (output or ws.directory / "resources.py").resolve()
    config = ws.config()
    ws.header()
    target = ws.target()
    inventory = ws.discover(list(REGISTRY.values()))
    for gap in inventory.gaps:
        ws.err.print(f"[yellow]note: {escape(str(gap))}; those resources are not included[/yellow]", highlight=False)
    generated = generate(inventory, target, config, output, selection)
    try:
        done = write(generated.files, force)
    except Conflict as conflict:
        raise click.ClickException(str(conflict)) from conflict
    here = Path.cwd()
    for path in done.written:
        ws.out.print(f"wrote {_shown(path, here)}", highlight=False)
    for path in done.unchanged:
        ws.out.print(f"unchanged {_shown(path, here)}", highlight=False)
    for note in generated.notes:
        ws.out.print(f"[yellow]note: {escape(str(note))}[/yellow]", highlight=False)
    for path in extra_files(generated.files, output):
        ws.out.print(f"[yellow]note: {_shown(path, here)} is not in the live code; gc would upload it too[/yellow]", highlight=False)
    adopted = sum(1 for r in generated.resources if not r.ours)
    count = len(generated.resources)
    ws.out.print(f"{count} resource{'s' if count != 1 else ''} in {_shown(output, here)}", highlight=False)
    if adopted:
        ws.out.print(f"{adopted} made outside gc: run `gc apply --adopt` to take them over", highlight=False)
    ws.out.print(f'Command "gc gencode" executed in {time.monotonic() - started:.1f}s', highlight=False)
    return ExitStatus.OK


def _shown(path: Path, here: Path) -> str:
    return str(path.relative_to(here)) if path.is_relative_to(here) else str(path)

"""`gc plan`, `gc apply`, `gc destroy`: decide (pure), show, confirm, then do."""

from __future__ import annotations

import json
import signal
import threading
import time
from contextlib import contextmanager

import click
from rich.markup import escape
from rich.text import Text

from grucloud.cli import render, run_lock
from grucloud.cli.progress import ApplyProgress
from grucloud.cli.run_cmd import run_hook
from grucloud.cli.workspace import Workspace, complete_types, resolve_types
from grucloud.engine import invoke_permissions
from grucloud.engine.diff import Action
from grucloud.engine.executor import execute
from grucloud.engine.plan import Plan, build_plan
from grucloud.engine.scope import destroy_scope, plan_scope
from grucloud.exit_status import ExitStatus
from grucloud.program.loader import Project

# The one rule for taking over what gc did not make: only when asked, each time.
ADOPT_HELP = (
    "Take over declared resources that exist but were made outside gc (e.g. written by "
    "`gc gencode --all`): they are updated to match resources.py and tagged as managed by gc. "
    "Never a replacement, never a resource that gc manages for another project or stage. "
    "Without --adopt, such a resource is an error."
)


def make_plan(ws: Workspace, destroy: bool = False, types=(), name=None, foreign=False, adopt=False,
              deleting: bool = False) -> tuple[Project, Plan]:
    """`deleting`: for `gc destroy` itself, which may leave some children to be read by their
    parent's delete (scope.destroy_scope); `gc plan --destroy` shows them all."""
    if destroy:
        # Destroy needs only the project's name and stage to know what is ours.
        project = Project(ws.directory, ws.config(), [])
    else:
        project = ws.project()  # every check runs here, before any AWS call
    wanted = {s.key for s in resolve_types(types)} if types else None

    def keep(spec, resource_name):
        return (wanted is None or spec.key in wanted) and (name is None or resource_name == name)

    ws.header()
    # Destroy lists every type, trusting no index; a plan, every type that may hold ours.
    scope = destroy_scope(whole=deleting and not types and name is None) if destroy else plan_scope(ws.target(), project)
    inventory = ws.discover(scope.specs, listed_if=scope.lists)
    for gap in inventory.gaps:  # an emulator that lacks a listing: what it holds is not seen
        ws.err.print(Text(f"note: {gap}; the plan does not see those resources", style="yellow"), soft_wrap=True)
    plan = build_plan(project, inventory, destroy=destroy, keep=keep, foreign=foreign, adopt=adopt, read_at_delete=scope.read_at_delete)
    if not destroy:
        for warning in invoke_permissions.missing(project, inventory, plan):
            ws.err.print(Text(f"warning: {warning}", style="yellow"), soft_wrap=True)
    return project, plan


@click.command()
@click.option("--destroy", is_flag=True, help="Plan the destruction of every resource of ours instead.")
@click.option("--detailed-exitcode", is_flag=True, help="Exit 0 when there is no change, 2 when there are changes, 1 on error.")
@click.option("-j", "--json", "as_json", is_flag=True, help="Print the plan as JSON on stdout.")
@click.option("--adopt", is_flag=True, help=ADOPT_HELP)
@click.pass_obj
def plan(ws: Workspace, destroy, detailed_exitcode, as_json, adopt):
    """Show what apply (or destroy) would change, per resource (alias: p).

    Each resource is created, updated in place (with the changed paths, old → new),
    replaced (when a property that cannot change in place changed; the plan names it),
    or deleted (ours, no longer in resources.py). Nothing is changed.
    """
    _, the_plan = make_plan(ws, destroy=destroy, adopt=adopt)
    if as_json:
        click.echo(json.dumps([render.change_json(c) for c in the_plan.changes if c.action is not Action.NOOP or c.problem], indent=2))
    else:
        render.plan_page(ws.out, the_plan)
    if the_plan.problems:
        return ExitStatus.ERROR
    if detailed_exitcode and the_plan.actions:
        return ExitStatus.CHANGES
    return ExitStatus.OK


@click.command()
@click.option("-f", "--force", is_flag=True, help="Do not ask for confirmation.")
@click.option("--adopt", is_flag=True, help=ADOPT_HELP)
@click.pass_obj
def apply(ws: Workspace, force, adopt):
    """Make the live resources match resources.py (alias: a).

    Plans, asks for confirmation (unless -f), then creates, updates, replaces and deletes
    in dependency order, several at a time (--parallelism). A failed resource stops only
    the resources that depend on it. Ctrl-C stops starting new work and lets calls in
    flight finish.
    """
    ws.project()  # every check runs before any AWS call, and before the lock is taken
    _hold_lock(ws, "apply")
    project, the_plan = make_plan(ws, adopt=adopt)
    render.plan_page(ws.out, the_plan)
    if the_plan.problems:
        return ExitStatus.ERROR
    if the_plan.actions:
        if not force and not click.confirm("Apply these changes?", err=True):
            ws.err.print("Apply cancelled; nothing was changed.")
            return ExitStatus.ERROR
        status, done = _run(ws, project, the_plan, "Apply")
    else:
        status, done = ExitStatus.OK, {}
    _print_stage_urls(ws, the_plan, done)
    return run_hook(ws, "on_deployed") if status == ExitStatus.OK else status


@click.command()
@click.option("-t", "--types", multiple=True, shell_complete=complete_types, help="Only resources of this type (repeatable), e.g. ApiGatewayV2::Route.")
@click.option("-n", "--name", help="Only the resource with this name.")
@click.option("-a", "--all", "foreign", is_flag=True, help="Also resources not made by gc for this project (dangerous).")
@click.option("-f", "--force", is_flag=True, help="Do not ask for confirmation.")
@click.pass_obj
def destroy(ws: Workspace, types, name, foreign, force):
    """Delete the resources of this project and stage, dependents first (alias: d).

    Only resources gc made for this project and stage (by their gc-* tags, or their
    parent's) are deleted, unless --all. Running it again after a failure is safe.
    """
    _hold_lock(ws, "destroy")
    project, the_plan = make_plan(ws, destroy=True, types=types, name=name, foreign=foreign, deleting=True)
    render.plan_page(ws.out, the_plan, destroying=True)
    if the_plan.actions:
        if not force and not click.confirm(f"Destroy these {len(the_plan.actions)} resources?", err=True):
            ws.err.print("Destroy cancelled; nothing was deleted.")
            return ExitStatus.ERROR
        status = _run(ws, project, the_plan, "Destroy")[0]
    else:
        status = ExitStatus.OK
    # after a whole destroy only: one of a few resources (-t, -n) leaves the stack half there
    whole = not types and name is None and not foreign
    return run_hook(ws, "on_destroyed") if status == ExitStatus.OK and whole else status


def _print_stage_urls(ws: Workspace, the_plan: Plan, done: dict) -> None:
    """Where each declared stage answers, from its live data (created now or before)."""
    from grucloud.aws.specs.apigatewayv2.stage import path_style_url

    declared = {c.key for c in the_plan.changes if c.action is not Action.DELETE and c.key[0] == "ApiGatewayV2::Stage"}
    for key in sorted(declared):
        live = done.get(key) or (the_plan.inventory[key].live if key in the_plan.inventory else None)
        if not live or not live.get("InvokeUrl"):
            continue
        line = f"{key[1]}: {live['InvokeUrl']}"
        if ws.target().local and live["InvokeUrl"].startswith("http"):
            line += f"  (or {path_style_url(ws.target(), live['ApiId'], live['StageName'])})"
        ws.out.print(line, highlight=False, soft_wrap=True)


def _run(ws: Workspace, project: Project, the_plan: Plan, what: str) -> tuple[int, dict]:
    started = time.monotonic()
    verbs = {c.key: c.action.value for c in the_plan.actions}
    verbs.update({c.key: "look up" for c in the_plan.changes if c.after_parent})
    # what a delete really did, when AWS does not delete at once (a KMS key's scheduled deletion)
    notes = {c.key: c.spec.delete_note for c in the_plan.actions
             if c.action in (Action.DELETE, Action.REPLACE) and c.spec.delete_note}
    with _stop_on_interrupt(ws) as stopping:
        result = execute(the_plan, project, ws.target(), ws.parallelism, ApplyProgress(ws.err, verbs, notes), stopping.is_set)
    done = len(result.done) + len(result.taken)  # with the children a parent's delete read and took
    total = len(verbs) + len(result.taken)
    took = time.monotonic() - started
    ws.out.print(
        f"{what}: {done} of {total} done, {len(result.failed)} failed, {len(result.skipped)} skipped"
        + (f", {len(result.not_started)} not started" if result.not_started else "")
        + f", in {took:.1f}s",
        highlight=False,
    )
    for key, error in result.failed.items():
        ws.out.print(f"[red]failed: {escape(f'{key[0]} {key[1]}: {error}')}[/red]", highlight=False)
    for key, cause in result.skipped.items():
        ws.out.print(f"[yellow]skipped: {escape(f'{key[0]} {key[1]}, because {cause[0]} {cause[1]} failed')}[/yellow]", highlight=False)
    if result.not_started:
        ws.out.print("Interrupted: done: " + escape(", ".join(f"{t} {n}" for t, n in result.done) or "nothing"), highlight=False)
        ws.out.print("Interrupted: not started: " + escape(", ".join(f"{t} {n}" for t, n in result.not_started)), highlight=False)
        ws.out.print("Run the command again to finish: what was done is kept.", highlight=False)
        return ExitStatus.INTERRUPTED, result.done
    if result.failed or result.skipped:
        ws.out.print("Fix the errors above and run the command again: what was done is kept, and gc resumes from there.", highlight=False)
        return ExitStatus.ERROR, result.done
    return ExitStatus.OK, result.done


def _hold_lock(ws: Workspace, command: str) -> None:
    """Until the command ends, no other apply or destroy of this project and stage on this
    target may start (see run_lock.py)."""
    project = Project(ws.directory, ws.config(), [])
    lock = run_lock.exclusive(ws.target().describe(), project.name, project.stage, command)
    click.get_current_context().with_resource(lock)


@contextmanager
def _stop_on_interrupt(ws: Workspace):
    """First Ctrl-C: start nothing new, let calls in flight finish. Second: stop now."""
    stopping = threading.Event()
    if threading.current_thread() is not threading.main_thread():
        yield stopping
        return

    def handler(signum, frame):
        if stopping.is_set():
            raise KeyboardInterrupt
        stopping.set()
        ws.err.print("[yellow]Stopping: waiting for calls in flight (Ctrl-C again to quit now)[/yellow]")

    previous = signal.signal(signal.SIGINT, handler)
    try:
        yield stopping
    finally:
        signal.signal(signal.SIGINT, previous)

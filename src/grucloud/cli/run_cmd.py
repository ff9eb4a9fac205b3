"""`gc run --on-deployed / --on-destroyed`: the project's hooks alone; and the one place where
apply and destroy run them."""

from __future__ import annotations

import click
from rich.markup import escape

from grucloud.cli.workspace import Workspace
from grucloud.exit_status import ExitStatus


def run_hook(ws: Workspace, hook: str, required: bool = False) -> int:
    """Run `hook` of the project's hooks.py with its live resources; the exit status."""
    from grucloud.engine.scope import plan_scope
    from grucloud.program import hooks

    module = hooks.load(ws.directory)
    if module is None or not hasattr(module, hook):
        if required:
            raise click.ClickException(f"{ws.directory / 'hooks.py'} defines no {hook}(ctx)")
        return ExitStatus.OK
    project = ws.project()
    target = ws.target()
    scope = plan_scope(target, project)
    inventory = ws.discover(scope.specs, progress=False, listed_if=scope.lists)
    read_only = {d.key for d in project.declarations if d.read_only}
    ctx = hooks.HookContext(project, target, [r for r in inventory.resources if r.ours],
                            looked_up=[r for key, r in inventory.by_key().items() if key in read_only and not r.ours])
    ws.err.print(f"Running {hook} of hooks.py", highlight=False)
    try:
        hooks.run(module, hook, ctx)
    except hooks.HookFailed as error:
        ws.out.print(f"[red]{escape(str(error))}[/red]", highlight=False)
        return ExitStatus.ERROR
    ws.out.print(f"{hook}: ok", highlight=False)
    return ExitStatus.OK


@click.command()
@click.option("--on-deployed", "hook", flag_value="on_deployed", help="Run on_deployed(ctx), the checks after an apply.")
@click.option("--on-destroyed", "hook", flag_value="on_destroyed", help="Run on_destroyed(ctx), the checks after a destroy.")
@click.pass_obj
def run(ws: Workspace, hook):
    """Run a hook of the project's hooks.py against what is live.

    \b
    hooks.py (beside resources.py) may define on_deployed(ctx) and on_destroyed(ctx); gc apply
    and gc destroy run them at their end. ctx.http("<api>::<stage>") is an HTTP client bound to
    that stage's InvokeUrl, ctx.domain(name) one for a custom domain, ctx.live(type, name) a
    resource's live data, ctx.aws(service) an AWS client on the same target. ctx.resources are
    the project's live resources (ours); ctx.looked_up the live ones its readOnly declarations
    name. A failing check exits 1; what was applied stays.
    """
    if hook is None:
        raise click.UsageError("say which hook: --on-deployed or --on-destroyed")
    ws.header()
    return run_hook(ws, hook, required=True)

"""`gc`: the command group and its global options."""

from __future__ import annotations

import importlib
from pathlib import Path

import click

from grucloud import __version__

CONTEXT = {"help_option_names": ["-h", "--help"], "max_content_width": 100}


# name -> (module, command, the line `gc --help` shows: the first line of the command's help).
# A command's module is imported only when that command runs, so that `gc --help` loads neither
# boto3 nor rich nor any spec, and each command loads only what it uses.
COMMANDS = {
    "apply": ("grucloud.cli.plan_cmd", "apply", "Make the live resources match resources.py (alias: a)."),
    "destroy": ("grucloud.cli.plan_cmd", "destroy", "Delete the resources of this project and stage, dependents first (alias: d)."),
    "gencode": ("grucloud.cli.gencode_cmd", "gencode", "Write resources.py from the live resources (alias: c)."),
    "graph": ("grucloud.cli.graph_cmd", "graph", "Draw the target graph: the resources of resources.py and their dependencies."),
    "info": ("grucloud.cli.info_cmd", "info", "Show the target (AWS account and region, or the emulator), the project and its stage."),
    "list": ("grucloud.cli.list_cmd", "list_command", "List the live resources (alias: l)."),
    "local": ("grucloud.cli.local_cmd", "local", "Run AWS locally, with no account and no cost."),
    "new": ("grucloud.cli.new_cmd", "new", "Start a project in DIRECTORY, from an example or a minimal HTTP API with a Python function."),
    "output": ("grucloud.cli.output_cmd", "output", "Print one live field of one resource, raw (alias: o)."),
    "run": ("grucloud.cli.run_cmd", "run", "Run a hook of the project's hooks.py against what is live."),
    "plan": ("grucloud.cli.plan_cmd", "plan", "Show what apply (or destroy) would change, per resource (alias: p)."),
    "tree": ("grucloud.cli.graph_cmd", "tree", "Print the resources as a tree: group, type, name."),
}


class AliasedGroup(click.Group):
    """The commands of COMMANDS, loaded when used; they also answer to GruCloud's one-letter
    names (gc l, gc p, gc a, gc d, gc o, gc c)."""

    ALIASES = {"l": "list", "p": "plan", "a": "apply", "d": "destroy", "o": "output", "c": "gencode"}

    def list_commands(self, ctx):
        return sorted(COMMANDS)

    def get_command(self, ctx, name):
        found = COMMANDS.get(self.ALIASES.get(name, name))
        if found is None:
            return None
        module, attribute, _ = found
        return getattr(importlib.import_module(module), attribute)

    def format_commands(self, ctx, formatter):
        with formatter.section("Commands"):
            formatter.write_dl([(name, COMMANDS[name][2]) for name in self.list_commands(ctx)])

    def resolve_command(self, ctx, args):
        _, command, rest = super().resolve_command(ctx, args)
        return command.name, command, rest


@click.group(cls=AliasedGroup, context_settings=CONTEXT)
@click.option("--local", is_flag=True, envvar="GC_LOCAL", help="Work on the embedded AWS emulator (moto on 127.0.0.1), starting it if needed. Also GC_LOCAL=1.")
@click.option("-C", "directory", type=click.Path(file_okay=False, path_type=Path), default=".", show_default=True, help="Project folder (holds resources.py and config.py).")
@click.option("--profile", help="AWS profile (default: AWS_PROFILE or boto3's default chain).")
@click.option("--region", help="AWS region (default: config.py, then AWS_REGION / the profile's region).")
@click.option("--parallelism", type=click.IntRange(1, 100), default=10, show_default=True, help="How many changes (and per-resource reads) run at once; listing starts every type at once, paced per service.")
@click.option("-v", "--verbose", is_flag=True, help="Show tracebacks and debug logs.")
@click.version_option(__version__, prog_name="gc")
@click.pass_context
def cli(ctx, local, directory, profile, region, parallelism, verbose):
    """gc: infrastructure as code for AWS, in Python, with no state file.

    Describe your stack in resources.py (a list of dicts); gc lists what is live, plans,
    applies and destroys it. What is yours is found from the gc-* tags on AWS itself.

    \b
    Try it with no AWS account:
      gc --local -C examples/aws/ApiGatewayV2/http-lambda apply -f
      gc --local -C examples/aws/ApiGatewayV2/http-lambda list -t ApiGatewayV2::Integration
    """
    if verbose:
        import logging

        logging.basicConfig(level=logging.DEBUG, format="%(name)s: %(message)s")
        for noisy in ("botocore", "urllib3"):
            logging.getLogger(noisy).setLevel(logging.INFO)
    from grucloud.cli.workspace import Workspace

    ctx.obj = Workspace(directory=directory, local=local, profile=profile, region=region,
                        verbose=verbose, parallelism=parallelism)

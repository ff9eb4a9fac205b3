"""`gc`: the command group and its global options."""

from __future__ import annotations

from pathlib import Path

import click

from grucloud import __version__
from grucloud.cli.workspace import Workspace

CONTEXT = {"help_option_names": ["-h", "--help"], "max_content_width": 100}


class AliasedGroup(click.Group):
    """Commands also answer to GruCloud's one-letter names (gc l, gc p, gc a, gc d, gc o)."""

    ALIASES = {"l": "list", "p": "plan", "a": "apply", "d": "destroy", "o": "output"}

    def get_command(self, ctx, name):
        return super().get_command(ctx, self.ALIASES.get(name, name))

    def resolve_command(self, ctx, args):
        _, command, rest = super().resolve_command(ctx, args)
        return command.name, command, rest


@click.group(cls=AliasedGroup, context_settings=CONTEXT)
@click.option("--local", is_flag=True, envvar="GC_LOCAL", help="Work on the embedded AWS emulator (moto on 127.0.0.1), starting it if needed. Also GC_LOCAL=1.")
@click.option("-C", "directory", type=click.Path(file_okay=False, path_type=Path), default=".", show_default=True, help="Project folder (holds resources.py and config.py).")
@click.option("--profile", help="AWS profile (default: AWS_PROFILE or boto3's default chain).")
@click.option("--region", help="AWS region (default: config.py, then AWS_REGION / the profile's region).")
@click.option("--parallelism", type=click.IntRange(1, 100), default=10, show_default=True, help="How many AWS operations run at once.")
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
    ctx.obj = Workspace(directory=directory, local=local, profile=profile, region=region,
                        verbose=verbose, parallelism=parallelism)


def _register() -> None:
    from grucloud.cli.info_cmd import info
    from grucloud.cli.list_cmd import list_command
    from grucloud.cli.local_cmd import local
    from grucloud.cli.output_cmd import output
    from grucloud.cli.plan_cmd import apply, destroy, plan

    for command in (list_command, plan, apply, destroy, output, info, local):
        cli.add_command(command)


_register()

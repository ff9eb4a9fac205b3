"""`gc new DIR [--from EXAMPLE]`: a project of one's own, from an example folder or a minimal HTTP
API with a Python function, with its own projectName, region and profile, ready for
`gc --local apply`. `gc new --list` names the examples."""

from __future__ import annotations

import ast
import os
import shutil
import sys
from pathlib import Path

import click

from grucloud.exit_status import ExitStatus

TEMPLATE = Path(__file__).resolve().parents[1] / "templates" / "http-python"
# the examples of a source checkout (or an editable install): <repo>/examples/aws
EXAMPLES = Path(__file__).resolve().parents[3] / "examples" / "aws"
_NOT_COPIED = shutil.ignore_patterns(".gc", "__pycache__", ".git", ".venv", "*.pyc")


def examples() -> dict[str, Path]:
    """"Group/name" -> folder, for every folder under examples/aws holding a resources.py."""
    if not EXAMPLES.is_dir():
        return {}
    return {p.parent.relative_to(EXAMPLES).as_posix(): p.parent for p in sorted(EXAMPLES.glob("*/*/resources.py"))}


def on_terminal() -> bool:
    """Whether a person can answer questions (else the flags and defaults are taken)."""
    return sys.stdin.isatty()


def _summary(folder: Path) -> str:
    doc = ast.get_docstring(ast.parse((folder / "resources.py").read_text())) or ""
    return doc.strip().splitlines()[0] if doc.strip() else ""


def _source(name: str | None) -> Path:
    if name is None:
        return TEMPLATE
    found = examples()
    matches = [p for key, p in found.items() if name in (key, key.split("/")[-1])]
    if len(matches) == 1:
        return matches[0]
    if Path(name).is_dir() and (Path(name) / "resources.py").is_file():
        return Path(name)  # any project folder
    known = ", ".join(k.split("/")[-1] for k in found) or "none (gc was installed without its examples)"
    raise click.BadParameter(f"{name!r} is neither an example nor a folder holding resources.py; examples: {known} "
                             "(`gc new --list`)", param_hint="--from")


def _config(source: Path, settings: dict) -> str:
    """config.py for the new project: the source's settings and docstring, with its own
    projectName, region and profile."""
    from grucloud.program.loader import load_config

    has_config = (source / "config.py").is_file()
    values = {"projectName": settings["projectName"], **(load_config(source) if has_config else {"stage": "dev"})}
    values.update({k: v for k, v in settings.items() if v})
    doc = ast.get_docstring(ast.parse((source / "config.py").read_text())) if has_config else None
    body = "".join(f"        {k!r}: {v!r},\n" for k, v in values.items())
    head = f'"""{doc}"""\n\n\n' if doc else ""
    return f"{head}def create_config():\n    return {{\n{body}    }}\n"


@click.command()
@click.argument("directory", required=False, type=click.Path(file_okay=False, path_type=Path))
@click.option("--from", "source", metavar="EXAMPLE", help="An example (see --list) or a project folder to start from; default: an HTTP API and a Python function.")
@click.option("--list", "listing", is_flag=True, help="List the examples and exit.")
@click.option("--name", help="projectName (default: the folder's name). Prompted on a terminal.")
@click.option("--region", "new_region", help="AWS region for config.py. Prompted on a terminal.")
@click.option("--profile", "new_profile", help="AWS profile for config.py. Prompted on a terminal.")
def new(directory, source, listing, name, new_region, new_profile):
    """Start a project in DIRECTORY, from an example or a minimal HTTP API with a Python function."""
    if listing:
        found = examples()
        if not found:
            raise click.ClickException(f"no examples found in {EXAMPLES} (gc was installed without its examples)")
        width = max(len(k) for k in found)
        for key, folder in found.items():
            click.echo(f"{key:{width}}  {_summary(folder)}")
        return ExitStatus.OK
    if directory is None:
        raise click.UsageError("gc new DIRECTORY [--from EXAMPLE]: name the folder to create")
    if directory.exists() and any(directory.iterdir()):
        raise click.BadParameter(f"{directory} exists and is not empty: name a new folder", param_hint="DIRECTORY")
    origin = _source(source)
    settings = {"projectName": name or directory.resolve().name, "region": new_region, "profile": new_profile}
    if on_terminal() and not (name and new_region and new_profile):
        settings["projectName"] = name or click.prompt("Project name", default=settings["projectName"])
        settings["region"] = new_region or click.prompt("AWS region", default=os.environ.get("AWS_REGION") or os.environ.get("AWS_DEFAULT_REGION") or "us-east-1")
        settings["profile"] = new_profile or click.prompt("AWS profile (empty: the default credentials)", default=os.environ.get("AWS_PROFILE", ""), show_default=False) or None
    shutil.copytree(origin, directory, ignore=_NOT_COPIED, dirs_exist_ok=True)
    (directory / "config.py").write_text(_config(origin, settings))
    (directory / ".gitignore").write_text(".gc/\n__pycache__/\n")
    click.echo(f"Created {directory} ({'from ' + source if source else 'HTTP API + Python function'}), project {settings['projectName']}.")
    click.echo(f"Next: cd {directory} && gc --local apply    (on AWS: gc plan, then gc apply)")
    return ExitStatus.OK

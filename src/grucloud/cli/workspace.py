"""What every command needs, built lazily from the global options: the project, the target,
and the consoles (stdout for results, stderr for headers and progress)."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

from rich.console import Console

from grucloud.aws.clients import Target
from grucloud.aws.specs import REGISTRY
from grucloud.program import loader
from grucloud.program.loader import Project


@dataclass
class Workspace:
    directory: Path
    local: bool = False
    profile: str | None = None
    region: str | None = None
    verbose: bool = False
    parallelism: int = 10
    out: Console = field(default_factory=lambda: Console(soft_wrap=False))
    err: Console = field(default_factory=lambda: Console(stderr=True))
    _project: Project | None = None
    _target: Target | None = None

    def has_project(self) -> bool:
        return (self.directory / "resources.py").exists()

    def project(self) -> Project:
        """The loaded and validated project (problems raise before any AWS call)."""
        if self._project is None:
            from grucloud.engine.validate import validate

            project = loader.load(self.directory)
            validate(project)
            self._project = project
        return self._project

    def config(self) -> dict:
        if self._project is not None:
            return self._project.config
        if (self.directory / "config.py").exists():
            return loader.load_config(self.directory)
        return {"projectName": self.directory.resolve().name, "stage": "dev"}

    def target(self) -> Target:
        if self._target is None:
            config = self.config()
            region = self.region or config.get("region")
            if self.local or config.get("local") or os.environ.get("GC_LOCAL") == "1":
                # someone else's emulator (a stock moto server, LocalStack) where AWS_ENDPOINT_URL
                # says, else gc's own, started once
                url = os.environ.get("AWS_ENDPOINT_URL")
                if not url:
                    from grucloud.local import emulator

                    url = emulator.ensure_running().url
                self._target = Target(region=region or "us-east-1", endpoint_url=url.rstrip("/"), max_pool=self.parallelism)
            else:
                profile = self.profile or config.get("profile")
                self._target = Target(region=region, profile=profile, max_pool=self.parallelism)
        return self._target

    def header(self) -> None:
        """The first line of every command: where it works."""
        self.err.print(f"[bold]{self.target().describe()}[/bold]", highlight=False)

    def discover(self, specs: list, progress: bool = True, listed_if=lambda spec: True):
        """The Inventory of `specs` on the target, with what is this project's (its name and
        stage from config.py), and a progress line on stderr unless `progress` is False;
        `listed_if` as engine.inventory.discover takes it (a plan's scope)."""
        from grucloud.cli.progress import (
            listing_progress,  # not at start-up: `gc --help` stays fast
        )
        from grucloud.engine.inventory import discover

        config = self.config()
        args = (self.target(), specs, config["projectName"], config["stage"], self.parallelism)
        if not progress:
            return discover(*args, listed_if=listed_if)
        with listing_progress(self.err) as on_event:
            return discover(*args, on_event, listed_if)


def resolve_types(names: tuple[str, ...]) -> list:
    """`-t` values ("ApiGatewayV2::Integration" or "Integration") to specs, or a clear error."""
    import click

    from grucloud.program.declaration import suggest

    specs = []
    for name in names:
        if name in REGISTRY:
            specs.append(REGISTRY[name])
            continue
        matches = [s for s in REGISTRY.values() if s.type == name]
        if not matches:
            raise click.BadParameter(
                f"{name!r} is not a known type{suggest(name, REGISTRY)}; known: {', '.join(sorted(REGISTRY))}",
                param_hint="-t/--types",
            )
        specs += matches
    return specs


def complete_types(ctx, param, incomplete: str) -> list:
    """Shell completion of -t: the type names (Group::Type) that start with what is typed, or
    whose Type does (`-t Integ<TAB>`)."""
    from click.shell_completion import CompletionItem

    return [CompletionItem(key) for key in sorted(REGISTRY)
            if key.startswith(incomplete) or key.split("::")[1].startswith(incomplete)]

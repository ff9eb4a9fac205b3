"""Load a project folder: config.py (optional) and resources.py, into checked declarations."""

from __future__ import annotations

import importlib.util
import sys
import traceback
from dataclasses import dataclass
from pathlib import Path

from grucloud.problems import ProjectError, ProjectProblem
from grucloud.program.context import Context
from grucloud.program.declaration import Declaration, from_dict

CONFIG_KEYS = {"projectName", "stage", "region", "local"}


@dataclass
class Project:
    directory: Path
    config: dict
    declarations: list[Declaration]

    @property
    def name(self) -> str:
        return self.config["projectName"]

    @property
    def stage(self) -> str:
        return self.config["stage"]


def load_config(directory: Path) -> dict:
    """config.py's create_config(), with defaults; the folder name is the project name."""
    config = {"projectName": directory.resolve().name, "stage": "dev"}
    path = directory / "config.py"
    if not path.exists():
        return config
    module = _import(path)
    create = getattr(module, "create_config", None)
    if create is None:
        raise ProjectError([ProjectProblem("config.py", None, "defines no create_config(); add `def create_config(): return {\"projectName\": ...}`")])
    try:
        found = create()
    except Exception as error:
        raise ProjectError([ProjectProblem("config.py", "create_config", f"raised {_describe(error, path)}")]) from error
    if not isinstance(found, dict):
        raise ProjectError([ProjectProblem("config.py", "create_config", f"must return a dict, returned {type(found).__name__}")])
    return {**config, **{k: v for k, v in found.items() if v is not None}}


def load(directory: Path | str) -> Project:
    directory = Path(directory)
    path = directory / "resources.py"
    if not path.exists():
        raise ProjectError([ProjectProblem(str(path), None, "not found: run gc in a project folder (or pass -C DIR), or create resources.py with create_resources(config)")])
    config = load_config(directory)
    module = _import(path)
    raw = _raw_resources(module, config, path)
    problems: list[ProjectProblem] = []
    static_ctx = Context(config, directory)
    declarations = [d for i, r in enumerate(raw) if (d := from_dict(r, i, problems, static_ctx))]
    _check_names(declarations, problems)
    if problems:
        raise ProjectError(problems)
    return Project(directory, config, declarations)


def _raw_resources(module, config: dict, path: Path) -> list:
    create = getattr(module, "create_resources", None)
    if create is not None:
        try:
            raw = create(config)
        except Exception as error:
            raise ProjectError([ProjectProblem("resources.py", "create_resources", f"raised {_describe(error, path)}")]) from error
    elif hasattr(module, "RESOURCES"):
        raw = module.RESOURCES
    else:
        raise ProjectError([ProjectProblem("resources.py", None, "defines neither create_resources(config) nor RESOURCES")])
    if not isinstance(raw, list):
        raise ProjectError([ProjectProblem("resources.py", "create_resources", f"must return a list of dicts, returned {type(raw).__name__}")])
    return raw


def _check_names(declarations: list[Declaration], problems: list[ProjectProblem]) -> None:
    seen: dict[tuple, Declaration] = {}
    for declaration in declarations:
        first = seen.setdefault(declaration.key, declaration)
        if first is not declaration:
            spec = declaration.spec
            if spec.tagging or spec.name_path:
                fix = "give one a \"name\" of its own"
            else:  # nowhere on AWS to keep a name: what gc infers it from must differ
                fix = f"a {spec.key} is named by what it points at; point them at different targets, or merge them"
            problems.append(ProjectProblem(declaration.where, "name",
                                           f"{declaration.name!r} is also the name of resource #{first.index + 1}; names must be unique per type: {fix}"))


def _import(path: Path):
    """Import a project file under a private name, so two projects never share a module."""
    name = f"_gc_project_{abs(hash(str(path.resolve())))}_{path.stem}"
    spec = importlib.util.spec_from_file_location(name, path)
    module = importlib.util.module_from_spec(spec)
    try:
        # Compiled from the source every time: a cached .pyc is trusted when the file's size and
        # mtime (in whole seconds) match, so an edit within a second would load the old code.
        exec(compile(path.read_bytes(), str(path), "exec"), module.__dict__)
    except SyntaxError as error:
        raise ProjectError([ProjectProblem(f"{path.name}:{error.lineno}", None, f"syntax error: {error.msg}")]) from error
    except Exception as error:
        raise ProjectError([ProjectProblem(path.name, None, f"failed to import: {_describe(error, path)}")]) from error
    sys.modules.pop(name, None)
    return module


def _describe(error: Exception, path: Path) -> str:
    """The error with the line of the user's file where it happened."""
    frames = [f for f in traceback.extract_tb(error.__traceback__) if Path(f.filename) == path]
    line = f" at line {frames[-1].lineno}" if frames else ""
    return f"{type(error).__name__}: {error}{line}"

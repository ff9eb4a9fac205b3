"""Everything checkable before any AWS call: the model's rules, the API's cross-field rules,
dependencies that point at nothing, cycles. Every problem of every resource, at once."""

from __future__ import annotations

import graphlib

from grucloud.aws import resources, shapes
from grucloud.aws.spec import get_path
from grucloud.aws.specs import REGISTRY
from grucloud.engine import desired as desired_state
from grucloud.engine.plan import declaration_graph
from grucloud.program.declaration import Declaration, suggest
from grucloud.program.loader import Project
from grucloud.program.problems import ProjectError, ProjectProblem


def validate(project: Project) -> None:
    """Raise ProjectError listing every problem; return quietly when the project is valid."""
    problems: list[ProjectProblem] = []
    by_key = {d.key: d for d in project.declarations}
    for declaration in project.declarations:
        problems += _dangling(declaration, by_key)
    if not problems:
        problems += _cycles(project.declarations)
    for declaration in project.declarations:
        problems += _check(declaration, project, by_key)
    if problems:
        raise ProjectError(problems)


def _dangling(declaration: Declaration, by_key: dict) -> list[ProjectProblem]:
    found = []
    for key, name in declaration.dependency_names():
        dep_type = declaration.spec.dependencies[key].type
        # Not declared is fine when it may be an AWS default (the default VPC, found live by
        # name) or when the declaration is read-only (it only describes what exists).
        if declaration.read_only or REGISTRY[dep_type].is_default is not None:
            continue
        if (dep_type, name) not in by_key:
            declared = [n for (t, n) in by_key if t == dep_type]
            hint = f"declared: {', '.join(declared)}{suggest(name, declared)}" if declared else f"declare a {dep_type} named {name!r}"
            found.append(ProjectProblem(declaration.where, f"dependencies.{key}", f"no {dep_type} named {name!r} in resources.py; {hint}"))
    return found


def _cycles(declarations: list[Declaration]) -> list[ProjectProblem]:
    try:
        graphlib.TopologicalSorter(declaration_graph(declarations)).prepare()
    except graphlib.CycleError as error:
        cycle = " -> ".join(f"{t} {n!r}" for t, n in error.args[1])
        return [ProjectProblem("resources.py", "dependencies", f"dependency cycle: {cycle}; remove one of these dependencies")]
    return []


def _check(declaration: Declaration, project: Project, by_key: dict) -> list[ProjectProblem]:
    spec = declaration.spec

    def placeholder(type_key, name, path):
        # a dependency's name is known already (a rule's Name); other values only after apply
        if path is not None and path == REGISTRY[type_key].name_path:
            return name
        return f"<{type_key} {name}>"

    def declared(key, name, path):
        other = by_key.get((spec.dependencies[key].type, name))
        if other is None:
            return None
        properties = other.evaluate(desired_state.context_for(other, project.config, project.directory, placeholder))
        value = get_path(properties, path)
        return value if value is not None else other.spec.defaults.get(path)

    ctx = desired_state.context_for(declaration, project.config, project.directory, placeholder, declared)
    try:
        want = desired_state.resolve(declaration, ctx, project.name, project.stage, placeholder)
    except Exception as error:  # a user's properties function
        return [ProjectProblem(declaration.where, "properties", f"raised {type(error).__name__}: {error}")]
    found = []
    if spec.rules:
        found += [ProjectProblem(declaration.where, path, message) for path, message in spec.rules(want, ctx)]
    operation = spec.schema_operation
    if operation:
        params = resources.create_params(spec, want, ctx)
        fills = {d.fills: key for key, d in spec.dependencies.items() if d.fills}
        for problem in shapes.validate(spec.service, operation, params):
            message = problem.message
            if problem.path in fills and message == "is required":
                message = f"is required: add \"dependencies\": {{\"{fills[problem.path]}\": \"<name>\"}}"
            found.append(ProjectProblem(declaration.where, problem.path, message))
    return _unique(found)


def _unique(problems: list[ProjectProblem]) -> list[ProjectProblem]:
    seen, kept = set(), []
    for problem in problems:
        if (problem.field, problem.message) not in seen:
            seen.add((problem.field, problem.message))
            kept.append(problem)
    return kept

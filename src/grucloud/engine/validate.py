"""Everything checkable before any AWS call: the model's rules, the API's cross-field rules,
dependencies that point at nothing, cycles. Every problem of every resource, at once."""

from __future__ import annotations

import graphlib
import re

from grucloud.aws import resources, shapes
from grucloud.aws.spec import get_path
from grucloud.aws.specs import REGISTRY
from grucloud.engine import desired as desired_state
from grucloud.engine.plan import declaration_graph
from grucloud.problems import ProjectError, ProjectProblem, ResourceProblem
from grucloud.program.declaration import Declaration, suggest
from grucloud.program.loader import Project


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
    if not problems:
        problems += _cycles(project.declarations)  # again, with what ctx.get_id reads
    if problems:
        raise ProjectError(problems)


def _dangling(declaration: Declaration, by_key: dict) -> list[ProjectProblem]:
    found = []
    for key, name in declaration.dependency_names():
        dep_type = declaration.spec.dependencies[key].type
        # Not declared is fine when it may be an AWS default (the default VPC, found live by
        # name) or when the declaration is read-only (it only describes what exists). What AWS
        # makes with a parent (an imported API's routes) is declared read-only to be named.
        dep_spec = REGISTRY[dep_type]
        if declaration.read_only or (dep_spec.is_default is not None and dep_spec.made_with_parent is None):
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
    if spec.read_only and not declaration.read_only:
        return [ProjectProblem(declaration.where, "readOnly", f"is required: gc looks a {spec.key} up and never creates one; add \"readOnly\": True")]
    if declaration.read_only:
        return []  # looked up, never sent to AWS: there is no request to check

    def placeholder(type_key, name, path):
        # a dependency's name is known already (a rule's Name); other values only after apply
        if path is not None and path == REGISTRY[type_key].name_path:
            return name
        text = f"<{type_key} {name}>"
        if callable(path):  # a value built from live fields keeps its shape: {"GroupId": "<...>"}
            try:
                return path(_Unknowns(text))
            except Exception:  # noqa: BLE001 - a shape we cannot guess: the plain placeholder
                return text
        return text

    def declared(key, name, path):
        other = by_key.get((spec.dependencies[key].type, name))
        if other is None:
            return None
        # as it will be sent: with its defaults, and what its own dependencies fill in (a
        # stage's ApiId), as placeholders naming them
        try:
            return get_path(desired_state.resolve(other, project, placeholder)[0], path)
        except Exception:  # a user's properties function: reported where it is declared
            return None

    def reading(type_key, name, path):
        if (type_key, name) in by_key and (type_key, name) != declaration.key:
            declaration.reads.add((type_key, name))
        return placeholder(type_key, name, path)

    try:
        # what its dependencies fill is not a read: a late one (Dependency.late) stays late
        want, ctx = desired_state.resolve(declaration, project, reading, declared, fill=placeholder)
    except ResourceProblem as problem:
        return [ProjectProblem(declaration.where, problem.field, problem.message)]
    except Exception as error:  # a user's properties function
        return [ProjectProblem(declaration.where, "properties", f"raised {type(error).__name__}: {error}")]
    if spec.made_after:  # ordered as ctx.get_id reads are
        declaration.reads |= {key for key in spec.made_after(want, declaration.dependencies) if key in by_key and key != declaration.key}
    found = [ProjectProblem(declaration.where, "name", declaration.name_problem)] if declaration.name_problem else []
    if spec.rules:
        found += [ProjectProblem(declaration.where, path, message) for path, message in spec.rules(want, ctx)]
    operation = spec.schema_operation
    found += _unknown_properties(declaration.where, spec, want)
    if operation:
        params = resources.create_params(spec, want, ctx)
        fills = {d.fills: key for key, d in spec.dependencies.items() if d.fills}
        for problem in shapes.validate(spec.service, operation, params):
            if _holds_placeholder(params, problem.path):
                continue  # a limit only the real value (known after apply) can be held to
            message = problem.message
            if problem.path in fills and message == "is required":
                message = f"is required: add \"dependencies\": {{\"{fills[problem.path]}\": \"<name>\"}}"
            found.append(ProjectProblem(declaration.where, problem.path, message))
    return _unique(found)


def _unknown_properties(where: str, spec, want: dict) -> list[ProjectProblem]:
    """A spec that builds its request itself (to_create_params) may drop what it does not know,
    so the model's check of the request would never see it: the declared names are checked
    here, against the model's members where the properties sit, and what the spec adds."""
    if not (spec.to_create_params and spec.schema_operation):
        return []
    known = _known_properties(spec)
    return [
        ProjectProblem(where, name, f"is not a known property; valid names are: {', '.join(sorted(known))}")
        for name in want if name not in known
    ]


def _known_properties(spec) -> set[str]:
    root, request_path = spec.properties_model
    shape = shapes.input_shape(spec.service, spec.schema_operation)
    for part in filter(None, request_path.split(".")):
        shape = shape.members[part.removesuffix("[]")]
        shape = shape.member if part.endswith("[]") else shape
    known = {root} if root else set(shape.members)
    added = [*spec.extra_properties, *spec.ignore, *spec.defaults, *spec.create_only, spec.name_path or ""]
    added += [d.fills for d in spec.dependencies.values() if d.fills]
    known |= {path.split(".")[0] for path in added if path}
    if spec.tagging:
        known.add(spec.tagging.member)
    return known


_PLACEHOLDER = re.compile(r"<\w+::\w+ [^>]*>")
_PATH_PART = re.compile(r"([^.\[\]]+)|\[(\d+)\]")


def _holds_placeholder(params: dict, path: str) -> bool:
    """Whether the value at `path` ("a.b[0].c") stands for another resource's live value."""
    value = params
    for key, index in _PATH_PART.findall(path):
        try:
            value = value[int(index)] if index else value[key]
        except (KeyError, IndexError, TypeError):
            return False
    return isinstance(value, str) and bool(_PLACEHOLDER.search(value))


class _Unknowns(dict):
    """The live data of a resource not created yet: every field is the placeholder naming it."""

    def __init__(self, text: str):
        super().__init__()
        self.text = text

    def __missing__(self, key):
        return self.text

    def get(self, key, default=None):
        return self.text


def _unique(problems: list[ProjectProblem]) -> list[ProjectProblem]:
    seen, kept = set(), []
    for problem in problems:
        if (problem.field, problem.message) not in seen:
            seen.add((problem.field, problem.message))
            kept.append(problem)
    return kept

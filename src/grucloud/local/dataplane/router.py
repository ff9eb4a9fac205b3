"""API Gateway's choice of a stage and a route for an HTTP API request (pure functions).

The first path segment names a stage when one has that name; otherwise the `$default` stage
serves the whole path. Among routes, a full match (literal or `{var}` segments) wins over a
greedy `{name+}` match, which wins over the `$default` route; a route for the request's method
wins over `ANY` for the same path; more literal segments win over variables.
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import unquote


@dataclass(frozen=True)
class StageMatch:
    name: str
    path: str  # the request path without the stage segment, always starting with "/"


@dataclass(frozen=True)
class RouteMatch:
    route: dict
    path_parameters: dict[str, str]


def select_stage(stage_names, path: str) -> StageMatch | None:
    segments = path.split("/")
    first = unquote(segments[1]) if len(segments) > 1 else ""
    if first and first != "$default" and first in stage_names:
        return StageMatch(first, "/" + "/".join(segments[2:]))
    if "$default" in stage_names:
        return StageMatch("$default", path or "/")
    return None


def _segments(path: str) -> list[str]:
    return path.split("/")[1:]


def _match_path(template: str, path: str) -> tuple[tuple, dict[str, str]] | None:
    """(precedence key, path parameters) when `path` fits the route path `template`."""
    want, have = _segments(template), _segments(path)
    params: dict[str, str] = {}
    shape = []
    for index, part in enumerate(want):
        if part.startswith("{") and part.endswith("+}"):
            rest = have[index:]
            if not rest or rest == [""]:
                return None
            params[part[1:-2]] = unquote("/".join(rest))
            # greedy: after every full match; a longer fixed prefix first
            return (1, -index, tuple(shape)), params
        if index >= len(have):
            return None
        if part.startswith("{") and part.endswith("}"):
            if have[index] == "":
                return None
            params[part[1:-1]] = unquote(have[index])
            shape.append(1)
        elif part == have[index]:
            shape.append(0)
        else:
            return None
    if len(have) != len(want):
        return None
    return (0, 0, tuple(shape)), params


def select_route(routes: list[dict], method: str, path: str) -> RouteMatch | None:
    best = None
    for route in routes:
        key = route["routeKey"]
        if key == "$default":
            continue
        route_method, _, template = key.partition(" ")
        if route_method not in (method, "ANY"):
            continue
        found = _match_path(template, path)
        if found is None:
            continue
        precedence, params = found
        rank = (*precedence, route_method == "ANY")
        if best is None or rank < best[0]:
            best = (rank, RouteMatch(route, params))
    if best is not None:
        return best[1]
    default = next((r for r in routes if r["routeKey"] == "$default"), None)
    return RouteMatch(default, {}) if default else None

"""Turning engine results into what the user reads: list pages, plans, progress, summaries."""

from __future__ import annotations

import base64
import datetime
import json
from collections import defaultdict
from typing import Any

from rich import box
from rich.cells import cell_len
from rich.console import Console
from rich.markup import escape
from rich.measure import Measurement
from rich.table import Table
from rich.text import Text

from grucloud.aws.sensitive import redact
from grucloud.engine.diff import Action
from grucloud.engine.inventory import LiveResource
from grucloud.engine.plan import Change, Plan

PROVIDER = "aws"
_SYMBOL = {Action.CREATE: "+", Action.UPDATE: "~", Action.REPLACE: "-/+", Action.DELETE: "-", Action.NOOP: "="}
_COLOR = {Action.CREATE: "green", Action.UPDATE: "yellow", Action.REPLACE: "magenta", Action.DELETE: "red", Action.NOOP: "dim"}


def plain(value: Any) -> Any:
    """JSON-safe copy of live data: dates as ISO strings, bytes summarized."""
    if isinstance(value, dict):
        return {k: plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [plain(v) for v in value]
    if isinstance(value, (datetime.date, datetime.datetime)):
        return value.isoformat()
    if isinstance(value, bytes):
        return f"<{len(value)} bytes, base64 {base64.b64encode(value[:12]).decode()}...>"
    return value if isinstance(value, (str, int, float, bool, type(None))) else str(value)


def yaml_lines(value: Any, indent: int = 0) -> list[str]:
    """A YAML-like view of nested data, as in the reference page's list output."""
    pad = "  " * indent
    lines: list[str] = []
    if isinstance(value, dict):
        for key, item in value.items():
            if isinstance(item, (dict, list)) and item:
                lines.append(f"{pad}{key}:")
                lines += yaml_lines(item, indent + 1)
            else:
                lines.append(f"{pad}{key}: {_scalar(item)}")
    elif isinstance(value, list):
        for item in value:
            sub = yaml_lines(item, indent + 1)
            if sub:
                lines.append(f"{pad}- {sub[0].strip()}")
                lines += sub[1:]
    else:
        lines.append(f"{pad}{_scalar(value)}")
    return lines


def _scalar(value: Any) -> str:
    if value == {} or value == []:
        return json.dumps(value)
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(plain(value))


def resource_json(resource: LiveResource) -> dict:
    return {
        "type": resource.spec.type,
        "group": resource.spec.group,
        "name": resource.name,
        "id": resource.id,
        "managedByUs": resource.ours,
        "live": plain(redact(resource.spec, resource.live)),
    }


def list_page(console: Console, resources: list[LiveResource]) -> None:
    by_type: dict[str, list[LiveResource]] = defaultdict(list)
    for resource in sorted(resources, key=lambda r: (r.spec.key, r.name)):
        by_type[resource.spec.key].append(resource)
    for type_key, group in by_type.items():
        table = Table(box=box.SQUARE, show_header=True, expand=False, header_style="bold")
        table.add_column(f"{len(group)} {type_key} from {PROVIDER}", overflow="fold")
        for i, resource in enumerate(group):
            body = [f"name: {resource.name}", f"managedByUs: {'Yes' if resource.ours else 'NO'}", "live:"]
            body += yaml_lines(redact(resource.spec, resource.live), 1)
            table.add_row(IndentedLines(body + [""]), end_section=i < len(group) - 1)
        console.print(table)
    console.print()
    summary(console, "List Summary:", by_type)
    types = len(by_type)
    console.print(f"{_count(len(resources), 'resource')}, {_count(types, 'type')}, 1 provider", highlight=False)


class IndentedLines:
    """Lines of `key: value` at their indentation; a line too long for the cell (an ARN) wraps
    under its value, or a little deeper than its key, never at the cell's first column."""

    def __init__(self, lines: list[str]):
        self.lines = lines

    def __rich_measure__(self, console, options) -> Measurement:
        longest = max((cell_len(line) for line in self.lines), default=1)
        return Measurement(min(longest, 20), longest)

    def __rich_console__(self, console, options):
        width = options.max_width
        for line in self.lines:
            if cell_len(line) <= width:
                yield Text(line)
                continue
            key, sep, value = line.partition(": ")
            indent = len(line) - len(line.lstrip())
            if not sep or not value:
                key, value = " " * indent, line.lstrip()
            else:
                key += sep
            # under the value when that leaves room enough, else on lines of its own, a little
            # deeper than its key
            if len(key) <= width // 2:
                hang, first = len(key), Text(key)
            else:
                hang, first = min(indent + 4, width // 2), None
                yield Text(key.rstrip())
            for part in Text(value).wrap(console, max(width - hang, 1), overflow="fold"):
                yield (first or Text(" " * hang)) + part
                first = None


def summary(console: Console, title: str, by_type: dict[str, list]) -> None:
    console.print(title)
    console.print(f"Provider: {PROVIDER}")
    table = Table(box=box.SQUARE, show_header=True, title=None, header_style="bold")
    table.add_column(PROVIDER)
    table.add_column("")
    for type_key, group in by_type.items():
        names = "\n".join(getattr(r, "name", str(r)) for r in group)
        table.add_row(type_key, names)
    if by_type:
        console.print(table)


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}{'' if n == 1 else 's'}"


def change_json(change: Change) -> dict:
    return {
        "action": change.action.value,
        "type": change.spec.type,
        "group": change.spec.group,
        "name": change.name,
        "changes": [
            {"path": c.path, "old": plain(redact(change.spec, c.old, c.path)), "new": None if c.removed else plain(redact(change.spec, c.new, c.path)),
             **({"removed": True} if c.removed else {})}
            for c in change.changes
        ],
        "reason": change.reason,
        "forcing": change.forcing,
        "problem": change.problem,
        "with_parent": " ".join(change.with_parent) if change.with_parent else None,
    }


def plan_page(console: Console, plan: Plan, destroying: bool = False) -> None:
    for change in plan.changes:
        if change.problem:
            console.print(f"[red]✗ {escape(f'{change.spec.key} {change.name}: {change.problem}')}[/red]", highlight=False)
            continue
        if change.action is Action.NOOP:
            continue
        color = _COLOR[change.action]
        head = f"[{color}]{_SYMBOL[change.action]} {change.action.value} {escape(f'{change.spec.key} {change.name}')}[/{color}]"
        if change.forcing:
            head += f" [magenta](replaced because {', '.join(change.forcing)} cannot change in place)[/magenta]"
        if change.adopted:
            head += " [cyan](adopted: made outside gc, managed by gc from now on)[/cyan]"
        if change.action in (Action.DELETE, Action.REPLACE) and change.spec.delete_note:
            head += f" [yellow]({change.spec.delete_note})[/yellow]"
        if change.with_parent:
            head += f" [dim](goes with its parent {escape(' '.join(change.with_parent))}: no call of its own)[/dim]"
        console.print(head, highlight=False)
        for path_change in change.changes:
            old, new = (redact(change.spec, v, path_change.path) for v in (path_change.old, path_change.new))
            after = "(removed: back to AWS's default)" if path_change.removed else _short(new)
            console.print(f"    {path_change.path}: {_short(old)} → {after}", highlight=False, markup=False)
    deleted = {c.spec.key for c in plan.actions if c.action is Action.DELETE and not c.with_parent}
    for spec in plan.read_at_delete:
        parent = spec.parent[1].type
        if parent in deleted:
            console.print(f"[dim]  and each {parent}'s {spec.key}, which AWS deletes with it: read just before it goes[/dim]", highlight=False)
    console.print(plan_summary(plan, destroying), highlight=False)


def plan_summary(plan: Plan, destroying: bool = False) -> str:
    if not plan.actions and destroying:
        return "Nothing to destroy: no live resource of this project and stage matches."
    if not plan.actions:
        return "No changes: the live resources match resources.py."
    counts = ", ".join(f"{plan.count(a)} to {a.value}" for a in (Action.CREATE, Action.UPDATE, Action.REPLACE, Action.DELETE))
    return f"Plan: {counts}."


def _short(value: Any) -> str:
    text = json.dumps(plain(value), sort_keys=True) if isinstance(value, (dict, list)) else _scalar(value)
    return text if len(text) <= 200 else text[:197] + "..."

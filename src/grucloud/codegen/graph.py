"""Pictures of a stack: its dependency graph as DOT (one cluster per group, nodes labelled
"Type\\nname", an arrow from each resource to what it depends on), and an indented tree."""

from __future__ import annotations

import shutil
from dataclasses import dataclass
from pathlib import Path

from rich.text import Text
from rich.tree import Tree

from grucloud.codegen.properties import declare
from grucloud.codegen.references import Index
from grucloud.engine.inventory import LiveResource
from grucloud.program.declaration import Declaration

# fill colours by group, in the order groups appear (sorted); pale so the labels stay readable
_PALETTE = ("#dbeafe", "#dcfce7", "#fef3c7", "#fce7f3", "#ede9fe", "#e0f2fe", "#fee2e2", "#f3f4f6")
FORMATS = ("svg", "png")


@dataclass(frozen=True)
class Node:
    group: str
    type: str
    name: str
    dependencies: tuple[tuple[str, str], ...] = ()  # (Group::Type, name)

    @property
    def key(self) -> tuple[str, str]:
        return (f"{self.group}::{self.type}", self.name)


def from_declarations(declarations: list[Declaration]) -> list[Node]:
    """The target graph: what resources.py declares."""
    return [
        Node(d.spec.group, d.spec.type, d.name,
             tuple(sorted((d.spec.dependencies[key].type, name) for key, name in d.dependency_names())))
        for d in declarations
    ]


def from_live(resources: list[LiveResource]) -> list[Node]:
    """The live graph: dependencies as gencode would write them, so that what an ARN points at
    (a permission's API) is an edge too."""
    scope = {r.key: r for r in resources}
    index = Index(resources)
    nodes = []
    for resource in resources:
        declared = declare(resource, scope, index)
        spec = resource.spec
        edges = [
            (spec.dependencies[key].type, name)
            for key, names in declared.dependencies.items()
            for name in (names if isinstance(names, list) else [names])
        ]
        nodes.append(Node(spec.group, spec.type, resource.name, tuple(sorted(edges))))
    return nodes


def dot(nodes: list[Node], title: str) -> str:
    """DOT source; the same nodes give the same text."""
    import graphviz  # here, not at the top: `gc list` and the others do not pay for it

    nodes = sorted(nodes, key=lambda n: (n.group, n.type, n.name))
    # plain ids: DOT reads "a:b" in an edge as node a, port b
    ids = {node.key: f"n{i}" for i, node in enumerate(nodes)}
    groups = sorted({n.group for n in nodes})
    colour = {group: _PALETTE[i % len(_PALETTE)] for i, group in enumerate(groups)}
    graph = graphviz.Digraph("gc", comment=title)
    graph.attr(rankdir="LR", label=title, labelloc="t", fontname="Helvetica", fontsize="16", nodesep="0.3", ranksep="0.8")
    graph.attr("node", shape="box", style="rounded,filled", fontname="Helvetica", fontsize="11")
    graph.attr("edge", color="#555555", arrowsize="0.7")
    for group in groups:
        with graph.subgraph(name=f"cluster_{group}") as cluster:
            cluster.attr(label=group, style="rounded", color="#888888", fontname="Helvetica-Bold", fontsize="13")
            for node in (n for n in nodes if n.group == group):
                cluster.node(ids[node.key], label=f"{_label(node.type)}\\n{_label(node.name)}", fillcolor=colour[group])
    for node in nodes:
        for dependency in node.dependencies:
            if dependency in ids:
                graph.edge(ids[node.key], ids[dependency])
    return graph.source


def _label(text: str) -> str:
    return text.replace("\\", "\\\\")


def can_render() -> bool:
    """Whether graphviz's `dot` program is installed (the Python package only writes DOT)."""
    return shutil.which("dot") is not None


def render(source: str, path: Path, fmt: str) -> None:
    """Draw DOT `source` into `path` as `fmt` (svg or png) with graphviz's `dot`."""
    import graphviz

    path.write_bytes(graphviz.Source(source).pipe(format=fmt))


def tree(nodes: list[Node], title: str) -> Tree:
    """Provider, then group, then type, then the names: the stack at a glance in a terminal."""
    root = Tree(f"[bold]{title}[/bold]")
    for group in sorted({n.group for n in nodes}):
        in_group = [n for n in nodes if n.group == group]
        branch = root.add(f"[bold]{group}[/bold]")
        for type_name in sorted({n.type for n in in_group}):
            names = sorted(n.name for n in in_group if n.type == type_name)
            leaf = branch.add(f"{type_name} [dim]({len(names)})[/dim]")
            for name in names:
                leaf.add(Text(name))
    return root

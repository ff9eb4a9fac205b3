"""gc graph, gc list --graph and gc tree: the DOT graphviz reads, and what a user sees."""

from __future__ import annotations

import shutil
import subprocess

import pytest
from click.testing import CliRunner
from rich.console import Console

from conftest import ROOT, apply, inventory_of
from grucloud.cli import graph_cmd
from grucloud.cli.app import cli
from grucloud.codegen import graph as pictures
from grucloud.program.loader import load

EXAMPLE_DIRS = sorted(p.parent for p in (ROOT / "examples").rglob("resources.py"))
HTTP_LAMBDA = ROOT / "examples/aws/ApiGatewayV2/http-lambda"
needs_dot = pytest.mark.skipif(shutil.which("dot") is None, reason="graphviz's `dot` is not installed (apt-get install graphviz); .ci/run installs it")


def parses(source: str) -> subprocess.CompletedProcess:
    return subprocess.run(["dot", "-Tsvg"], input=source, capture_output=True, text=True)


@needs_dot
@pytest.mark.parametrize("example", EXAMPLE_DIRS, ids=lambda p: str(p.relative_to(ROOT / "examples")))
def test_the_target_graph_of_every_example_is_dot_that_graphviz_reads(example):
    project = load(example)
    source = pictures.dot(pictures.from_declarations(project.declarations), f"{project.name}: resources.py")
    drawn = parses(source)
    assert drawn.returncode == 0, drawn.stderr
    assert drawn.stdout.count('class="node"') == len(project.declarations)
    declared = {d.key for d in project.declarations}
    edges = sum(1 for d in project.declarations for key, name in d.dependency_names() if (d.spec.dependencies[key].type, name) in declared)
    assert drawn.stdout.count('class="edge"') == edges
    assert drawn.stdout.count('class="cluster"') == len({d.spec.group for d in project.declarations})


def test_nodes_are_labelled_type_and_name_in_one_cluster_per_group():
    project = load(HTTP_LAMBDA)
    source = pictures.dot(pictures.from_declarations(project.declarations), "t")
    assert 'label="Integration\\nintegration::my-api::my-function"' in source
    for group in ("ApiGatewayV2", "CloudWatchLogs", "IAM", "Lambda"):
        assert f"subgraph cluster_{group} {{" in source
    assert source == pictures.dot(list(reversed(pictures.from_declarations(project.declarations))), "t")


def test_the_live_graph_shows_what_an_arn_points_at(tmp_path, target):
    directory = tmp_path / "http-lambda"
    shutil.copytree(HTTP_LAMBDA, directory)
    run = apply(directory, target)
    nodes = {n.key: n for n in pictures.from_live([r for r in inventory_of(target, run.project).resources if r.ours])}
    # the permission names the API only inside its SourceArn
    assert ("ApiGatewayV2::Api", "my-api") in nodes[("Lambda::Permission", "my-function")].dependencies
    assert set(nodes) == {d.key for d in run.project.declarations}


@needs_dot
def test_gc_graph_writes_the_dot_file_and_the_picture(tmp_path):
    directory = tmp_path / "http-lambda"
    shutil.copytree(HTTP_LAMBDA, directory)
    result = CliRunner().invoke(cli, ["-C", str(directory), "graph", "--format", "png"])
    assert result.exit_code == 0, result.output
    assert (directory / "artifacts" / "diagram-target.dot").read_text().startswith("// example-aws-api-gateway-lambda")
    assert (directory / "artifacts" / "diagram-target.png").read_bytes().startswith(b"\x89PNG")
    assert "wrote" in result.output


def test_without_dot_only_the_dot_file_is_written_and_the_user_is_told(tmp_path, monkeypatch):
    monkeypatch.setattr(pictures, "can_render", lambda: False)
    console = Console(record=True, width=200)
    path = tmp_path / "g.dot"
    graph_cmd.write_graph(console, [pictures.Node("IAM", "Role", "r")], "t", path, "svg")
    assert path.exists() and not path.with_suffix(".svg").exists()
    assert "graphviz's `dot` is not installed" in console.export_text()


def test_gc_tree_prints_groups_types_and_names(tmp_path):
    result = CliRunner().invoke(cli, ["-C", str(HTTP_LAMBDA), "tree"])
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0] == "example-aws-api-gateway-lambda (dev), resources.py"
    text = "\n".join(lines)
    for expected in ("── ApiGatewayV2", "── Integration (1)", "── integration::my-api::my-function", "── IAM", "── Role (1)", "── lambda-role"):
        assert expected in text
    # group, then type, then name: each one level deeper
    indent = {name: next(len(line) - len(line.lstrip("│ ├└─")) for line in lines if line.endswith(name)) for name in ("ApiGatewayV2", "Integration (1)", "integration::my-api::my-function")}
    assert indent["ApiGatewayV2"] < indent["Integration (1)"] < indent["integration::my-api::my-function"]

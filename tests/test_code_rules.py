"""Rules the code keeps, checked with the tests so that nobody lands code that breaks them.

`ruff check` (pyproject.toml's [tool.ruff]) passes over src, tests, bench and examples.

gc's layers point one way: cli → codegen → engine → program → aws → local, and the leaf
modules (exit codes, the state folder, problems, Unknown) import nothing of gc. Every import is
checked, the ones inside functions too: an import that points up makes a cycle waiting to
happen, and this test names the file, the line and the module."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "src" / "grucloud"
# Higher may import lower, never the other way round.
LAYERS = ["local", "aws", "program", "engine", "codegen", "cli", "__main__"]
LEAVES = {"exit_status", "state_folder", "problems", "unknown"}


def _layer(module: str) -> str | None:
    """The layer of grucloud.<part>..., None for the package itself (its __init__)."""
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else None


def _imports(path: Path) -> list[tuple[int, str]]:
    found = []
    for node in ast.walk(ast.parse(path.read_text(), str(path))):
        if isinstance(node, ast.Import):
            found += [(node.lineno, alias.name) for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            # `from grucloud import x`: x is a layer or leaf module, or an attribute of the package
            found += [(node.lineno, f"grucloud.{alias.name}" if node.module == "grucloud" and alias.name in {*LAYERS, *LEAVES} else node.module)
                      for alias in node.names]
    return [(line, name) for line, name in found if name == "grucloud" or name.startswith("grucloud.")]


def _sources() -> list[Path]:
    """gc's own modules; templates/ holds the projects `gc new` writes, not gc's code."""
    return sorted(p for p in PACKAGE.rglob("*.py") if p.relative_to(PACKAGE).parts[0] != "templates")


def test_every_module_is_in_a_layer():
    tops = {p.relative_to(PACKAGE).parts[0].removesuffix(".py") for p in _sources()}
    assert tops - {"__init__"} <= set(LAYERS) | LEAVES, "a new top-level module or package: give it a layer here"


def test_imports_point_down():
    wrong = []
    for path in _sources():
        mine = path.relative_to(PACKAGE).parts[0].removesuffix(".py")
        for line, name in _imports(path):
            theirs = _layer(name)
            if theirs is None or theirs == mine or theirs in LEAVES and mine not in LEAVES:
                continue
            if mine in LEAVES or theirs not in LAYERS or LAYERS.index(theirs) > LAYERS.index(mine):
                wrong.append(f"{path.relative_to(PACKAGE)} line {line} ({mine}) imports {name}")
    assert not wrong, "imports that point up a layer:\n" + "\n".join(wrong)


def test_ruff_check_passes():
    ruff = Path(sys.executable).parent / "ruff"
    result = subprocess.run([str(ruff), "check", "--no-cache", "src", "tests", "bench", "examples"], cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0, f"ruff check (fix with `.venv/bin/ruff check --fix`):\n{result.stdout}{result.stderr}"

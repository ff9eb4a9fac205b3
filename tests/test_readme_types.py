"""The README's table of resource types is the registry's: every type, its dependency keys and
the examples that use it, so that a new spec file (or example) cannot go undocumented."""

from __future__ import annotations

import re

from conftest import EXAMPLES, ROOT
from grucloud.aws.specs import REGISTRY
from grucloud.program.loader import load

HEADER = "| group | type | dependency keys | examples |"


def expected_rows() -> list[str]:
    used: dict[str, list[str]] = {key: [] for key in REGISTRY}
    for path in sorted(EXAMPLES.glob("*/*/resources.py")):
        for key in sorted({d.spec.key for d in load(path.parent).declarations}):
            used[key].append(path.parent.name)
    rows = []
    for key, spec in REGISTRY.items():
        keys = ", ".join(f"`{k}`" for k in spec.dependencies) or "—"
        examples = ", ".join(used[key]) or "—"
        rows.append(f"| {spec.group} | `{spec.type}` | {keys} | {examples} |")
    return rows


def readme_rows() -> list[str]:
    text = (ROOT / "README.md").read_text()
    assert HEADER in text, f"README.md has no table of resource types starting with {HEADER!r}"
    table = text[text.index(HEADER):].split("\n\n")[0].splitlines()
    return [re.sub(r"\s+", " ", row.strip()) for row in table[2:]]


def test_readme_type_table_matches_the_registry():
    expected = expected_rows()
    assert readme_rows() == expected, "README.md's type table is out of date; it should read:\n\n" + "\n".join(
        [HEADER, "|---|---|---|---|", *expected])

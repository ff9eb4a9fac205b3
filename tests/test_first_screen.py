"""What a first screen shows: `gc list` keeps long values (ARNs) off the cell's first column,
and shell completion completes -t with type names."""

from __future__ import annotations

import re

import pytest
from rich.console import Console

from grucloud.__main__ import main
from grucloud.aws.specs import REGISTRY
from grucloud.cli import render
from grucloud.engine.inventory import LiveResource

ARN = "arn:aws:lambda:us-east-1:123456789012:function:a-function-whose-name-is-long-enough-to-wrap"


def test_list_wraps_a_long_value_under_itself_not_at_the_first_column():
    live = {"ApiId": "a1", "IntegrationId": "i1", "IntegrationUri": ARN, "Description": "word " * 30}
    console = Console(width=60, record=True, soft_wrap=False)
    render.list_page(console, [LiveResource(REGISTRY["ApiGatewayV2::Integration"], live, name="integration::api::fn", ours=True)])
    page = console.export_text()
    cells = [line[2:-2] for line in page[:page.index("└")].splitlines() if line.startswith("│")]
    start = next(i for i, c in enumerate(cells) if c.startswith("  IntegrationUri: "))
    column = len("  IntegrationUri: ")
    wrapped = [c for c in cells[start + 1:] if c.strip()][:2]
    assert all(c.startswith(" " * column) for c in wrapped), cells
    assert "".join(c.strip() for c in [cells[start][column:], *wrapped])[:len(ARN)] == ARN
    body = [c for c in cells if c.strip() and not c.startswith(("1 ApiGatewayV2", "name:", "managedByUs:", "live:"))]
    assert all(c.startswith("  ") for c in body), body  # nothing of `live` at the first column


@pytest.mark.parametrize("words, expected", [
    ("gc list -t Integ", ["ApiGatewayV2::Integration", "ApiGatewayV2::IntegrationResponse"]),
    ("gc --local destroy -t Lambda::", ["Lambda::EventSourceMapping", "Lambda::Function", "Lambda::Permission"]),
    ("gc output -t ApiGatewayV2::Ap", ["ApiGatewayV2::Api", "ApiGatewayV2::ApiMapping"]),
])
def test_shell_completion_completes_type_names(monkeypatch, capsys, words, expected):
    monkeypatch.setenv("_GC_COMPLETE", "bash_complete")
    monkeypatch.setenv("COMP_WORDS", words)
    monkeypatch.setenv("COMP_CWORD", str(len(words.split()) - 1))
    with pytest.raises(SystemExit):
        main([])
    assert re.findall(r"plain,(\S+)", capsys.readouterr().out) == expected

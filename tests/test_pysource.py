"""The source writer behind gc gencode: any value comes back equal, in the formatter's shape."""

from __future__ import annotations

import subprocess
import sys

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from grucloud.codegen import pysource

keys = st.text(st.characters(codec="utf-8", exclude_categories=("Cs",)), min_size=1, max_size=30)
scalars = st.one_of(
    st.text(st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=120),
    st.sampled_from(['say "hi"', "it's", "a\\b", "tab\there", "{braces}"]),
    st.integers(-(10**12), 10**12),
    st.booleans(),
)
values = st.recursive(
    scalars,
    lambda children: st.one_of(st.lists(children, max_size=5), st.dictionaries(keys, children, max_size=5)),
    max_leaves=25,
)


def module(value) -> str:
    return "def create_resources(config):\n" + "\n".join(pysource.lines(value, 1, "return ")) + "\n"


def test_quotes_as_the_formatters_prefer():
    assert pysource.string("plain") == '"plain"'
    assert pysource.string('say "hi"') == "'say \"hi\"'"
    assert pysource.string("it's \"x\"") == "'it\\'s \"x\"'"
    assert pysource.string("a \"b\" 'c'") == '"a \\"b\\" \'c\'"'
    assert pysource.string("a\\b\n") == '"a\\\\b\\n"'


def test_what_fits_stays_on_one_line_and_the_rest_is_exploded_with_trailing_commas():
    short = {"Name": "my-api", "Tags": {"k": "v"}}
    assert pysource.lines(short, 1, "x = ") == ['    x = {"Name": "my-api", "Tags": {"k": "v"}}']
    long = {"Description": "d" * 60, "Name": "my-api"}
    assert pysource.lines(long, 0, "x = ") == ["x = {", f'    "Description": "{"d" * 60}",', '    "Name": "my-api",', "}"]


def test_calls_split_like_the_formatter():
    call = pysource.Call("ctx.get_id", ("CloudWatchEvents::Rule", "r" * 60, "Arn"))
    assert pysource.lines({"SourceArn": call}, 3, "") == [
        "            {",
        '                "SourceArn": ctx.get_id(',
        '                    "CloudWatchEvents::Rule",',
        f'                    "{"r" * 60}",',
        '                    "Arn",',
        "                ),",
        "            }",
    ]


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(values)
def test_any_value_is_written_back_equal_and_already_formatted(tmp_path_factory, value):
    text = module(value)
    namespace: dict = {}
    exec(compile(text, "<generated>", "exec"), namespace)
    assert namespace["create_resources"](None) == value
    path = tmp_path_factory.mktemp("src") / "resources.py"
    path.write_text(text, encoding="utf-8")
    checked = subprocess.run([sys.executable, "-m", "ruff", "format", "--check", "--diff", "--isolated", str(path)], capture_output=True, text=True)
    assert checked.returncode == 0, checked.stdout + checked.stderr

"""The lines an apply or destroy prints as it goes: names and AWS's messages are shown as they are,
whatever brackets they hold (rich would read them as markup: hide "[a, b]", fail on "[/x]")."""

from rich.console import Console

from grucloud.cli.progress import ApplyProgress
from grucloud.engine.events import Event

NODE = ("CloudWatchLogs::LogGroup", "/aws/[/x]/group")


def _printed(events) -> str:
    console = Console(record=True, width=300)
    progress = ApplyProgress(console, {NODE: "create"})
    for event in events:
        progress(event)
    return console.export_text()


def test_a_name_with_brackets_is_printed_as_it_is():
    text = _printed([Event("start", NODE), Event("done", NODE)])
    assert "✓ create CloudWatchLogs::LogGroup /aws/[/x]/group" in text


def test_an_aws_message_with_brackets_is_printed_whole():
    message = "1 validation error detected: Value '[a, b]' at 'tags' failed to satisfy constraint"
    text = _printed([Event("start", NODE), Event("failed", NODE, message, RuntimeError(message))])
    assert f"✗ create CloudWatchLogs::LogGroup /aws/[/x]/group: {message}" in text

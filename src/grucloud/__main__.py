"""Entry point: the only place where exceptions become exit codes and messages."""

from __future__ import annotations

import os
import sys

from grucloud.exit_status import ExitStatus


def main(argv: list[str] | None = None) -> int:
    import click

    from grucloud.cli.app import cli

    args = argv if argv is not None else sys.argv[1:]
    verbose = any(a in ("-v", "--verbose") for a in args)
    try:
        result = cli.main(args=argv, prog_name="gc", standalone_mode=False)
    except click.exceptions.Abort:
        click.echo("Aborted.", err=True)
        return ExitStatus.INTERRUPTED
    except click.ClickException as error:
        error.show()
        return ExitStatus.ERROR
    except KeyboardInterrupt:
        click.echo("Interrupted.", err=True)
        return ExitStatus.INTERRUPTED
    except Exception as error:  # every other failure: a message, and a traceback only on -v
        if verbose:
            import traceback

            traceback.print_exc()
        click.echo(f"error: {_access_message(error, args) or error}", err=True)
        return ExitStatus.ERROR
    return int(result or 0) if isinstance(result, int) else ExitStatus.OK


def _access_message(error: Exception, args: list[str]) -> str | None:
    """What to do when AWS cannot be reached with the credentials in use (aws/first_contact.py)."""
    if "botocore" not in sys.modules:
        return None  # the error did not come from talking to AWS
    from grucloud.aws.first_contact import explain

    profile = os.environ.get("AWS_PROFILE")
    for i, arg in enumerate(args[:-1]):
        if arg == "--profile":
            profile = args[i + 1]
    profile = next((a.split("=", 1)[1] for a in args if a.startswith("--profile=")), profile)
    return explain(error, profile)


def run() -> None:
    """The `gc` command: main(), then out at once. Tearing the interpreter down would free the
    parsed service models object by object, ~0.1 s after the work is done; the kernel frees the
    memory and drops the run lock at once. What was written is flushed first."""
    status = main()
    if "logging" in sys.modules:
        sys.modules["logging"].shutdown()
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except (OSError, ValueError):  # a closed pipe (gc list | head): nothing more to write
            pass
    os._exit(int(status))


if __name__ == "__main__":
    run()

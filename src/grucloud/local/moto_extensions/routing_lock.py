"""CPython 3.11 fails when two threads turn ASTs into code at once ("SystemError: AST
constructor recursion depth mismatch"). moto does it in two places: werkzeug compiles each URL
rule from an AST the first time a service is called, and the Step Functions parser reads string
literals with ast.literal_eval. So the first parallel calls of a command, or two state machines
made at once, could fail at random, on the emulator and in the tests. One lock around both: a
rule compiles once, and literal_eval is short, so it costs nothing that shows."""

from __future__ import annotations

import ast
import threading

from grucloud.local.moto_extensions.patching import wrap

_ast_in_use = threading.RLock()  # re-entrant: a rule's compilation may parse a snippet


def _locked(original, *args, **kwargs):
    with _ast_in_use:
        return original(*args, **kwargs)


def install() -> None:
    from werkzeug.routing.rules import Rule

    wrap(Rule, "_compile_builder", _locked)
    wrap(ast, "parse", _locked)  # what ast.literal_eval calls

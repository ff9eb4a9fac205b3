"""CPython 3.11 fails when two threads turn ASTs into code at once ("SystemError: AST
constructor recursion depth mismatch"). moto does it in two places: werkzeug compiles each URL
rule from an AST the first time a service is called, and the Step Functions parser reads string
literals with ast.literal_eval. So the first parallel calls of a command, or two state machines
made at once, could fail at random, on the emulator and in the tests. One lock around both: a
rule compiles once, and literal_eval is short, so it costs nothing that shows."""

from __future__ import annotations

import ast
import functools
import threading

_ast_in_use = threading.RLock()  # re-entrant: a rule's compilation may parse a snippet


def _locked(function):
    @functools.wraps(function)
    def locked(*args, **kwargs):
        with _ast_in_use:
            return function(*args, **kwargs)

    locked.gc_locked = True
    return locked


def install() -> None:
    from werkzeug.routing.rules import Rule

    if getattr(Rule._compile_builder, "gc_locked", False):
        return
    Rule._compile_builder = _locked(Rule._compile_builder)
    ast.parse = _locked(ast.parse)  # what ast.literal_eval calls

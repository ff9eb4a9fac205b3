"""A warm Python Lambda worker: loads the handler once, then runs one event per line of stdin.

Run by the emulator as `python python_worker.py` with the function's environment; answers go
to the file descriptor named by _GC_RESULT_FD, one JSON line per event, so that whatever the
handler prints is its log and never the answer. Lambda's Python runtime does the same work in
awslambdaric; this is our own, smaller version of it.
"""

import importlib
import io
import json
import os
import sys
import time
import traceback

_BUILTIN = set(sys.builtin_module_names)


class _Context:
    def __init__(self, request):
        self.function_name = os.environ["AWS_LAMBDA_FUNCTION_NAME"]
        self.function_version = os.environ["AWS_LAMBDA_FUNCTION_VERSION"]
        self.invoked_function_arn = request["functionArn"]
        self.memory_limit_in_mb = os.environ["AWS_LAMBDA_FUNCTION_MEMORY_SIZE"]
        self.aws_request_id = request["requestId"]
        self.log_group_name = os.environ["AWS_LAMBDA_LOG_GROUP_NAME"]
        self.log_stream_name = os.environ["AWS_LAMBDA_LOG_STREAM_NAME"]
        self.identity = None
        self.client_context = None
        self._deadline = request["deadlineMs"]

    def get_remaining_time_in_millis(self):
        return max(0, int(self._deadline - time.time() * 1000))


def _error(error, error_type=None):
    return {
        "errorMessage": str(error),
        "errorType": error_type or type(error).__name__,
        "stackTrace": traceback.format_tb(error.__traceback__),
    }


def _load_handler():
    module_path, _, name = os.environ["_HANDLER"].rpartition(".")
    module_name = module_path.replace("/", ".")
    if not module_name or not name:
        raise ValueError(f"Bad handler '{os.environ['_HANDLER']}': expected <module>.<function>")
    if module_name in _BUILTIN:
        raise ImportError(f"Cannot use built-in module {module_name} as a handler module")
    module = importlib.import_module(module_name)
    handler = getattr(module, name, None)
    if handler is None:
        raise AttributeError(f"Handler '{name}' missing on module '{module_name}'")
    return handler


def main():
    answers = os.fdopen(int(os.environ["_GC_RESULT_FD"]), "w")
    sys.path.insert(0, os.environ["LAMBDA_TASK_ROOT"])
    # the init phase: the handler's module is loaded before the first event, outside its Timeout
    handler, load_error = None, None
    output = io.StringIO()
    sys.stdout = sys.stderr = output
    try:
        handler = _load_handler()
    except Exception as error:  # reported with every event, as Lambda does
        load_error = _error(error, "Runtime.ImportModuleError" if isinstance(error, ImportError) else "Runtime.HandlerNotFound")
    finally:
        sys.stdout, sys.stderr = sys.__stdout__, sys.__stderr__
    answers.write(json.dumps({"ready": True, "logs": output.getvalue().splitlines()}) + "\n")
    answers.flush()
    for line in sys.stdin:
        request = json.loads(line)
        output = io.StringIO()
        sys.stdout = sys.stderr = output
        try:
            if load_error:
                answer = {"error": load_error}
            else:
                try:
                    result = handler(request["event"], _Context(request))
                    answer = {"payload": json.loads(json.dumps(result))}
                except Exception as error:
                    answer = {"error": _error(error)}
        finally:
            sys.stdout, sys.stderr = sys.__stdout__, sys.__stderr__
        answer["logs"] = output.getvalue().splitlines()
        answers.write(json.dumps(answer) + "\n")
        answers.flush()


if __name__ == "__main__":
    main()

"""Step Functions: state machines that run. moto records executions without running them, and
lacks StartSyncExecution (501). Here a definition is run by the interpreter moto ships
(moto.stepfunctions.parser: Pass, Wait, Choice, Parallel, Map, Fail, Succeed and a few service
tasks, among them apigateway:invoke):

- StartSyncExecution (express state machines) runs it to its end and answers its outcome, as
  AWS does; the execution is not kept (AWS lists no express execution either);
- StartExecution still answers at once, and runs it in the background; its outcome (status,
  output, error) is then what DescribeExecution shows.

An apigateway:invoke task calls `https://<ApiEndpoint>/<Stage><Path>` as on AWS (the
interpreter's own URLs are LocalStack's), trusting the emulator's authority, so that a state
machine can post to a WebSocket API's @connections. (moto 5.2.5's apigateway:invoke task took
its credentials under another name than its caller gives them, and kept only ApiEndpoint and
Method of its parameters: it always failed.)
"""

from __future__ import annotations

import copy
import datetime
import json
import re
import threading
import uuid

from moto.core.exceptions import AWSError
from moto.core.responses import ActionResult
from moto.stepfunctions.exceptions import InvalidExecutionInput
from moto.stepfunctions.models import StepFunctionBackend
from moto.stepfunctions.responses import StepFunctionResponse

from grucloud.local.moto_extensions.patching import wrap

_SYNC_HOST = r"https?://sync-states\.(.+)\.amazonaws.com"  # botocore's host for StartSyncExecution


class StateMachineTypeNotSupported(AWSError):
    TYPE = "StateMachineTypeNotSupported"
    STATUS = 400


def run(backend, state_machine, execution_input: str, name: str, execution_arn: str):
    """The definition run to its end, in this thread (the interpreter's sync worker)."""
    from moto.stepfunctions.parser.backend.execution import SyncExecution

    snapshot = copy.deepcopy(state_machine, {id(state_machine.backend): state_machine.backend, id(state_machine.executions): []})
    execution = SyncExecution(
        name=name, sm_type=state_machine.type, role_arn=state_machine.roleArn, exec_arn=execution_arn,
        account_id=backend.account_id, region_name=backend.region_name, state_machine=snapshot,
        start_date=datetime.datetime.now(tz=datetime.UTC), cloud_watch_logging_session=None,
        input_data=execution_input, activity_store={},
    )
    execution.start()
    return execution


def start_sync_execution(self):
    backend = self.stepfunction_backend
    state_machine = backend.describe_state_machine(self._get_param("stateMachineArn"))
    if state_machine.type != "EXPRESS":
        raise StateMachineTypeNotSupported(f"This operation is not supported by this type of state machine: {state_machine.arn}")
    execution_input = self._get_param("input") or "{}"
    try:
        json.loads(execution_input)
    except ValueError as error:
        raise InvalidExecutionInput(str(error)) from None
    name = self._get_param("name") or str(uuid.uuid4())
    arn = f"{state_machine.arn.replace(':stateMachine:', ':express:')}:{name}:{uuid.uuid4()}"
    return ActionResult(run(backend, state_machine, execution_input, name, arn).to_start_sync_execution_output())


def _in_background(backend, state_machine, record) -> None:
    try:
        ran = run(backend, state_machine, record.execution_input or "{}", record.name, record.execution_arn)
    except Exception as error:  # a definition the interpreter cannot run: the execution failed
        record.status, record.error, record.cause = "FAILED", "States.Runtime", f"the emulator cannot run it: {error}"
    else:
        record.status = ran.exec_status.value
        record.output = json.dumps(ran.output) if ran.output is not None else None
        record.error, record.cause = ran.error, ran.cause
    record.stop_date = datetime.datetime.now(tz=datetime.UTC)


def _start_execution(original, self: StepFunctionBackend, state_machine_arn: str, *args, **kwargs):
    record = original(self, state_machine_arn, *args, **kwargs)
    if record.status == "RUNNING" and record.stop_date is None:
        state_machine = self.describe_state_machine(state_machine_arn)
        threading.Thread(target=_in_background, args=(self, state_machine, record), daemon=True).start()
    return record


def _aws_invoke_url(parameters) -> str:
    """apigateway:invoke's URL as AWS builds it."""
    from moto.stepfunctions.parser.asl.component.state.exec.state_task.service.state_task_service_api_gateway import (
        StateTaskServiceApiGateway,
    )

    stage = parameters.get("Stage")
    query = StateTaskServiceApiGateway._query_parameters_of(parameters) or ""
    return f"https://{parameters['ApiEndpoint']}{'/' + stage if stage else ''}{parameters.get('Path', '')}{query}"


class _TrustingTheEmulator:
    """`requests` as the apigateway:invoke task uses it, verifying with the emulator's authority."""

    def __getattr__(self, method: str):
        import requests

        from grucloud.local.websocket import tls

        authority = tls.authority_file()
        return lambda url, **kwargs: getattr(requests, method)(url, verify=str(authority) if authority.is_file() else True, **kwargs)


def _eval_service_task(original, self, env, resource_runtime_part, normalised_parameters, state_credentials=None):
    return original(self, env, resource_runtime_part, normalised_parameters, state_credentials)


def install() -> None:
    import moto.backend_index
    from moto.stepfunctions import urls
    from moto.stepfunctions.parser.asl.component.state.exec.state_task.service import (
        state_task_service_api_gateway as api_gateway,
    )

    StepFunctionResponse.start_sync_execution = start_sync_execution
    urls.url_bases.append(_SYNC_HOST)
    moto.backend_index.backend_url_patterns.append(("stepfunctions", re.compile(_SYNC_HOST)))
    wrap(StepFunctionBackend, "start_execution", _start_execution)
    api_gateway.StateTaskServiceApiGateway._invoke_url_of = staticmethod(_aws_invoke_url)
    wrap(api_gateway.StateTaskServiceApiGateway, "_eval_service_task", _eval_service_task)
    # every parameter AWS documents for apigateway:invoke
    api_gateway.StateTaskServiceApiGateway._SUPPORTED_API_PARAM_BINDINGS = {"invoke": set(api_gateway.TaskParameters.__annotations__)}
    api_gateway.requests = _TrustingTheEmulator()

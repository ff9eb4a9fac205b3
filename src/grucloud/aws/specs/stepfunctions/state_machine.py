"""StepFunctions::StateMachine: a workflow an API starts (StepFunctions-StartExecution or
-StartSyncExecution, HTTP subtypes; or a WebSocket AWS integration).

Traps: its `definition` is a JSON string on the wire, and sensitive in the model (declared as a
dict here, or as JSON text, and compared as a dict);
its tags are `tags`, in lower-case `key`/`value` pairs; its log destinations name log group ARNs
written in the properties, so `logGroups` fills nothing and is found in the live data.
"""

import json

from grucloud.aws.calls import call
from grucloud.aws.spec import Dependency, Listing, ResourceSpec, Tagging

_UPDATABLE = ("definition", "roleArn", "loggingConfiguration", "tracingConfiguration")


def _describe(target, arn: str) -> dict:
    client = target.client("stepfunctions")
    machine = call(client, "DescribeStateMachine", stateMachineArn=arn)
    machine = {k: v for k, v in machine.items() if k != "ResponseMetadata"}
    if isinstance(machine.get("definition"), str):
        machine["definition"] = json.loads(machine["definition"])
    tags = call(client, "ListTagsForResource", resourceArn=arn).get("tags", [])
    return {**machine, "tags": tags}


def _request(desired: dict) -> dict:
    params = dict(desired)
    if isinstance(params.get("definition"), dict):
        params["definition"] = json.dumps(params["definition"])
    return params


def _create(target, params):
    arn = call(target.client("stepfunctions", resend=False), "CreateStateMachine", **params)["stateMachineArn"]
    return _describe(target, arn)


def _update(target, desired, live, changed) -> None:
    params = {k: v for k, v in _request(desired).items() if k in _UPDATABLE}
    call(target.client("stepfunctions"), "UpdateStateMachine", stateMachineArn=live["stateMachineArn"], **params)


def _log_group_arns(live) -> list[str]:
    destinations = (live.get("loggingConfiguration") or {}).get("destinations") or []
    return [(d.get("cloudWatchLogsLogGroup") or {}).get("logGroupArn") for d in destinations]


def _prepare_desired(desired, ctx) -> None:
    # the model marks the definition sensitive: gencode leaves it to an environment variable,
    # read back as JSON text; compared as the document it is
    if isinstance(desired.get("definition"), str):
        try:
            desired["definition"] = json.loads(desired["definition"])
        except ValueError:
            pass  # reported by _rules


def _rules(properties, context):
    definition = properties.get("definition")
    if isinstance(definition, str):
        yield "definition", "is not valid JSON: write the Amazon States Language document as a dict"
    elif isinstance(definition, dict):
        for member in ("StartAt", "States"):
            if member not in definition:
                yield f"definition.{member}", "is required by the Amazon States Language"
        start, states = definition.get("StartAt"), definition.get("States")
        if isinstance(states, dict) and start is not None and start not in states:
            yield "definition.StartAt", f"{start!r} is not one of its States: {', '.join(states) or 'none'}"


SPEC = ResourceSpec(
    group="StepFunctions",
    type="StateMachine",
    service="stepfunctions",
    listing=Listing("ListStateMachines", "stateMachines"),
    identity={"stateMachineArn": "stateMachineArn"},
    name_path="name",
    create=_create,
    schema="CreateStateMachine",
    update=_update,
    delete="DeleteStateMachine",
    dependencies={
        "role": Dependency("IAM::Role", fills="roleArn", value="Arn", blocks_delete=False),
        # the ARN is written in loggingConfiguration; a log group's ARN ends with ":*"
        "logGroups": Dependency("CloudWatchLogs::LogGroup", value="arn", many=True, found_in=_log_group_arns, blocks_delete=False),
        # ordering only: a task's ApiEndpoint names the API (an apigateway:invoke task)
        "apiGatewayV2Apis": Dependency("ApiGatewayV2::Api", many=True),
    },
    tagging=Tagging(member="tags", form="list_lowercase", tag_operation="TagResource", untag_operation="UntagResource",
                    arn=lambda target, live: live["stateMachineArn"], arn_param="resourceArn", tags_param="tags",
                    keys_param="tagKeys", bulk_type="states:stateMachine"),
    defaults={"type": "STANDARD", "loggingConfiguration": {"includeExecutionData": False, "level": "OFF"},
              "tracingConfiguration": {"enabled": False}},
    create_only=("name", "type"),
    not_found=("StateMachineDoesNotExist",),
    to_create_params=lambda desired, ctx: _request(desired),
    read_more=lambda target, item: _describe(target, item["stateMachineArn"]),
    prepare_desired=_prepare_desired,
    rules=_rules,
    aws_fills={"encryptionConfiguration": None},  # AWS's own key when none is declared
)

# What forces a replacement (tests/test_specs_meta.py checks it): change it deliberately.
CREATE_ONLY_SNAPSHOT = frozenset({"name", "type"})

"""Lambda::EventSourceMapping: a function reading from a queue or a table's stream.

It has no tags of its own here: it is listed under its function and is ours when the function
is (as GruCloud's, whose `lambdaFunction` is its parent). Named `mapping::<function>::<source>`.
Traps: AWS answers `State` ("Enabled"), not the `Enabled` it was created with, and `FunctionArn`,
not the `FunctionName` it was given.
"""

from grucloud.aws.spec import Dependency, Listing, ResourceSpec

_SOURCES = ("dynamoDbTable", "sqsQueue")
_ON = ("Creating", "Enabling", "Enabled", "Updating")


def _name(properties, dependencies) -> str:
    source = next((dependencies[k] for k in _SOURCES if dependencies.get(k)), None)
    return f"mapping::{dependencies.get('lambdaFunction')}::{source or properties.get('EventSourceArn')}"


def _add_computed(target, live):
    return {**live, "Enabled": live.get("State") in _ON} if "State" in live else live


def _rules(properties, context):
    given = [k for k in _SOURCES if context.dependencies.get(k)]
    if len(given) > 1:
        yield "dependencies", f"one event source only, not {' and '.join(given)}"
    if not given and not properties.get("EventSourceArn"):
        yield "EventSourceArn", "is required: add \"dependencies\": {\"sqsQueue\": \"<queue>\"} (or dynamoDbTable)"
    batch = properties.get("BatchSize")
    if context.dependencies.get("sqsQueue") and isinstance(batch, int) and batch > 10 and not properties.get("MaximumBatchingWindowInSeconds"):
        yield "BatchSize", f"{batch}: above 10 for an SQS queue needs MaximumBatchingWindowInSeconds of at least 1"


SPEC = ResourceSpec(
    group="Lambda",
    type="EventSourceMapping",
    service="lambda",
    # all mappings in one listing, each matched to its function: not a call per function
    listing=Listing("ListEventSourceMappings", "EventSourceMappings", parent_params={"FunctionName": "Configuration.FunctionName"},
                    matched=("FunctionArn", "Configuration.FunctionArn")),
    identity={"UUID": "UUID"},
    infer_name=_name,
    create="CreateEventSourceMapping",
    update="UpdateEventSourceMapping",
    delete="DeleteEventSourceMapping",
    dependencies={
        "lambdaFunction": Dependency("Lambda::Function", fills="FunctionName", value="Configuration.FunctionName", parent=True),
        "sqsQueue": Dependency("SQS::Queue", fills="EventSourceArn", value="QueueArn"),
        "dynamoDbTable": Dependency("DynamoDB::Table", fills="EventSourceArn", value="LatestStreamArn"),
    },
    defaults={"BatchSize": 10, "MaximumBatchingWindowInSeconds": 0},
    add_computed=_add_computed,
    rules=_rules,
)

# What forces a replacement (tests/test_specs_meta.py checks it): change it deliberately.
# (its tags too: they are not how gc knows it is ours, and no tag call is made for them)
CREATE_ONLY_SNAPSHOT = frozenset({
    "EventSourceArn", "Queues", "SelfManagedEventSource", "StartingPosition", "StartingPositionTimestamp", "Tags", "Topics",
})

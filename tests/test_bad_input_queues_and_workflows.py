"""Bad input for the queue and workflow types (SQS::Queue, Lambda::EventSourceMapping,
StepFunctions::StateMachine) and for a role's inline Policies: each is refused before any AWS
call, naming the resource, the field and the fix (the `refused` fixture checks no call is made)."""

from __future__ import annotations

from test_bad_input import FUNCTION, ROLE, problem, resources_py

QUEUE = '{"type": "Queue", "group": "SQS", "properties": {"QueueName": "q"}}'
MACHINE_ROLE = '''{"type": "Role", "group": "IAM", "properties": {"RoleName": "sfn-role", "AssumeRolePolicyDocument": {
    "Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "sts:AssumeRole",
    "Principal": {"Service": "states.amazonaws.com"}}]}}}'''


def queue(properties: dict) -> str:
    return f'{{"type": "Queue", "group": "SQS", "properties": {properties!r}}}'


def mapping(properties: dict, dependencies: dict) -> str:
    return f'{{"type": "EventSourceMapping", "group": "Lambda", "properties": {properties!r}, "dependencies": {dependencies!r}}}'


def machine(properties: dict) -> str:
    return f'{{"type": "StateMachine", "group": "StepFunctions", "properties": {properties!r}, "dependencies": {{"role": "sfn-role"}}}}'


def role_with(policies) -> str:
    return (f'{{"type": "Role", "group": "IAM", "properties": {{"RoleName": "r", "AssumeRolePolicyDocument": {{}}, '
            f'"Policies": {policies!r}}}}}')


def test_queue_attributes_are_strings(refused):
    error = refused(resources_py(queue({"QueueName": "q", "Attributes": {"VisibilityTimeout": 30}})))
    problem(error, "SQS::Queue 'q'", "Attributes.VisibilityTimeout", "wrong type")


def test_queue_takes_tags_in_lower_case_as_create_queue_does(refused):
    error = refused(resources_py(queue({"QueueName": "q", "Tags": {"team": "web"}})))
    problem(error, "SQS::Queue 'q'", "Tags", "is not a known property", "tags")


def test_fifo_queue_name_ends_with_fifo(refused):
    error = refused(resources_py(queue({"QueueName": "orders", "Attributes": {"FifoQueue": "true"}})))
    problem(error, "SQS::Queue 'orders'", "QueueName", "'.fifo'")


def test_mapping_needs_an_event_source(refused):
    error = refused(resources_py(ROLE, FUNCTION, mapping({}, {"lambdaFunction": "my-function"})), folders=["my-function"])
    problem(error, "Lambda::EventSourceMapping", "EventSourceArn", "sqsQueue")


def test_mapping_batch_above_ten_needs_a_window(refused):
    error = refused(resources_py(ROLE, FUNCTION, QUEUE, mapping({"BatchSize": 100}, {"lambdaFunction": "my-function", "sqsQueue": "q"})),
                    folders=["my-function"])
    problem(error, "mapping::my-function::q", "BatchSize", "MaximumBatchingWindowInSeconds")


def test_mapping_unknown_property(refused):
    error = refused(resources_py(ROLE, FUNCTION, QUEUE, mapping({"BatchSzie": 5}, {"lambdaFunction": "my-function", "sqsQueue": "q"})),
                    folders=["my-function"])
    problem(error, "mapping::my-function::q", "BatchSzie", "is not a known property", "BatchSize")


def test_state_machine_start_at_names_one_of_its_states(refused):
    error = refused(resources_py(MACHINE_ROLE, machine({"name": "m", "definition": {"StartAt": "Go", "States": {"Pass": {"Type": "Pass", "End": True}}}})))
    problem(error, "StepFunctions::StateMachine 'm'", "definition.StartAt", "'Go'", "Pass")


def test_state_machine_definition_must_be_a_document(refused):
    error = refused(resources_py(MACHINE_ROLE, machine({"name": "m", "definition": "{not json"})))
    problem(error, "StepFunctions::StateMachine 'm'", "definition", "not valid JSON")


def test_state_machine_wrong_type_value(refused):
    error = refused(resources_py(MACHINE_ROLE, machine({"name": "m", "type": "FAST", "definition": {"StartAt": "P", "States": {"P": {"Type": "Pass", "End": True}}}})))
    problem(error, "StepFunctions::StateMachine 'm'", "type", "FAST")


def test_inline_policy_takes_name_and_document_only(refused):
    error = refused(resources_py(role_with([{"PolicyName": "p", "PolicyDocument": {}, "PolicyArn": "arn:aws:iam::aws:policy/x"}])))
    problem(error, "IAM::Role 'r'", "Policies[0].PolicyArn", "PolicyName and PolicyDocument only")


def test_inline_policy_needs_a_name(refused):
    error = refused(resources_py(role_with([{"PolicyDocument": {"Version": "2012-10-17", "Statement": []}}])))
    problem(error, "IAM::Role 'r'", "Policies[0].PolicyName", "required")


def test_inline_policy_names_are_unique(refused):
    error = refused(resources_py(role_with([{"PolicyName": "p", "PolicyDocument": {}}, {"PolicyName": "p", "PolicyDocument": {}}])))
    problem(error, "IAM::Role 'r'", "Policies[1].PolicyName", "used twice")

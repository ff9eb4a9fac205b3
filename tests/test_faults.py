"""Faults AWS produces, injected in front of the emulator (tests/faults.py): apply still converges,
a create whose answer was lost leaves neither a duplicate nor an orphan, and when retrying runs out
the error says what failed, after how many tries, and what to do.

The default run drives each fault on purpose; the `slow` tests fail 30 % of all requests while
every example in examples/ (and a project of the types no example declares) is applied,
planned and destroyed.
"""

from __future__ import annotations

import types
import zlib

import botocore.endpoint
import pytest

import no_example_types
from arrangements import arrange_in_process
from conftest import EXAMPLES, apply, load_checked, ours, pending, plan_of
from faults import KINDS, Faults
from grucloud.aws import calls
from grucloud.aws.calls import CallFailed
from grucloud.engine.create_once import AlreadyExists
from grucloud.engine.executor import execute

EXAMPLE = "ApiGatewayV2/http-lambda"
# what the example holds, counted in AWS itself (not through gc) by a boto3 call per type
COUNTS = {
    "apis": lambda boto: len(boto("apigatewayv2").get_apis()["Items"]),
    "integrations": lambda boto: sum(
        len(boto("apigatewayv2").get_integrations(ApiId=a["ApiId"])["Items"]) for a in boto("apigatewayv2").get_apis()["Items"]
    ),
    "routes": lambda boto: sum(
        len(boto("apigatewayv2").get_routes(ApiId=a["ApiId"])["Items"]) for a in boto("apigatewayv2").get_apis()["Items"]
    ),
    "roles": lambda boto: len([r for r in boto("iam").list_roles()["Roles"] if r["RoleName"] == "lambda-role"]),
    "policies": lambda boto: len(boto("iam").list_policies(Scope="Local")["Policies"]),
    "functions": lambda boto: len(boto("lambda").list_functions()["Functions"]),
    "log groups": lambda boto: len(boto("logs").describe_log_groups()["logGroups"]),
}
ONE_EACH = {what: 1 for what in COUNTS}


@pytest.fixture
def fast_backoff(monkeypatch):
    """Backoff delays 50 times shorter (botocore's and gc's): the emulator has no rate limit to
    wait for, and the jitter and the caps are what is tested, not the waiting."""
    real_sleep = calls.sleep
    monkeypatch.setattr(calls, "sleep", lambda seconds: real_sleep(seconds / 50))
    monkeypatch.setattr(botocore.endpoint, "time", types.SimpleNamespace(sleep=lambda seconds: real_sleep(seconds / 50)))


def counts(boto) -> dict[str, int]:
    return {what: count(boto) for what, count in COUNTS.items()}


def assert_converged(directory, target) -> None:
    run = plan_of(directory, target)
    assert pending(run.plan) == {}, [(c.key, c.action, c.changes) for c in run.plan.actions]


def assert_ok(run) -> None:
    assert run.result.ok, {"failed": {k: str(v) for k, v in run.result.failed.items()}, "skipped": run.result.skipped}


def test_every_kind_of_fault_on_every_change_is_survived(copy_example, target, boto, fast_backoff):
    # the first two requests of every change (create, tag, attach, add permission, ...) fail,
    # each in a way drawn from all the kinds
    example = copy_example(EXAMPLE)
    faults = Faults(rate=1.0, seed=3, times=2)
    faults.attach(target)
    faults.enabled = False
    run = plan_of(example, target)
    faults.enabled = True
    run.result = execute(run.plan, run.project, target)
    assert {kind for kind, _ in faults.injected} == set(KINDS), faults.injected
    assert_ok(run)
    assert counts(boto) == ONE_EACH
    assert_converged(example, target)


LOST = ["CreateApi", "CreateIntegration", "CreateLogGroup", "CreateFunction", "CreateRole", "AddPermission"]


def test_a_lost_create_leaves_no_duplicate_and_no_orphan(copy_example, target, boto, fast_backoff):
    # Each of these creates is carried out and its answer lost. API and integration names are
    # not unique in AWS: sending again blindly would make a second one. Role, log group and
    # function names (and permission ids) are: sending again is refused as "already exists".
    example = copy_example(EXAMPLE)
    faults = Faults(rate=1.0, kinds=("lost",), operations=LOST, times=1)
    faults.attach(target)
    run = apply(example, target)
    assert {operation for _, operation in faults.injected} == set(LOST)
    assert_ok(run)
    assert counts(boto) == ONE_EACH
    assert_converged(example, target)
    run = apply(example, target, destroy=True)
    assert_ok(run)
    assert counts(boto) == {what: 0 for what in COUNTS}


def test_already_exists_and_not_ours_is_refused_with_the_fix(copy_example, target, boto):
    # A log group of the same name appears between plan and apply, made outside gc.
    example = copy_example(EXAMPLE)
    run = plan_of(example, target)
    boto("logs").create_log_group(logGroupName="lg-http-test")
    run.result = execute(run.plan, run.project, target)
    error = run.result.failed[("CloudWatchLogs::LogGroup", "lg-http-test")]
    assert isinstance(error, AlreadyExists)
    message = str(error)
    assert "CloudWatchLogs::LogGroup lg-http-test" in message and "already exists" in message
    assert "--adopt" in message
    assert boto("logs").describe_log_groups()["logGroups"][0].get("tags") is None  # left as it was


@pytest.mark.parametrize("kind, operation, said", [
    ("throttle", "GetApis", "TooManyRequestsException"),  # retried by botocore
    ("drop", "GetApis", "no answer"),  # retried by botocore
    ("conflict", "CreateApi", "ConflictException"),  # retried by gc
    ("throttle", "CreateApi", "TooManyRequestsException"),  # a create: sent once by botocore, retried by gc
])
def test_when_retries_run_out_the_error_says_what_how_many_tries_and_what_to_do(kind, operation, said, target, fast_backoff):
    faults = Faults(rate=1.0, kinds=(kind,), operations={operation})
    faults.attach(target)
    creating = operation.startswith("Create")
    client = target.client("apigatewayv2", resend=not creating)
    with pytest.raises(CallFailed) as failure:
        calls.call(client, operation, **({"Name": "my-api", "ProtocolType": "HTTP"} if creating else {}))
    tries = faults.total
    # capped: by botocore (its first attempt and max_attempts more), or by gc for what it retries
    assert tries == (calls.MAX_ATTEMPTS if creating else client.meta.config.retries["total_max_attempts"])
    message = str(failure.value)
    assert message.startswith(f"apigatewayv2.{operation} failed after {tries} tries: "), message
    assert said in message
    assert "run the command again" in message


# --- 30 % of all requests fail, every example -----------------------------------------------------

def examples() -> list[str]:
    return sorted(str(p.parent.relative_to(EXAMPLES)) for p in EXAMPLES.glob("*/*/resources.py"))


@pytest.mark.slow
@pytest.mark.parametrize("name", examples())
def test_every_example_converges_with_30_percent_of_requests_failing(name, copy_example, target, boto, monkeypatch):
    example = copy_example(name)
    arrange_in_process(name, boto, monkeypatch)
    _converges_with_30_percent_failing(example, name, target)


@pytest.mark.slow
def test_the_types_no_example_declares_converge_with_30_percent_of_requests_failing(target, boto, monkeypatch, write_project):
    _converges_with_30_percent_failing(no_example_types.project(boto, monkeypatch, write_project), "no-example-types", target)


def _converges_with_30_percent_failing(example, name: str, target) -> None:
    faults = Faults(rate=0.3, seed=zlib.crc32(name.encode()))  # the same draws on every run
    faults.attach(target)
    applies = 0
    while True:  # "possibly after retries": apply again while something failed, at most 3 times
        applies += 1
        run = apply(example, target)
        if run.result.ok or applies == 3:
            break
    assert_ok(run)
    assert_converged(example, target)
    run = apply(example, target, destroy=True)
    assert_ok(run)
    faults.enabled = False
    project = load_checked(example)
    left = [r.key for r in plan_of(example, target, destroy=True).inventory.resources if r.ours]
    assert left == [], left
    print(f"\n{name}: {faults.requests} requests, {faults.total} failed on purpose ({dict(_by_kind(faults))}), "
          f"{applies} apply run(s), project {project.name}")


def _by_kind(faults: Faults) -> dict[str, int]:
    found: dict[str, int] = {}
    for (kind, _), n in faults.injected.items():
        found[kind] = found.get(kind, 0) + n
    return found


def test_a_lost_answer_on_a_clean_up_call_does_not_stop_the_destroy(copy_example, target, boto, fast_backoff):
    # A role is deleted after its policies are detached. The first detach is carried out and its
    # answer lost; sent again, it finds the policy detached (not found): the next detaches must
    # still happen, or IAM refuses to delete the role (DeleteConflict). Same for a policy's roles.
    example = copy_example("ApiGatewayV2/apigw-websocket-api-lambda")
    assert_ok(apply(example, target))
    faults = Faults(rate=1.0, kinds=("lost",), operations=["DetachRolePolicy", "RemovePermission"], times=1)
    faults.attach(target)
    run = apply(example, target, destroy=True)
    assert faults.injected[("lost", "DetachRolePolicy")] == 1, faults.injected
    assert_ok(run)
    assert ours(target, example) == {}


@pytest.mark.slow
@pytest.mark.parametrize("name", examples())
def test_every_delete_whose_answer_is_lost_counts_as_done_when_sent_again(name, copy_example, target, boto, monkeypatch, fast_backoff):
    # Each type's first delete (and clean-up call) is carried out and its answer lost; sent again,
    # AWS answers with that type's own "not found" code, which must count as done.
    example = copy_example(name)
    arrange_in_process(name, boto, monkeypatch)
    assert_ok(apply(example, target))
    faults = Faults(rate=1.0, kinds=("lost",), times=1)
    faults.operations = {op for op in _operations_of(target) if op.startswith(("Delete", "Detach", "Remove", "Disassociate", "Deregister"))}
    faults.attach(target)
    run = apply(example, target, destroy=True)
    assert faults.injected, "no delete was made to lose its answer"
    assert_ok(run)
    faults.enabled = False
    assert ours(target, example) == {}


def _operations_of(target) -> set[str]:
    """Every operation of the services gc's types use, by botocore name."""
    from grucloud.aws import shapes
    from grucloud.aws.specs import REGISTRY

    return {op for service in {s.service for s in REGISTRY.values()} for op in shapes.service_model(service).operation_names}

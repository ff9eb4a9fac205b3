"""What an apply costs in calls: each resource created once, and no read of what the create
answer already says."""

from __future__ import annotations

from conftest import apply
from grucloud.aws import calls
from grucloud.aws.specs.lambda_ import function


def test_a_new_function_that_is_already_active_is_not_polled(target, copy_example):
    folder = copy_example("ApiGatewayV2/http-lambda")
    calls.reset_counts()
    assert apply(folder, target).result.ok
    creates = {op: n for (service, op), n in calls.CALLS.items() if op.startswith(("Create", "AddPermission"))}
    assert creates == {"CreateApi": 1, "CreateStage": 1, "CreateIntegration": 1, "CreateRoute": 1, "CreateLogGroup": 1,
                       "CreatePolicy": 1, "CreateRole": 1, "CreateFunction": 1, "AddPermission": 1}, creates
    assert calls.CALLS[("lambda", "GetFunction")] == 0


def test_a_function_still_pending_or_updating_is_waited_for():
    assert function._ready({"State": "Active", "LastUpdateStatus": "Successful"})
    assert function._ready({"State": "Active"})
    assert not function._ready({"State": "Pending"})
    assert not function._ready({"State": "Active", "LastUpdateStatus": "InProgress"})

"""The observability example (apigw-lambda-observability) in-process against moto: what its types
do that a user notices beyond the shared example tests (gencode round trip, specs behaviour).

A KMS key is never deleted at once: destroy schedules its deletion, the plan and the destroy's
lines say so, and a key pending deletion is gone for gc (not listed, made anew by the next apply).
"""

from __future__ import annotations

from rich.console import Console

from conftest import (
    apply,
    assert_applied,
    assert_converged,
    edit,
    inventory_of,
    load_checked,
    pending,
    plan_of,
)
from grucloud.cli.progress import ApplyProgress
from grucloud.cli.render import plan_page
from grucloud.engine.diff import Action
from grucloud.engine.events import Event

EXAMPLE = "ApiGatewayV2/apigw-lambda-observability"
KEY = ("KMS::Key", "e6df1f6d-9049-4597-92d2-45991e66d43b")
TOPIC = ("SNS::Topic", "sam-app-AlarmsTopic-dHb6mAE6WUbZ")
DASHBOARD = ("CloudWatch::Dashboard", "sam-app-Dashboard")
API_ALARM = ("CloudWatch::MetricAlarm", "sam-app-HttpApiErrorsAlarm-1FCVNCGFY7X81")


def printed(render) -> str:
    console = Console(record=True, width=200)
    render(console)
    return console.export_text()


def test_destroy_schedules_the_keys_deletion_and_says_so(copy_example, target, boto):
    example = copy_example(EXAMPLE)
    assert_applied(apply(example, target))
    (key_id,) = [k["KeyId"] for k in boto("kms").list_keys()["Keys"]]
    # the key's tags in KMS's own form, the topic encrypted with it, the alarms notifying it
    tags = {t["TagKey"]: t["TagValue"] for t in boto("kms").list_resource_tags(KeyId=key_id)["Tags"]}
    assert tags["gc-name"] == KEY[1] and tags["gc-managed-by"] == "grucloud"
    (topic_arn,) = [t["TopicArn"] for t in boto("sns").list_topics()["Topics"]]
    assert boto("sns").get_topic_attributes(TopicArn=topic_arn)["Attributes"]["KmsMasterKeyId"] == key_id
    alarms = boto("cloudwatch").describe_alarms()["MetricAlarms"]
    assert {a["AlarmActions"][0] for a in alarms} == {topic_arn}

    run = plan_of(example, target, destroy=True)
    text = printed(lambda console: plan_page(console, run.plan, destroying=True))
    assert "- delete KMS::Key e6df1f6d-9049-4597-92d2-45991e66d43b (AWS deletes a key only after a waiting period: its deletion is scheduled in 7 days)" in text
    run = apply(example, target, destroy=True)
    assert_applied(run)
    key = boto("kms").describe_key(KeyId=key_id)["KeyMetadata"]
    assert key["KeyState"] == "PendingDeletion"
    assert (key["DeletionDate"] - key["CreationDate"]).days in (6, 7)
    assert KEY not in {r.key for r in inventory_of(target, load_checked(example)).resources}

    lines = printed(lambda console: _report_done(console, run.plan))
    assert "✓ delete KMS::Key e6df1f6d-9049-4597-92d2-45991e66d43b" in lines and "scheduled in 7 days" in lines
    assert "✓ delete SNS::Topic sam-app-AlarmsTopic-dHb6mAE6WUbZ" in lines and lines.count("scheduled") == 1

    # a new apply makes a new key: the one pending deletion is not ours any more
    run = apply(example, target)
    assert run.plan.changes and {c.action for c in run.plan.actions} == {Action.CREATE}
    assert_applied(run)
    assert len([k for k in boto("kms").list_keys()["Keys"]]) == 2
    assert_applied(apply(example, target, destroy=True))


def _report_done(console: Console, plan) -> None:
    notes = {c.key: c.spec.delete_note for c in plan.actions if c.spec.delete_note}
    progress = ApplyProgress(console, {c.key: c.action.value for c in plan.actions}, notes)
    for change in plan.actions:
        progress(Event("start", change.key))
        progress(Event("done", change.key))


def test_alarm_topic_and_dashboard_change_in_place(copy_example, target, boto):
    example = copy_example(EXAMPLE)
    assert_applied(apply(example, target))
    edit(example, '"Threshold": 1,', '"Threshold": 5,')
    edit(example, '"title": "Lambda Errors",', '"title": "Function errors",')
    edit(example, '"properties": {"Name": TOPIC, "Tags"', '"properties": {"Name": TOPIC, "Attributes": {"DisplayName": "alarms"}, "Tags"')
    edit(example, '"Description": "CMK for SNS alarms topic",', '"Description": "Key of the alarms topic",')
    run = plan_of(example, target)
    changes = {c.key: [x.path for x in c.changes] for c in run.plan.actions}
    assert pending(run.plan) == {key: Action.UPDATE for key in changes}
    assert changes[TOPIC] == ["Attributes.DisplayName"] and changes[KEY] == ["Description"]
    assert changes[DASHBOARD] == ["DashboardBody.widgets"] and API_ALARM in changes
    assert_applied(apply(example, target))
    assert_converged(example, target)
    (alarm,) = boto("cloudwatch").describe_alarms(AlarmNames=[API_ALARM[1]])["MetricAlarms"]
    assert alarm["Threshold"] == 5
    assert "Function errors" in boto("cloudwatch").get_dashboard(DashboardName=DASHBOARD[1])["DashboardBody"]

    # a removed attribute goes back to AWS's default
    edit(example, '"Attributes": {"DisplayName": "alarms"}, ', "")
    run = plan_of(example, target)
    assert [(c.key, [x.path for x in c.changes]) for c in run.plan.actions] == [(TOPIC, ["Attributes.DisplayName"])]
    assert_applied(apply(example, target))
    assert_converged(example, target)
    assert_applied(apply(example, target, destroy=True))

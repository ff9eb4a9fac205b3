"""CloudWatch::MetricAlarm: an alarm on one metric (an API's 5XX errors, a function's errors)
that notifies SNS topics.

Traps: PutMetricAlarm both creates and replaces the whole alarm, and answers nothing (the alarm
is read back); the topics it notifies are ARNs written in AlarmActions, OKActions and
InsufficientDataActions, so the `snsTopic...` dependencies fill nothing and are found there.
"""

from grucloud.aws.calls import call
from grucloud.aws.spec import Dependency, Listing, ResourceSpec
from grucloud.aws.specs.cloudwatch.common import cloudwatch_tagging


def _read(target, name: str) -> dict:
    (alarm,) = call(target.client("cloudwatch"), "DescribeAlarms", AlarmNames=[name], AlarmTypes=["MetricAlarm"])["MetricAlarms"]
    return alarm


def _rules(properties, context):
    on_a_metric = "MetricName" in properties and "Metrics" not in properties
    if on_a_metric and not (properties.get("Statistic") or properties.get("ExtendedStatistic")):
        yield "Statistic", "is required for an alarm on MetricName: set Statistic (Sum, Average, ...) or ExtendedStatistic (p99)"


def _topics_in(member: str):
    return lambda live: live.get(member) or []


SPEC = ResourceSpec(
    group="CloudWatch",
    type="MetricAlarm",
    service="cloudwatch",
    listing=Listing("DescribeAlarms", "MetricAlarms", params={"AlarmTypes": ["MetricAlarm"]}),
    identity={"AlarmName": "AlarmName"},
    name_path="AlarmName",
    create="PutMetricAlarm",
    update="PutMetricAlarm",  # the whole alarm, again
    delete=lambda target, live: call(target.client("cloudwatch"), "DeleteAlarms", AlarmNames=[live["AlarmName"]]),
    dependencies={
        "snsTopicAlarmActions": Dependency("SNS::Topic", value="TopicArn", found_in=_topics_in("AlarmActions")),
        "snsTopicOKActions": Dependency("SNS::Topic", value="TopicArn", found_in=_topics_in("OKActions")),
        "snsTopicInsufficientDataActions": Dependency("SNS::Topic", value="TopicArn", found_in=_topics_in("InsufficientDataActions")),
        # ordering only: a dimension names an API's id, written with ctx.get_id
        "apiGatewayV2Apis": Dependency("ApiGatewayV2::Api", many=True),
    },
    tagging=cloudwatch_tagging("AlarmArn", bulk_type="cloudwatch:alarm"),
    defaults={"ActionsEnabled": True},
    aws_fills={"TreatMissingData": ("missing",)},  # what AWS does with missing data when not told
    unordered=("AlarmActions", "OKActions", "InsufficientDataActions"),
    not_found=("ResourceNotFound",),
    to_update_params=lambda desired, live: {k: v for k, v in desired.items() if k != "Tags"},
    rules=_rules,
    after_create=lambda target, desired, live: {**_read(target, desired["AlarmName"]), "Tags": desired.get("Tags", [])},
)

# What forces a replacement (tests/test_specs_meta.py checks it): change it deliberately.
# PutMetricAlarm both creates and replaces
CREATE_ONLY_SNAPSHOT = frozenset()

"""Bad input for the observability types (CloudWatch::MetricAlarm, CloudWatch::Dashboard,
SNS::Topic, KMS::Key): each is refused before any AWS call, naming the resource, the field and the
fix (the `refused` fixture checks no call is made)."""

from __future__ import annotations

from test_bad_input import problem, resources_py

ALARM = {"AlarmName": "errors", "ComparisonOperator": "GreaterThanOrEqualToThreshold", "EvaluationPeriods": 1,
         "MetricName": "Errors", "Namespace": "AWS/Lambda", "Period": 60, "Statistic": "Sum", "Threshold": 1}


def resource(group: str, type_name: str, properties: dict, name: str | None = None) -> str:
    named = f'"name": {name!r}, ' if name else ""
    return f'{{"type": {type_name!r}, "group": {group!r}, {named}"properties": {properties!r}}}'


def test_alarm_comparison_operator_is_one_aws_knows(refused):
    error = refused(resources_py(resource("CloudWatch", "MetricAlarm", {**ALARM, "ComparisonOperator": "GreaterThan"})))
    problem(error, "CloudWatch::MetricAlarm 'errors'", "ComparisonOperator", "GreaterThan", "GreaterThanOrEqualToThreshold")


def test_alarm_on_a_metric_needs_a_statistic(refused):
    properties = {k: v for k, v in ALARM.items() if k != "Statistic"}
    error = refused(resources_py(resource("CloudWatch", "MetricAlarm", properties)))
    problem(error, "CloudWatch::MetricAlarm 'errors'", "Statistic", "ExtendedStatistic")


def test_alarm_evaluation_periods_is_a_number(refused):
    error = refused(resources_py(resource("CloudWatch", "MetricAlarm", {**ALARM, "EvaluationPeriods": "1"})))
    problem(error, "CloudWatch::MetricAlarm 'errors'", "EvaluationPeriods", "wrong type")


def test_dashboard_body_is_a_dict(refused):
    error = refused(resources_py(resource("CloudWatch", "Dashboard", {"DashboardName": "d", "DashboardBody": '{"widgets": []}'})))
    problem(error, "CloudWatch::Dashboard 'd'", "DashboardBody", "write the dashboard as a dict")


def test_dashboard_body_has_widgets(refused):
    error = refused(resources_py(resource("CloudWatch", "Dashboard", {"DashboardName": "d", "DashboardBody": {"widget": []}})))
    problem(error, "CloudWatch::Dashboard 'd'", "DashboardBody.widgets", "is required")


def test_topic_attributes_are_strings(refused):
    error = refused(resources_py(resource("SNS", "Topic", {"Name": "alarms", "Attributes": {"DisplayName": 5}})))
    problem(error, "SNS::Topic 'alarms'", "Attributes.DisplayName", "wrong type")


def test_fifo_topic_name_ends_with_fifo(refused):
    error = refused(resources_py(resource("SNS", "Topic", {"Name": "alarms", "Attributes": {"FifoTopic": "true"}})))
    problem(error, "SNS::Topic 'alarms'", "Name", "'.fifo'")


def test_key_policy_is_a_document(refused):
    error = refused(resources_py(resource("KMS", "Key", {"Policy": "{not json"}, name="alarms-key")))
    problem(error, "KMS::Key 'alarms-key'", "Policy", "not valid JSON")


def test_key_policy_has_statements(refused):
    error = refused(resources_py(resource("KMS", "Key", {"Policy": {"Version": "2012-10-17"}}, name="alarms-key")))
    problem(error, "KMS::Key 'alarms-key'", "Policy.Statement", "is required")


def test_key_usage_is_one_aws_knows(refused):
    error = refused(resources_py(resource("KMS", "Key", {"KeyUsage": "ENCRYPT"}, name="alarms-key")))
    problem(error, "KMS::Key 'alarms-key'", "KeyUsage", "ENCRYPT_DECRYPT")


def test_key_needs_a_name(refused):
    error = refused(resources_py(resource("KMS", "Key", {"Description": "no name"})))
    problem(error, "KMS::Key", "name", "is required")

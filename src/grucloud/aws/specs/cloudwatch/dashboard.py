"""CloudWatch::Dashboard: graphs of metrics, alarms and log queries.

Traps: DashboardBody is a JSON string on the wire (declared as a dict, GruCloud's shape);
PutDashboard both creates and replaces the whole dashboard; ListDashboards has no body, each
dashboard is read on its own.
"""

import json

from grucloud.aws.calls import call
from grucloud.aws.spec import Dependency, Listing, ResourceSpec
from grucloud.aws.specs.cloudwatch.common import cloudwatch_tagging


def _read(target, name: str) -> dict:
    dashboard = call(target.client("cloudwatch"), "GetDashboard", DashboardName=name)
    body = dashboard.get("DashboardBody")
    return {"DashboardName": name, "DashboardArn": dashboard["DashboardArn"],
            "DashboardBody": json.loads(body) if body else {}}


def _request(desired: dict) -> dict:
    params = dict(desired)
    if isinstance(params.get("DashboardBody"), dict):
        params["DashboardBody"] = json.dumps(params["DashboardBody"])
    return params


def _rules(properties, context):
    body = properties.get("DashboardBody")
    if isinstance(body, str):
        yield "DashboardBody", "is text: write the dashboard as a dict, {\"widgets\": [...]}"
    elif isinstance(body, dict) and not isinstance(body.get("widgets"), list):
        yield "DashboardBody.widgets", "is required: a list of widgets, e.g. {\"type\": \"metric\", \"properties\": {...}}"


SPEC = ResourceSpec(
    group="CloudWatch",
    type="Dashboard",
    service="cloudwatch",
    listing=Listing("ListDashboards", "DashboardEntries"),
    identity={"DashboardName": "DashboardName"},
    name_path="DashboardName",
    create="PutDashboard",
    update="PutDashboard",  # the whole dashboard, again
    delete=lambda target, live: call(target.client("cloudwatch"), "DeleteDashboards", DashboardNames=[live["DashboardName"]]),
    # ordering only: a widget names an API's id or an alarm's ARN, written with ctx.get_id
    dependencies={
        "apiGatewayV2Apis": Dependency("ApiGatewayV2::Api", many=True),
        "metricAlarms": Dependency("CloudWatch::MetricAlarm", many=True),
    },
    tagging=cloudwatch_tagging("DashboardArn"),
    not_found=("ResourceNotFound", "DashboardNotFoundError"),
    to_create_params=lambda desired, ctx: _request(desired),
    to_update_params=lambda desired, live: {k: v for k, v in _request(desired).items() if k != "Tags"},
    after_create=lambda target, desired, live: {**_read(target, desired["DashboardName"]), "Tags": desired.get("Tags", [])},
    read_more=lambda target, item: _read(target, item["DashboardName"]),
    rules=_rules,
)

# What forces a replacement (tests/test_specs_meta.py checks it): change it deliberately.
# PutDashboard both creates and replaces
CREATE_ONLY_SNAPSHOT = frozenset()

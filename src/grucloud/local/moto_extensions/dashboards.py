"""CloudWatch dashboards' tags. AWS takes them in PutDashboard's Tags and in TagResource on the
dashboard's ARN (arn:aws:cloudwatch::<account>:dashboard/<name>); moto drops the first and
refuses the second (it tags alarms only), so a dashboard could never be told as gc's. Its
tags go with it when it is deleted, as on AWS."""

from __future__ import annotations

from moto.cloudwatch.models import CloudWatchBackend
from moto.cloudwatch.responses import CloudWatchResponse

from grucloud.local.moto_extensions.patching import wrap


def _put_dashboard(original, self: CloudWatchResponse):
    answer = original(self)
    backend = self.cloudwatch_backend
    dashboard = backend.dashboards[self._get_param("DashboardName")]
    tags = self._get_param("Tags", [])
    if tags:
        backend.tagger.tag_resource(dashboard.arn, tags)
    return answer


def _dashboard_arns(backend: CloudWatchBackend) -> set[str]:
    return {dashboard.arn for dashboard in backend.dashboards.values()}


def _tag_resource(original, self: CloudWatchBackend, arn: str, tags: dict[str, str]) -> None:
    if arn in _dashboard_arns(self):
        self.tagger.tag_resource(arn, self.tagger.convert_dict_to_tags_input(tags))
    else:
        original(self, arn, tags)


def _delete_dashboards(original, self: CloudWatchBackend, names: list[str]):
    arns = {name: self.dashboards[name].arn for name in names if name in self.dashboards}
    error = original(self, names)
    if error is None:
        for arn in arns.values():
            self.tagger.delete_all_tags_for_resource(arn)
    return error


def install() -> None:
    wrap(CloudWatchResponse, "put_dashboard", _put_dashboard)
    wrap(CloudWatchBackend, "tag_resource", _tag_resource)
    wrap(CloudWatchBackend, "delete_dashboards", _delete_dashboards)

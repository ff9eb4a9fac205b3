"""ReimportApi: AWS replaces an API's routes, integrations and models with the document's and
keeps its stages (a stage is a deployment of the API, not part of its definition); moto clears
the stages too, so a stage declared next to an imported API was lost at each change of the
document."""

from __future__ import annotations

from moto.apigatewayv2.models import Api

from grucloud.local.moto_extensions.patching import wrap


def _import_keeping_stages(original, self: Api, *args, **kwargs):
    stages = dict(self.stages)
    original(self, *args, **kwargs)
    self.stages.update(stages)


def install() -> None:
    wrap(Api, "import_api", _import_keeping_stages)

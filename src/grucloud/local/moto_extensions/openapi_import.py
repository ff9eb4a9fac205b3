"""ReimportApi: AWS replaces an API's routes, integrations and models with the document's and
keeps its stages (a stage is a deployment of the API, not part of its definition); moto clears
the stages too, so a stage declared next to an imported API was lost at each change of the
document. AWS also tags the API with the document's root `tags` (x-amazon-apigateway-tag-value,
"" without one), which moto ignores."""

from __future__ import annotations

import yaml
from moto.apigatewayv2.models import Api

from grucloud.local.moto_extensions.patching import wrap


def _document_tags(body: str) -> dict[str, str]:
    document = yaml.safe_load(body)
    tags = document.get("tags") if isinstance(document, dict) else None
    return {tag["name"]: str(tag.get("x-amazon-apigateway-tag-value", "")) for tag in tags or [] if isinstance(tag, dict) and "name" in tag}


def _import_keeping_stages(original, self: Api, body: str, *args, **kwargs):
    stages = dict(self.stages)
    original(self, body, *args, **kwargs)
    self.stages.update(stages)
    if tags := _document_tags(body):
        self.backend.tag_resource(self.arn, tags)


def install() -> None:
    wrap(Api, "import_api", _import_keeping_stages)

"""API mappings: UpdateApiMapping (another API, stage or path under the same domain)."""

from __future__ import annotations

from grucloud.local.moto_extensions.patching import (
    add_operations,
    answer,
    backend,
    body,
    path_after,
)


def update_api_mapping(self):
    domain_name, _, mapping_id = path_after(self, "/domainnames/")
    mapping = backend(self).get_api_mapping(mapping_id, domain_name)
    changes = body(self)
    for member, attribute in (("apiId", "api_id"), ("apiMappingKey", "api_mapping_key"), ("stage", "stage")):
        if member in changes:
            setattr(mapping, attribute, changes[member])
    return answer(mapping.to_json())


def install() -> None:
    add_operations(update_api_mapping)

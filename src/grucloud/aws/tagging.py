"""gc's ownership tags: what marks a resource as ours, in each tag form AWS uses."""

from __future__ import annotations

from grucloud.aws.calls import call, paginate
from grucloud.aws.spec import Live, Tagging

MANAGED_BY = "gc-managed-by"
PROJECT = "gc-project-name"
STAGE = "gc-stage"
PROVIDER = "gc-created-by-provider"


def gc_tags(project: str, stage: str) -> dict[str, str]:
    return {MANAGED_BY: "grucloud", PROJECT: project, STAGE: stage, PROVIDER: "aws"}


def as_dict(tags) -> dict[str, str]:
    """Tags in any AWS form ({k: v}, [{"Key", "Value"}], ECS's [{"key", "value"}]) as a dict,
    without aws: keys."""
    if not tags:
        return {}
    if isinstance(tags, list):
        tags = {t.get("Key", t.get("key")): t.get("Value", t.get("value", "")) for t in tags}
    return {k: v for k, v in tags.items() if not k.startswith("aws:")}


def read_tags(target, service: str, tagging: Tagging, items: list[Live], mapper=map) -> list[Live]:
    """`items` with their tags, for types whose list does not return them: all at once from
    the Resource Groups Tagging API where the type is in it, then (for items it does not know:
    it skips untagged resources and learns of new ones with a delay) one read per item."""
    found: dict[str, dict] = {}
    if tagging.bulk_type and len(items) > 1:  # for one item, its own read is as cheap
        client = target.client("resourcegroupstaggingapi")
        # the largest page the API allows; resources are never split across pages
        pages = paginate(client, "GetResources", "ResourceTagMappingList", ResourceTypeFilters=[tagging.bulk_type], TagsPerPage=500)
        for mapping in pages:
            found[mapping["ResourceARN"]] = as_dict(mapping.get("Tags"))

    def with_tags(item: Live) -> Live:
        handle = tagging.arn(target, item)
        if handle in found:
            return {**item, tagging.member: in_form(found[handle], tagging)}
        response = call(target.client(service), tagging.read_operation, **{tagging.arn_param: handle})
        return {**item, tagging.member: response.get(tagging.member) or in_form({}, tagging)}

    return list(mapper(with_tags, items))


def in_form(tags: dict[str, str], tagging: Tagging):
    if tagging.form == "list":
        return [{"Key": k, "Value": v} for k, v in tags.items()]
    if tagging.form == "list_lowercase":
        return [{"key": k, "value": v} for k, v in tags.items()]
    return dict(tags)


def is_ours(tags, project: str, stage: str) -> bool:
    """Ours means made by gc for this project and stage, so other stacks are never touched."""
    found = as_dict(tags)
    return (
        found.get(MANAGED_BY) == "grucloud"
        and found.get(PROJECT) == project
        and found.get(STAGE) == stage
    )

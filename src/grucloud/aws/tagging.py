"""gc's ownership tags: what marks a resource as ours, in each tag form AWS uses."""

from __future__ import annotations

from grucloud.aws.spec import Tagging

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

"""gc's ownership tags: what marks a resource as ours, in each tag form AWS uses."""

from __future__ import annotations

import logging
from urllib.parse import urlparse

from grucloud.aws.calls import call, pages, paginate
from grucloud.aws.spec import Live, Tagging
from grucloud.local import TAGGING_API_MARK

MANAGED_BY = "gc-managed-by"
PROJECT = "gc-project-name"
STAGE = "gc-stage"
PROVIDER = "gc-created-by-provider"
# a declared "name" that the resource's own fields do not give (two stages, certificates...
# told apart by the user): what names it live
NAME = "gc-name"

log = logging.getLogger(__name__)

# the largest page GetResources allows: 100 resources, and 500 tags (or it splits pages sooner)
PAGE = {"ResourcesPerPage": 100, "TagsPerPage": 500}
# services whose ARNs end in the resource's name alone: "arn:aws:sqs:us-east-1:123456789012:q"
_NAME_ONLY_ARNS = {"sqs": "queue", "sns": "topic"}


def gc_tags(project: str, stage: str) -> dict[str, str]:
    return {MANAGED_BY: "grucloud", PROJECT: project, STAGE: stage, PROVIDER: "aws"}


def as_dict(tags) -> dict[str, str]:
    """Tags in any AWS form ({k: v}, [{"Key", "Value"}], ECS's [{"key", "value"}], KMS's
    [{"TagKey", "TagValue"}]) as a dict, without aws: keys."""
    if not tags:
        return {}
    if isinstance(tags, list):
        tags = {t.get("Key", t.get("key", t.get("TagKey"))): t.get("Value", t.get("value", t.get("TagValue", ""))) for t in tags}
    return {k: v for k, v in tags.items() if not k.startswith("aws:")}


def read_tags(target, service: str, tagging: Tagging, items: list[Live], mapper=map) -> list[Live]:
    """`items` with their tags, for types whose list does not return them: all at once from
    the Resource Groups Tagging API where the type is in it, then (for items it does not know:
    it skips untagged resources and learns of new ones with a delay) one read per item."""
    found: dict[str, dict] = {}
    if tagging.bulk_type and len(items) > 1:  # for one item, its own read is as cheap
        client = target.client("resourcegroupstaggingapi")
        mappings = paginate(client, "GetResources", "ResourceTagMappingList", ResourceTypeFilters=[tagging.bulk_type], **PAGE)
        for mapping in mappings:
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
    if tagging.form == "list_tagkey":
        return [{"TagKey": k, "TagValue": v} for k, v in tags.items()]
    return dict(tags)


def is_ours(tags, project: str, stage: str) -> bool:
    """Ours means made by gc for this project and stage, so other stacks are never touched."""
    found = as_dict(tags)
    return (
        found.get(MANAGED_BY) == "grucloud"
        and found.get(PROJECT) == project
        and found.get(STAGE) == stage
    )


def types_with_ours(target, project: str, stage: str, bulk_types: set[str]) -> set[str]:
    """Which of `bulk_types` ("ec2:vpc") have a resource tagged as ours: one call per 100
    resources of ours, instead of listing each type. Asked per service, and each ARN's type read
    from the ARN itself, where AWS and the emulator agree ("log-group" in a log group's ARN).
    From an endpoint that is neither AWS's nor gc's emulator (a stock moto server, LocalStack),
    whose tagging API may leave types out: all of them."""
    if not bulk_types:
        return set()
    filters = [{"Key": key, "Values": [value]} for key, value in gc_tags(project, stage).items() if key != PROVIDER]
    services = sorted({bulk_type.split(":")[0] for bulk_type in bulk_types})
    client = target.client("resourcegroupstaggingapi")
    answers = pages(client, "GetResources", TagFilters=filters, ResourceTypeFilters=services, **PAGE)
    if not _on_aws(client) and TAGGING_API_MARK not in answers[0].get("ResponseMetadata", {}).get("HTTPHeaders", {}):
        log.info("%s is not AWS nor gc's emulator, its tagging API may not know every type: each is listed",
                 client.meta.endpoint_url)
        return set(bulk_types)
    return {arn_type(m["ResourceARN"]) for answer in answers for m in answer.get("ResourceTagMappingList", [])} & bulk_types


def _on_aws(client) -> bool:
    """Whether the client calls AWS's own endpoint, not one that AWS_ENDPOINT_URL or --local named."""
    return (urlparse(client.meta.endpoint_url).hostname or "").endswith((".amazonaws.com", ".amazonaws.com.cn"))


def arn_type(arn: str) -> str:
    """The type the tagging API gives a resource, from its ARN: "ec2:vpc" for
    "arn:aws:ec2:us-east-1:123456789012:vpc/vpc-1"; for API Gateway's, a path, its first
    segment: "apigateway:domainnames" for "arn:aws:apigateway:us-east-1::/domainnames/x.com"
    ("apigateway:vpclinks" for a VPC link); for those named alone, the service's one type
    ("sqs:queue" for "arn:aws:sqs:us-east-1:123456789012:q")."""
    _, _, service, _, _, resource = arn.split(":", 5)
    if service in _NAME_ONLY_ARNS:
        return f"{service}:{_NAME_ONLY_ARNS[service]}"
    return f"{service}:{resource.lstrip('/').split('/')[0].split(':')[0]}"

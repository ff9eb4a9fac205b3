"""What ELBv2 types share: tags read with DescribeTags, changed with AddTags/RemoveTags, and
create calls that answer a one-item list."""

from grucloud.aws.calls import call
from grucloud.aws.spec import Tagging


def elb_tagging(arn_path: str, bulk_type: str | None = None) -> Tagging:
    return Tagging(
        form="list", tag_operation="AddTags", untag_operation="RemoveTags",
        arn=lambda target, live: [live[arn_path]], arn_param="ResourceArns", bulk_type=bulk_type,
    )


def with_tags(arn_path: str):
    """decorate: the resource with its tags (its describe call returns none)."""

    def decorate(target, item):
        found = call(target.client("elbv2"), "DescribeTags", ResourceArns=[item[arn_path]])["TagDescriptions"]
        return {**item, "Tags": found[0].get("Tags", []) if found else []}

    return decorate


def first_created(member: str):
    """after_create: the one item of the create call's list, with the declared tags."""
    return lambda target, desired, live: {**live[member][0], "Tags": desired.get("Tags", [])}

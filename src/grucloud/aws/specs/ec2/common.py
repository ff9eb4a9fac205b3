"""What EC2 types share: tags (written at create through TagSpecifications, changed with
CreateTags/DeleteTags), names kept in the Name tag, and names from it or from the id."""

from grucloud.aws import tagging
from grucloud.aws.spec import Tagging

NAME_TAG = "Name"


def ec2_tagging(resource_type: str, id_path: str) -> Tagging:
    """Tags of an EC2 resource of `resource_type` (TagSpecifications' ResourceType, also its name
    in the Resource Groups Tagging API)."""
    return Tagging(
        form="list",
        tag_operation="CreateTags",
        untag_operation="DeleteTags",
        arn=lambda target, live: [live[id_path]],
        arn_param="Resources",
        keys_param="Tags",
        untag_form="list",
        specification=resource_type,
        bulk_type=f"ec2:{resource_type}",
    )


def tag_name(properties) -> str | None:
    return tagging.as_dict(properties.get("Tags")).get(NAME_TAG)


def name_or_id(id_path: str):
    """infer_name for types named by their Name tag, or by their id when untagged (made outside gc)."""
    return lambda properties, deps: tag_name(properties) or properties.get(id_path)

"""What ECS types share: tags as [{"key", "value"}] under "tags", by ARN."""

from grucloud.aws.spec import Tagging


def ecs_tagging(arn_path: str, bulk_type: str) -> Tagging:
    return Tagging(
        member="tags", form="list_lowercase", tag_operation="TagResource", untag_operation="UntagResource",
        arn=lambda target, live: live[arn_path], arn_param="resourceArn", tags_param="tags", keys_param="tagKeys",
        bulk_type=bulk_type,
    )

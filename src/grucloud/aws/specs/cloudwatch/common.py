"""What CloudWatch's alarms and dashboards share: their tags, read and changed by ARN."""

from grucloud.aws.spec import Tagging


def cloudwatch_tagging(arn_field: str, bulk_type: str | None = None) -> Tagging:
    return Tagging(form="list", tag_operation="TagResource", untag_operation="UntagResource",
                   arn=lambda target, live: live[arn_field], arn_param="ResourceARN",
                   read_operation="ListTagsForResource", bulk_type=bulk_type)

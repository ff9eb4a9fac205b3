"""What AWS (here: the emulator) holds, listed with plain boto3 calls, never through gc's engine:
each top-level type's listing operation, as its spec names it (children go with their parents)."""

from __future__ import annotations

from collections.abc import Callable

from botocore import xform_name
from botocore.exceptions import ClientError

from grucloud.aws.specs import REGISTRY

# Types AWS (and the emulator) keep listing for a while once deleted (INACTIVE, PendingDeletion): alive or not,
# asked with boto3 the way the AWS documentation says.
_ALIVE = {
    "ECS::Cluster": lambda boto, arn: any(
        c["status"] != "INACTIVE" for c in boto("ecs").describe_clusters(clusters=[arn])["clusters"]
    ),
    "ECS::TaskDefinition": lambda boto, family: bool(
        boto("ecs").list_task_definitions(familyPrefix=family, status="ACTIVE")["taskDefinitionArns"]
    ),
    # a key is never deleted at once: its deletion is scheduled (7 to 30 days)
    "KMS::Key": lambda boto, key_id: boto("kms").describe_key(KeyId=key_id)["KeyMetadata"]["KeyState"] != "PendingDeletion",
}


def _made_by_lambda(boto, spec_key: str, identifier: str) -> bool:
    """A function's own log group, made by Lambda when the function first runs (a hook's
    request), untagged: AWS's, as on AWS, where no tool deletes it unless it is declared."""
    if spec_key != "CloudWatchLogs::LogGroup" or not identifier.startswith("/aws/lambda/"):
        return False
    logs = boto("logs")
    arn = logs.describe_log_groups(logGroupNamePrefix=identifier)["logGroups"][0]["arn"].removesuffix(":*")
    return not logs.list_tags_for_resource(resourceArn=arn).get("tags")


def top_level_resources(boto: Callable[[str], object]) -> set[tuple[str, str]]:
    """(type, identifier) of every top-level resource; `boto(service)` makes a boto3 client."""
    found = set()
    for spec in REGISTRY.values():
        listing = spec.listing
        if spec.parent or listing.operation is None or spec.read_only:
            continue
        client = boto(spec.service)
        name = xform_name(listing.operation)
        try:
            if not callable(listing.items) and client.can_paginate(name):
                pages = client.get_paginator(name).paginate(**listing.params)
                items = [item for page in pages for item in page.get(listing.items, [])]
            else:
                response = getattr(client, name)(**listing.params)
                items = listing.items(response) if callable(listing.items) else response.get(listing.items, [])
        except ClientError as error:
            if error.response["ResponseMetadata"]["HTTPStatusCode"] in (404, 500, 501):
                continue  # the emulator lacks the listing
            raise
        except NotImplementedError:
            continue  # the in-process emulator lacks it
        id_path = spec.id_path
        for item in items:
            identifier = str(item.get(id_path, item) if isinstance(item, dict) else item)
            if _ALIVE.get(spec.key, lambda boto, i: True)(boto, identifier) and not _made_by_lambda(boto, spec.key, identifier):
                found.add((spec.key, identifier))
    return found

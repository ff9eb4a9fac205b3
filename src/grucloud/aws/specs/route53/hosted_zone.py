"""Route53::HostedZone: the DNS zone of a domain ("example.com.", fully qualified).

CreateHostedZone takes no tags: the zone is tagged right after, by ChangeTagsForResource.
"""

import uuid

from grucloud.aws.calls import call
from grucloud.aws.spec import Dependency, Listing, ResourceSpec, Tagging


def zone_id(live) -> str:
    """The bare id ("Z0123...") that the tag calls take; AWS lists "/hostedzone/Z0123..."."""
    return live["Id"].rsplit("/", 1)[-1]


def _described(zone: dict) -> dict:
    # described with Config, created with HostedZoneConfig; CallerReference is the create
    # request's one-time token, not something to declare again
    return {**{k: v for k, v in zone.items() if k != "CallerReference"}, "HostedZoneConfig": zone.get("Config", {})}


def _read_more(target, item):
    tags = call(target.client("route53"), "ListTagsForResource", ResourceType="hostedzone", ResourceId=zone_id(item))
    return {**_described(item), "Tags": tags.get("ResourceTagSet", {}).get("Tags", [])}


def _create_params(desired, ctx):
    params = {k: v for k, v in desired.items() if k != "Tags"}
    params["CallerReference"] = f"gc-{uuid.uuid4()}"  # makes retries of one request idempotent
    return params


def _after_create(target, desired, live):
    return _described(live)


def _update(target, desired, live, changed) -> None:
    if "HostedZoneConfig.Comment" in changed:
        comment = desired.get("HostedZoneConfig", {}).get("Comment", "")
        call(target.client("route53"), "UpdateHostedZoneComment", Id=live["Id"], Comment=comment)


def _rules(properties, context):
    name = properties.get("Name")
    if isinstance(name, str) and not name.endswith("."):
        yield "Name", f"{name!r} must be fully qualified, ending with a dot: {name + '.'!r} (the name AWS lists)"


SPEC = ResourceSpec(
    group="Route53",
    type="HostedZone",
    service="route53",
    listing=Listing("ListHostedZones", "HostedZones"),
    identity={"Id": "Id"},
    name_path="Name",
    create="CreateHostedZone",
    created_key="HostedZone",
    update=_update,
    delete="DeleteHostedZone",
    not_found=("NoSuchHostedZone",),
    dependencies={
        # the registered domain the zone serves (looked up, read-only): fills nothing, but a
        # zone's name is its domain's, so gencode finds it and writes the domain as readOnly
        "domain": Dependency("Route53Domains::Domain", value=lambda live: f"{live['DomainName']}.",
                             found_in=lambda live: live.get("Name")),
    },
    tagging=Tagging(
        form="list",
        tag_operation="ChangeTagsForResource",
        untag_operation="ChangeTagsForResource",
        arn=lambda t, live: zone_id(live),
        arn_param="ResourceId",
        tags_param="AddTags",
        keys_param="RemoveTagKeys",
        params={"ResourceType": "hostedzone"},
        at_create=False,
    ),
    create_only=("VPC", "DelegationSetId"),  # a private zone is one with a VPC
    server_values={"HostedZoneConfig.PrivateZone": (False,)},
    to_create_params=_create_params,
    read_more=_read_more,
    after_create=_after_create,
    rules=_rules,
)


# What forces a replacement (tests/test_specs_meta.py checks it): change it deliberately.
CREATE_ONLY_SNAPSHOT = frozenset({"DelegationSetId", "VPC"})

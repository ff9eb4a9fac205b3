"""EC2::ElasticIpAddress: a public IPv4 address for a NAT gateway, named by its Name tag."""

from grucloud.aws.spec import Listing, ResourceSpec
from grucloud.aws.specs.ec2.common import NAME_TAG, ec2_tagging, name_or_id

SPEC = ResourceSpec(
    group="EC2",
    type="ElasticIpAddress",
    service="ec2",
    listing=Listing("DescribeAddresses", "Addresses"),
    identity={"AllocationId": "AllocationId"},
    infer_name=name_or_id("AllocationId"),
    name_tag=NAME_TAG,
    create="AllocateAddress",
    delete="ReleaseAddress",
    tagging=ec2_tagging("elastic-ip", "AllocationId"),
    defaults={"Domain": "vpc"},
    create_only=("Domain", "Address", "PublicIpv4Pool", "NetworkBorderGroup", "CustomerOwnedIpv4Pool"),
    not_found=("InvalidAllocationID.NotFound",),
    after_create=lambda target, desired, live: {**desired, **live},
)


# What forces a replacement (tests/test_specs_meta.py checks it): change it deliberately.
CREATE_ONLY_SNAPSHOT = frozenset({"Address", "CustomerOwnedIpv4Pool", "Domain", "NetworkBorderGroup", "PublicIpv4Pool"})

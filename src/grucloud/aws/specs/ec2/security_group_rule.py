"""EC2::SecurityGroupRuleIngress and EC2::SecurityGroupRuleEgress: one permission (protocol and
ports, with its sources) of a security group, as GruCloud models them.

Read from the group's IpPermissions / IpPermissionsEgress (no call of their own); named
<securityGroup>-rule-<ingress|egress>-<tcp-80|all>. A source group is the securityGroupFrom
dependency. Revoked with the permission exactly as listed (descriptions included), which AWS
and the emulator both match.
"""

from grucloud.aws.calls import call
from grucloud.aws.spec import Dependency, Listing, ResourceSpec

_PERMISSION = ("IpProtocol", "FromPort", "ToPort", "IpRanges", "Ipv6Ranges", "PrefixListIds", "UserIdGroupPairs")
_PAIR = ("GroupId", "Description")  # what a source group says; UserId and VPC peering are AWS's


def _ports(properties) -> str:
    protocol, low, high = properties.get("IpProtocol"), properties.get("FromPort"), properties.get("ToPort")
    if protocol in ("tcp", "udp"):
        return f"{protocol}-{low}" + (f"-{high}" if high != low else "")
    return "all" if protocol == "-1" else str(protocol)


def _permission(properties) -> dict:
    return {k: properties[k] for k in _PERMISSION if properties.get(k) not in (None, [])}


def _default(egress: bool):
    """AWS's own rules: all traffic out of a new group; in a default group, all traffic from itself."""

    def check(live, defaults) -> bool:
        if live.get("IpProtocol") != "-1" or live.get("Ipv6Ranges") or live.get("PrefixListIds"):
            return False
        if egress:
            return live.get("IpRanges") == [{"CidrIp": "0.0.0.0/0"}] and not live.get("UserIdGroupPairs")
        return not live.get("IpRanges") and live.get("UserIdGroupPairs") == [{"GroupId": live["GroupId"]}]

    return check


def rule_spec(kind: str, listed: str, authorize: str, revoke: str) -> ResourceSpec:
    def from_group(group) -> list:
        return [
            {
                **permission,
                "UserIdGroupPairs": [{k: p[k] for k in _PAIR if k in p} for p in permission.get("UserIdGroupPairs", [])],
                "GroupId": group["GroupId"],
            }
            for permission in group.get(listed, [])
        ]

    def create(target, params):
        call(target.client("ec2"), authorize, **params)
        return {**params["IpPermissions"][0], "GroupId": params["GroupId"]}

    def delete(target, live) -> None:
        call(target.client("ec2"), revoke, GroupId=live["GroupId"], IpPermissions=[_permission(live)])

    def update(target, desired, live, changed) -> None:
        delete(target, live)
        create(target, {"GroupId": live["GroupId"], "IpPermissions": [_permission(desired)]})

    return ResourceSpec(
        group="EC2",
        type=f"SecurityGroupRule{kind.capitalize()}",
        service="ec2",
        listing=Listing(None, listed, from_parent=from_group),
        identity={"GroupId": "GroupId", "IpProtocol": "IpProtocol", "FromPort": "FromPort", "ToPort": "ToPort"},
        infer_name=lambda properties, deps: f"{deps.get('securityGroup')}-rule-{kind}-{_ports(properties)}",
        create=create,
        schema=authorize,
        update=update,
        delete=delete,
        dependencies={
            "securityGroup": Dependency("EC2::SecurityGroup", fills="GroupId", value="GroupId", parent=True),
            "securityGroupFrom": Dependency(
                "EC2::SecurityGroup", fills="UserIdGroupPairs", value=lambda live: {"GroupId": live["GroupId"]}, many=True
            ),
        },
        unordered=("IpRanges", "Ipv6Ranges", "PrefixListIds", "UserIdGroupPairs"),
        is_default=_default(kind == "egress"),
        not_found=("InvalidGroup.NotFound", "InvalidPermission.NotFound"),
        to_create_params=lambda desired, ctx: {"GroupId": desired.get("GroupId"), "IpPermissions": [_permission(desired)]},
        properties_model=("", "IpPermissions[]"),  # for gencode: the properties are one permission
    )


SPECS = (
    rule_spec("ingress", "IpPermissions", "AuthorizeSecurityGroupIngress", "RevokeSecurityGroupIngress"),
    rule_spec("egress", "IpPermissionsEgress", "AuthorizeSecurityGroupEgress", "RevokeSecurityGroupEgress"),
)


# What forces a replacement, per type (tests/test_specs_meta.py checks it): change it deliberately.
CREATE_ONLY_SNAPSHOT = {
    # changed by revoking and authorizing again
    "EC2::SecurityGroupRuleEgress": frozenset(),
    "EC2::SecurityGroupRuleIngress": frozenset(),
}

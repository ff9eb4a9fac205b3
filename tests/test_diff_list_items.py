"""Lists of dicts that AWS enriches: compared item by item on the declared keys only, for the
paths a spec names (a domain name's configurations); elsewhere a list is compared whole."""

from __future__ import annotations

from grucloud.aws.specs import REGISTRY
from grucloud.engine.diff import Action, PathChange, action_for, diff

DOMAIN = REGISTRY["ApiGatewayV2::DomainName"]
ROLE = REGISTRY["IAM::Role"]
ARN = "arn:aws:acm:us-east-1:123456789012:certificate/a"
LIVE = {
    "DomainName": "example.com",
    "DomainNameConfigurations": [
        {"CertificateArn": ARN, "EndpointType": "REGIONAL", "ApiGatewayDomainName": "d-1.execute-api.us-east-1.amazonaws.com"}
    ],
}


def test_members_aws_adds_to_each_item_are_not_a_change():
    assert diff(DOMAIN, {"DomainNameConfigurations": [{"CertificateArn": ARN}]}, LIVE) == []


def test_a_declared_member_that_differs_is_named_with_its_index():
    want = {"DomainNameConfigurations": [{"CertificateArn": ARN, "EndpointType": "EDGE"}]}
    changes = diff(DOMAIN, want, LIVE)
    assert changes == [PathChange("DomainNameConfigurations[0].EndpointType", "REGIONAL", "EDGE")]
    assert action_for(DOMAIN, LIVE, changes) == (Action.UPDATE, [])


def test_another_number_of_items_is_a_change_of_the_whole_list():
    want = {"DomainNameConfigurations": [{"CertificateArn": ARN}, {"CertificateArn": "other"}]}
    assert [c.path for c in diff(DOMAIN, want, LIVE)] == ["DomainNameConfigurations"]


def test_lists_a_spec_does_not_name_are_still_compared_whole():
    policy = {"PolicyArn": "arn:aws:iam::aws:policy/p", "PolicyName": "p"}
    live = {"AttachedPolicies": [{**policy, "Extra": 1}]}
    assert [c.path for c in diff(ROLE, {"AttachedPolicies": [policy]}, live)] == ["AttachedPolicies"]

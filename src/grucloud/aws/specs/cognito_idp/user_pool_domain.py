"""CognitoIdentityServiceProvider::UserPoolDomain: the hosted sign-in page's domain
(<Domain>.auth.<region>.amazoncognito.com, or a custom one).

There is no list of domains: a described user pool names its domain, which is then described.
"""

from grucloud.aws.calls import call
from grucloud.aws.spec import Dependency, Listing, ResourceSpec


def _described(response) -> list:
    # a domain being deleted is described as {}
    description = response.get("DomainDescription") or {}
    return [description] if description.get("Domain") else []


def _after_create(target, desired, live):
    response = call(target.client("cognito-idp"), "DescribeUserPoolDomain", Domain=desired["Domain"])
    return (_described(response) or [{**desired, **live}])[0]


SPEC = ResourceSpec(
    group="CognitoIdentityServiceProvider",
    type="UserPoolDomain",
    service="cognito-idp",
    listing=Listing("DescribeUserPoolDomain", _described, parent_params={"Domain": "Domain"}),
    identity={"Domain": "Domain", "UserPoolId": "UserPoolId"},
    name_path="Domain",
    create="CreateUserPoolDomain",
    update="UpdateUserPoolDomain",
    delete="DeleteUserPoolDomain",
    dependencies={
        "userPool": Dependency("CognitoIdentityServiceProvider::UserPool", fills="UserPoolId", value="Id", parent=True),
    },
    after_create=_after_create,
)


# What forces a replacement (tests/test_specs_meta.py checks it): change it deliberately.
CREATE_ONLY_SNAPSHOT = frozenset()
